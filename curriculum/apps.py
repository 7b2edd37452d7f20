from django.apps import AppConfig
from django.db import DatabaseError
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = _("Curriculum")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from kohorta.signing import check_signing_key

        checks.register(check_signing_key, checks.Tags.security, deploy=True)
        post_migrate.connect(_after_migrate, sender=self)

        from .structure import connect_signals

        connect_signals()


def _after_migrate(sender, **kwargs):
    from .tasks import ensure_schedules

    try:
        ensure_schedules()
    except DatabaseError:  # the django_q tables may not exist yet
        return
