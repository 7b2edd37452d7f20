"""Mentor group proposals, and discussion topics."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts import mentoring
from cohorts.enums import Role
from cohorts.intake import topics
from cohorts.intake.tasks import send_due_topics
from cohorts.models import DiscussionTopic, MentorGroupMember
from tests.factories.cohorts import PASSWORD, CohortFactory, add_member


@pytest.fixture
def cohort():
    return CohortFactory(starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2026, 12, 31))


def test_propose_mentor_groups_balanced_other_organisation_spread_countries(cohort):
    mentors = [
        add_member(cohort, Role.MENTOR, organisation=f"Mentor Library {n}") for n in range(3)
    ]
    innovators = []
    for n in range(10):
        organisation = "Mentor Library 0" if n < 4 else f"Town Library {n}"
        innovators.append(
            add_member(
                cohort, Role.INNOVATOR, country=["RS", "MK", "AL"][n % 3], organisation=organisation
            )
        )
    proposal = mentoring.propose_mentor_groups(cohort)
    assert proposal.problems == []
    assert sorted(load for _mentor, load, _countries in proposal.loads) == [3, 3, 4]
    assert len(proposal.rows) == 10
    for row in proposal.rows:
        assert row["mentor"].organisation != row["innovator"].organisation
    assert [countries for _m, _l, countries in proposal.loads] == [3, 3, 3]
    assert {m.pk for m, _l, _c in proposal.loads} == {m.pk for m in mentors}


def test_apply_mentor_groups_assigns_through_service(cohort):
    add_member(cohort, Role.MENTOR, organisation="A")
    for n in range(4):
        add_member(cohort, Role.INNOVATOR, organisation=f"B{n}")
    proposal = mentoring.propose_mentor_groups(cohort)
    changed = mentoring.apply_mentor_groups(
        cohort=cohort, assignments=[(r["innovator"], r["mentor"]) for r in proposal.rows], by=None
    )
    assert changed == 4
    assert MentorGroupMember.objects.filter(cohort=cohort).count() == 4
    # Applying the same proposal again changes nothing.
    proposal = mentoring.propose_mentor_groups(cohort)
    assert [r["changed"] for r in proposal.rows] == [False] * 4


def test_apply_mentor_groups_same_organisation_refused(cohort):
    mentor = add_member(cohort, Role.MENTOR, organisation="Library A")
    innovator = add_member(cohort, Role.INNOVATOR, organisation="library a")
    with pytest.raises(ValidationError) as error:
        mentoring.apply_mentor_groups(cohort=cohort, assignments=[(innovator, mentor)], by=None)
    assert error.value.code == "same_organisation"
    assert MentorGroupMember.objects.count() == 0


def test_propose_without_mentors_refused(cohort):
    add_member(cohort, Role.INNOVATOR)
    with pytest.raises(ValidationError) as error:
        mentoring.propose_mentor_groups(cohort)
    assert error.value.code == "no_mentors"


def test_apply_mentor_groups_by_mentor_refused(cohort):
    mentor = add_member(cohort, Role.MENTOR)
    with pytest.raises(PermissionDenied):
        mentoring.apply_mentor_groups(cohort=cohort, assignments=[], by=mentor)


def test_mentor_groups_page_apply(client, cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    mentor = add_member(cohort, Role.MENTOR, organisation="A")
    innovator = add_member(cohort, Role.INNOVATOR, organisation="B")
    client.login(username=coordinator.email, password=PASSWORD)
    url = reverse("cohorts:mentor_groups", kwargs={"cohort_id": cohort.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {f"assign-{innovator.pk}": mentor.pk})
    assert response.status_code == 302
    assert MentorGroupMember.objects.get().group.mentor == mentor


# Topics ---------------------------------------------------------------------------------


def test_fortnights_of_a_round(cohort):
    days = topics.fortnights(cohort)
    assert days[:3] == [
        datetime.date(2026, 9, 1),
        datetime.date(2026, 9, 15),
        datetime.date(2026, 9, 29),
    ]
    assert len(days) == 9


def test_schedule_topic_on_a_day_that_is_not_a_fortnight_refused(cohort):
    with pytest.raises(ValidationError) as error:
        topics.schedule_topic(
            cohort=cohort, starts_on=datetime.date(2026, 9, 2), title="T", body="B", by=None
        )
    assert list(error.value.message_dict) == ["starts_on"]


def test_schedule_topic_twice_for_a_fortnight_refused(cohort):
    day = datetime.date(2026, 9, 15)
    topics.schedule_topic(cohort=cohort, starts_on=day, title="T", body="B", by=None)
    with pytest.raises(ValidationError):
        topics.schedule_topic(cohort=cohort, starts_on=day, title="U", body="C", by=None)
    assert DiscussionTopic.objects.count() == 1


def test_schedule_topic_creates_daily_schedule(cohort):
    from django_q.models import Schedule

    topics.schedule_topic(
        cohort=cohort, starts_on=datetime.date(2026, 9, 1), title="T", body="B", by=None
    )
    topics.schedule_topic(
        cohort=cohort, starts_on=datetime.date(2026, 9, 15), title="T", body="B", by=None
    )
    assert list(
        Schedule.objects.filter(func__startswith="cohorts.").values_list("func", "schedule_type")
    ) == [("cohorts.intake.tasks.send_due_topics", "D")]


def test_send_due_topics_emails_participants_once(cohort):
    people = [add_member(cohort, Role.INNOVATOR) for _ in range(3)]
    add_member(cohort, Role.MENTOR)
    topics.schedule_topic(
        cohort=cohort, starts_on=datetime.date(2026, 11, 10), title="Advocacy", body="B", by=None
    )
    topics.schedule_topic(
        cohort=cohort, starts_on=datetime.date(2026, 11, 24), title="Later", body="B", by=None
    )
    with time_machine.travel(datetime.datetime(2026, 11, 21, 8, tzinfo=datetime.UTC)):
        assert send_due_topics() == 3
        assert send_due_topics() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert "Advocacy" in mail.outbox[0].subject


def test_dashboard_shows_current_topic(client, cohort):
    person = add_member(cohort, Role.INNOVATOR)
    topics.schedule_topic(
        cohort=cohort, starts_on=datetime.date(2026, 11, 10), title="Advocacy", body="B", by=None
    )
    client.login(username=person.email, password=PASSWORD)
    with time_machine.travel(datetime.datetime(2026, 11, 21, 8, tzinfo=datetime.UTC)):
        content = client.get(reverse("dashboard")).content.decode()
    assert "This fortnight" in content
    assert "Advocacy" in content


def test_topic_form_bad_input_shows_error(client, cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    client.login(username=coordinator.email, password=PASSWORD)
    url = reverse("cohorts:topics", kwargs={"cohort_id": cohort.pk})
    response = client.post(url, {"starts_on": "2026-09-01", "title": "", "body": "B"})
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["This field is required."]
    assert DiscussionTopic.objects.count() == 0
