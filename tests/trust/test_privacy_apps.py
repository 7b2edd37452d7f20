"""Each app's part of the personal data export and of the anonymisation (kohorta/privacy.py).

For every app: the export holds the person's own content and nothing of other people's
private content; after deletion their name and e-mail appear on none of the pages that
showed them, the rows that counts and rankings depend on are still there, and a failing
hook anywhere leaves every app untouched.
"""

import datetime
import json
import os
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail import hooks

from cohorts.enums import Role
from cohorts.intake import services as applications
from cohorts.intake import topics
from cohorts.intake.enums import ApplicationState, MatchingRunStatus
from cohorts.models import (
    Application,
    ApplicationNote,
    MatchingRun,
    PeerPair,
)
from curriculum import services as curriculum_services
from curriculum.enums import FeedbackDecision
from curriculum.models import (
    Certificate,
    EnrolmentProgress,
    Feedback,
    LessonProgress,
    Reflection,
    ReflectionVersion,
)
from events import services as events_services
from events.models import Registration, SessionSignup, Speaker, Star
from grants import selectors as grants_selectors
from grants import services as grants_services
from grants.enums import Outcome, ProposalState
from grants.models import Attachment, ProposalRevision, Review, Score
from kohorta.privacy import anonymise_person, export_personal_data_json
from notifications.models import SentOnce
from tests.factories.cohorts import CohortFactory, UserFactory, add_member, assign_mentor
from tests.factories.curriculum import lessons_of, make_course, modules_of, run_course
from tests.factories.events import SessionFactory, SpeakerFactory, make_meeting
from tests.factories.grants import ProposalFactory, make_call, review
from tests.factories.intake import ApplicationFactory, CallQuestionFactory, open_call

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Ana Stojanovska", "ana@example.org"
PDF = b"%PDF-1.4\n%plan\n"


@pytest.fixture
def ana():
    return UserFactory(full_name=NAME, email=EMAIL, country="MK", organisation="Skopje Library")


@pytest.fixture
def deleted(django_capture_on_commit_callbacks):
    """Delete a person as they would themself, running what waits for the commit."""

    def delete(user):
        with django_capture_on_commit_callbacks(execute=True):
            anonymise_person(user=user, by=user)
        user.refresh_from_db()
        return user

    return delete


def exported(client, user):
    client.force_login(user)
    response = client.get(reverse("cohorts:profile_export"))
    assert response.status_code == 200
    client.logout()
    return json.loads(response.content), response.content.decode()


def page(client, viewer, url):
    client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 200, url
    client.logout()
    return response.content.decode()


def assert_gone(html, *values):
    for value in values:
        assert value not in html


# Intake: applications, matching, topics ---------------------------------------------------


@pytest.fixture
def intake(ana):
    call = open_call(name="ILN 2026")
    cohort = call.cohort
    question = CallQuestionFactory(call=call, label="Which service would you change?")
    coordinator = add_member(cohort, Role.COORDINATOR, full_name="Cora Coordinator")
    application = ApplicationFactory(
        cohort=cohort,
        user=ana,
        hopes="A makerspace for Skopje teenagers.",
        organisation="Skopje Library",
        interests_other="Zines",
        answers={str(question.pk): "The reading room."},
    )
    partner = add_member(cohort, Role.INNOVATOR, full_name="Milan Petrović")
    partner_application = ApplicationFactory(
        cohort=cohort, user=partner, hopes="Milan's private hopes."
    )
    applications.review_application(
        application=partner_application, by=coordinator, note=f"Pair with {NAME}?"
    )
    applications.review_application(
        application=application, by=coordinator, score=8, note="Strong, but compare with Milan."
    )
    applications.transition_application(application, ApplicationState.ACCEPTED, by=coordinator)
    Application.objects.filter(pk=application.pk).update(decision_sent_state="accepted")
    run = MatchingRun.objects.create(
        cohort=cohort, status=MatchingRunStatus.PUBLISHED, created_by=coordinator
    )
    PeerPair.objects.create(run=run, cohort=cohort, person_a=ana, person_b=partner, score=5)
    topic = topics.schedule_topic(
        cohort=cohort,
        starts_on=cohort.starts_on,
        title="Quiet rooms",
        body="Who uses them?",
        by=coordinator,
    )
    SentOnce.objects.create(key=f"cohorts:topic:{topic.pk}:{ana.pk}", user=ana)
    return {
        "cohort": cohort,
        "application": application,
        "coordinator": coordinator,
        "partner": partner,
        "run": run,
    }


def test_intake_export_holds_applications_partner_and_topics(client, ana, intake):
    data, text = exported(client, ana)
    section = data["sections"]["intake"]
    [application] = section["applications"]
    assert (application["state"], application["hopes"], application["interests_other"]) == (
        "accepted",
        "A makerspace for Skopje teenagers.",
        "Zines",
    )
    assert application["answers"] == [
        {"question": "Which service would you change?", "answer": "The reading room."}
    ]
    assert application["assessment"] == {"score": 8}
    assert section["partners"][0]["partners"] == ["Milan Petrović"]
    assert [t["title"] for t in section["discussion_topics_received"]] == ["Quiet rooms"]
    # Neither the reviewers' internal notes nor the partner's application or e-mail.
    assert_gone(text, "compare with Milan", "Milan's private hopes", intake["partner"].email)
    assert "Cora Coordinator" not in json.dumps(section)


def test_intake_export_withholds_the_score_until_the_decision_is_sent(client, ana, intake):
    Application.objects.filter(pk=intake["application"].pk).update(decision_sent_state="")
    data, _text = exported(client, ana)
    assert "assessment" not in data["sections"]["intake"]["applications"][0]


def test_intake_anonymise_blanks_free_text_keeps_rows(client, ana, intake, deleted):
    cohort, coordinator = intake["cohort"], intake["coordinator"]
    counts = (Application.objects.count(), PeerPair.objects.count())
    run_url = reverse("cohorts:matching_run", args=[cohort.pk, intake["run"].pk])
    assert NAME in page(client, coordinator, run_url)
    deleted(ana)
    application = Application.objects.get(pk=intake["application"].pk)
    assert (
        application.state,
        application.score,
        application.hopes,
        application.organisation,
        application.interests_other,
        application.answers,
        application.email_key,
        application.name_key,
        application.interests,
    ) == ("accepted", 8, "", "", "", {}, "", "", ["digital"])
    assert not ApplicationNote.objects.filter(application=application).exists()
    assert list(ApplicationNote.objects.values_list("body", flat=True)) == [
        f"Pair with Deleted person #{ana.pk}?"
    ]
    assert (Application.objects.count(), PeerPair.objects.count()) == counts
    for url in (
        reverse("cohorts:applications", args=[cohort.pk]),
        reverse("cohorts:application_detail", args=[cohort.pk, application.pk]),
        reverse("cohorts:matching_run", args=[cohort.pk, intake["run"].pk]),
    ):
        html = page(client, coordinator, url)
        assert_gone(html, NAME, EMAIL, "makerspace", "Skopje Library")
    assert f"Deleted person #{ana.pk}" in page(
        client, coordinator, reverse("cohorts:applications", args=[cohort.pk])
    )


# Curriculum: progress, reflections, feedback, certificates --------------------------------


@pytest.fixture
def curriculum(ana):
    with time_machine.travel(datetime.datetime(2026, 2, 10, 10, 0, tzinfo=datetime.UTC)):
        cohort = CohortFactory()
        course = make_course(modules=1, lessons=2, reflection={0})
        run = run_course(cohort, course)
        add_member(cohort, Role.INNOVATOR, user=ana)
        other = add_member(cohort, Role.INNOVATOR, full_name="Milan Petrović")
        mentor = add_member(cohort, Role.MENTOR, full_name="Dimitris Alexiou")
        coordinator = add_member(cohort, Role.COORDINATOR)
        assign_mentor(cohort, mentor, ana)
        assign_mentor(cohort, mentor, other)
        for lesson in lessons_of(course):
            curriculum_services.complete_lesson(
                cohort_course=run, user=ana, lesson_key=lesson.translation_key, by=ana
            )
        module_key = modules_of(course)[0].translation_key
        reflections = {}
        for person, text in ((ana, "My plan for Skopje."), (other, "Milan's private plan.")):
            reflection = curriculum_services.save_reflection_draft(
                cohort_course=run,
                module_key=module_key,
                user=person,
                text=text,
                by=person,
                attachment=SimpleUploadedFile("Plan.pdf", PDF, "application/pdf"),
            )
            reflection = curriculum_services.submit_reflection(reflection=reflection, by=person)
            curriculum_services.give_feedback(
                reflection=reflection,
                decision=FeedbackDecision.APPROVED,
                comment=f"Well argued, {person.full_name.split()[0]}.",
                by=mentor,
            )
            reflections[person.pk] = reflection
        certificate = curriculum_services.issue_certificate(
            cohort_course=run, user=ana, by=coordinator, force=True
        )
    return {
        "run": run,
        "mentor": mentor,
        "coordinator": coordinator,
        "other": other,
        "reflection": reflections[ana.pk],
        "other_reflection": reflections[other.pk],
        "certificate": certificate,
    }


def test_curriculum_export_holds_progress_reflections_feedback_certificate(client, ana, curriculum):
    data, text = exported(client, ana)
    section = data["sections"]["curriculum"]
    assert len(section["lessons_completed"]) == 2
    assert section["enrolments"][0]["percent"] == 100
    [reflection] = section["reflections"]
    assert [(v["number"], v["text"], v["file"]) for v in reflection["versions"]] == [
        (1, "My plan for Skopje.", "Plan.pdf")
    ]
    assert [(f["comment"], f["mentor"]) for f in reflection["feedback_received"]] == [
        ("Well argued, Ana.", "Dimitris Alexiou")
    ]
    assert [(c["code"], c["state"]) for c in section["certificates"]] == [
        (curriculum["certificate"].code, "valid")
    ]
    assert section["feedback_given"] == []
    assert_gone(text, "Milan's private plan", "Well argued, Milan")


def test_curriculum_export_of_a_mentor_holds_the_feedback_they_gave(client, curriculum):
    data, text = exported(client, curriculum["mentor"])
    given = data["sections"]["curriculum"]["feedback_given"]
    assert sorted(item["comment"] for item in given) == ["Well argued, Ana.", "Well argued, Milan."]
    assert_gone(text, "My plan for Skopje", "Milan's private plan")


def test_curriculum_anonymise_innovator_blanks_work_revokes_certificate(
    client, ana, curriculum, deleted, settings
):
    version = ReflectionVersion.objects.get(reflection=curriculum["reflection"])
    file_path = version.attachment.path
    counts = (LessonProgress.objects.count(), EnrolmentProgress.objects.count())
    verify_url = reverse("curriculum:verify", args=[curriculum["certificate"].code])
    assert NAME in page(client, UserFactory(), verify_url)
    deleted(ana)
    version.refresh_from_db()
    assert (version.text, version.attachment.name, version.attachment_name) == ("", "", "")
    assert not os.path.exists(file_path)
    assert Reflection.objects.get(pk=curriculum["reflection"].pk).state == "approved"
    assert Feedback.objects.get(reflection=curriculum["reflection"]).comment == ""
    assert (LessonProgress.objects.count(), EnrolmentProgress.objects.count()) == counts
    certificate = Certificate.objects.get(pk=curriculum["certificate"].pk)
    assert certificate.revoked_at is not None
    assert certificate.details["name"] == f"Deleted person #{ana.pk}"
    verify = page(client, UserFactory(), reverse("curriculum:verify", args=[certificate.code]))
    assert "This certificate has been revoked." in verify
    assert_gone(verify, NAME)
    detail = page(
        client,
        curriculum["mentor"],
        reverse("curriculum:reflection", args=[curriculum["reflection"].pk]),
    )
    assert_gone(detail, NAME, EMAIL, "My plan for Skopje", "Plan.pdf", "Well argued, Ana")
    # The other innovator's work is untouched.
    assert (
        ReflectionVersion.objects.get(reflection=curriculum["other_reflection"]).text
        == "Milan's private plan."
    )


def test_curriculum_anonymise_mentor_keeps_their_feedback(client, curriculum, deleted):
    mentor = curriculum["mentor"]
    deleted(mentor)
    assert Feedback.objects.filter(author=mentor).count() == 2
    detail = page(
        client,
        curriculum["coordinator"],
        reverse("curriculum:reflection", args=[curriculum["other_reflection"].pk]),
    )
    assert "Well argued, Milan." in detail
    assert f"Deleted person #{mentor.pk}" in detail
    assert_gone(detail, "Dimitris Alexiou")


# Grants: proposals, reviews, decisions, awards --------------------------------------------


@pytest.fixture
def grants(ana):
    cohort = CohortFactory()
    call = make_call(cohort, criteria=2)
    criteria = list(call.criteria.all())
    coordinator = add_member(cohort, Role.COORDINATOR, full_name="Cora Coordinator")
    add_member(cohort, Role.INNOVATOR, user=ana)
    proposal = ProposalFactory(
        call=call,
        applicant=ana,
        title="Seed library",
        problem="Skopje has no seed library; Ana Stojanovska will start one.",
        budget=["3000"],
    )
    grants_services.add_attachment(
        proposal=proposal,
        by=ana,
        file=SimpleUploadedFile("Budget Ana.pdf", PDF, "application/pdf"),
    )
    grants_services.transition_proposal(proposal, ProposalState.SUBMITTED, by=ana)
    other = ProposalFactory(call=call, title="Book bikes", problem="Milan's secret problem.")
    jurors = [
        add_member(cohort, Role.JURY, full_name=name) for name in ("Jules Juror", "Jana Juror")
    ]
    for target in (proposal, other):
        target.refresh_from_db()
        target.state = ProposalState.IN_REVIEW
        target.save(update_fields=["state"])
    for number, (juror, values) in enumerate(zip(jurors, ((5, 4), (3, 2)), strict=True)):
        for target in (proposal, other):
            review(
                target,
                juror,
                dict(zip(criteria, values, strict=True)),
                comment=f"Comment {number} on {target.title}.",
                note=f"Private note {number}.",
            )
    return {
        "call": call,
        "coordinator": coordinator,
        "proposal": proposal,
        "other": other,
        "jurors": jurors,
    }


def ranking_of(call):
    return [
        (row.proposal.pk, row.mean, row.median, row.z, row.count)
        for row in grants_selectors.ranking_table(call)
    ]


def decide(grants, outcome):
    amount = Decimal("3000") if outcome == Outcome.AWARD else None
    grants_services.record_decision(
        proposal=grants["proposal"],
        by=grants["coordinator"],
        outcome=outcome,
        amount=amount,
        rationale="Good fit.",
    )
    grants_services.send_decisions(
        call=grants["call"], by=grants["coordinator"], reason="sent early in a test"
    )


def test_grants_export_of_an_applicant_before_and_after_the_decision(client, ana, grants):
    data, text = exported(client, ana)
    [proposal] = data["sections"]["grants"]["proposals"]
    assert (proposal["title"], proposal["role"], proposal["state"]) == (
        "Seed library",
        "applicant",
        "in_review",
    )
    assert [a["name"] for a in proposal["attachments"]] == ["Budget Ana.pdf"]
    assert [r["number"] for r in proposal["revisions"]] == [1]
    assert (proposal["decision"], proposal["assessment"]) == (None, None)
    assert_gone(text, "Comment 0", "Jules Juror", "Milan's secret problem")

    decide(grants, Outcome.NOT_FUNDED)
    data, text = exported(client, ana)
    [proposal] = data["sections"]["grants"]["proposals"]
    assert proposal["decision"]["outcome"] == "not_funded"
    assert sorted(
        (a["comment_to_applicant"], sorted(a["scores"].values())) for a in proposal["assessment"]
    ) == [("Comment 0 on Seed library.", [4, 5]), ("Comment 1 on Seed library.", [2, 3])]
    # Neither the jurors' names nor their private notes, nor the other applicant's proposal.
    assert_gone(text, "Jules Juror", "Jana Juror", "Private note", "Milan's secret problem")


def test_grants_export_of_a_juror_holds_only_their_own_reviews(client, grants):
    juror = grants["jurors"][0]
    data, text = exported(client, juror)
    reviews = data["sections"]["grants"]["reviews_written"]
    assert sorted((r["proposal"], sorted(r["scores"].values())) for r in reviews) == [
        ("Book bikes", [4, 5]),
        ("Seed library", [4, 5]),
    ]
    assert {r["private_note"] for r in reviews} == {"Private note 0."}
    assert_gone(text, "Private note 1", "Comment 1", "Skopje has no seed library")


def test_grants_anonymise_juror_keeps_scores_and_ranking(client, grants, deleted):
    juror = grants["jurors"][0]
    before, scores = ranking_of(grants["call"]), Score.objects.count()
    proposal_url = reverse("grants:proposal", args=[grants["proposal"].pk])
    assert "Jules Juror" in page(client, grants["coordinator"], proposal_url)
    deleted(juror)
    assert ranking_of(grants["call"]) == before
    assert Score.objects.count() == scores
    assert Review.objects.filter(juror=juror).count() == 2
    coordinator, call = grants["coordinator"], grants["call"]
    for url in (
        reverse("grants:ranking", args=[call.pk]),
        reverse("grants:assignments", args=[call.pk]),
        reverse("grants:proposal", args=[grants["proposal"].pk]),
    ):
        html = page(client, coordinator, url)
        assert_gone(html, "Jules Juror", juror.email)
    assert f"Deleted person #{juror.pk}" in page(
        client, coordinator, reverse("grants:proposal", args=[grants["proposal"].pk])
    )


def test_grants_anonymise_unfunded_applicant_blanks_text_and_files(client, ana, grants, deleted):
    decide(grants, Outcome.NOT_FUNDED)
    attachment = Attachment.objects.get(proposal=grants["proposal"])
    file_path = attachment.file.path
    before = ranking_of(grants["call"])
    deleted(ana)
    proposal = grants["proposal"]
    proposal.refresh_from_db()
    assert (proposal.title, proposal.problem, proposal.summary, proposal.state) == (
        f"Deleted proposal #{proposal.pk}",
        "",
        "",
        "not_funded",
    )
    assert not Attachment.objects.filter(proposal=proposal).exists()
    assert not os.path.exists(file_path)
    revision = ProposalRevision.objects.get(proposal=proposal)
    assert (revision.data["problem"], revision.data["attachments"]) == ("", [])
    assert ranking_of(grants["call"]) == before
    coordinator, call = grants["coordinator"], grants["call"]
    for url in (
        reverse("grants:ranking", args=[call.pk]),
        reverse("grants:proposal", args=[proposal.pk]),
        reverse("grants:revisions", args=[proposal.pk]),
        reverse("grants:decisions", args=[call.pk]),
    ):
        assert_gone(page(client, coordinator, url), NAME, EMAIL, "Skopje Library", "Budget Ana")
    other = grants["other"]
    other.refresh_from_db()
    assert other.problem == "Milan's secret problem."


def test_grants_anonymise_funded_applicant_keeps_the_programme_record(client, ana, grants, deleted):
    decide(grants, Outcome.AWARD)
    deleted(ana)
    proposal = grants["proposal"]
    proposal.refresh_from_db()
    assert proposal.state == "awarded"
    assert proposal.problem == (
        f"Skopje has no seed library; Deleted person #{ana.pk} will start one."
    )
    assert Attachment.objects.get(proposal=proposal).original_name == "Budget Ana.pdf"
    html = page(client, grants["coordinator"], reverse("grants:proposal", args=[proposal.pk]))
    assert "Skopje has no seed library" in html
    assert_gone(html, NAME, EMAIL)
    funded = page(
        client,
        UserFactory(),
        reverse("grants:funded", args=[grants["call"].cohort.programme.slug]),
    )
    assert "Seed library" in funded
    assert_gone(funded, NAME, "Skopje Library")


# Events: registrations, sign-ups, stars, speakers -----------------------------------------


@pytest.fixture
def events(ana):
    cohort = CohortFactory()
    meeting = make_meeting(cohort)
    coordinator = add_member(cohort, Role.COORDINATOR)
    add_member(cohort, Role.INNOVATOR, user=ana)
    other = add_member(cohort, Role.INNOVATOR, full_name="Milan Petrović")
    session = SessionFactory(meeting=meeting, title="Study visit", capacity=5)
    speaker = SpeakerFactory(meeting=meeting, user=ana, name=NAME, email=EMAIL, bio="Maker.")
    session.speakers.add(speaker)
    registration = events_services.register(
        meeting=meeting,
        user=ana,
        by=ana,
        dietary_needs="Vegan",
        accessibility_needs="Step-free access",
        arrival_on=datetime.date(2027, 11, 24),
        departure_on=datetime.date(2027, 11, 28),
        listed=True,
    )
    events_services.register(
        meeting=meeting, user=other, by=other, dietary_needs="No nuts", listed=True
    )
    events_services.sign_up(session=session, user=ana, by=ana)
    events_services.star_session(session=session, user=ana, by=ana)
    events_services.publish_agenda(meeting=meeting, name="Final", by=coordinator)
    return {
        "meeting": meeting,
        "coordinator": coordinator,
        "other": other,
        "session": session,
        "speaker": speaker,
        "registration": registration,
    }


def test_events_export_holds_registration_signups_stars_speaker(client, ana, events):
    data, text = exported(client, ana)
    section = data["sections"]["events"]
    [registration] = section["registrations"]
    assert (
        registration["dietary_needs"],
        registration["accessibility_needs"],
        registration["arrival_on"],
        registration["listed_as_participant"],
    ) == ("Vegan", "Step-free access", "2027-11-24", True)
    assert [s["session"] for s in section["session_signups"]] == ["Study visit"]
    assert [s["session"] for s in section["starred_sessions"]] == ["Study visit"]
    assert [(s["name"], s["bio"], s["sessions"]) for s in section["speaker_profiles"]] == [
        (NAME, "Maker.", ["Study visit"])
    ]
    assert_gone(text, "No nuts", events["registration"].calendar_token)


def test_events_anonymise_drops_from_lists_keeps_counts(client, ana, events, deleted):
    meeting, registration = events["meeting"], events["registration"]
    old_token = registration.calendar_token
    counts = (Registration.objects.count(), SessionSignup.objects.count(), Star.objects.count())
    participants_url = reverse("events:participants", args=[meeting.pk])
    session_url = reverse("events:session", args=[events["session"].pk])
    for url in (participants_url, session_url):
        assert NAME in page(client, events["other"], url)
    assert client.get(reverse("events:personal_ics", args=[old_token])).status_code == 200
    deleted(ana)
    registration.refresh_from_db()
    assert (
        registration.state,
        registration.dietary_needs,
        registration.accessibility_needs,
        registration.arrival_on,
        registration.listed,
    ) == ("registered", "", "", None, False)
    assert registration.calendar_token != old_token
    assert (
        Registration.objects.count(),
        SessionSignup.objects.count(),
        Star.objects.count(),
    ) == counts
    speaker = Speaker.objects.get(pk=events["speaker"].pk)
    assert (speaker.name, speaker.email, speaker.bio) == (f"Deleted person #{ana.pk}", "", "")
    participants = page(client, events["other"], participants_url)
    assert "Milan Petrović" in participants
    assert_gone(participants, NAME, f"Deleted person #{ana.pk}")
    session = page(client, events["other"], session_url)
    assert_gone(session, NAME)
    manage = page(client, events["coordinator"], reverse("events:registrations", args=[meeting.pk]))
    assert_gone(manage, NAME, EMAIL, "Vegan", "Step-free")
    response = client.get(reverse("events:personal_ics", args=[old_token]))
    assert response.status_code == 404


# All apps at once -------------------------------------------------------------------------


def test_export_of_a_person_with_everything(client, ana, intake, curriculum, grants, events):
    data, _text = exported(client, ana)
    assert set(data["sections"]) >= {"cohorts", "intake", "curriculum", "grants", "events"}


def test_a_failing_hook_leaves_every_app_untouched(
    ana, intake, curriculum, grants, events, django_capture_on_commit_callbacks
):
    def broken(user, replacements):
        raise RuntimeError("the last app could not anonymise")

    version = ReflectionVersion.objects.get(reflection=curriculum["reflection"])
    files = [version.attachment.path, Attachment.objects.get(proposal=grants["proposal"]).file.path]
    with (
        hooks.register_temporarily("kohorta_anonymise_person", broken),
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        anonymise_person(user=ana, by=ana)
    ana.refresh_from_db()
    assert (ana.full_name, ana.is_active) == (NAME, True)
    assert Application.objects.get(pk=intake["application"].pk).hopes.startswith("A makerspace")
    assert ReflectionVersion.objects.get(pk=version.pk).text == "My plan for Skopje."
    assert Certificate.objects.get(pk=curriculum["certificate"].pk).revoked_at is None
    grants["proposal"].refresh_from_db()
    assert grants["proposal"].problem.startswith("Skopje has no seed library")
    assert Registration.objects.get(pk=events["registration"].pk).dietary_needs == "Vegan"
    assert Speaker.objects.get(pk=events["speaker"].pk).name == NAME
    for path in files:
        assert os.path.exists(path)


def test_export_json_is_valid_for_a_person_with_everything(ana, intake, curriculum, grants, events):
    assert json.loads(export_personal_data_json(ana))["person_id"] == ana.pk


def test_grants_anonymise_rewrites_copies_of_the_name(ana, grants, deleted):
    other = grants["other"]
    other.co_applicants.add(ana)
    ProposalRevision.objects.create(
        proposal=other,
        number=1,
        data={"title": "Book bikes", "co_applicants": [NAME]},
        submitted_by=other.applicant,
        submitted_at=other.created_at,
    )
    Review.objects.filter(proposal=grants["proposal"], juror=grants["jurors"][1]).update(
        comment_to_applicant=f"Dear {NAME}, well done."
    )
    deleted(ana)
    revision = ProposalRevision.objects.get(proposal=other)
    assert revision.data["co_applicants"] == [f"Deleted person #{ana.pk}"]
    comment = Review.objects.get(proposal=grants["proposal"], juror=grants["jurors"][1])
    assert comment.comment_to_applicant == f"Dear Deleted person #{ana.pk}, well done."


def test_events_anonymise_speaker_by_email_and_release_notices(ana, events, deleted):
    from events.models import AgendaRelease

    unlinked = SpeakerFactory(meeting=events["meeting"], name="Ana S.", email=EMAIL.upper())
    release = AgendaRelease.objects.get(meeting=events["meeting"])
    SentOnce.objects.create(key=f"events.agenda_changed:{release.pk}:{EMAIL.lower()}")
    assert NAME in json.dumps(release.snapshot, ensure_ascii=False)
    deleted(ana)
    unlinked.refresh_from_db()
    assert (unlinked.name, unlinked.email) == (f"Deleted person #{ana.pk}", "")
    assert list(
        SentOnce.objects.filter(key__startswith="events.").values_list("key", flat=True)
    ) == [f"events.agenda_changed:{release.pk}:deleted-{ana.pk}@deleted.invalid"]
    release.refresh_from_db()
    assert NAME not in json.dumps(release.snapshot, ensure_ascii=False)
