import pytest

from tests.factories.cms import build_site
from tests.factories.cohorts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site(("en", "mk", "pl", "bg"))


def test_root_redirect_uses_preferred_language_when_signed_in(client, site):
    client.force_login(UserFactory(preferred_language="bg"))

    response = client.get("/", headers={"accept-language": "pl"})

    assert response.status_code == 302
    assert response["Location"] == "/bg/"


def test_root_redirect_uses_accept_language_when_anonymous(client, site):
    response = client.get("/", headers={"accept-language": "mk-MK,mk;q=0.9,en;q=0.5"})

    assert response["Location"] == "/mk/"
    assert "Accept-Language" in response["Vary"]
    assert "private" in response["Cache-Control"]


def test_root_redirect_falls_back_to_english(client, site):
    response = client.get("/", headers={"accept-language": "de-DE,fr;q=0.8"})

    assert response["Location"] == "/en/"


def test_root_redirect_ignores_preferred_language_outside_content_languages(client, site, settings):
    settings.WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("mk", "Македонски")]
    client.force_login(UserFactory(preferred_language="pl"))

    response = client.get("/", headers={"accept-language": "mk"})

    assert response["Location"] == "/mk/"


@pytest.mark.parametrize("path", ["/de/", "/xx/foo/", "/pt-br/news/"])
def test_unknown_language_prefix_is_404_in_default_language(client, site, path):
    response = client.get(path, headers={"accept-language": "mk"})

    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"


def test_unprefixed_page_path_redirects_to_language(client, site):
    response = client.get("/news/", headers={"accept-language": "pl"})

    assert response.status_code == 302
    assert response["Location"] == "/pl/news/"


def test_missing_page_in_known_language_is_404_in_that_language(client, site):
    response = client.get("/mk/no-such-page/")

    assert response.status_code == 404
    assert '<html lang="mk">' in response.content.decode()


@pytest.mark.parametrize("code", ["en", "mk", "pl", "bg"])
def test_home_page_in_each_language(client, site, code):
    response = client.get(f"/{code}/")

    assert response.status_code == 200
    assert response.context["page"].locale.language_code == code
    assert response.context["is_fallback"] is False


def test_home_page_in_language_without_tree_falls_back_with_notice(client, site):
    response = client.get("/sr/")

    assert response.status_code == 200
    assert response.context["page"].locale.language_code == "en"
    assert response.context["is_fallback"] is True
    assert 'class="message message--warning fallback-notice"' in response.content.decode()


def test_root_redirect_uses_language_cookie_before_accept_language(client, site):
    client.cookies["django_language"] = "pl"

    response = client.get("/", headers={"accept-language": "bg"})

    assert response["Location"] == "/pl/"
