from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cohorts.services import COORDINATOR_PERMISSIONS

        for model in ("room", "track", "speaker", "session"):
            for action in ("add", "change", "delete", "view"):
                entry = ("events", model, f"{action}_{model}")
                if entry not in COORDINATOR_PERMISSIONS:
                    COORDINATOR_PERMISSIONS.append(entry)
