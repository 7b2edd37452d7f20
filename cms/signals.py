"""Keep the anonymous page cache and the locales in step with the content."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import purge_page_cache


def _purge(**kwargs):
    purge_page_cache()


def ensure_locales(**kwargs):
    """Create a Wagtail locale for every content language in the settings."""
    from wagtail.models import Locale

    existing = set(Locale.objects.values_list("language_code", flat=True))
    Locale.objects.bulk_create(
        Locale(language_code=code)
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code not in existing
    )


def connect():
    from wagtail.models import Page

    from cohorts.models import Cohort, Programme

    from .models import Organisation, ProgrammeOrganisation

    page_published.connect(_purge, dispatch_uid="cms_purge_published")
    page_unpublished.connect(_purge, dispatch_uid="cms_purge_unpublished")
    post_page_move.connect(_purge, dispatch_uid="cms_purge_moved")
    post_delete.connect(_purge, sender=Page, dispatch_uid="cms_purge_deleted")
    # Programme pages list cohorts (name, dates, status) from the cohorts app.
    for model in (Organisation, ProgrammeOrganisation, Cohort, Programme):
        post_save.connect(_purge, sender=model, dispatch_uid=f"cms_purge_save_{model.__name__}")
        post_delete.connect(_purge, sender=model, dispatch_uid=f"cms_purge_del_{model.__name__}")
