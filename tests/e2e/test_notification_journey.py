"""The bell, the inbox and the notification settings in a real browser."""

import re

import pytest

from notifications import services
from notifications.models import Notification, Preference
from tests.factories.cohorts import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_bell_inbox_and_preferences(visitor):
    person = UserFactory(email="ana@example.org", full_name="Ana Stojanovska")
    for key in ("one", "two"):
        services.notify(
            person,
            "curriculum.feedback",
            context={"approved": True, "course": "Leadership", "feedback": None},
            url="/dashboard/",
            once_key=key,
        )
    me = visitor("ana", user=person)
    page = me.visit("/dashboard/")
    bell = page.locator("a.bell")
    assert bell.locator(".bell__count").inner_text() == "2"
    bell.click()
    me.check("inbox")
    assert page.url.endswith("/notifications/")
    assert page.get_by_text("Your reflection was approved").count() == 2
    page.get_by_role("button", name="Mark all read").click()
    me.check("all-read")
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert page.locator("a.bell .bell__count").count() == 0

    page = me.visit("/profile/notifications/")
    page.get_by_role("group", name=re.compile("Your mentor answered")).get_by_label(
        "Weekly digest"
    ).check()
    page.get_by_role("button", name="Save settings").click()
    me.check("preferences-saved")
    assert Preference.objects.get(user=person).channel == "weekly"
