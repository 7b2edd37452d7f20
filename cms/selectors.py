"""Reads for the public pages; each costs a fixed number of queries whatever the size."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import translation
from taggit.models import Tag
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cohorts.enums import CohortStatus
from cohorts.models import Cohort

from .models import NewsIndexPage, NewsPage, NewsPageTag, Organisation, ProgrammePage

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


def news_index_for(home, locale, request=None):
    """The first live news index under ``home``, or None (from ``news_indexes`` when this
    request has them)."""
    indexes = news_indexes(request)
    if indexes is not None:
        return next(
            (p for p in indexes if p.path.startswith(home.path) and p.depth > home.depth), None
        )
    return NewsIndexPage.objects.live().descendant_of(home).order_by("path").first()


def news_items(index, locale):
    """Live news for ``locale``: the index's own articles, plus the default language's
    articles that have no translation in ``locale`` (shown with a language badge)."""
    own = Q(path__startswith=index.path, depth=index.depth + 1)
    condition = own
    if index.locale.language_code != settings.LANGUAGE_CODE:
        default_index = (
            index.get_translations().filter(locale__language_code=settings.LANGUAGE_CODE).first()
        )
        if default_index is not None:
            translated = NewsPage.objects.filter(locale=locale).values("translation_key")
            condition |= Q(path__startswith=default_index.path, depth=default_index.depth + 1) & ~Q(
                translation_key__in=translated
            )
    return (
        NewsPage.objects.live()
        .public()
        .filter(condition)
        .select_related("locale", "listing_image")
        .prefetch_related("listing_image__renditions")
        .order_by("-date", "-first_published_at", "-pk")
    )


@dataclass(frozen=True)
class NewsCard:
    page: NewsPage
    url: str
    tags: list
    is_fallback: bool
    language_name: str


def news_cards(pages, index):
    """Cards for a page of news; articles from another locale link through ``index``
    (``/mk/news/<slug>/``) so the reader stays in their interface language."""
    pages = list(pages)
    tags = {}
    for tagged in NewsPageTag.objects.filter(
        content_object__in=[p.pk for p in pages]
    ).select_related("tag"):
        tags.setdefault(tagged.content_object_id, []).append(tagged.tag)
    index_url = index.get_url() if index is not None else ""
    cards = []
    for page in pages:
        fallback = index is not None and page.locale_id != index.locale_id
        url = f"{index_url}{page.slug}/" if fallback else page.get_url()
        cards.append(
            NewsCard(
                page=page,
                url=url,
                tags=sorted(tags.get(page.pk, []), key=lambda t: t.name),
                is_fallback=fallback,
                language_name=LANGUAGE_NAMES.get(page.locale.language_code, ""),
            )
        )
    return cards


def news_tags(items):
    """Tags used by the given news, most used first."""
    return list(
        Tag.objects.filter(cms_newspagetag_items__content_object__in=items.values("pk"))
        .annotate(uses=Count("pk"))
        .order_by("-uses", "name")[:20]
    )


def programme_highlights(home):
    return list(
        ProgrammePage.objects.live().public().child_of(home).select_related("programme")[:6]
    )


def public_cohorts(programme_id):
    return list(
        Cohort.objects.filter(programme_id=programme_id)
        .exclude(status=CohortStatus.DRAFT)
        .order_by("-starts_on")
    )


def programme_organisations(page, locale):
    """The page's ambassador organisations, each in ``locale`` when translated."""
    chosen = list(page.ambassador_organisations.select_related("organisation"))
    keys = [item.organisation.translation_key for item in chosen]
    localized = {
        org.translation_key: org
        for org in Organisation.objects.filter(
            translation_key__in=keys, locale=locale
        ).select_related("logo")
    }
    return [localized.get(item.organisation.translation_key, item.organisation) for item in chosen]


def edits_pages(user):
    """Whether the person may add, change or publish any page (editors, staff)."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return user.is_superuser or PagePermissionPolicy().user_has_any_permission(
        user, ["add", "change", "publish"]
    )
