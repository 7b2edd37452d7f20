import pytest

from cms.models import Organisation
from tests.factories.cms import add_organisation, build_site, locale
from tests.factories.cohorts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_organisation_snippet_list_shows_organisations(admin_client):
    build_site()
    add_organisation("Belgrade City Library", country="RS")

    response = admin_client.get("/admin/snippets/cms/organisation/")

    assert response.status_code == 200
    assert "Belgrade City Library" in response.content.decode()


def test_organisation_can_be_translated_with_wagtail_localize(admin_client):
    build_site(("en", "mk"))
    organisation = add_organisation("Belgrade City Library", country="RS")

    response = admin_client.post(
        f"/admin/localize/submit/snippet/cms/organisation/{organisation.pk}/",
        {"locales": [locale("mk").pk]},
    )

    assert response.status_code == 302
    assert organisation.get_translation(locale("mk")).name == "Belgrade City Library"


def test_organisation_form_rejects_bad_website(admin_client):
    build_site()

    response = admin_client.post(
        "/admin/snippets/cms/organisation/add/",
        {"name": "Library", "country": "RS", "website": "not a url", "locale": locale("en").pk},
    )

    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not response.context["form"].is_valid()
    assert Organisation.objects.count() == 0


def test_editor_can_open_news_page_editor(admin_client):
    homes, indexes = build_site()

    response = admin_client.get(f"/admin/pages/add/cms/newspage/{indexes['en'].pk}/")

    assert response.status_code == 200
