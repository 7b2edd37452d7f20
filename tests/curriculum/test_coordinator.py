import datetime

import pytest
from django.urls import reverse

from curriculum.models import Certificate, DueDateExtension


def person_url(world, who="innovator"):
    return reverse("curriculum:person_progress", args=[world["run"].pk, world[who].pk])


def test_person_page_extension_granted(client, world):
    client.force_login(world["coordinator"])
    schedule = world["run"].schedules.order_by("releases_on").first()
    response = client.post(
        person_url(world),
        {"schedule": schedule.pk, "due_on": "2026-02-20", "reason": "Family leave"},
    )
    assert response.status_code == 302
    extension = DueDateExtension.objects.get()
    assert (extension.user, extension.due_on, extension.reason) == (
        world["innovator"],
        datetime.date(2026, 2, 20),
        "Family leave",
    )
    page = client.get(person_url(world))
    assert "Family leave" in page.content.decode()


def test_person_page_extension_bad_input_shows_errors(client, world):
    client.force_login(world["coordinator"])
    schedule = world["run"].schedules.order_by("releases_on").first()
    response = client.post(
        person_url(world), {"schedule": schedule.pk, "due_on": "2026-01-10", "reason": "Late"}
    )
    assert response.status_code == 200
    assert "The new due date must be after 2026-01-29." in response.content.decode()
    response = client.post(person_url(world), {"schedule": schedule.pk, "due_on": "not a date"})
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert "This field is required." in html
    assert not DueDateExtension.objects.exists()


@pytest.mark.parametrize(
    "who", ["mentor", "innovator", "other_innovator", "ambassador_mk", "other_coordinator"]
)
def test_person_page_refused(client, world, who):
    client.force_login(world[who])
    assert client.get(person_url(world), follow=True).status_code == 404
    schedule = world["run"].schedules.first()
    client.post(
        person_url(world),
        {"schedule": schedule.pk, "due_on": "2026-03-20", "reason": "x"},
        follow=True,
    )
    assert not DueDateExtension.objects.exists()


def test_person_page_for_non_member_is_404(client, world):
    client.force_login(world["coordinator"])
    url = reverse(
        "curriculum:person_progress", args=[world["run"].pk, world["other_coordinator"].pk]
    )
    assert client.get(url, follow=True).status_code == 404


def test_issue_certificate_refuses_unfinished_then_force(client, world):
    client.force_login(world["coordinator"])
    url = reverse("curriculum:issue_certificate", args=[world["run"].pk, world["innovator"].pk])
    response = client.post(url, follow=True)
    assert "Not all lessons of “Module 1” are done." in response.content.decode()
    assert not Certificate.objects.exists()

    client.post(url, {"force": "1"})
    assert Certificate.objects.get().user == world["innovator"]


def test_issue_certificate_by_other_coordinator_refused(client, world):
    client.force_login(world["other_coordinator"])
    url = reverse("curriculum:issue_certificate", args=[world["run"].pk, world["innovator"].pk])
    assert client.post(url, {"force": "1"}, follow=True).status_code == 404
    assert not Certificate.objects.exists()


def test_dashboard_panel_for_innovator_shows_progress(client, world):
    client.force_login(world["innovator"])
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    assert "0% of the course done." in html
    assert world["course"].url in html
