import datetime
import re

import pytest

from tests.factories.cms import add_news, build_site, translate

pytestmark = pytest.mark.django_db


def hreflangs(response):
    return re.findall(
        r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode()
    )


@pytest.fixture
def site():
    return build_site(("en", "mk", "pl", "bg"))


def test_translated_article_lists_every_translation_and_x_default(client, site):
    homes, indexes = site
    article = add_news(indexes["en"], "Meeting in Sofia")
    translate(article, "mk", "Средба во Софија")
    translate(article, "bg", "Среща в София")

    response = client.get("/bg/news/sreshta-v-sofiya/")

    assert response.status_code == 200
    assert hreflangs(response) == [
        ("en", "http://testserver/en/news/meeting-in-sofia/"),
        ("mk", "http://testserver/mk/news/sredba-vo-sofija/"),
        ("bg", "http://testserver/bg/news/sreshta-v-sofiya/"),
        ("x-default", "http://testserver/en/news/meeting-in-sofia/"),
    ]
    html = response.content.decode()
    assert '<link rel="canonical" href="http://testserver/bg/news/sreshta-v-sofiya/">' in html
    assert '<a href="/mk/news/sredba-vo-sofija/" hreflang="mk" lang="mk">Македонски</a>' in html
    assert '<span aria-current="page" lang="bg">Български</span>' in html


def test_home_pages_link_to_each_other(client, site):
    response = client.get("/pl/")

    assert [code for code, _url in hreflangs(response)] == ["en", "mk", "pl", "bg", "x-default"]


def test_article_only_in_english_is_served_under_other_language_with_notice(client, site):
    homes, indexes = site
    add_news(indexes["en"], "Five mentors")

    response = client.get("/mk/news/five-mentors/")

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["is_fallback"] is True
    assert "fallback-notice" in html
    assert '<a href="/en/news/five-mentors/" hreflang="en" lang="en">English</a>' in html
    assert '<link rel="canonical" href="http://testserver/en/news/five-mentors/">' in html
    assert '<div lang="en">' in html
    assert hreflangs(response) == [
        ("en", "http://testserver/en/news/five-mentors/"),
        ("x-default", "http://testserver/en/news/five-mentors/"),
    ]


def test_article_only_in_polish_is_reachable_from_macedonian_url(client, site):
    homes, indexes = site
    add_news(indexes["pl"], "Polscy bibliotekarze")

    response = client.get("/mk/news/polscy-bibliotekarze/")

    assert response.status_code == 200
    assert response.context["page"].locale.language_code == "pl"
    assert "fallback-notice" in response.content.decode()


def test_other_language_url_redirects_to_existing_translation(client, site):
    homes, indexes = site
    article = add_news(indexes["en"], "Libraries")
    translate(article, "mk", "Библиотеките")

    response = client.get("/mk/news/libraries/")

    assert response.status_code == 302
    assert response["Location"] == "/mk/news/bibliotekite/"


def test_unknown_slug_in_every_locale_is_404(client, site):
    response = client.get("/mk/news/nothing-here/")

    assert response.status_code == 404


def test_news_index_lists_own_articles_and_untranslated_english_ones(client, site):
    homes, indexes = site
    both = add_news(indexes["en"], "Both languages", date=datetime.date(2026, 3, 1))
    translate(both, "mk", "На два јазика")
    add_news(indexes["en"], "English only", date=datetime.date(2026, 2, 1))
    add_news(indexes["mk"], "Само македонски", date=datetime.date(2026, 1, 1))
    add_news(indexes["pl"], "Tylko po polsku", date=datetime.date(2026, 4, 1))

    response = client.get("/mk/news/")

    cards = response.context["news"]
    assert [(c.page.title, c.is_fallback, c.url) for c in cards] == [
        ("На два јазика", False, "/mk/news/na-dva-jazika/"),
        ("English only", True, "/mk/news/english-only/"),
        ("Само македонски", False, "/mk/news/samo-makedonski/"),
    ]
    assert 'lang="en"' in response.content.decode()


def test_english_news_index_lists_only_english_articles(client, site):
    homes, indexes = site
    add_news(indexes["en"], "English article")
    add_news(indexes["mk"], "Македонска вест")

    response = client.get("/en/news/")

    assert [c.page.title for c in response.context["news"]] == ["English article"]


def test_news_index_filters_by_tag_and_year(client, site):
    homes, indexes = site
    add_news(indexes["en"], "Sofia 2016", date=datetime.date(2016, 11, 28), tags=["meetings"])
    add_news(indexes["en"], "Athens 2017", date=datetime.date(2017, 10, 20), tags=["meetings"])
    add_news(indexes["en"], "Awards 2016", date=datetime.date(2016, 12, 5), tags=["awards"])

    by_tag = client.get("/en/news/", {"tag": "meetings"})
    by_year = client.get("/en/news/", {"year": "2016"})
    both = client.get("/en/news/", {"tag": "meetings", "year": "2016"})

    assert [c.page.title for c in by_tag.context["news"]] == ["Athens 2017", "Sofia 2016"]
    assert [c.page.title for c in by_year.context["news"]] == ["Awards 2016", "Sofia 2016"]
    assert [c.page.title for c in both.context["news"]] == ["Sofia 2016"]
    assert by_tag.context["years"] == [2017, 2016]
    assert [t.name for t in by_tag.context["tags"]] == ["meetings", "awards"]


@pytest.mark.parametrize(
    "params", [{"year": "abc"}, {"year": "99999"}, {"page": "x"}, {"page": "999"}, {"tag": "<b>"}]
)
def test_news_index_bad_filters_give_normal_page(client, site, params):
    homes, indexes = site
    add_news(indexes["en"], "Article")

    response = client.get("/en/news/", params)

    assert response.status_code == 200


def test_news_index_paginates_ten_per_page(client, site):
    homes, indexes = site
    for day in range(1, 13):
        add_news(indexes["en"], f"Day {day}", date=datetime.date(2026, 1, day))

    first = client.get("/en/news/")
    second = client.get("/en/news/", {"page": "2"})

    assert len(first.context["news"]) == 10
    assert [c.page.title for c in second.context["news"]] == ["Day 2", "Day 1"]
    assert 'rel="next" href="?page=2"' in first.content.decode()
