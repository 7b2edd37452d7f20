"""Intake rules: the per-country cap with its waiting list, and duplicate detection."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import Role
from cohorts.intake import selectors as intake_selectors
from cohorts.intake import services as intake
from cohorts.intake.enums import ApplicationState
from cohorts.models import Application, ApplicationNote
from tests.factories.cohorts import PASSWORD, CohortFactory, UserFactory, add_member
from tests.factories.intake import ApplicationFactory

START = timezone.now() - datetime.timedelta(days=10)


def _apply(cohort, country, minutes, state=ApplicationState.SUBMITTED, **user_fields):
    user = UserFactory(country=country, **user_fields)
    return ApplicationFactory(
        cohort=cohort,
        user=user,
        state=state,
        submitted_at=START + datetime.timedelta(minutes=minutes),
    )


def test_country_cap_moves_latest_over_cap_and_emails_each_once(run_on_commit):
    cohort = CohortFactory()
    polish = [_apply(cohort, "PL", minute) for minute in range(6)]
    others = [_apply(cohort, country, 10 + n) for n, country in enumerate(["AU", "US", "GB", "NZ"])]
    with run_on_commit():
        moved = intake.apply_country_cap(cohort=cohort, by=None, percent=20)
    # 10 applicants, 20% -> at most 2 per country: the 4 latest Polish move.
    assert sorted(a.pk for a in moved) == sorted(a.pk for a in polish[2:])
    states = dict(Application.objects.values_list("pk", "state"))
    assert [states[a.pk] for a in polish] == ["submitted"] * 2 + ["later_round"] * 4
    assert {states[a.pk] for a in others} == {"submitted"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.user.email for a in polish[2:])
    assert "moved to a later round" in mail.outbox[0].subject


def test_country_cap_twice_moves_nobody_and_sends_nothing_more(run_on_commit):
    cohort = CohortFactory()
    for minute in range(6):
        _apply(cohort, "PL", minute)
    for n, country in enumerate(["AU", "US", "GB", "NZ"]):
        _apply(cohort, country, 10 + n)
    with run_on_commit():
        intake.apply_country_cap(cohort=cohort, by=None, percent=20)
    with run_on_commit():
        again = intake.apply_country_cap(cohort=cohort, by=None, percent=20)
    assert again == []
    assert len(mail.outbox) == 4


def test_country_cap_never_moves_accepted_applicants(run_on_commit):
    cohort = CohortFactory()
    accepted = [_apply(cohort, "PL", m, state=ApplicationState.ACCEPTED) for m in range(3)]
    late = _apply(cohort, "PL", 5)
    for n, country in enumerate(["AU", "US", "GB", "NZ", "DE", "FR"]):
        _apply(cohort, country, 10 + n)
    with run_on_commit():
        moved = intake.apply_country_cap(cohort=cohort, by=None, percent=20)
    assert [a.pk for a in moved] == [late.pk]
    assert set(
        Application.objects.filter(pk__in=[a.pk for a in accepted]).values_list("state", flat=True)
    ) == {"accepted"}


def test_country_cap_without_percent_refused():
    cohort = CohortFactory()
    with pytest.raises(ValidationError) as error:
        intake.apply_country_cap(cohort=cohort, by=None)
    assert error.value.message_dict == {
        "percent": ["Give the cap as a share between 1 and 100 per cent."]
    }


def test_country_cap_by_innovator_refused():
    cohort = CohortFactory()
    innovator = add_member(cohort, Role.INNOVATOR)
    with pytest.raises(intake.PermissionDenied):
        intake.apply_country_cap(cohort=cohort, by=innovator, percent=20)


def test_cap_view_bad_percent_moves_nobody(client):
    cohort = CohortFactory()
    coordinator = add_member(cohort, Role.COORDINATOR)
    _apply(cohort, "PL", 1)
    client.login(username=coordinator.email, password=PASSWORD)
    response = client.post(
        reverse("cohorts:apply_cap", kwargs={"cohort_id": cohort.pk}), {"percent": "0"}, follow=True
    )
    assert "between 1 and 100 per cent" in response.content.decode()
    assert Application.objects.filter(state="later_round").count() == 0


# Duplicates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ana.Petrova@Example.org", "ana.petrova@example.org"),
        ("ana+iln@example.org", "ana@example.org"),
        ("a.n.a@gmail.com", "ana@googlemail.com"),
    ],
)
def test_email_key_same_person(first, second):
    assert intake.email_key(first) == intake.email_key(second)


def test_name_key_ignores_accents_case_and_punctuation():
    assert intake.name_key("Dragana Petrović", "Belgrade City Library") == intake.name_key(
        "dragana  petrovic", "Belgrade City-Library."
    )
    assert intake.name_key("Dragana Petrović", "") == ""


def test_duplicate_groups_by_email_and_by_name_and_organisation():
    cohort = CohortFactory()
    first = _apply(cohort, "RS", 1, email="ana@example.org", full_name="Ana A")
    second = _apply(cohort, "RS", 2, email="ana+2@example.org", full_name="Ana B")
    third = _apply(cohort, "RS", 3, full_name="Marko Ilić", organisation="Library X")
    fourth = _apply(cohort, "HR", 4, full_name="Marko Ilic", organisation="library x")
    _apply(cohort, "RS", 5, full_name="Someone Else")
    groups = intake_selectors.duplicate_groups(cohort)
    assert [[a.pk for a in g["applications"]] for g in groups] == [
        [first.pk, second.pk],
        [third.pk, fourth.pk],
    ]
    assert [g["reasons"] for g in groups] == [["email"], ["name"]]


def test_duplicate_groups_ignores_other_cohorts_and_drafts():
    cohort, other = CohortFactory(), CohortFactory()
    _apply(cohort, "RS", 1, email="ana@example.org")
    _apply(other, "RS", 2, email="ana+2@example.org")
    _apply(cohort, "RS", 3, email="ana+3@example.org", state=ApplicationState.DRAFT)
    assert intake_selectors.duplicate_groups(cohort) == []


def test_merge_applications_withdraws_duplicate_and_moves_notes():
    cohort = CohortFactory()
    keep = _apply(cohort, "RS", 1, email="ana@example.org")
    duplicate = _apply(cohort, "RS", 2, email="ana+2@example.org")
    duplicate.score = 7
    duplicate.interests = ["children"]
    duplicate.save()
    ApplicationNote.objects.create(application=duplicate, body="Strong")
    intake.merge_applications(keep=keep, duplicate=duplicate, by=None)
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.duplicate_of_id) == ("withdrawn", keep.pk)
    assert (keep.score, keep.interests) == (7, ["children", "digital"])
    assert list(keep.notes.values_list("body", flat=True)) == ["Strong"]
    assert intake_selectors.duplicate_groups(cohort) == []


def test_duplicates_page_lists_groups_and_merges(client):
    cohort = CohortFactory()
    coordinator = add_member(cohort, Role.COORDINATOR)
    keep = _apply(cohort, "RS", 1, email="ana@example.org")
    duplicate = _apply(cohort, "RS", 2, email="ana+2@example.org")
    client.login(username=coordinator.email, password=PASSWORD)
    url = reverse("cohorts:duplicates", kwargs={"cohort_id": cohort.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["groups"]) == 1
    response = client.post(url, {"keep": keep.pk, "duplicate": duplicate.pk})
    assert response.status_code == 302
    assert Application.objects.get(pk=duplicate.pk).state == "withdrawn"


def test_import_application_accepted_gives_role_without_decision_email(run_on_commit):
    from cohorts.models import Membership

    cohort = CohortFactory()
    user = UserFactory(country="PL")
    with run_on_commit():
        application = intake.import_application(
            cohort=cohort, user=user, by=None, accepted=True, country="PL", sector="public"
        )
    assert (application.state, application.decision_sent_state) == ("accepted", "accepted")
    assert Membership.objects.filter(cohort=cohort, user=user, role=Role.INNOVATOR).exists()
    assert intake_selectors.pending_decisions(cohort).count() == 0
    assert mail.outbox == []
    assert intake.import_application(cohort=cohort, user=user, by=None) == application
