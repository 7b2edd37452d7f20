"""Erasure leaves nothing the person wrote anywhere in the database.

A person writes distinctive texts everywhere a person can write (profile, application,
reflections, registration, a speaker profile in a published agenda, two grant proposals that were not funded: every text field,
the answers, budget lines, a co-applicant, an attachment, a second revision, transition
notes), through the services, as they would on the site. They erase their account
through the page a person uses. Then every column of every table is searched (all the
tables of the database, so Wagtail's log entries and revisions, django-q's queue and the
search index are covered too), and none of those texts may be found.
"""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from cohorts import services as cohort_services
from cohorts.enums import Role
from cohorts.intake import services as applications
from curriculum import services as curriculum_services
from curriculum.enums import FeedbackDecision
from events import services as events_services
from grants import selectors as grants_selectors
from grants import services as grants_services
from grants.enums import Outcome, ProposalState
from grants.models import BudgetLine, Proposal, ProposalRevision, Review, Score
from tests.factories.cohorts import PASSWORD, UserFactory, add_member, assign_mentor
from tests.factories.curriculum import make_course, modules_of, run_course
from tests.factories.events import SessionFactory, SpeakerFactory, make_meeting
from tests.factories.grants import make_call, question_key, review
from tests.factories.intake import CallQuestionFactory, open_call

pytestmark = pytest.mark.django_db

MARK = "Zyxqa"
NAME, EMAIL = "Ana Stojanovska", "ana@example.org"
PDF = b"%PDF-1.4\n%plan\n"


def secret(label):
    """A text only this person wrote: the mark makes it findable anywhere."""
    return f"{MARK} {label}"


def occurrences(*needles):
    """``[(table, column, needle)]`` for every cell of every table holding a needle."""
    found = []
    lowered = [needle.lower() for needle in needles]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for model in apps.get_models(include_auto_created=True):
            assert model._meta.db_table in tables, model  # every model's table is searched
        for table in tables:
            # Table names come from the database itself, quoted.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    if not isinstance(value, str):
                        continue
                    value = value.lower()
                    found += [
                        (table, column, needle)
                        for needle, low in zip(needles, lowered, strict=True)
                        if low in value
                    ]
    return sorted(set(found))


def texts(client, ana):
    """Everything ``ana`` writes, through the services; returns what the test checks after."""
    cohort = open_call(name="ILN 2026").cohort
    coordinator = add_member(cohort, Role.COORDINATOR, full_name="Cora Coordinator")
    add_member(cohort, Role.INNOVATOR, user=ana)
    partner = add_member(cohort, Role.INNOVATOR, full_name="Milan Petrović")
    mentor = add_member(cohort, Role.MENTOR, full_name="Dimitris Alexiou")
    assign_mentor(cohort, mentor, ana)
    cohort_services.update_profile(
        user=ana, by=ana, bio=secret("bio"), organisation=secret("Library")
    )

    # Intake: an application with an answer to the call's question.
    question = CallQuestionFactory(call=cohort.call, label="Which service would you change?")
    applications.save_application(
        cohort=cohort,
        user=ana,
        by=ana,
        submit=True,
        sector="public",
        career_stage="mid",
        country="MK",
        organisation=secret("application organisation"),
        languages=["en"],
        interests=["digital"],
        interests_other=secret("interests"),
        hopes=secret("hopes"),
        answers={str(question.pk): secret("application answer")},
    )

    # Curriculum: a submitted reflection with a file, feedback, and a revision in draft.
    course = make_course(modules=1, lessons=1, reflection={0})
    run = run_course(cohort, course)
    key = modules_of(course)[0].translation_key
    reflection = curriculum_services.save_reflection_draft(
        cohort_course=run,
        module_key=key,
        user=ana,
        text=secret("reflection"),
        by=ana,
        attachment=SimpleUploadedFile(f"{MARK}-plan.pdf", PDF, "application/pdf"),
    )
    reflection = curriculum_services.submit_reflection(reflection=reflection, by=ana)
    curriculum_services.give_feedback(
        reflection=reflection,
        decision=FeedbackDecision.NEEDS_REVISION,
        comment="Say more about the budget.",
        by=mentor,
    )
    curriculum_services.save_reflection_draft(
        cohort_course=run, module_key=key, user=ana, text=secret("reflection draft"), by=ana
    )

    # Events: a registration with needs, a speaker profile in a published agenda.
    meeting = make_meeting(cohort)
    speaker = SpeakerFactory(
        meeting=meeting,
        user=ana,
        name=NAME,
        email=EMAIL,
        organisation=secret("speaker organisation"),
        bio=secret("speaker bio"),
    )
    SessionFactory(meeting=meeting, title="Study visit").speakers.add(speaker)
    events_services.publish_agenda(meeting=meeting, name="Final", by=coordinator)
    events_services.register(
        meeting=meeting,
        user=ana,
        by=ana,
        dietary_needs=secret("diet"),
        accessibility_needs=secret("access"),
        listed=True,
    )

    # Grants: a proposal left in draft after a second version, one not funded.
    jurors = [add_member(cohort, Role.JURY, full_name=n) for n in ("Jules Juror", "Jana Juror")]
    proposals = []
    for number in (1, 2):
        call = make_call(cohort, criteria=2, extra_questions="What will you measure?")
        proposal = grants_services.create_proposal(
            call=call, by=ana, title=secret(f"title {number}")
        )
        fields = {
            name: secret(f"{name} {number}")
            for name in ("summary", "problem", "target_community", "activities", "timeline")
        }
        grants_services.save_proposal(
            proposal=proposal,
            by=ana,
            answers={
                question_key(call, "What will you measure?"): secret(f"proposal answer {number}")
            },
            budget_lines=[
                (secret(f"budget seeds {number}"), "1000"),
                (secret(f"budget shelves {number}"), "500"),
            ],
            co_applicants=[partner],
            **fields,
        )
        grants_services.add_attachment(
            proposal=proposal,
            by=ana,
            file=SimpleUploadedFile(f"{MARK}-budget-{number}.pdf", PDF, "application/pdf"),
        )
        grants_services.transition_proposal(
            proposal, ProposalState.SUBMITTED, by=ana, note=secret(f"submit note {number}")
        )
        proposals.append(proposal)
    draft, unfunded = proposals
    grants_services.transition_proposal(
        draft, ProposalState.DRAFT, by=ana, note=secret("reopen note")
    )
    grants_services.save_proposal(
        proposal=draft,
        by=ana,
        title=secret("title 1 second"),
        summary=secret("summary 1 second"),
        budget_lines=[(secret("budget seeds 1 second"), "1200")],
    )
    for state in (ProposalState.ELIGIBLE, ProposalState.IN_REVIEW):
        grants_services.transition_proposal(unfunded, state, by=coordinator)
    criteria = list(unfunded.call.criteria.all())
    for juror, values in zip(jurors, ((5, 4), (3, 2)), strict=True):
        review(unfunded, juror, dict(zip(criteria, values, strict=True)), comment="Fine.")
    grants_services.record_decision(
        proposal=unfunded, by=coordinator, outcome=Outcome.NOT_FUNDED, rationale="Budget."
    )
    grants_services.send_decisions(
        call=unfunded.call, by=coordinator, reason="sent early in a test"
    )
    return {"coordinator": coordinator, "draft": draft, "unfunded": unfunded}


def ranking(call):
    return [
        (row.proposal.pk, row.mean, row.median, row.count)
        for row in grants_selectors.ranking_table(call)
    ]


def test_erasure_leaves_none_of_the_persons_texts_in_any_table(
    client, django_capture_on_commit_callbacks
):
    ana = UserFactory(full_name=NAME, email=EMAIL, country="MK")
    world = texts(client, ana)
    unfunded = world["unfunded"]
    found = occurrences(MARK, NAME, EMAIL)
    # The texts are there before: the search finds what it must.
    for table in ("grants_proposal", "grants_budgetline", "grants_proposalrevision"):
        assert table in {row[0] for row in found}
    before = ranking(unfunded.call), Review.objects.count(), Score.objects.count()

    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohorts:profile_delete"), {"password": PASSWORD, "confirm": "on"}
        )
    assert response.status_code == 302

    left = occurrences(MARK, NAME, EMAIL)
    assert left == [], "\n".join(map(str, left))
    # The records the programme keeps stay consistent: same proposals, budgets, reviews.
    assert (ranking(unfunded.call), Review.objects.count(), Score.objects.count()) == before
    assert list(
        Proposal.objects.filter(applicant=ana)
        .order_by("pk")
        .values_list("pk", "title", "state", "budget_total")
    ) == [
        (world["draft"].pk, f"Deleted proposal #{world['draft'].pk}", "draft", Decimal("1200")),
        (unfunded.pk, f"Deleted proposal #{unfunded.pk}", "not_funded", Decimal("1500")),
    ]
    assert list(
        BudgetLine.objects.filter(proposal=unfunded).values_list("description", "amount")
    ) == [("", Decimal("1000")), ("", Decimal("500"))]
    revision = ProposalRevision.objects.get(proposal=unfunded)
    assert (revision.data["title"], revision.data["budget"], revision.data["budget_total"]) == (
        f"Deleted proposal #{unfunded.pk}",
        [["", "1000.00"], ["", "500.00"]],
        "1500.00",
    )
    assert set(Review.objects.values_list("proposal_id", flat=True)) == {unfunded.pk}
    # The coordinator's pages still work and show no trace of the texts.
    client.force_login(world["coordinator"])
    for url in (
        reverse("grants:ranking", args=[unfunded.call_id]),
        reverse("grants:proposal", args=[unfunded.pk]),
        reverse("grants:revisions", args=[unfunded.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARK not in response.content.decode(), url


def test_the_search_finds_a_text_left_anywhere():
    """The search itself: a mark in a JSON log entry or a pickled queue payload is found."""
    from wagtail.log_actions import log

    person = UserFactory(full_name="Milan Petrović")
    log(person, "wagtail.edit", user=person, data={"note": secret("in a log entry")})
    assert ("wagtailcore_modellogentry", "data", MARK) in occurrences(MARK)
    assert occurrences("no such text anywhere") == []
