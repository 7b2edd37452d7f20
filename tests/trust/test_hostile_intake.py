"""Hostile input over intake: the application form, selection, matching, topics, the call.

No answer is a 5xx, markup comes back escaped, and a refused form saves nothing.
"""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cohorts.enums import Role
from cohorts.intake.enums import ApplicationState
from cohorts.models import (
    Application,
    ApplicationNote,
    Call,
    CallQuestion,
    DiscussionTopic,
    MatchingConstraint,
    MatchingRun,
)
from tests.factories.cohorts import UserFactory, add_member
from tests.factories.intake import (
    ApplicationFactory,
    CallQuestionFactory,
    open_call,
    participant,
)

from .hostile import (
    MARKUP_PAYLOADS,
    app_settings,
    assert_safe_response,
    get_hostile,
    hostile_form_data,
    hostile_id,
    hostile_text,
    post_hostile,
    row_counts,
)

pytestmark = pytest.mark.django_db

APPLICATION_FIELDS = [
    "sector",
    "career_stage",
    "country",
    "organisation",
    "interests_other",
    "hopes",
    "preferred_partner_sector",
]
VALID_APPLICATION = {
    "sector": "public",
    "career_stage": "mid",
    "country": "MK",
    "organisation": "Bitola Public Library",
    "languages": ["en", "mk"],
    "interests": ["digital"],
    "hopes": "To learn from peers.",
}


@pytest.fixture
def intake():
    """An open call with two extra questions, its coordinator and four participants."""
    call = open_call()
    cohort = call.cohort
    questions = [CallQuestionFactory(call=call), CallQuestionFactory(call=call, required=False)]
    coordinator = add_member(cohort, Role.COORDINATOR)
    people = [participant(cohort, country) for country in ("MK", "RS", "BG", "AL")]
    return {
        "call": call,
        "cohort": cohort,
        "questions": questions,
        "coordinator": coordinator,
        "people": people,
    }


def _question_fields(intake):
    return [f"question_{question.pk}" for question in intake["questions"]]


@app_settings
@given(
    data=st.data(),
    languages=st.lists(hostile_text(), max_size=3),
    interests=st.lists(hostile_text(), max_size=3),
    submit=st.booleans(),
)
def test_application_form_survives_hostile_input(
    client, intake, data, languages, interests, submit
):
    fields = data.draw(hostile_form_data(APPLICATION_FIELDS + _question_fields(intake)))
    user = UserFactory()
    client.force_login(user)
    url = reverse("cohorts:apply", args=[intake["cohort"].pk])
    before = row_counts(Application)
    posted = {**VALID_APPLICATION, **fields}
    if languages:
        posted["languages"] = languages
    if interests:
        posted["interests"] = interests
    if submit:
        posted["submit"] = "1"
    response = post_hostile(client, url, posted)
    if response.status_code == 200:
        assert row_counts(Application) == before
        return
    assert response.status_code == 302
    application = Application.objects.get(user=user)
    shown = [client.get(url)]
    if application.state == ApplicationState.SUBMITTED:
        client.force_login(intake["coordinator"])
        shown.append(
            client.get(
                reverse("cohorts:application_detail", args=[intake["cohort"].pk, application.pk])
            )
        )
        shown.append(client.get(reverse("cohorts:applications", args=[intake["cohort"].pk])))
    for page in shown:
        assert page.status_code in (200, 302)
        assert_safe_response(page, posted)


def test_markup_in_answers_is_escaped_for_the_coordinator(client, intake):
    application = ApplicationFactory(
        cohort=intake["cohort"],
        organisation=MARKUP_PAYLOADS[1],
        hopes=MARKUP_PAYLOADS[0],
        answers={str(intake["questions"][0].pk): MARKUP_PAYLOADS[3]},
    )
    client.force_login(intake["coordinator"])
    url = reverse("cohorts:application_detail", args=[intake["cohort"].pk, application.pk])
    body = client.get(url).content.decode()
    assert "&lt;script&gt;alert(&quot;kohorta&quot;)&lt;/script&gt;" in body
    for payload in MARKUP_PAYLOADS[:2] + MARKUP_PAYLOADS[3:4]:
        assert payload not in body


@app_settings
@given(data=hostile_form_data(["score", "note"]))
def test_selection_review_survives_hostile_input(client, intake, data):
    application = Application.objects.filter(cohort=intake["cohort"]).first()
    client.force_login(intake["coordinator"])
    url = reverse("cohorts:application_detail", args=[intake["cohort"].pk, application.pk])
    before = (row_counts(ApplicationNote), Application.objects.get(pk=application.pk).score)
    response = post_hostile(client, url, data)
    after = (row_counts(ApplicationNote), Application.objects.get(pk=application.pk).score)
    if response.status_code == 200:
        assert after == before
    else:
        assert response.status_code == 302
        assert_safe_response(client.get(url), data)


@app_settings
@given(
    state=hostile_text(),
    percent=hostile_text(),
    keep=hostile_id(),
    duplicate=hostile_id(),
    query=hostile_form_data(["country", "sector", "state", "page"]),
)
def test_selection_actions_survive_hostile_input(
    client, intake, state, percent, keep, duplicate, query
):
    cohort = intake["cohort"]
    application = Application.objects.filter(cohort=cohort).first()
    client.force_login(intake["coordinator"])
    states = list(Application.objects.values_list("pk", "state"))
    response = post_hostile(
        client,
        reverse("cohorts:application_decide", args=[cohort.pk, application.pk]),
        {"state": state},
    )
    assert response.status_code in (302, 404)
    assert list(Application.objects.values_list("pk", "state")) == states
    response = post_hostile(
        client, reverse("cohorts:apply_cap", args=[cohort.pk]), {"percent": percent}
    )
    assert response.status_code == 302
    response = post_hostile(
        client,
        reverse("cohorts:duplicates", args=[cohort.pk]),
        {"keep": keep, "duplicate": duplicate},
    )
    assert response.status_code == 302
    assert row_counts(Application) == (4,)
    response = get_hostile(client, reverse("cohorts:applications", args=[cohort.pk]), query)
    assert response.status_code == 200
    assert_safe_response(response, query)


@app_settings
@given(
    data=st.data(),
    kind=st.one_of(st.sampled_from(["pin", "exclude"]), hostile_text()),
    note=hostile_text(),
)
def test_pins_and_exclusions_survive_hostile_input(client, intake, data, kind, note):
    first, second = data.draw(st.permutations([person.email for person in intake["people"]]))[:2]
    posted = {
        "constraint": "1",
        "constraint-first": data.draw(st.one_of(st.just(first), st.just(first), hostile_text())),
        "constraint-second": data.draw(st.one_of(st.just(second), hostile_text())),
        "constraint-kind": kind,
        "constraint-note": note,
    }
    client.force_login(intake["coordinator"])
    url = reverse("cohorts:matching", args=[intake["cohort"].pk])
    before = row_counts(MatchingConstraint)
    response = post_hostile(client, url, posted)
    if response.status_code == 200:
        assert row_counts(MatchingConstraint) == before
    else:
        assert response.status_code == 302
        assert_safe_response(client.get(url), {"note": note})
        MatchingConstraint.objects.all().delete()
    response = post_hostile(client, url, {"remove": data.draw(hostile_id())})
    assert response.status_code in (302, 404)


@app_settings
@given(
    data=hostile_form_data(
        ["interests", "partner_sector", "language", "student_stage", "top_k", "seed"]
    )
)
def test_matching_run_parameters_survive_hostile_input(client, intake, data):
    from cohorts.intake.forms import RunForm

    client.force_login(intake["coordinator"])
    url = reverse("cohorts:matching", args=[intake["cohort"].pk])
    before = row_counts(MatchingRun)
    response = post_hostile(client, url, {**RunForm.defaults(), **data, "run": "1"})
    if response.status_code == 200:
        assert row_counts(MatchingRun) == before
    else:
        assert response.status_code == 302


@app_settings
@given(
    swap=hostile_form_data(["swap-first", "swap-second"]),
    pin=hostile_id(),
    page=hostile_text(),
    first=hostile_id(),
    second=hostile_id(),
)
def test_matching_run_page_survives_hostile_input(client, intake, swap, pin, page, first, second):
    from cohorts.intake.matching import service as matching

    cohort = intake["cohort"]
    client.force_login(intake["coordinator"])
    run = MatchingRun.objects.filter(cohort=cohort).first() or matching.create_run(
        cohort=cohort, by=intake["coordinator"]
    )
    url = reverse("cohorts:matching_run", args=[cohort.pk, run.pk])
    pairs = list(run.pairs.values_list("pk", "person_a", "person_b", "person_c", "pinned"))
    response = post_hostile(client, url, {**swap, "swap": "1"})
    assert response.status_code in (200, 302)
    response = post_hostile(client, url, {"pin": pin})
    assert response.status_code in (302, 404)
    assert list(run.pairs.values_list("pk", "person_a", "person_b", "person_c", "pinned")) == (
        pairs
    )
    assert get_hostile(client, url, {"page": page}).status_code == 200
    compare = get_hostile(
        client,
        reverse("cohorts:matching_compare", args=[cohort.pk]),
        {"first": first, "second": second},
    )
    assert compare.status_code in (200, 404)


@app_settings
@given(
    data=st.data(),
    fields=hostile_form_data(["title", "body"]),
    remove=hostile_id(),
)
def test_discussion_topics_survive_hostile_input(client, intake, data, fields, remove):
    cohort = intake["cohort"]
    starts_on = data.draw(st.one_of(st.just(cohort.starts_on.isoformat()), hostile_text()))
    client.force_login(intake["coordinator"])
    url = reverse("cohorts:topics", args=[cohort.pk])
    before = row_counts(DiscussionTopic)
    posted = {"title": "Reading clubs", "body": "How do you run them?", **fields}
    response = post_hostile(client, url, {**posted, "starts_on": starts_on})
    if response.status_code == 200:
        assert row_counts(DiscussionTopic) == before
    else:
        assert response.status_code == 302
        assert_safe_response(client.get(url), posted)
    assert post_hostile(client, url, {"remove": remove}).status_code in (302, 404)


@app_settings
@given(
    call=hostile_form_data(["deadline", "introduction", "country_cap_percent"]),
    question=hostile_form_data(
        ["questions-0-label", "questions-0-help_text", "questions-0-id", "questions-0-required"]
    ),
    management=hostile_form_data(["questions-TOTAL_FORMS", "questions-INITIAL_FORMS"]),
    foreign_id=st.booleans(),
)
def test_call_settings_survive_hostile_input(
    client, intake, call, question, management, foreign_id
):
    cohort = intake["cohort"]
    others = CallQuestion.objects.exclude(call__cohort=cohort)
    other = others.first() or CallQuestionFactory(label="Another cohort's question?")
    client.force_login(intake["coordinator"])
    url = reverse("cohorts:call_settings", args=[cohort.pk])
    before = (
        list(Call.objects.values()),
        list(CallQuestion.objects.order_by("pk").values()),
    )
    posted = {
        "deadline": "2027-01-31T12:00",
        "introduction": "Apply now.",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-label": "Why now?",
        **call,
        **question,
        **management,
    }
    if foreign_id:
        posted["questions-0-id"] = str(other.pk)
    response = post_hostile(client, url, posted)
    if response.status_code == 200:
        after = (
            list(Call.objects.values()),
            list(CallQuestion.objects.order_by("pk").values()),
        )
        assert after == before
    else:
        assert response.status_code == 302
        assert_safe_response(client.get(url), posted)
        assert_safe_response(client.get(reverse("cohorts:call_detail", args=[cohort.pk])), posted)
    # Another cohort's question is never changed through a posted id.
    assert list(others.values()) == [row for row in before[1] if row["id"] == other.pk]


@app_settings
@given(assignments=st.dictionaries(hostile_id().map(lambda v: f"assign-{v}"), hostile_id()))
def test_mentor_group_assignment_survives_hostile_ids(client, intake, assignments):
    client.force_login(intake["coordinator"])
    response = post_hostile(
        client, reverse("cohorts:mentor_groups", args=[intake["cohort"].pk]), assignments
    )
    # 400: Django refuses a multipart field name longer than its header limit.
    assert response.status_code in (302, 400)


def test_ids_beyond_the_database_range_are_refused_not_a_500(client, intake):
    """Was an OverflowError (500) on SQLite: ``pk__in`` with a 20-digit posted id."""
    cohort = intake["cohort"]
    client.force_login(intake["coordinator"])
    huge = "9" * 20
    response = client.post(
        reverse("cohorts:mentor_groups", args=[cohort.pk]), {f"assign-{huge}": huge}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("cohorts:duplicates", args=[cohort.pk]), {"keep": huge, "duplicate": huge}
    )
    assert response.status_code == 302
    compare = client.get(
        reverse("cohorts:matching_compare", args=[cohort.pk]), {"first": huge, "second": huge}
    )
    assert compare.status_code == 404
