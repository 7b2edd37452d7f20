import datetime

import pytest
from django.core.cache import cache

from tests.factories.cms import add_news, add_programme_page, build_site, translate
from tests.factories.cohorts import ProgrammeFactory
from tests.factories.images import make_image

pytestmark = pytest.mark.django_db


def fill(indexes, homes, count):
    image = make_image()
    for number in range(count):
        article = add_news(
            indexes["en"],
            f"Article {number}",
            date=datetime.date(2026, 1, 1 + number),
            tags=["meetings", f"tag-{number}"],
            listing_image=image,
            listing_image_alt="Alt",
        )
        if number % 2:
            translate(article, "mk", f"Вест {number}")
        add_programme_page(homes["en"], ProgrammeFactory(), title=f"Programme {number}")


@pytest.mark.parametrize("count", [1, 5])
def test_home_page_queries_do_not_grow_with_content(client, django_assert_num_queries, count):
    homes, indexes = build_site(("en", "mk"))
    fill(indexes, homes, count)
    client.get("/mk/")  # renditions are made on first view

    # +2: the open calls (cohorts) and next meetings (events) sections; +1: the tags'
    # names in the reader's language (one query for every card's tags)
    with django_assert_num_queries(16):
        response = client.get("/mk/")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_news_index_queries_do_not_grow_with_content(client, django_assert_num_queries, count):
    homes, indexes = build_site(("en", "mk"))
    fill(indexes, homes, count)
    client.get("/mk/news/")

    # 17 with the tags' names in the reader's language: one query for the cards' tags and
    # the filter's together
    with django_assert_num_queries(17):
        response = client.get("/mk/news/")

    assert len(response.context["news"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_news_page_queries_do_not_grow_with_translations(client, django_assert_num_queries, count):
    homes, indexes = build_site(("en", "mk", "pl", "bg"))
    article = add_news(indexes["en"], "Article", tags=[f"tag-{n}" for n in range(count)])
    for code in ("mk", "pl", "bg")[: min(count, 3)]:
        translate(article, code, f"Article {code}")
    client.get("/en/news/article/")
    cache.clear()  # as in the bench's news.uncached: no cached site root paths or renditions

    # Wagtail's routing: the site, the active locale, the home page, the news index (2);
    # the article with its locale and listing image; the view restrictions; the
    # translations with the home pages and news indexes; the site root paths (2, cached
    # by Wagtail, cleared here); the tags. The budget is 12, whatever the number of news.
    with django_assert_num_queries(11):
        response = client.get("/en/news/article/")

    assert response.status_code == 200
    assert response.context["translations"][0].language_code == "en"
    assert len(response.context["translations"]) == 1 + min(count, 3)


def test_news_page_listing_image_costs_one_query_for_its_rendition(
    client, django_assert_num_queries
):
    homes, indexes = build_site(("en", "mk"))
    add_news(indexes["en"], "Article", listing_image=make_image(), listing_image_alt="Alt")
    client.get("/en/news/article/")  # the og:image rendition is made on first view
    cache.clear()

    with django_assert_num_queries(12):
        response = client.get("/en/news/article/")

    assert b'property="og:image"' in response.content


@pytest.mark.parametrize("count", [1, 5])
def test_feed_queries_do_not_grow_with_news(client, django_assert_num_queries, count):
    homes, indexes = build_site(("en", "mk"))
    fill(indexes, homes, count)

    with django_assert_num_queries(7):
        response = client.get("/en/news/feed/")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_sitemap_queries_do_not_grow_with_pages(client, django_assert_num_queries, count):
    homes, indexes = build_site(("en", "mk"))
    fill(indexes, homes, count)

    with django_assert_num_queries(2):
        response = client.get("/sitemap.xml")

    assert response.status_code == 200
