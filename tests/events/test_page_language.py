"""One language per page: registering from the English meeting page stays in English for
a person whose preferred language is Macedonian, and comes back to the English page."""

import pytest
from django.contrib.messages import get_messages

from events import services


@pytest.fixture
def published(meeting, agenda, coordinator):
    services.publish_agenda(meeting=meeting, name="Final programme", by=coordinator)
    return meeting


def test_meeting_page_links_to_the_form_in_its_language(client, published, innovator):
    client.force_login(innovator)

    page = client.get(published.url).content.decode()

    assert f'href="/meetings/{published.pk}/register/?lang=en"' in page


def test_registration_form_and_message_in_the_meeting_page_language(client, published, innovator):
    innovator.preferred_language = "mk"
    innovator.save(update_fields=["preferred_language"])
    client.force_login(innovator)
    form_url = f"/meetings/{published.pk}/register/?lang=en"

    form = client.get(form_url)
    response = client.post(
        form_url,
        {"arrival_on": "2027-11-24", "departure_on": "2027-11-29"},
        HTTP_REFERER=f"http://testserver{form_url}",
    )

    assert form.headers["Content-Language"] == "en"
    assert response.status_code == 302
    assert response.url == published.url
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You are registered. See you there!"
    ]


def test_registration_form_without_page_language_follows_preference(client, published, innovator):
    innovator.preferred_language = "mk"
    innovator.save(update_fields=["preferred_language"])
    client.force_login(innovator)

    form = client.get(f"/meetings/{published.pk}/register/")

    assert form.headers["Content-Language"] == "mk"
