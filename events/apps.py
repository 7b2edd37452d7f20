from django.apps import AppConfig
from django.db import DatabaseError
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_after_migrate, sender=self)


def _after_migrate(sender, **kwargs):
    from django.contrib.auth.models import Group

    from .tasks import ensure_schedules

    # Coordinators gain this app's new admin permissions (agenda versions, "Translate")
    # without waiting for someone to be made coordinator.
    if Group.objects.filter(name="Coordinators").exists():
        from cohorts.services import coordinators_group

        coordinators_group()

    try:
        ensure_schedules()
    except DatabaseError:  # the django_q tables may not exist yet
        return
