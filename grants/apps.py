from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Innovation grants")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .ranking_cache import connect_signals

        connect_signals()
