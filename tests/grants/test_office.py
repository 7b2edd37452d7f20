"""The coordinator's office pages for a call: settings and rubric, review progress with
reminders, the ranking in the order that decides the awards, decision e-mail previews."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import Role
from grants import services
from grants.enums import Outcome, ProposalState
from grants.models import Criterion, GrantCall, JuryAssignment
from grants.selectors import ranking_table, review_progress_table
from notifications.models import Notification
from tests.factories.cohorts import add_member
from tests.factories.grants import ProposalFactory, assign, juror_of, review

S = ProposalState


# --- call settings and rubric from the coordinator's screens -----------------------------


def _call_data(**overrides):
    data = {
        "action": "call",
        "title": "Reading rooms 2027",
        "opens_at": "2027-01-10T09:00",
        "closes_at": "2027-02-10T17:00",
        "timezone": "Europe/Skopje",
        "currency": "EUR",
        "total_budget": "20000",
        "max_per_proposal": "5000",
        "awards": "4",
        "jurors_per_proposal": "3",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_call_and_its_rubric(client, cohort, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("grants:call_new", args=[cohort.pk]), _call_data())
    call = GrantCall.objects.get(title="Reading rooms 2027")
    assert response["Location"] == reverse("grants:call_settings", args=[call.pk])
    assert call.cohort == cohort and call.awards == 4
    # the dates are read in the call's time zone (Skopje is UTC+1 in January)
    assert call.opens_at == datetime.datetime(2027, 1, 10, 8, 0, tzinfo=datetime.UTC)
    page = client.get(reverse("grants:call_settings", args=[call.pk])).content.decode()
    assert 'value="2027-01-10T09:00"' in page
    url = reverse("grants:call_settings", args=[call.pk])
    client.post(
        url,
        {
            "action": "criterion_add",
            "new-name": "Impact",
            "new-weight": "2",
            "new-scale_min": "1",
            "new-scale_max": "5",
            "new-required": "on",
            "new-position": "0",
        },
    )
    criterion = Criterion.objects.get(call=call)
    assert criterion.name == "Impact" and criterion.weight == 2
    client.post(
        url,
        {
            "action": "criterion_edit",
            "criterion": criterion.pk,
            f"c{criterion.pk}-name": "Impact on users",
            f"c{criterion.pk}-weight": "3",
            f"c{criterion.pk}-scale_min": "1",
            f"c{criterion.pk}-scale_max": "10",
            f"c{criterion.pk}-position": "0",
        },
    )
    criterion.refresh_from_db()
    assert (criterion.name, criterion.scale_max) == ("Impact on users", 10)


def test_bad_dates_stay_on_the_form(client, cohort, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("grants:call_new", args=[cohort.pk]),
        _call_data(closes_at="2027-01-01T09:00"),
    )
    assert response.status_code == 200
    assert "closes_at" in response.context["form"].errors
    assert response.context["form"]["title"].value() == "Reading rooms 2027"
    assert not GrantCall.objects.filter(title="Reading rooms 2027").exists()


def test_frozen_rubric_refused_with_a_message(client, call, in_review, juror, coordinator):
    review(in_review, juror, dict.fromkeys(call.criteria.all(), 3))
    services.save_review(
        proposal=in_review,
        by=juror,
        scores={c.pk: 3 for c in call.criteria.all()},
        recommendation="yes",
        submit=True,
    )
    criterion = call.criteria.first()
    client.force_login(coordinator)
    response = client.post(
        reverse("grants:call_settings", args=[call.pk]),
        {"action": "criterion_delete", "criterion": criterion.pk},
        follow=True,
    )
    assert "frozen" in response.content.decode()
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_other_cohorts_coordinator_cannot_create(client, cohort):
    from tests.factories.cohorts import CohortFactory
    from tests.factories.grants import coordinator_of

    outsider = coordinator_of(CohortFactory())
    client.force_login(outsider)
    response = client.post(reverse("grants:call_new", args=[cohort.pk]), _call_data())
    assert response.status_code == 404
    assert not GrantCall.objects.filter(title="Reading rooms 2027").exists()


# --- review progress and reminders -------------------------------------------------------


@pytest.fixture
def progress_world(call, cohort):
    late, keen = (
        juror_of(cohort, full_name="Lena Late"),
        juror_of(cohort, full_name="Kim Keen"),
    )
    proposals = [ProposalFactory(call=call, state=S.IN_REVIEW) for _ in range(3)]
    for proposal in proposals:
        assign(proposal, late)
        assign(proposal, keen)
        review(proposal, keen, dict.fromkeys(call.criteria.all(), 4))
    review(proposals[0], late, dict.fromkeys(call.criteria.all(), 2))
    # two of Lena's assignments are old: overdue
    JuryAssignment.objects.filter(juror=late, proposal__in=proposals[1:]).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    return late, keen, proposals


def test_progress_counts(call, progress_world, settings):
    settings.KOHORTA_REVIEW_DUE_DAYS = 14
    late, keen, _proposals = progress_world
    rows = {row["juror"].pk: row for row in review_progress_table(call)}
    assert (rows[late.pk]["assigned"], rows[late.pk]["submitted"]) == (3, 1)
    assert rows[late.pk]["overdue"] == 2
    assert (rows[keen.pk]["submitted"], rows[keen.pk]["overdue"]) == (3, 0)


def test_remind_all_overdue_once_a_day(client, call, coordinator, progress_world, run_on_commit):
    late, keen, _proposals = progress_world
    client.force_login(coordinator)
    url = reverse("grants:progress", args=[call.pk])
    page = client.get(url).content.decode()
    assert "Lena Late" in page and "Remind the 1 juror with overdue reviews" in page
    with run_on_commit():
        client.post(url, {"action": "remind_all"})
    told = Notification.objects.filter(kind="grants.review_nudge")
    assert list(told.values_list("recipient_id", flat=True)) == [late.pk]
    with run_on_commit():
        client.post(url, {"action": "remind_all"})
    assert told.count() == 1  # once a day


def test_remind_one_juror(client, call, coordinator, progress_world, run_on_commit):
    late, keen, _proposals = progress_world
    client.force_login(coordinator)
    url = reverse("grants:progress", args=[call.pk])
    with run_on_commit():
        client.post(url, {"action": "remind", "juror": late.pk})
    assert Notification.objects.filter(kind="grants.review_nudge", recipient=late).count() == 1
    # nothing open: an error message, nobody told
    response = client.post(url, {"action": "remind", "juror": keen.pk}, follow=True)
    assert "no review left" in response.content.decode()
    assert not Notification.objects.filter(kind="grants.review_nudge", recipient=keen).exists()
    # not a juror of this call's cohort
    stranger = add_member(call.cohort, Role.INNOVATOR)
    assert client.post(url, {"action": "remind", "juror": stranger.pk}).status_code == 404


def test_progress_page_fixed_queries(client, call, cohort, coordinator, django_assert_num_queries):
    client.force_login(coordinator)
    url = reverse("grants:progress", args=[call.pk])

    def grow(n):
        for _ in range(n):
            juror = juror_of(cohort)
            proposal = ProposalFactory(call=call, state=S.IN_REVIEW)
            assign(proposal, juror)
            review(ProposalFactory(call=call, state=S.IN_REVIEW), juror, {})

    grow(1)
    client.get(url)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    grow(4)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


# --- the ranking's default order decides the awards --------------------------------------


@pytest.fixture
def lenient_and_harsh(call, cohort):
    """Mean and z disagree: a lenient juror's middling score beats a harsh juror's best."""
    lenient, harsh = juror_of(cohort), juror_of(cohort)
    criteria = list(call.criteria.all())
    titles = {}
    for title, juror, value in [
        ("Lenient top", lenient, 5),
        ("Lenient middle", lenient, 4),
        ("Lenient low", lenient, 3),
        ("Harsh top", harsh, 3),
        ("Harsh low", harsh, 1),
    ]:
        proposal = ProposalFactory(call=call, state=S.IN_REVIEW, title=title)
        review(proposal, juror, dict.fromkeys(criteria, value))
        titles[title] = proposal
    return titles


def test_ranking_default_order_is_the_award_order(client, call, coordinator, lenient_and_harsh):
    by_z = [row.proposal.title for row in ranking_table(call, sort="z")]
    by_mean = [row.proposal.title for row in ranking_table(call, sort="mean")]
    assert by_z != by_mean
    assert [row.proposal.title for row in ranking_table(call)] == by_z
    client.force_login(coordinator)
    response = client.get(reverse("grants:ranking", args=[call.pk]))
    html = response.content.decode()
    table = html.split("<tbody>")[1]
    assert sorted(by_z, key=table.index) == by_z
    assert "The awards follow the “Normalised (z)” column" in html
    assert html.index("Harsh top") < html.index("Lenient middle")
    # the decisions page numbers proposals the same way
    rows = client.get(reverse("grants:decisions", args=[call.pk])).context["rows"]
    assert [(row.position, row.proposal.title) for row in rows] == list(enumerate(by_z, start=1))


# --- decision e-mails previewed in each recipient's language -----------------------------


def test_decision_preview_in_each_recipients_language(client, call, cohort, coordinator):
    applicant = add_member(cohort, Role.INNOVATOR, full_name="Ana", preferred_language="mk")
    partner = add_member(cohort, Role.INNOVATOR, full_name="Ben", preferred_language="en")
    proposal = ProposalFactory(call=call, applicant=applicant, state=S.IN_REVIEW, title="Kiosk")
    proposal.co_applicants.add(partner)
    services.record_decision(proposal=proposal, by=coordinator, outcome=Outcome.NOT_FUNDED)
    client.force_login(coordinator)
    response = client.get(
        reverse("grants:decision_preview", args=[call.pk]), {"outcome": "not_funded"}
    )
    previews = response.context["previews"]
    assert [(p["person"], p["language"]) for p in previews] == [(applicant, "mk"), (partner, "en")]
    assert "Thank you for your proposal “Kiosk”" in previews[1]["text"]
    assert "Thank you for your proposal" not in previews[0]["text"]  # in Macedonian
    assert "Kiosk" in previews[0]["text"]
    empty = client.get(reverse("grants:decision_preview", args=[call.pk]), {"outcome": "award"})
    assert empty.context["previews"] == []
    assert not proposal.decision.released_at  # previewing sends nothing
