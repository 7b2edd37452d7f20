"""The public site's part of ``manage.py bench`` (see bench/registry.py and docs/performance.md).

``build(dataset)`` makes the site as editors would, through ``cms.services``: a home page
and a news index in each of ``scale.news_languages`` languages (English first, the default
site's root), and ``scale.news_pages`` news pages in all. Articles are written in English,
one a week back from the newest, and article ``k`` is translated into the first
``k % news_languages`` other languages (``translate_page``: Wagtail's copy for translation,
keeping ``translation_key``), so a quarter of them exist in English only (shown in the
other languages' lists with a language badge), a quarter in every language. Each page is
created, revised and published with its own revision, log entries and search-index entry;
no images (the harness writes no media files; a listing image costs one query more on
the article page, for its rendition, see tests/cms/test_queries.py).

Left on the dataset: ``news_homes`` and ``news_indexes`` (``{language: page}``),
``news_article`` (the newest article in every language, the one the scenarios load) and
``news_pages`` (how many were made).
"""

import datetime
import json
from contextlib import contextmanager
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_save
from django.test import Client
from django.utils.html import escape
from wagtail.models import Locale, Page, ReferenceIndex, Site
from wagtail.search import index as search_index

from bench.foundation import get_page
from bench.registry import HTTP, Request, Scenario, max_queries, min_ratio

from . import services, signals
from .models import HomePage, NewsIndexPage, NewsPage

NEWEST = datetime.date(2026, 6, 1)
TAGS = [
    "mentoring",
    "leadership",
    "advocacy",
    "digital-skills",
    "community",
    "grants",
    "meetings",
    "research",
    "open-access",
    "children",
]
HOME = {
    "en": ("Kohorta", "Cohort programmes for library networks."),
    "mk": ("Кохорта", "Програми за библиотечни мрежи."),
    "pl": ("Kohorta", "Programy dla sieci bibliotek."),
    "bg": ("Кохорта", "Програми за библиотечни мрежи."),
}
NEWS = {"en": "News", "mk": "Вести", "pl": "Aktualności", "bg": "Новини"}
PARAGRAPH = (
    "Librarians from {countries} met online this month to compare how their libraries "
    "welcome new readers, run reading clubs and argue for budgets with local councils. "
    "Mentors shared what worked in their own libraries and the partners agreed to meet "
    "again before the end of the round."
)


def _languages(scale):
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    first = [settings.LANGUAGE_CODE] + [code for code in codes if code != settings.LANGUAGE_CODE]
    return first[: scale.news_languages]


def _body(rng, number):
    countries = ", ".join(rng.sample(["Australia", "Serbia", "Poland", "Kenya", "Chile"], 3))
    blocks = [
        {"type": "paragraph", "value": f"<p>{escape(PARAGRAPH.format(countries=countries))}</p>"}
        for _ in range(3)
    ]
    if number % 3 == 0:
        blocks.append(
            {
                "type": "quote",
                "value": {
                    "quote": "A network is only as strong as the conversations in it.",
                    "attribution": "An ILN mentor",
                },
            }
        )
    return json.dumps(blocks)


def _site(locales, languages):
    """The English home as the default site's root (replacing Wagtail's welcome page),
    then its translations, and a news index in each language."""
    root = Page.get_first_root_node()
    if root is None:  # a database made without Wagtail's migrations (the tests')
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locales["en"]))
    title, intro = HOME["en"]
    home = services.add_page(
        parent=root,
        page=HomePage(title=title, slug="home-en", locale=locales["en"], intro=intro),
        by=None,
    )
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    host = base.hostname or "localhost"
    port = base.port or (443 if base.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=host, port=port, root_page=home, is_default_site=True, site_name="Kohorta"
        )
    else:
        old_root = site.root_page
        site.root_page, site.site_name = home, "Kohorta"
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2 and old_root.is_leaf():
            old_root.delete()
    index = services.add_page(
        parent=home,
        page=NewsIndexPage(title=NEWS["en"], slug="news", locale=locales["en"]),
        by=None,
    )
    homes, indexes = {"en": home}, {"en": index}
    for code in languages[1:]:
        title, intro = HOME.get(code, HOME["en"])
        homes[code] = services.translate_page(
            page=home, locale=locales[code], by=None, title=title, slug=f"home-{code}", intro=intro
        )
        indexes[code] = services.translate_page(
            page=index, locale=locales[code], by=None, title=NEWS.get(code, "News"), slug="news"
        )
    return homes, indexes


@contextmanager
def _indexed_once(models):
    """Pages of ``models`` saved inside get their search-index and reference-index entries
    once, at the end, from their final state, instead of after each of the four saves an
    editor's create-revise-publish makes (the same entries, a quarter of the work)."""
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    connected = [m for m in models if post_save.disconnect(post_save_signal_handler, sender=m)]
    saved = []

    def remember(instance, **kwargs):
        saved.append(instance.pk)

    for model in models:
        post_save.connect(remember, sender=model, weak=False, dispatch_uid=f"bench-{model}")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.disconnect(sender=model, dispatch_uid=f"bench-{model}")
        for model in connected:
            post_save.connect(post_save_signal_handler, sender=model)
    for page in Page.objects.filter(pk__in=set(saved)).specific():
        search_index.insert_or_update_object(page)
        ReferenceIndex.create_or_update_for_object(page)


def build(dataset):
    with _indexed_once([HomePage, NewsIndexPage, NewsPage]):
        _build(dataset)


def _build(dataset):
    scale, rng = dataset.scale, dataset.rng_for("cms")
    signals.ensure_locales()
    languages = _languages(scale)
    locales = {code: Locale.objects.get(language_code=code) for code in languages}
    homes, indexes = _site(locales, languages)

    made, number, newest_everywhere = 0, 0, None
    while made < scale.news_pages:
        date = NEWEST - datetime.timedelta(weeks=number)
        page = NewsPage(
            title=f"Round news {number + 1}: librarians compare notes",
            slug=f"round-news-{number + 1}",
            date=date,
            author=rng.choice(["Jessica Moore", "ILN team", "Future Library"]),
            intro="What the network's librarians learned from each other this week.",
            body=_body(rng, number),
            locale=locales["en"],
        )
        page.tags.set(rng.sample(TAGS, 3))
        article = services.add_page(parent=indexes["en"], page=page, by=None)
        made += 1
        others = languages[1 : 1 + number % len(languages)]
        for code in others:
            if made >= scale.news_pages:
                break
            services.translate_page(
                page=article,
                locale=locales[code],
                by=None,
                title=f"{article.title} ({code})",
                intro=f"{article.intro} ({code})",
            )
            made += 1
        if newest_everywhere is None and len(others) == len(languages) - 1:
            newest_everywhere = article
        number += 1

    dataset.news_homes = homes
    dataset.news_indexes = indexes
    dataset.news_article = newest_everywhere or article
    dataset.news_pages = made
    dataset.log(
        f"  {made} news pages ({number} articles) in {len(languages)} languages, "
        f"{len(homes)} home pages and news indexes"
    )


# Scenarios -----------------------------------------------------------------------------


def _article_path(dataset):
    return NewsPage.objects.get(pk=dataset.news_article.pk).get_url()


def _index_path(dataset):
    return NewsIndexPage.objects.get(pk=dataset.news_indexes["en"].pk).get_url()


def _state(path_of):
    def setup(dataset):
        return {"client": Client(), "path": path_of(dataset)}

    return setup


def _get(state):
    response = get_page(state["client"], state["path"])
    return {"kb": round(len(response.content) / 1024, 1)}


def _clear_cache(_state):
    """Nothing cached: not the page, nor Wagtail's site root paths (nor renditions)."""
    cache.clear()


def _http_article(dataset):
    return Request(_article_path(dataset))


SCENARIOS = [
    Scenario(
        name="news.uncached",
        description=(
            "an anonymous reader's news article (in 4 languages, 3 tags) with the whole "
            "cache cleared before every run: page cache, Wagtail's site root paths"
        ),
        setup=_state(_article_path),
        before_each=_clear_cache,
        run=_get,
        targets=(max_queries(12, "issue 8"),),
    ),
    Scenario(
        name="news.cached",
        description="the same article with a warm cache (the anonymous page cache serves it)",
        setup=_state(_article_path),
        run=_get,
    ),
    Scenario(
        name="news_index.uncached",
        description=(
            "the English news index (10 newest of the language's articles, tag and year "
            "filters) with the cache cleared before every run"
        ),
        setup=_state(_index_path),
        before_each=_clear_cache,
        run=_get,
        targets=(max_queries(20, "a fixed number, tests/cms/test_queries.py"),),
    ),
    Scenario(
        name="http.news",
        description=(
            "the news article through gunicorn, anonymous: after the warm-up every "
            "request is an anonymous page-cache hit"
        ),
        kind=HTTP,
        setup=_http_article,
        targets=(min_ratio(0.5, "issue 8"), min_ratio(0.8, "issue 21", production_path=True)),
    ),
]
