"""A NUL character in the address never reaches a view (PostgreSQL cannot store it)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/en/news/?tag=%00", "/en/news/?%00=1", "/meetings/calendar/abc%00def.ics", "/apply/?q=a%00"],
)
def test_nul_in_the_address_is_a_bad_request(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_ordinary_addresses_pass(client):
    assert client.get("/accounts/login/?next=/dashboard/").status_code == 200
