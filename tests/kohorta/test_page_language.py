"""Account messages are written in the language of the page they are shown on."""

import pytest
from django.contrib.messages import get_messages

from tests.factories.cms import build_site
from tests.factories.cohorts import UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client, **extra):
    UserFactory(email="ana@example.org", password="a long pass phrase", full_name="Ana")
    return client.post(
        "/accounts/login/",
        {"login": "ana@example.org", "password": "a long pass phrase", **extra},
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("mk", "Успешно се најавивте како Ana."),
        ("sq", "U hytë me sukses si Ana."),
        ("sr", "Успешно сте се пријавили као Ana."),
        ("en", "Successfully signed in as Ana."),
    ],
)
def test_signed_in_message_in_the_language_of_the_page_signed_in_from(client, language, expected):
    response = _sign_in(client, next=f"/{language}/")

    assert response.status_code == 302
    assert response.url == f"/{language}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [expected]


def test_login_page_reached_from_a_page_speaks_its_language(client):
    response = client.get("/accounts/login/?next=/el/")

    assert response.headers["Content-Language"] == "el"


def test_sign_in_link_comes_back_to_the_page(client):
    build_site(("en", "mk"))
    page = client.get("/mk/").content.decode()

    assert 'href="/accounts/login/?next=/mk/"' in page
