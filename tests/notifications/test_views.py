"""The header bell, the inbox and the preferences page."""

import pytest
from django.urls import reverse

from notifications import services
from notifications.models import Notification, Preference
from tests.factories.cohorts import UserFactory


@pytest.fixture
def person():
    return UserFactory(email="ana@example.org", full_name="Ana Stojanovska")


def _tell(person, key, url="/dashboard/"):
    return services.notify(
        person,
        "curriculum.feedback",
        context={"approved": True, "course": "Leadership", "feedback": None},
        url=url,
        once_key=key,
    )


def test_bell_shows_unread_count_on_every_page(client, person):
    _tell(person, "a")
    _tell(person, "b")
    client.force_login(person)
    html = client.get(reverse("cohorts:profile")).content.decode()
    assert '<span class="bell__count">2</span>' in html
    assert "2 unread notifications" in html


@pytest.mark.parametrize("count", [1, 3])
def test_bell_adds_no_query(client, person, django_assert_num_queries, count, settings):
    """The count is read with the signed-in person (kept in the cache), never by a query of
    its own."""
    for index in range(count):
        _tell(person, f"k{index}")
    client.force_login(person)
    settings.KOHORTA_PERSONAL_CACHE_SECONDS = 120
    client.get(reverse("dashboard"))  # fills the per-session cache
    with django_assert_num_queries(1):  # the session (the person is kept in the cache)
        response = client.get(reverse("dashboard"))
    assert f'<span class="bell__count">{count}</span>' in response.content.decode()


def test_inbox_lists_unread_first_and_marks_read(client, person):
    first = _tell(person, "first")
    second = _tell(person, "second", url="/learn/")
    services.mark_read(notification_id=second.pk, by=person)
    third = _tell(person, "third")
    client.force_login(person)
    response = client.get(reverse("notifications:inbox"))
    assert [entry.pk for entry in response.context["entries"]] == [third.pk, first.pk, second.pk]

    response = client.post(reverse("notifications:mark_read", args=[third.pk]), {"open": "1"})
    assert response["Location"] == "/dashboard/"
    person.refresh_from_db()
    assert person.unread_notifications == 1

    response = client.post(reverse("notifications:mark_all_read"))
    assert response["Location"] == reverse("notifications:inbox")
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    person.refresh_from_db()
    assert person.unread_notifications == 0


def test_mark_read_of_someone_elses_entry_is_404(client, person):
    entry = _tell(person, "a")
    other = UserFactory()
    client.force_login(other)
    assert client.post(reverse("notifications:mark_read", args=[entry.pk])).status_code == 404
    entry.refresh_from_db()
    assert entry.read_at is None


def test_mark_read_needs_post(client, person):
    entry = _tell(person, "a")
    client.force_login(person)
    assert client.get(reverse("notifications:mark_read", args=[entry.pk])).status_code == 405


def test_preferences_page_saves_choices(client, person):
    client.force_login(person)
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 200
    assert "Invitation to set up your account" in response.content.decode()  # always e-mailed
    data = {name: field.initial for name, field in response.context["form"].fields.items()}
    data["curriculum.feedback"] = "weekly"
    data["events.agenda_changed"] = "off"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert dict(Preference.objects.filter(user=person).values_list("kind", "channel")) == {
        "curriculum.feedback": "weekly",
        "events.agenda_changed": "off",
    }
    _tell(person, "later")
    assert Notification.objects.get(kind="curriculum.feedback").channel == "weekly"


def test_preferences_bad_choice_saves_nothing(client, person):
    client.force_login(person)
    response = client.post(reverse("notifications:preferences"), {"curriculum.feedback": "hourly"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Preference.objects.exists()
