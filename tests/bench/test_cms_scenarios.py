"""The public site's bench scenarios (cms/bench.py): discovered with their targets, the
data built through the cms services at a tiny scale, each scenario run once, and the
article served from the anonymous page cache as ``http.news`` expects."""

import dataclasses
import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageLogEntry, Revision, Site

from bench import registry
from bench.registry import SCALES, Dataset
from cms import bench as cms_bench
from cms.models import HomePage, NewsIndexPage, NewsPage

CMS_SCENARIOS = ["news.uncached", "news.cached", "news_index.uncached", "http.news"]


def _scenarios():
    return {s.name: s for s in registry.all_scenarios(registry.load_modules())}


def test_cms_scenarios_are_discovered_with_issue_8s_targets():
    scenarios = _scenarios()
    assert [name for name in scenarios if name in CMS_SCENARIOS] == CMS_SCENARIOS
    assert {
        name: [(t.label, t.source) for t in scenarios[name].targets] for name in CMS_SCENARIOS
    } == {
        "news.uncached": [("queries ≤ 12", "issue 8")],
        "news.cached": [],
        "news_index.uncached": [("queries ≤ 20", "a fixed number, tests/cms/test_queries.py")],
        "http.news": [
            ("≥ 0.5× trivial", "issue 8"),
            ("≥ 0.8× trivial on PostgreSQL + Redis", "issue 21"),
        ],
    }
    # The home page no longer stands in for the news page.
    assert scenarios["home.uncached"].targets == ()
    assert scenarios["http.home"].targets == ()


@pytest.fixture
def site(db):
    dataset = Dataset(scale=dataclasses.replace(SCALES["small"], news_pages=10))
    cms_bench.build(dataset)
    return dataset


def test_cms_build_makes_the_site_through_the_services(site):
    # Articles 1-4 in 1, 2, 3, 4 languages make 10 news pages.
    assert site.news_pages == NewsPage.objects.count() == 10
    assert NewsPage.objects.live().count() == 10
    assert sorted(site.news_homes) == sorted(site.news_indexes) == ["bg", "en", "mk", "pl"]
    assert HomePage.objects.count() == NewsIndexPage.objects.count() == 4
    assert Site.objects.get(is_default_site=True).root_page_id == site.news_homes["en"].pk
    article = NewsPage.objects.get(pk=site.news_article.pk)
    assert article.locale.language_code == "en"
    assert article.get_translations().live().count() == 3
    assert article.tags.count() == 3
    # Each page created, revised and published as an editor's would be, and indexed once.
    for page in NewsPage.objects.all():
        assert page.live_revision_id is not None
        assert Revision.page_revisions.filter(object_id=str(page.pk)).exists()
        assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    assert NewsPage.objects.search("librarians").count() > 0


def test_cms_in_process_scenarios_run_once_within_their_targets(site, settings):
    settings.KOHORTA_PAGE_CACHE_SECONDS = 300  # as in production
    scenarios = _scenarios()
    for name in ("news.uncached", "news_index.uncached"):
        scenario = scenarios[name]
        state = scenario.setup(site)
        scenario.before_each(state)
        scenario.run(state)  # warm-up, as the harness does
        scenario.before_each(state)
        with CaptureQueriesContext(connection) as queries:
            extra = scenario.run(state)
        assert extra["kb"] > 0
        assert all(t.check({"queries": len(queries)}) for t in scenario.targets), (
            name,
            len(queries),
        )
    cached = scenarios["news.cached"]
    state = cached.setup(site)
    cached.run(state)
    with CaptureQueriesContext(connection) as queries:
        cached.run(state)
    assert len(queries) == 0  # the anonymous page cache answers


def test_http_news_loads_the_article_and_is_a_page_cache_hit_after_warm_up(site, settings):
    settings.KOHORTA_PAGE_CACHE_SECONDS = 300  # as in production
    cache.clear()
    request = _scenarios()["http.news"].setup(site)
    article = NewsPage.objects.get(pk=site.news_article.pk)
    assert request.path == article.url == f"/en/news/{article.slug}/"
    assert request.headers == {}

    client = Client()
    first, second = client.get(request.path), client.get(request.path)

    assert (first.status_code, first["X-Kohorta-Cache"]) == (200, "miss")
    assert (second.status_code, second["X-Kohorta-Cache"]) == (200, "hit")
    assert second.content == first.content
    assert not first.cookies  # nothing that would make the page uncacheable
    # The reader's page: the language switcher with the 4 languages, the tags.
    body = first.content.decode()
    for code in ("mk", "pl", "bg"):
        assert f'hreflang="{code}"' in body
    for tag in article.tags.all():
        assert f"?tag={tag.slug}" in body


@pytest.mark.django_db
def test_bench_command_runs_the_news_scenarios_at_small_scale(tmp_path):
    path = tmp_path / "bench.json"
    call_command(
        "bench",
        "--use-current-database",
        "--scale",
        "small",
        "--repeat",
        "2",
        "--only",
        "news*",
        "--json",
        str(path),
        stdout=io.StringIO(),
    )
    results = {r["name"]: r for r in json.loads(path.read_text())["results"]}
    assert list(results) == ["news.uncached", "news.cached", "news_index.uncached"]
    assert {name: r["status"] for name, r in results.items()} == {
        "news.uncached": "ok",
        "news.cached": "—",
        "news_index.uncached": "ok",
    }
    assert results["news.uncached"]["metrics"]["queries"] <= 12
    assert NewsPage.objects.count() == SCALES["small"].news_pages


def test_production_path_targets_apply_only_to_postgresql_with_redis():
    strict = _scenarios()["http.news"].targets[1]
    assert strict.applies("postgresql", True)
    assert not strict.applies("sqlite", True)
    assert not strict.applies("postgresql", False)
    assert _scenarios()["http.news"].targets[0].applies("sqlite", False)
