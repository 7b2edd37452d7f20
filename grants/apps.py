from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Innovation grants")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cohorts.services import COORDINATOR_PERMISSIONS

        for model in ("grantcall", "criterion"):
            for action in ("add", "change", "delete", "view"):
                entry = ("grants", model, f"{action}_{model}")
                if entry not in COORDINATOR_PERMISSIONS:
                    COORDINATOR_PERMISSIONS.append(entry)
