"""Which language a request is in and which translations a page has: the locale helpers
the page models, the selectors and the template tags share. Imports no model of this app,
so ``cms.models`` and ``cms.selectors`` both import it without importing each other.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@dataclass(frozen=True)
class Translation:
    language_code: str
    language_name: str
    url: str  # absolute, from the Site's hostname: for canonical and hreflang links
    path: str  # for links a visitor follows
    page: Page


def page_translations(page, request=None):
    """Every live version of ``page`` (itself included), in the settings' language order,
    with absolute URLs.

    The same query fetches what every public page's frame shows, and keeps it on the
    request: the site's home page in every language (the language switcher's links to
    the homes of the languages the page is not in, ``language_homes``) and the live news
    indexes (the menu's news link, ``news_indexes``)."""
    site = Site.find_for_request(request) if request is not None else None
    keys = {page.translation_key}
    if site is not None:
        keys.add(site.root_page.translation_key)
    is_news_index = Q(newsindexpage__isnull=False)
    pages = list(
        Page.objects.filter(Q(translation_key__in=keys) | is_news_index)
        .live()
        .annotate(is_news_index=ExpressionWrapper(is_news_index, output_field=BooleanField()))
        .select_related("locale")
        .order_by("path")
    )
    if request is not None:
        request._kohorta_news_indexes = [p for p in pages if p.is_news_index]
        if site is not None:
            request._kohorta_language_homes = {
                p.locale.language_code: p
                for p in pages
                if p.translation_key == site.root_page.translation_key
            }
    by_code = {
        p.locale.language_code: p for p in pages if p.translation_key == page.translation_key
    }
    result = []
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code in by_code:
            result.append(
                Translation(
                    code,
                    name,
                    by_code[code].get_full_url(request),
                    by_code[code].get_url(request),
                    by_code[code],
                )
            )
    return result


def language_homes(request):
    """The site's home page in each language (``{code: page}``), when ``page_translations``
    has fetched them for this request; else None."""
    return getattr(request, "_kohorta_language_homes", None)


def news_indexes(request):
    """Every live news index, in tree order, when ``page_translations`` has fetched them
    for this request; else None."""
    return getattr(request, "_kohorta_news_indexes", None)


def active_locale(request=None, candidates=()):
    """The locale of the current language, looked up once per request.

    ``candidates`` are locales already loaded (a page's and its translations'): when one
    is the current language's, it is used instead of a query."""
    cached = getattr(request, "_kohorta_locale", None)
    if cached is None:
        code = _active_content_language()
        cached = next((loc for loc in candidates if loc.language_code == code), None)
        if cached is None:
            cached = Locale.get_active()
        if request is not None:
            request._kohorta_locale = cached
    return cached


def _active_content_language():
    """The content language ``Locale.get_active`` would look up, or None."""
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return None
