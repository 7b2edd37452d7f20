"""View restrictions on ancestors still apply: ``KohortaPage.get_view_restrictions``
checks them in one query when routing has left the chain of parents on the page, and
falls back to Wagtail's own check otherwise (aliases, pages reached through another
language's tree)."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories.cms import add_news, build_site

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("restricted", ["home", "index", "article"])
def test_login_restriction_on_the_article_or_an_ancestor_applies(client, restricted):
    homes, indexes = build_site(("en",))
    article = add_news(indexes["en"], "Members only", intro="Secret intro.")
    page = {"home": homes["en"], "index": indexes["en"], "article": article}[restricted]
    PageViewRestriction.objects.create(page=page, restriction_type="login")

    response = client.get("/en/news/members-only/")

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_password_restriction_on_the_index_asks_for_the_password(client):
    homes, indexes = build_site(("en",))
    add_news(indexes["en"], "Board minutes", intro="Secret intro.")
    PageViewRestriction.objects.create(
        page=indexes["en"], restriction_type="password", password="s3cret"
    )

    response = client.get("/en/news/board-minutes/")

    assert response.status_code == 200
    assert b"Secret intro." not in response.content
    assert b'name="password"' in response.content


def test_unrestricted_article_is_served(client):
    homes, indexes = build_site(("en",))
    add_news(indexes["en"], "Open news", intro="Public intro.")

    response = client.get("/en/news/open-news/")

    assert response.status_code == 200
    assert b"Public intro." in response.content


def test_restriction_applies_to_an_alias_of_a_restricted_index(client):
    homes, indexes = build_site(("en",))
    add_news(indexes["en"], "Members only", intro="Secret intro.")
    PageViewRestriction.objects.create(page=indexes["en"], restriction_type="login")
    indexes["en"].create_alias(parent=homes["en"], update_slug="news-copy", recursive=True)

    response = client.get("/en/news-copy/members-only/")

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_restriction_applies_to_an_article_shown_through_another_language(client):
    homes, indexes = build_site(("en", "mk"))
    article = add_news(indexes["en"], "Members only", intro="Secret intro.")
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    add_news(indexes["en"], "Open news", intro="Public intro.")

    # No Macedonian version: served from the English tree under /mk/news/ (with a notice).
    response = client.get("/mk/news/members-only/")

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert client.get("/mk/news/open-news/").status_code == 200
