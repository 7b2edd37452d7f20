from django.apps import AppConfig
from django.db import DatabaseError
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every app registers its kinds in its own notifications.py.
        autodiscover_modules("notifications")
        post_migrate.connect(_after_migrate, sender=self)


def _after_migrate(sender, **kwargs):
    from .tasks import ensure_schedules

    try:
        ensure_schedules()
    except DatabaseError:  # the django_q tables may not exist yet
        return
