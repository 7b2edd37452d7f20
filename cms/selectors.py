"""Reads for the public pages; each costs a fixed number of queries whatever the size."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from cohorts.enums import CohortStatus
from cohorts.models import Cohort
from kohorta.translatable import localize

from .locales import LANGUAGE_NAMES, news_indexes
from .models import NewsIndexPage, NewsPage, NewsPageTag, NewsTag, Organisation, ProgrammePage


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


def news_cards(pages, index, locale=None, *, also_localize=()):
    """Cards for a page of news; articles from another locale link through ``index``
    (``/mk/news/<slug>/``) so the reader stays in their interface language. Tags are
    named in ``locale`` (default: the active one) where translated; ``also_localize``
    (more tags, e.g. the filter's) are looked up in the same query."""
    pages = list(pages)
    tags = {}
    for tagged in NewsPageTag.objects.filter(
        content_object__in=[p.pk for p in pages]
    ).select_related("tag__locale"):
        tags.setdefault(tagged.content_object_id, []).append(tagged.tag)
    localize([*also_localize, *(tag for page_tags in tags.values() for tag in page_tags)], locale)
    index_url = index.get_url() if index is not None else ""
    cards = []
    for page in pages:
        fallback = index is not None and page.locale_id != index.locale_id
        url = f"{index_url}{page.slug}/" if fallback else page.get_url()
        cards.append(
            NewsCard(
                page=page,
                url=url,
                tags=sorted(tags.get(page.pk, []), key=lambda t: t.tr.name.lower()),
                is_fallback=fallback,
                language_name=LANGUAGE_NAMES.get(page.locale.language_code, ""),
            )
        )
    return cards


def news_tags(items):
    """Tags used by the given news, most used first (not yet localized: pass them to
    ``news_cards(also_localize=...)`` or ``localize``)."""
    return list(
        NewsTag.objects.filter(tagged_items__content_object__in=items.values("pk"))
        .select_related("locale")
        .annotate(uses=Count("pk"))
        .order_by("-uses", "name")[:20]
    )


def article_tags(page, locale=None):
    """An article's tags by name in ``locale`` (default: the active one)."""
    tags = page.tags.all().select_related("locale")
    return sorted(localize(tags, locale), key=lambda tag: tag.tr.name.lower())


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
