from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("People and cohorts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kohorta import personal_cache

        personal_cache.connect_signals()
