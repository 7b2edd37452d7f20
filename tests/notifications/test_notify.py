"""notify(): inbox entry, preferences, e-mail rendering, once-keys, unsubscribe, digests."""

import datetime
from email import message_from_bytes

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from notifications import registry, services, tasks
from notifications.enums import Channel
from notifications.models import Notification, Preference, SentOnce
from tests.factories.cohorts import UserFactory


@pytest.fixture
def person():
    return UserFactory(
        email="ana@example.org", full_name="Ana Stojanovska", preferred_language="en"
    )


def _feedback(person, key="k1", **kwargs):
    return services.notify(
        person,
        "curriculum.feedback",
        context={"approved": True, "course": "Leadership", "feedback": None},
        url="/learn/reflections/1/",
        once_key=key,
        **kwargs,
    )


def test_notify_stores_entry_and_emails_once(person, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://kohorta.example.org"
    Site.objects.filter(is_default_site=True).update(site_name="INELI Balkans")
    first = _feedback(person)
    again = _feedback(person)

    assert again is None
    assert Notification.objects.count() == 1
    assert SentOnce.objects.get().key == "k1"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert message.subject == "Your reflection was approved"
    assert first.subject == "Your reflection was approved"
    assert "https://kohorta.example.org/learn/reflections/1/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "INELI Balkans" in html
    headers = message.extra_headers
    assert headers["Message-ID"].endswith("@kohorta.example.org>")
    assert headers["List-Unsubscribe"].startswith(
        "<https://kohorta.example.org/notifications/unsubscribe/"
    )
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert first.emailed_at is not None and first.url == "/learn/reflections/1/"


def test_message_id_is_stable_for_a_once_key(person):
    _feedback(person, key="same")
    SentOnce.objects.all().delete()
    _feedback(person, key="same")
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]


def test_email_in_the_recipients_language(person):
    person.preferred_language = "mk"
    person.save()
    _feedback(person)
    assert mail.outbox[0].subject == "Вашата рефлексија е одобрена"


def test_preference_off_keeps_inbox_entry_without_email(person):
    services.set_preference(user=person, kind="curriculum.feedback", channel=Channel.OFF, by=person)
    entry = _feedback(person)
    assert mail.outbox == []
    assert (entry.channel, entry.emailed_at) == ("off", None)
    assert Notification.objects.filter(recipient=person).count() == 1


def test_kind_that_cannot_be_turned_off_is_always_emailed(person):
    with pytest.raises(ValueError):
        services.set_preference(
            user=person, kind="cohorts.invitation", channel=Channel.OFF, by=person
        )
    Preference.objects.create(user=person, kind="cohorts.invitation", channel=Channel.OFF)
    assert services.channel_for(person, registry.get("cohorts.invitation")) == Channel.IMMEDIATELY


def test_daily_digest_bundles_entries_into_one_email_once(person):
    services.set_preference(
        user=person, kind="curriculum.feedback", channel=Channel.DAILY, by=person
    )
    _feedback(person, key="a")
    _feedback(person, key="b")
    assert mail.outbox == []

    assert tasks.send_daily_digests(today=datetime.date(2026, 3, 2)) == 1
    assert tasks.send_daily_digests(today=datetime.date(2026, 3, 2)) == 0
    assert tasks.send_daily_digests(today=datetime.date(2026, 3, 3)) == 0

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Kohorta: 2 notifications today"
    assert mail.outbox[0].body.count("Your reflection was approved") == 2
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_weekly_digest_in_the_recipients_language(person):
    person.preferred_language = "pl"
    person.save()
    services.set_preference(
        user=person, kind="curriculum.feedback", channel=Channel.WEEKLY, by=person
    )
    _feedback(person)
    assert tasks.send_daily_digests(today=datetime.date(2026, 3, 2)) == 0
    assert tasks.send_weekly_digests(today=datetime.date(2026, 3, 2)) == 1
    assert tasks.send_weekly_digests(today=datetime.date(2026, 3, 4)) == 0
    assert len(mail.outbox) == 1
    assert "Kohorta" in mail.outbox[0].subject
    assert "notifications this week" not in mail.outbox[0].subject
    assert "notification this week" not in mail.outbox[0].subject


def test_unsubscribe_link_turns_the_kind_off_with_one_post(client, person):
    _feedback(person)
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link[link.index("/notifications/") :]
    assert client.get(path).status_code == 200
    assert not Preference.objects.exists()
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preference.objects.get(user=person).channel == Channel.OFF
    _feedback(person, key="later")
    assert len(mail.outbox) == 1


def test_unsubscribe_link_tampered_is_refused(client, person):
    response = client.post("/notifications/unsubscribe/not-a-token/")
    assert response.status_code == 404
    assert not Preference.objects.exists()


def test_prune_deletes_old_entries(person, settings):
    settings.KOHORTA_NOTIFICATION_RETENTION_DAYS = 30
    old = _feedback(person, key="old")
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    _feedback(person, key="new")
    assert tasks.prune_notifications() == 1
    assert list(Notification.objects.values_list("pk", flat=True)) != [old.pk]
    assert Notification.objects.count() == 1


def test_schedules_created_for_digests_and_pruning():
    from django_q.models import Schedule

    tasks.ensure_schedules()
    assert set(
        Schedule.objects.filter(func__startswith="notifications.").values_list("func", flat=True)
    ) == {
        "notifications.tasks.send_daily_digests",
        "notifications.tasks.send_weekly_digests",
        "notifications.tasks.prune_notifications",
    }


def test_an_app_registers_its_own_kind_without_touching_notifications(person, settings):
    kind = registry.register(
        registry.Kind(
            "tests.hello", "Hello", template="curriculum/email/feedback", can_turn_off=True
        )
    )
    try:
        entry = services.notify(
            person,
            kind.name,
            context={"approved": False, "course": "X", "feedback": None},
            once_key="hello",
        )
        assert entry.kind == "tests.hello"
    finally:
        registry._KINDS.pop("tests.hello")


def test_email_message_parses_with_html_alternative(person):
    _feedback(person)
    parsed = message_from_bytes(mail.outbox[0].message().as_bytes())
    assert parsed.get_content_type() == "multipart/alternative"
    assert reverse("notifications:inbox") == "/notifications/"


def test_email_about_a_programme_carries_its_branding(person):
    from cohorts.services import set_programme_branding
    from tests.factories.cohorts import CohortFactory

    cohort = CohortFactory(programme__name="INELI Balkans")
    set_programme_branding(
        programme=cohort.programme,
        by=None,
        names={"mk": "ИНЕЛИ Балкан"},
        accent_colour="#7A1F5C",
        signatory_name="Dr Vesna Trajkovska",
        signatory_title="Programme director",
        funders_text="Co-funded by the European Union",
    )
    cohort.programme.refresh_from_db()
    services.notify(
        person,
        "curriculum.feedback",
        context={"approved": True, "course": "Leadership", "feedback": None, "cohort": cohort},
        once_key="branded",
    )
    person.preferred_language = "mk"
    person.save()
    services.notify(
        person,
        "curriculum.feedback",
        context={"approved": True, "course": "Leadership", "feedback": None, "cohort": cohort},
        once_key="branded-mk",
    )
    english, macedonian = mail.outbox
    assert "Dr Vesna Trajkovska, Programme director\nINELI Balkans\n" in english.body
    assert "Co-funded by the European Union" in english.body
    html, _mimetype = english.alternatives[0]
    assert "border-top: 4px solid #7A1F5C" in html and "INELI Balkans" in html
    assert "ИНЕЛИ Балкан" in macedonian.body


def test_email_about_nothing_in_particular_has_no_programme_signature(person):
    _feedback(person)
    assert "-- \n" not in mail.outbox[0].body
