from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_coordinators_group(sender, using="default", **kwargs):
    """After migrating, an existing "Coordinators" group gets the admin permissions apps
    added since (``ADMIN_PERMISSIONS``: e.g. translating their content); sent once per
    app, so the permissions of apps migrated later are picked up too."""
    from django.contrib.auth.models import Group

    if Group.objects.using(using).filter(name="Coordinators").exists():
        from .services import coordinators_group

        coordinators_group()


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("People and cohorts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kohorta import personal_cache

        personal_cache.connect_signals()
        post_migrate.connect(sync_coordinators_group, dispatch_uid="kohorta-coordinators-group")
