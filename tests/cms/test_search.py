import pytest

from cms.views import highlight
from tests.factories.cms import add_news, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    homes, indexes = build_site(("en", "mk"))
    add_news(indexes["en"], "Libraries in Sofia", intro="The meeting in Sofia & the awards.")
    add_news(indexes["en"], "Mentors meet", intro="Mentors meet their innovators.")
    add_news(indexes["mk"], "Библиотеките во Софија", intro="Средбата во Софија.")
    return homes, indexes


def test_search_finds_pages_in_visitor_language_only(client, site):
    response = client.get("/en/search/", {"q": "Sofia"})

    assert response.status_code == 200
    assert [r["page"].title for r in response.context["results"]] == ["Libraries in Sofia"]
    assert [r["url"] for r in response.context["results"]] == ["/en/news/libraries-in-sofia/"]


def test_search_in_macedonian_finds_macedonian_pages(client, site):
    response = client.get("/mk/search/", {"q": "Софија"})

    assert [r["page"].title for r in response.context["results"]] == ["Библиотеките во Софија"]


def test_search_highlights_terms_and_escapes_text(client, site):
    response = client.get("/en/search/", {"q": "sofia"})

    result = response.context["results"][0]
    assert str(result["title"]) == "Libraries in <mark>Sofia</mark>"
    assert str(result["excerpt"]) == "The meeting in <mark>Sofia</mark> &amp; the awards."


def test_highlight_escapes_html_in_terms_and_text():
    text = highlight('<script>alert("x")</script> script', ["<script>", "script"])

    assert str(text) == (
        "<mark>&lt;script&gt;</mark>alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; "
        "<mark>script</mark>"
    )


def test_search_with_a_nul_character_is_a_bad_request(client, site):
    # Refused before the view (kohorta.middleware.RejectNullBytesMiddleware).
    assert client.get("/en/search/", {"q": "sofia\x00"}).status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "a" * 5000,
        "sofia " * 1000,
        "'; DROP TABLE wagtailcore_page; --",
        '" OR 1=1 --',
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "NEAR(sofia) AND * ^ :",
        "%_%",
    ],
)
def test_search_odd_queries_give_normal_page(client, site, query):
    response = client.get("/en/search/", {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html


def test_search_without_query_shows_form_only(client, site):
    response = client.get("/en/search/")

    assert response.status_code == 200
    assert response.context["results"] == []
    assert response.context["page_obj"] is None


def test_search_paginates(client, site):
    homes, indexes = site
    for number in range(12):
        add_news(indexes["en"], f"Zephyr story {number}", intro="zephyr")

    first = client.get("/en/search/", {"q": "zephyr"})
    second = client.get("/en/search/", {"q": "zephyr", "page": "2"})
    beyond = client.get("/en/search/", {"q": "zephyr", "page": "99"})

    assert len(first.context["results"]) == 10
    assert len(second.context["results"]) == 2
    assert beyond.context["page_obj"].number == 2
    assert 'href="?q=zephyr&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_search_queries_do_not_grow_with_results(client, django_assert_num_queries, count):
    homes, indexes = build_site()
    for number in range(count):
        add_news(indexes["en"], f"Award story {number}", intro="award")

    with django_assert_num_queries(8):
        response = client.get("/en/search/", {"q": "award"})

    assert len(response.context["results"]) == count


def test_english_only_article_listed_in_macedonian_news_is_found_from_macedonian_search(
    client, site
):
    homes, indexes = site

    listed = client.get("/mk/news/")
    response = client.get("/mk/search/", {"q": "mentors"})

    assert "Mentors meet" in listed.content.decode()
    assert [r["page"].title for r in response.context["results"]] == ["Mentors meet"]
    assert [r["url"] for r in response.context["results"]] == ["/en/news/mentors-meet/"]


def test_article_translated_into_macedonian_is_found_once_in_macedonian(client, site):
    from tests.factories.cms import translate

    homes, indexes = site
    from cms.models import NewsPage

    english = NewsPage.objects.get(title="Mentors meet")
    translate(english, "mk", "Менторите се среќаваат", intro="Mentors meet again.")

    response = client.get("/mk/search/", {"q": "mentors"})

    assert [r["page"].title for r in response.context["results"]] == ["Менторите се среќаваат"]
