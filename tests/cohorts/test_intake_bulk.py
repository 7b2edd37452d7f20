"""The selection list's office work: bulk decisions with one confirmation page, sorting,
search, the export with every answer, and withdrawn / merged applications under a filter."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import Role
from cohorts.intake import selectors as intake_selectors
from cohorts.intake import services as intake
from cohorts.intake.enums import ApplicationState
from cohorts.models import Application, Membership
from tests.factories.cohorts import (
    PASSWORD,
    CohortFactory,
    MembershipFactory,
    UserFactory,
    add_member,
)
from tests.factories.intake import ApplicationFactory, CallFactory, CallQuestionFactory
from tests.tables import read_table

S = ApplicationState


@pytest.fixture
def cohort():
    return CohortFactory()


@pytest.fixture
def coordinator(cohort, client):
    user = add_member(cohort, Role.COORDINATOR)
    client.login(username=user.email, password=PASSWORD)
    return user


def _app(cohort, name="Ana Petrova", state=S.SUBMITTED, country="MK", **fields):
    user = UserFactory(
        full_name=name,
        country=country,
        email=fields.pop("email", None)
        or f"{name.split()[0].lower()}-{UserFactory._meta.model.objects.count()}@example.org",
    )
    return ApplicationFactory(cohort=cohort, user=user, state=state, **fields)


def _url(name, cohort, *args):
    return reverse(f"cohorts:{name}", args=[cohort.pk, *args])


def _state(application):
    return Application.objects.get(pk=application.pk).state


# Bulk decisions ---------------------------------------------------------------------------


def test_confirmation_lists_who_changes_and_who_is_skipped(client, cohort, coordinator):
    submitted = _app(cohort, "Ana Submitted")
    waitlisted = _app(cohort, "Bojan Waitlisted", state=S.WAITLISTED)
    accepted = _app(cohort, "Cveta Accepted", state=S.ACCEPTED)
    response = client.get(
        _url("applications_bulk", cohort),
        {"to": S.DECLINED, "ids": [submitted.pk, waitlisted.pk, accepted.pk]},
    )
    assert response.status_code == 200
    assert response.context["changes"] == [submitted, waitlisted]
    assert [a for a, _reason in response.context["skipped"]] == [accepted]
    body = response.content.decode()
    assert "Cveta Accepted" in body and "cannot go from" in body
    # Nothing changed yet: the GET only shows.
    assert _state(submitted) == S.SUBMITTED


def test_bulk_post_applies_through_the_transition_service(client, cohort, coordinator):
    first, second = _app(cohort, "Ana One"), _app(cohort, "Ana Two", state=S.WAITLISTED)
    accepted = _app(cohort, "Ana Three", state=S.ACCEPTED, decision_sent_state=S.ACCEPTED)
    response = client.post(
        _url("applications_bulk", cohort),
        {"to": S.ACCEPTED, "ids": [first.pk, second.pk, accepted.pk], "list_sort": "-name"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?sort=-name")
    assert {_state(first), _state(second), _state(accepted)} == {S.ACCEPTED}
    # Accepting gives the innovator role, as a single decision does.
    assert (
        Membership.objects.filter(
            cohort=cohort, role=Role.INNOVATOR, user__in=[first.user, second.user]
        ).count()
        == 2
    )
    # Decisions wait for the batch e-mail, as single decisions do.
    assert intake_selectors.pending_decisions(cohort).count() == 2


def test_bulk_later_round_tells_the_people_moved(
    client, cohort, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    application = _app(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url("applications_bulk", cohort), {"to": S.LATER_ROUND, "ids": [application.pk]}
        )
    assert _state(application) == S.LATER_ROUND
    assert [message.to for message in mailoutbox] == [[application.user.email]]


def test_bulk_is_all_or_nothing(cohort, coordinator, monkeypatch):
    first, second = _app(cohort, "Ana One"), _app(cohort, "Ana Two")
    real = intake.transition_application
    calls = []

    def failing(application, to, **kwargs):
        calls.append(application.pk)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return real(application, to, **kwargs)

    monkeypatch.setattr(intake, "transition_application", failing)
    with pytest.raises(RuntimeError):
        intake.bulk_transition(
            cohort=cohort, applications=[first, second], to=S.DECLINED, by=coordinator
        )
    assert {_state(first), _state(second)} == {S.SUBMITTED}


def test_bulk_ignores_other_cohorts_applications(client, cohort, coordinator):
    other = _app(CohortFactory(), "Other Cohort")
    mine = _app(cohort)
    client.post(_url("applications_bulk", cohort), {"to": S.DECLINED, "ids": [other.pk, mine.pk]})
    assert _state(other) == S.SUBMITTED
    assert _state(mine) == S.DECLINED
    with pytest.raises(PermissionDenied):
        intake.bulk_transition(cohort=cohort, applications=[other], to=S.DECLINED, by=coordinator)


def test_ambassadors_cannot_bulk_decide(client, cohort):
    ambassador = UserFactory(country="MK")
    MembershipFactory(user=ambassador, cohort=cohort, role=Role.AMBASSADOR, country="MK")
    application = _app(cohort)
    client.login(username=ambassador.email, password=PASSWORD)
    response = client.post(
        _url("applications_bulk", cohort), {"to": S.DECLINED, "ids": [application.pk]}
    )
    assert response.status_code == 404
    assert _state(application) == S.SUBMITTED


@pytest.mark.parametrize(
    "data", [{"to": "draft", "ids": ["1"]}, {"to": S.DECLINED}, {"to": S.DECLINED, "ids": ["x"]}]
)
def test_bad_bulk_input_goes_back_with_a_message(client, cohort, coordinator, data):
    response = client.get(_url("applications_bulk", cohort), data)
    assert response.status_code == 302
    assert response["Location"].startswith(_url("applications", cohort))


def test_the_list_has_checkboxes_in_a_form_for_coordinators(client, cohort, coordinator):
    application = _app(cohort)
    body = client.get(_url("applications", cohort)).content.decode()
    assert f'name="ids" value="{application.pk}"' in body
    assert 'action="' + _url("applications_bulk", cohort) in body


# Sorting and search -----------------------------------------------------------------------


def test_sorting_by_name_country_submitted_and_state(client, cohort, coordinator):
    now = timezone.now()
    zoe = _app(cohort, "Zoe Adams", country="AL", submitted_at=now - datetime.timedelta(days=3))
    ana = _app(cohort, "Ana Zed", country="RS", state=S.ACCEPTED, submitted_at=now)
    mia = _app(
        cohort,
        "Mia Brown",
        country="HR",
        state=S.DECLINED,
        submitted_at=now - datetime.timedelta(days=1),
    )

    def order(sort):
        response = client.get(_url("applications", cohort), {"sort": sort})
        return [a.user.full_name for a in response.context["page"]]

    assert order("name") == ["Ana Zed", "Mia Brown", "Zoe Adams"]
    assert order("-name") == ["Zoe Adams", "Mia Brown", "Ana Zed"]
    # By the country's name (Albania, Croatia, Serbia), not its code.
    assert order("country") == ["Zoe Adams", "Mia Brown", "Ana Zed"]
    assert order("-submitted") == ["Ana Zed", "Mia Brown", "Zoe Adams"]
    assert order("state") == [ana.user.full_name, mia.user.full_name, zoe.user.full_name]
    assert order("bogus") == ["Zoe Adams", "Mia Brown", "Ana Zed"]


def test_search_by_name_email_and_organisation(client, cohort, coordinator):
    _app(cohort, "Ana Petrova", email="ana@lib.mk", organisation="City Library Skopje")
    _app(cohort, "Marko Jovanović", email="marko@nb.rs", organisation="National Library")

    def found(q):
        response = client.get(_url("applications", cohort), {"q": q})
        return [a.user.full_name for a in response.context["page"]]

    assert found("petrova") == ["Ana Petrova"]
    assert found("nb.rs") == ["Marko Jovanović"]
    assert found("skopje") == ["Ana Petrova"]
    assert found("library") == ["Ana Petrova", "Marko Jovanović"]


# Withdrawn and merged ---------------------------------------------------------------------


def test_withdrawn_and_merged_are_listed_under_their_filter(client, cohort, coordinator):
    keep = _app(cohort, "Ana Kept")
    duplicate = _app(cohort, "Ana Duplicate")
    withdrawn = _app(cohort, "Ana Withdrawn", state=S.WITHDRAWN)
    intake.merge_applications(keep=keep, duplicate=duplicate, by=coordinator)

    def listed(state=""):
        response = client.get(_url("applications", cohort), {"state": state} if state else {})
        return [a.pk for a in response.context["page"]]

    assert listed() == [keep.pk]
    assert listed("withdrawn") == [withdrawn.pk]
    assert listed("merged") == [duplicate.pk]


def test_a_merged_duplicate_shows_read_only_where_it_went(client, cohort, coordinator):
    keep = _app(cohort, "Ana Kept")
    duplicate = _app(cohort, "Ana Duplicate")
    intake.merge_applications(keep=keep, duplicate=duplicate, by=coordinator)
    response = client.get(_url("application_detail", cohort, duplicate.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="merged-into"' in body
    assert _url("application_detail", cohort, keep.pk) in body
    assert 'name="score"' not in body
    response = client.post(_url("application_detail", cohort, duplicate.pk), {"score": "4"})
    assert response.status_code == 302
    assert Application.objects.get(pk=duplicate.pk).score != 4 or duplicate.score == 4


# Export -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_has_every_answer_and_country_names(client, cohort, coordinator, fmt):
    call = CallFactory(cohort=cohort)
    question = CallQuestionFactory(call=call, label="Why now?")
    application = _app(cohort, "Ана Петрова", country="MK", answers={str(question.pk): "=Because"})
    _app(cohort, "Someone Withdrawn", state=S.WITHDRAWN)
    response = client.get(_url(f"applications_{fmt}", cohort))
    assert response.status_code == 200
    header, *rows = read_table(response)
    assert header[-1] == "Why now?"
    assert header[:4] == ["Application", "Name", "E-mail", "Country"]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=False))
    assert row["Name"] == "Ана Петрова"
    assert row["Country"] == "North Macedonia"
    assert row["Why now?"] in ("'=Because", "=Because")
    assert row["Application"] == str(application.pk)


def test_export_follows_the_filters(client, cohort, coordinator):
    _app(cohort, "Ana Petrova")
    _app(cohort, "Marko Jovanović")
    header, *rows = read_table(client.get(_url("applications_csv", cohort), {"q": "marko"}))
    assert [row[1] for row in rows] == ["Marko Jovanović"]


# Query counts -----------------------------------------------------------------------------


def _many(cohort, size):
    return [_app(cohort, f"Person {n}", country=["MK", "RS", "AL"][n % 3]) for n in range(size)]


@pytest.mark.parametrize("size", [2, 12])
def test_list_query_count(client, cohort, coordinator, django_assert_num_queries, size):
    _many(cohort, size)
    with django_assert_num_queries(QUERIES["list"]):
        response = client.get(_url("applications", cohort), {"sort": "country", "q": "person"})
    assert len(response.context["page"]) == size


@pytest.mark.parametrize("size", [2, 12])
def test_confirmation_query_count(client, cohort, coordinator, django_assert_num_queries, size):
    applications = _many(cohort, size)
    with django_assert_num_queries(QUERIES["confirm"]):
        response = client.get(
            _url("applications_bulk", cohort),
            {"to": S.ACCEPTED, "ids": [a.pk for a in applications]},
        )
    assert len(response.context["changes"]) == size


QUERIES = {"list": 12, "confirm": 7}  # the list: 12 with the review rubric
