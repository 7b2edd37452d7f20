"""Serbian in Latin script: its own interface language, read by Bosnian and Montenegrin
visitors too, showing the Serbian content tree."""

import pytest
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bs", "sr-latn"),
        ("bs-BA,en;q=0.5", "sr-latn"),
        ("cnr", "sr-latn"),
        ("me", "sr-latn"),
        ("sr-Latn-RS", "sr-latn"),
        ("sr-Latn", "sr-latn"),
        ("sr-RS", "sr"),
        ("hr-BA", "hr"),
        ("de,sl;q=0.8", "sl"),
    ],
)
def test_accept_language_maps_to_the_nearest_locale(client, header, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == f"/{expected}/"


def test_serbian_latin_is_an_interface_language_without_its_own_content_tree():
    assert "sr-latn" in dict(settings.LANGUAGES)
    assert "sr-latn" not in dict(settings.WAGTAIL_CONTENT_LANGUAGES)


def test_serbian_latin_interface_strings_are_latin():
    with translation.override("sr-latn"):
        text = translation.gettext("Sign in")
    with translation.override("sr"):
        cyrillic = translation.gettext("Sign in")
    assert text != "Sign in" and text != cyrillic
    assert all(not ("\u0400" <= ch <= "\u04ff") for ch in text)


def test_serbian_latin_pages_show_the_serbian_tree_in_a_latin_interface(client):
    from tests.factories.cms import build_site

    build_site(("en", "sr"))
    response = client.get("/sr-latn/")
    assert response.status_code == 200
    assert response.context["page"].locale.language_code == "sr"
    body = response.content.decode()
    assert '<html lang="sr-latn">' in body
    with translation.override("sr-latn"):
        assert translation.gettext("Sign in") in body
