"""Search per language on PostgreSQL: each page is indexed with its language's text-search
configuration (cms/search_backend.py), so inflected words find it."""

import pytest

from cms.search_backend import config_for, query_configs
from tests.factories.cms import add_news, build_site

pytestmark = pytest.mark.django_db


def titles(response):
    return [result["page"].title for result in response.context["results"]]


@pytest.fixture
def site():
    homes, indexes = build_site(("en", "ro", "el", "sr", "mk"))
    add_news(
        indexes["ro"],
        "Bibliotecile publice din Cluj deschid ateliere",
        intro="Bibliotecarii organizează atelierele de robotică pentru copii.",
        author="Ana Popescu",  # the factory's default author is "Future Library"
    )
    add_news(indexes["en"], "Libraries open makerspaces", intro="Librarians teach robotics.")
    add_news(indexes["el"], "Οι βιβλιοθήκες της Αθήνας", intro="Εργαστήρια για παιδιά.")
    add_news(indexes["sr"], "Библиотеке у Београду", intro="Радионице за децу.")
    add_news(indexes["mk"], "Библиотеките во Охрид", intro="Работилници за деца.")
    return homes, indexes


@pytest.mark.postgres
@pytest.mark.parametrize("word", ["bibliotecă", "biblioteca", "atelierul", "bibliotecar"])
def test_romanian_article_is_found_by_an_inflected_romanian_word(client, site, word):
    response = client.get("/ro/search/", {"q": word})

    assert "Bibliotecile publice din Cluj deschid ateliere" in titles(response)


@pytest.mark.postgres
def test_english_article_listed_in_romanian_is_found_by_english_stems(client, site):
    # Not translated into Romanian: listed on /ro/news/ with a badge, found from /ro/search/.
    response = client.get("/ro/search/", {"q": "library"})

    assert titles(response) == ["Libraries open makerspaces"]


@pytest.mark.postgres
def test_greek_article_is_found_by_another_form_of_the_word(client, site):
    response = client.get("/el/search/", {"q": "βιβλιοθήκη"})

    assert "Οι βιβλιοθήκες της Αθήνας" in titles(response)


@pytest.mark.postgres
def test_serbian_cyrillic_article_is_found_by_a_latin_inflected_word(client, site):
    response = client.get("/sr/search/", {"q": "biblioteka"})

    assert "Библиотеке у Београду" in titles(response)


@pytest.mark.postgres
def test_languages_without_a_configuration_match_whole_words(client, site):
    found = client.get("/mk/search/", {"q": "Охрид"})
    inflected = client.get("/mk/search/", {"q": "библиотека"})

    assert titles(found) == ["Библиотеките во Охрид"]
    assert titles(inflected) == []  # "simple": no Macedonian stemming


@pytest.mark.postgres
def test_each_language_has_its_configuration():
    assert config_for("ro") == "romanian"
    assert config_for("el") == "greek"
    assert config_for("sr") == "serbian"
    assert config_for("en") == "english"
    assert {config_for(code) for code in ("mk", "bg", "hr", "sl", "sq", "pl")} == {"simple"}
    assert query_configs()[0] == "english"
    assert set(query_configs()) == {"english", "romanian", "greek", "serbian", "simple"}


def test_search_still_finds_pages_on_any_database(client, site):
    response = client.get("/ro/search/", {"q": "Cluj"})

    assert titles(response) == ["Bibliotecile publice din Cluj deschid ateliere"]
