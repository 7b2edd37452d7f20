"""Hostile input over the public site: search, the news filters and pages, the language
switcher and the language a browser asks for.

The public site has no form that stores anything (no newsletter or contact form), so the
checks are: no 5xx, markup comes back escaped, and no redirect leaves the site.
"""

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories.cms import add_news, build_site

from .hostile import (
    MARKUP_PAYLOADS,
    app_settings,
    assert_safe_response,
    get_hostile,
    hostile_form_data,
    hostile_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    homes, indexes = build_site(("en", "mk"))
    for number in range(12):
        add_news(indexes["en"], f"Libraries in Sofia {number}", tags=["sofia", "awards"])
    add_news(indexes["mk"], "Библиотеките во Софија", intro="Средбата во Софија.")
    return homes, indexes


@app_settings
@given(query=hostile_form_data(["q", "page"]), language=st.sampled_from(["en", "mk"]))
def test_search_survives_hostile_query_strings(client, site, query, language):
    response = get_hostile(client, f"/{language}/search/", query)
    assert response.status_code == 200
    assert_safe_response(response, query)


def test_search_result_pages_out_of_range(client, site):
    for page in ["0", "-1", "99999999999999999999999", "1.5", "last", "", "2", "１", "\x00"]:
        response = get_hostile(client, "/en/search/", {"q": "Sofia", "page": page})
        assert response.status_code == 200, page
        assert response.context["page_obj"] is not None, page


@app_settings
@given(query=hostile_form_data(["page", "tag", "year"]))
def test_news_filters_survive_hostile_query_strings(client, site, query):
    response = get_hostile(client, "/en/news/", query)
    assert response.status_code == 200
    assert_safe_response(response, query)


NEWS_FILTER_TRICKS = [
    {"page": "99999999999999999999"},
    {"page": "-3"},
    {"tag": "x" * 5000},
    {"tag": MARKUP_PAYLOADS[0], "page": "2"},
    {"tag": "sofia", "year": "0000"},
    {"year": "9999"},
    {"year": "٢٠٢٦"},
    {"tag": "%", "year": "2026"},
    {"tag": "\x00"},
]


def test_news_filter_tricks(client, site):
    for query in NEWS_FILTER_TRICKS:
        response = get_hostile(client, "/en/news/", query)
        assert response.status_code == 200, query
        assert_safe_response(response, query)
        assert "<script>alert" not in response.content.decode()


@app_settings
@given(query=hostile_form_data(["page", "q", "tag", "lang", "tz", "sort"]))
def test_public_pages_ignore_hostile_query_strings(client, site, query):
    homes, _indexes = site
    for url in ("/en/", "/mk/", "/en/news/libraries-in-sofia-0/", "/en/news/feed/", "/"):
        response = get_hostile(client, url, query)
        assert response.status_code in (200, 302), url
        assert_safe_response(response, query)


@app_settings
@given(language=hostile_text(), next_url=hostile_text())
def test_language_switcher_survives_hostile_input(client, site, language, next_url):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code in (200, 302, 204)
    location = response.get("Location", "/")
    parts = urlsplit(location)
    assert (parts.scheme, parts.netloc) == ("", ""), location
    assert not location.startswith(("//", "/\\", "\\")), location


@app_settings
@given(header=hostile_text().map(lambda text: text.encode("latin-1", "ignore").decode("latin-1")))
def test_accept_language_header_survives_garbage(client, site, header):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] in {"/en/", "/mk/", "/pl/", "/bg/"}


def test_search_echoes_a_markup_query_escaped(client, site):
    response = client.get("/en/search/", {"q": MARKUP_PAYLOADS[0]})
    body = response.content.decode()
    assert MARKUP_PAYLOADS[0] not in body
    assert "&lt;script&gt;" in body
