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
    assert error.value.error_dict[str(innovator.pk)][0].code == "same_organisation"
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


def _selected(body, innovator):
    """The mentor pk selected in the innovator's row of the mentor groups page."""
    import re

    select = re.search(rf'<select id="assign-{innovator.pk}".*?</select>', body, re.S).group(0)
    match = re.search(r'<option value="(\d*)"[^>]* selected>', select)
    return int(match.group(1)) if match and match.group(1) else None


@pytest.fixture
def office(client, cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    client.login(username=coordinator.email, password=PASSWORD)
    return reverse("cohorts:mentor_groups", kwargs={"cohort_id": cohort.pk})


def test_after_apply_the_page_shows_the_manual_choice_not_a_fresh_proposal(client, cohort, office):
    first = add_member(cohort, Role.MENTOR, full_name="Anna First", organisation="M1")
    second = add_member(cohort, Role.MENTOR, full_name="Boris Second", organisation="M2")
    innovators = [add_member(cohort, Role.INNOVATOR, organisation=f"I{n}") for n in range(2)]
    # The proposal balances the loads; the coordinator puts both with the second mentor.
    response = client.get(office + "?propose=all")
    assert {_selected(response.content.decode(), i) for i in innovators} == {first.pk, second.pk}
    client.post(office + "?propose=all", {f"assign-{i.pk}": second.pk for i in innovators})
    body = client.get(office).content.decode()
    assert [_selected(body, i) for i in innovators] == [second.pk, second.pk]
    response = client.get(office)
    loads = {mentor.pk: real for mentor, real, _load, _countries in response.context["mentors"]}
    assert loads == {first.pk: 0, second.pk: 2}


def test_loads_count_the_real_groups_also_beside_a_proposal(client, cohort, office):
    first = add_member(cohort, Role.MENTOR, organisation="M1")
    second = add_member(cohort, Role.MENTOR, organisation="M2")
    innovators = [add_member(cohort, Role.INNOVATOR, organisation=f"I{n}") for n in range(3)]
    mentoring.apply_mentor_groups(
        cohort=cohort, assignments=[(i, first) for i in innovators], by=None
    )
    response = client.get(office + "?propose=all")
    rows = {m.pk: (real, load) for m, real, load, _c in response.context["mentors"]}
    assert rows[first.pk][0] == 3 and rows[second.pk][0] == 0
    assert sorted(load for _real, load in rows.values()) == [1, 2]


def test_each_mentor_organisation_is_shown(client, cohort, office):
    add_member(cohort, Role.MENTOR, organisation="Qx Mentor Library")
    add_member(cohort, Role.INNOVATOR, organisation="Town")
    body = client.get(office).content.decode()
    assert body.count("Qx Mentor Library") >= 2  # the mentors' table and each choice


def test_a_refused_row_keeps_the_choice_with_the_error_beside_it(client, cohort, office):
    mentor_a = add_member(cohort, Role.MENTOR, organisation="Library A")
    mentor_b = add_member(cohort, Role.MENTOR, organisation="Library B")
    same = add_member(cohort, Role.INNOVATOR, full_name="Same Org", organisation="library a")
    fine = add_member(cohort, Role.INNOVATOR, full_name="Fine Org", organisation="Library C")
    response = client.post(
        office, {f"assign-{same.pk}": mentor_a.pk, f"assign-{fine.pk}": mentor_a.pk}
    )
    assert response.status_code == 200
    assert MentorGroupMember.objects.count() == 0
    body = response.content.decode()
    # Both rows keep what was chosen (not the proposal's mentor_b for the refused one) ...
    assert _selected(body, same) == mentor_a.pk
    assert _selected(body, fine) == mentor_a.pk
    # ... and the error sits in the refused row, linked to its select.
    row = body[body.index(f'<select id="assign-{same.pk}"') :].split("</tr>")[0]
    assert f'id="assign-{same.pk}-error"' in row and "same organisation" in row
    assert 'aria-invalid="true"' in row
    assert mentor_b.pk  # unused: the proposal would have chosen mentor_b


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
