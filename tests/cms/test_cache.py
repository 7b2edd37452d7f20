import pytest
from django.core.cache import cache

from tests.factories.cms import add_news, build_site
from tests.factories.cohorts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.KOHORTA_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield build_site(("en", "mk"))
    cache.clear()


def test_anonymous_page_is_cached_with_public_headers(client, site):
    first = client.get("/en/news/")
    second = client.get("/en/news/")

    assert first["X-Kohorta-Cache"] == "miss"
    assert second["X-Kohorta-Cache"] == "hit"
    assert second.content == first.content
    assert second["Cache-Control"] == "public, max-age=60"
    assert second["Vary"] == "Cookie"
    assert second["Content-Language"] == "en"


def test_publishing_a_page_purges_the_cache(client, site):
    homes, indexes = site
    client.get("/en/news/")

    add_news(indexes["en"], "Fresh news")
    response = client.get("/en/news/")

    assert response["X-Kohorta-Cache"] == "miss"
    assert "Fresh news" in response.content.decode()


def test_unpublishing_a_page_purges_the_cache(client, site):
    homes, indexes = site
    article = add_news(indexes["en"], "Withdrawn news")
    assert "Withdrawn news" in client.get("/en/news/").content.decode()

    article.unpublish()
    response = client.get("/en/news/")

    assert "Withdrawn news" not in response.content.decode()


def test_signed_in_person_is_never_served_from_cache(client, site):
    client.get("/en/")
    client.force_login(UserFactory())

    response = client.get("/en/")

    assert "X-Kohorta-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "Sign out" in response.content.decode()


def test_not_found_is_not_cached(client, site):
    client.get("/en/missing/")
    response = client.get("/en/missing/")

    assert response.status_code == 404
    assert "X-Kohorta-Cache" not in response


def test_pages_outside_language_prefix_are_not_cached(client, site):
    response = client.get("/robots.txt")

    assert "X-Kohorta-Cache" not in response


def test_each_language_is_cached_separately(client, site):
    client.get("/en/")

    response = client.get("/mk/")

    assert response["X-Kohorta-Cache"] == "miss"
    assert response.context["page"].locale.language_code == "mk"


def test_changing_a_cohort_purges_the_cache(client, site):
    from tests.factories.cohorts import CohortFactory

    client.get("/en/")
    CohortFactory()

    assert client.get("/en/")["X-Kohorta-Cache"] == "miss"


def test_a_hit_is_one_cache_read_and_a_purged_copy_is_replaced(client, site, monkeypatch):
    """The page and the generation come in one MGET; after a purge the old copy, still in
    the cache under the same address, is not served but rendered again and overwritten."""
    from cms.cache import purge_page_cache

    client.get("/en/news/")
    reads = []
    inside = []
    real_get_many, real_get = cache.get_many, cache.get

    def get_many(keys):
        reads.append(keys)
        inside.append(True)  # the local-memory get_many calls get() for each key
        try:
            return real_get_many(keys)
        finally:
            inside.pop()

    def get(*args, **kwargs):
        if not inside:
            reads.append(args)
        return real_get(*args, **kwargs)

    monkeypatch.setattr(cache, "get_many", get_many)
    monkeypatch.setattr(cache, "get", get)
    assert client.get("/en/news/")["X-Kohorta-Cache"] == "hit"
    assert len(reads) == 1
    purge_page_cache()
    assert client.get("/en/news/")["X-Kohorta-Cache"] == "miss"
    assert client.get("/en/news/")["X-Kohorta-Cache"] == "hit"
