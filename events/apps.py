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
    # The Coordinators group gains this app's new admin permissions through cohorts'
    # post_migrate handler (``cohorts.apps.sync_coordinators_group``, sent for every app).
    from .tasks import ensure_schedules

    try:
        ensure_schedules()
    except DatabaseError:  # the django_q tables may not exist yet
        return
