"""The programme's journeys in a real browser: a grant proposal from draft to award, a
juror's review, a meeting registration with a personal agenda, and the news in two
languages. Every step is a click or a keystroke; the database is checked afterwards."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import ModelLogEntry

from cohorts.enums import Role
from events import services as event_services
from events.enums import RegistrationState, SignupState
from events.models import Registration, SessionSignup, Star
from grants import services as grant_services
from grants.enums import Outcome, ProposalState, ReviewState
from grants.models import Award, Decision, GrantCall, GrantQuestion, Proposal, Review
from tests.factories.cms import add_news, body, build_site, translate
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.events import RoomFactory, SessionFactory, SpeakerFactory, make_meeting
from tests.factories.grants import (
    CriterionFactory,
    GrantCallFactory,
    coordinator_of,
    juror_of,
    question_key,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUESTION = "How will you know the service works?"


def _grant_call():
    """An open call with two criteria and one extra question, and its cohort's people."""
    cohort = CohortFactory(name="INELI Balkans 2026")
    call = GrantCallFactory(
        cohort=cohort,
        title="Community innovation grants 2026",
        total_budget=Decimal("20000"),
        max_per_proposal=Decimal("5000"),
        awards=3,
    )
    GrantQuestion.objects.create(call=call, text=QUESTION, position=0)
    relevance = CriterionFactory(call=call, name="Relevance to the community", position=0)
    feasibility = CriterionFactory(call=call, name="Feasibility", position=1)
    people = {
        "innovator": add_member(
            cohort,
            Role.INNOVATOR,
            full_name="Ivana Horvat",
            organisation="Rijeka City Library",
            country="HR",
        ),
        "partner": add_member(
            cohort, Role.INNOVATOR, full_name="Petar Petrov", organisation="Varna Library"
        ),
        "coordinator": coordinator_of(cohort, full_name="Cora Lindqvist"),
        "juror": juror_of(
            cohort, full_name="Jules Ferrand", organisation="Vienna Public Libraries", country="AT"
        ),
        "conflicted": juror_of(
            cohort, full_name="Mila Kovač", organisation="Rijeka City Library", country="HR"
        ),
    }
    return call, (relevance, feasibility), people


def _proposal_in_review(call, people):
    """The innovator's proposal, submitted, screened and assigned to the unconflicted juror."""
    innovator, coordinator = people["innovator"], people["coordinator"]
    proposal = grant_services.create_proposal(call=call, by=innovator, title="Seed Library")
    grant_services.save_proposal(
        proposal=proposal,
        by=innovator,
        budget_lines=[("Seeds and envelopes", Decimal("1200")), ("Workshops", Decimal("2800"))],
        answers={question_key(call, QUESTION): "Loans of seed packets each season."},
        summary="A seed library in the branch libraries.",
        problem="Gardeners have no place to swap seeds.",
        target_community="Allotment gardeners and school children.",
        activities="Seed swaps, workshops and a catalogue.",
        timeline="March to October 2027.",
    )
    for state, by in [
        (ProposalState.SUBMITTED, innovator),
        (ProposalState.ELIGIBLE, coordinator),
        (ProposalState.IN_REVIEW, coordinator),
    ]:
        proposal = grant_services.transition_proposal(proposal, state, by=by)
    grant_services.assign_juror(proposal=proposal, juror=people["juror"], by=coordinator)
    return proposal


def test_innovator_writes_and_submits_a_proposal(visitor, tmp_path):
    call, _criteria, people = _grant_call()
    me = visitor("innovator", people["innovator"])

    page = me.visit("/dashboard/")
    page.get_by_role("link", name="Start a proposal").click()
    expect(page.get_by_role("heading", name=call.title)).to_be_visible()
    me.check("call")
    page.get_by_label("Title of your proposal").fill("Seed Library")
    page.get_by_role("button", name="Start a proposal").click()
    expect(page.get_by_text("Your draft has been created.")).to_be_visible()
    me.check("draft-created")

    page.get_by_label("Summary").fill("A seed library in the branch libraries.")
    page.get_by_label("Problem it solves").fill("Gardeners have no place to swap seeds.")
    page.get_by_label("Target community").fill("Allotment gardeners and school children.")
    page.get_by_label("Activities").fill("Seed swaps, workshops and a catalogue.")
    page.get_by_label(QUESTION).fill("Loans of seed packets each season.")
    page.get_by_label("Item 1", exact=True).fill("Seeds and envelopes")
    page.get_by_label("Amount 1", exact=True).fill("1200")
    page.get_by_label("Item 2", exact=True).fill("Workshops")
    page.get_by_label("Amount 2", exact=True).fill("2800")
    page.get_by_label("Petar Petrov").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft has been saved.")).to_be_visible()
    me.check("draft-saved")
    proposal = Proposal.objects.get(call=call, applicant=people["innovator"])
    assert (proposal.state, proposal.budget_total, proposal.timeline) == (
        ProposalState.DRAFT,
        Decimal("4000.00"),
        "",
    )

    plan = tmp_path / "work-plan.pdf"
    plan.write_bytes(b"%PDF-1.4\n% a work plan\n%%EOF\n")
    page.get_by_label("Attach a file").set_input_files(str(plan))
    page.get_by_role("button", name="Attach", exact=True).click()
    expect(page.get_by_text("The file has been attached.")).to_be_visible()
    expect(page.get_by_role("link", name="work-plan.pdf")).to_be_visible()
    me.check("attached")

    page.get_by_label("Timeline").fill("March to October 2027.")
    page.get_by_role("button", name="Save and submit").click()
    expect(page.get_by_text("Your proposal has been submitted.")).to_be_visible()
    expect(page.get_by_role("heading", name="Seed Library", level=1)).to_be_visible()
    expect(page.locator(".badge--state-submitted")).to_have_text("Submitted")
    expect(page.get_by_role("link", name="work-plan.pdf")).to_be_visible()
    me.check("submitted")

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert proposal.timeline == "March to October 2027."
    assert proposal.answers == {question_key(call, QUESTION): "Loans of seed packets each season."}
    assert [(line.description, line.amount) for line in proposal.budget_lines.all()] == [
        ("Seeds and envelopes", Decimal("1200.00")),
        ("Workshops", Decimal("2800.00")),
    ]
    assert [p.full_name for p in proposal.co_applicants.all()] == ["Petar Petrov"]
    assert [a.original_name for a in proposal.attachments.all()] == ["work-plan.pdf"]
    assert [r.number for r in proposal.revisions.all()] == [1]


def test_juror_scores_and_submits_a_review(visitor):
    call, (relevance, feasibility), people = _grant_call()
    proposal = _proposal_in_review(call, people)
    juror = visitor("juror", people["juror"])

    page = juror.visit("/dashboard/")
    page.get_by_role("link", name="Your reviews: 0 of 1 submitted").click()
    expect(page.get_by_role("heading", name=f"Jury: {call.title}")).to_be_visible()
    juror.check("jury-home")
    page.get_by_role("link", name="Seed Library").click()
    expect(page.get_by_role("heading", name="Seed Library", level=1)).to_be_visible()
    juror.check("proposal")
    page.get_by_role("link", name="Review this proposal").click()
    expect(page.get_by_role("heading", name="Review: Seed Library")).to_be_visible()
    juror.check("review-form")

    page.get_by_role("group", name=re.compile("^Relevance to the community")).get_by_label(
        "5", exact=True
    ).check()
    page.get_by_role("group", name=re.compile("^Feasibility")).get_by_label("4", exact=True).check()
    page.get_by_label("Comment to the applicant").fill("A lovely idea; plan the second season.")
    page.get_by_label("Private note to the jury").fill("The budget for envelopes looks high.")
    page.get_by_role("group", name="Recommendation").get_by_label("Yes, fund it").check()
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Your review has been submitted.")).to_be_visible()
    expect(page.get_by_role("heading", name="Jules Ferrand · Yes, fund it")).to_be_visible()
    juror.check("review-submitted")

    review = Review.objects.get(proposal=proposal, juror=people["juror"])
    assert review.state == ReviewState.SUBMITTED
    assert review.recommendation == "yes"
    assert review.comment_to_applicant == "A lovely idea; plan the second season."
    assert review.private_note == "The budget for envelopes looks high."
    assert {s.criterion_id: s.value for s in review.scores.all()} == {
        relevance.pk: 5,
        feasibility.pk: 4,
    }

    page = juror.visit(f"/grants/calls/{call.pk}/jury/")
    expect(page.get_by_text("1 of 1 review submitted.")).to_be_visible()

    conflicted = visitor("conflicted", people["conflicted"])
    page = conflicted.visit(f"/grants/calls/{call.pk}/jury/")
    expect(page.get_by_text("No proposals are assigned to you yet.")).to_be_visible()
    expect(page.get_by_role("link", name="Seed Library")).to_have_count(0)
    page.get_by_role("link", name="Declare a conflict of interest").click()
    conflicted.check("conflicts")
    expect(page.get_by_text("Seed Library")).to_have_count(0)
    response = page.goto(conflicted.base_url + f"/grants/proposals/{proposal.pk}/")
    assert response.status == 404
    assert not Review.objects.filter(juror=people["conflicted"]).exists()


def test_coordinator_ranks_awards_and_sends_decisions(visitor):
    call, (relevance, feasibility), people = _grant_call()
    proposal = _proposal_in_review(call, people)
    grant_services.save_review(
        proposal=proposal,
        by=people["juror"],
        scores={relevance.pk: 5, feasibility.pk: 4},
        comment_to_applicant="A lovely idea; plan the second season.",
        private_note="The budget for envelopes looks high.",
        recommendation="yes",
        submit=True,
    )
    _close_call(call)  # decisions go out once the call has closed
    coordinator = visitor("coordinator", people["coordinator"])

    page = coordinator.visit("/dashboard/")
    page.get_by_role("link", name="Manage the call").click()
    page.get_by_role("navigation", name="Call").get_by_role("link", name="Ranking").click()
    row = page.get_by_role("row").filter(has_text="Seed Library")
    expect(row.get_by_role("cell").nth(2)).to_have_text("87.5")
    coordinator.check("ranking")

    page.get_by_role("navigation", name="Call").get_by_role("link", name="Decisions").click()
    decision = page.locator(f"#p{proposal.pk}")
    decision.get_by_label("Award", exact=True).check()
    decision.get_by_label("Amount awarded").fill("3500")
    decision.get_by_label("Rationale (in the decision letter)").fill(
        "Funded without the envelope line."
    )
    decision.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Decision saved for “Seed Library”")).to_be_visible()
    coordinator.check("decision-saved")
    saved = Decision.objects.get(proposal=proposal)
    assert (saved.outcome, saved.amount, saved.released_at) == (
        Outcome.AWARD,
        Decimal("3500.00"),
        None,
    )

    page.get_by_role("button", name="Send all saved decisions now").click()
    expect(page.get_by_text("1 decision(s) sent to the applicants.")).to_be_visible()
    coordinator.check("decisions-sent")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.AWARDED
    assert Award.objects.get(proposal=proposal).amount == Decimal("3500.00")
    decisions = [m for m in mail.outbox if "will be funded" in m.subject]
    assert [m.to for m in decisions] == [[people["innovator"].email]]

    innovator = visitor("innovator", people["innovator"])
    page = innovator.visit("/dashboard/")
    expect(page.locator(".grants-panel .badge--state-awarded")).to_have_text("Awarded")
    page.get_by_role("link", name="Seed Library").click()
    section = page.locator("section").filter(has=page.get_by_role("heading", name="Decision"))
    expect(section).to_contain_text("Award · 3,500 EUR")
    expect(section).to_contain_text("Funded without the envelope line.")
    expect(section).to_contain_text("A lovely idea; plan the second season.")
    expect(page.get_by_text("The budget for envelopes looks high.")).to_have_count(0)
    innovator.check("decision")


def _close_call(call):
    GrantCall.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(hours=1),
    )


def test_ranking_to_decision_with_preview_and_a_logged_reason(visitor, compiled_translations):
    """The ranking's default order decides the awards; sending early needs a logged reason;
    the decision e-mail is previewed in the applicant's language first."""
    call, (relevance, feasibility), people = _grant_call()
    people["innovator"].preferred_language = "hr"
    people["innovator"].save(update_fields=["preferred_language"])
    proposal = _proposal_in_review(call, people)
    grant_services.save_review(
        proposal=proposal,
        by=people["juror"],
        scores={relevance.pk: 5, feasibility.pk: 4},
        comment_to_applicant="A lovely idea; plan the second season.",
        recommendation="yes",
        submit=True,
    )
    waiting = grant_services.create_proposal(call=call, by=people["partner"], title="Story Bus")
    Proposal.objects.filter(pk=waiting.pk).update(state=ProposalState.IN_REVIEW)
    grant_services.assign_juror(proposal=waiting, juror=people["juror"], by=people["coordinator"])
    coordinator = visitor("coordinator", people["coordinator"])

    page = coordinator.visit(f"/grants/calls/{call.pk}/ranking/")
    expect(page.locator("#award-order")).to_contain_text("Normalised (z)")
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Normalised (z)")
    page.get_by_role("navigation", name="Call").get_by_role("link", name="Decisions").click()
    decision = page.locator(f"#p{proposal.pk}")
    decision.get_by_label("Award", exact=True).check()
    decision.get_by_label("Amount awarded").fill("3000")
    decision.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("It is too early to send the decisions:")).to_be_visible()
    expect(page.get_by_text("“Story Bus”")).to_be_visible()
    coordinator.check("too-early")

    page.get_by_role("link", name="Award").first.click()
    preview = page.locator(".grants-preview")
    expect(preview).to_have_count(1)
    expect(preview).to_contain_text("Ivana Horvat (hr)")
    expect(preview).to_contain_text("Seed Library")
    expect(preview).not_to_contain_text("We are delighted")  # in Croatian
    coordinator.check("preview")
    assert Decision.objects.get(proposal=proposal).released_at is None

    page.get_by_role("link", name="Back to the decisions").click()
    page.get_by_role("button", name="Send all saved decisions anyway").click()
    expect(page.get_by_text("say why")).to_be_visible()
    coordinator.check("reason-needed")
    page.get_by_label("Reason for sending now").fill("The board approved the award today.")
    page.get_by_role("button", name="Send all saved decisions anyway").click()
    expect(page.get_by_text("1 decision(s) sent to the applicants.")).to_be_visible()
    coordinator.check("sent")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.AWARDED
    entry = ModelLogEntry.objects.for_instance(call).get(action="grants.decision.send")
    assert entry.data["reason"] == "The board approved the award today."


def _meeting_with_agenda():
    """A meeting in Sofia with a published agenda: two talks and a study visit of 2 places."""
    cohort = CohortFactory(name="INELI Balkans 2026")
    coordinator = coordinator_of(cohort, full_name="Cora Lindqvist")
    innovator = add_member(cohort, Role.INNOVATOR, full_name="Ivana Horvat")
    other = add_member(cohort, Role.INNOVATOR, full_name="Petar Petrov")
    meeting = make_meeting(cohort, title="INELI Balkans meeting in Sofia", slug="sofia-2027")
    room = RoomFactory(meeting=meeting, name="Main hall")
    opening = SessionFactory(
        meeting=meeting,
        room=room,
        title="Opening plenary",
        kind="plenary",
        start_time=datetime.time(9),
        end_time=datetime.time(10),
    )
    opening.speakers.add(SpeakerFactory(meeting=meeting, name="Dana Ilieva"))
    workshop = SessionFactory(
        meeting=meeting,
        room=room,
        title="Design thinking workshop",
        start_time=datetime.time(10, 30),
        end_time=datetime.time(12),
    )
    visit = SessionFactory(
        meeting=meeting,
        title="Study visit: Plovdiv public library",
        kind="study_visit",
        day=meeting.starts_on + datetime.timedelta(days=1),
        start_time=datetime.time(9),
        end_time=datetime.time(17),
        capacity=2,
        location="Plovdiv",
    )
    SessionFactory(
        meeting=meeting,
        room=room,
        title="Closing circle",
        day=meeting.ends_on,
        start_time=datetime.time(16),
        end_time=datetime.time(17),
    )
    event_services.publish_agenda(meeting=meeting, name="Final programme", by=coordinator)
    event_services.register(meeting=meeting, user=other, by=other)
    event_services.sign_up(session=visit, user=other, by=other)
    return meeting, innovator, {"opening": opening, "workshop": workshop, "visit": visit}


def test_innovator_registers_stars_sessions_and_signs_up(visitor):
    meeting, innovator, sessions = _meeting_with_agenda()
    me = visitor("innovator", innovator)

    page = me.visit(meeting.url)
    expect(page.get_by_role("heading", name="INELI Balkans meeting in Sofia")).to_be_visible()
    expect(page.get_by_text("Final programme (version 1")).to_be_visible()
    page.get_by_role("link", name="Register", exact=True).click()
    page.get_by_label("Dietary needs").fill("Vegetarian, no nuts")
    page.get_by_label("Accessibility needs").fill("Step-free access to the rooms")
    me.check("register")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered. See you there!")).to_be_visible()
    me.check("registered")
    registration = Registration.objects.get(meeting=meeting, user=innovator)
    assert (registration.state, registration.dietary_needs, registration.accessibility_needs) == (
        RegistrationState.REGISTERED,
        "Vegetarian, no nuts",
        "Step-free access to the rooms",
    )

    for title in ("Opening plenary", "Design thinking workshop"):
        page.get_by_role("link", name=title).first.click()
        expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
        page.get_by_role("button", name="Add to my agenda").click()
        expect(page.get_by_role("button", name="Remove from my agenda")).to_be_visible()
        me.check(f"starred-{title}")
        page.get_by_role("link", name=meeting.title).click()
    assert set(Star.objects.filter(user=innovator).values_list("session_id", flat=True)) == {
        sessions["opening"].pk,
        sessions["workshop"].pk,
    }

    page.get_by_role("link", name="My agenda").click()
    expect(page.get_by_role("heading", name="My agenda")).to_be_visible()
    expect(page.locator(".agenda-grid .session-card__title a")).to_have_text(
        ["Opening plenary", "Design thinking workshop"]
    )
    expect(page.locator(".agenda-grid").get_by_text("In my agenda")).to_have_count(2)
    me.check("my-agenda")

    page.get_by_role("link", name=meeting.title).click()
    page.get_by_role("link", name="Study visit: Plovdiv public library").first.click()
    expect(page.get_by_text("1 of 2 places left")).to_be_visible()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("You have a place; the session is in your agenda.")).to_be_visible()
    expect(page.get_by_text("Full – waiting list open")).to_be_visible()
    me.check("signed-up")
    signup = SessionSignup.objects.get(session=sessions["visit"], user=innovator)
    assert signup.state == SignupState.CONFIRMED

    page = me.visit(f"/meetings/{meeting.pk}/my-agenda/")
    expect(page.locator(".agenda-grid .session-card__title a")).to_have_text(
        ["Opening plenary", "Design thinking workshop", "Study visit: Plovdiv public library"]
    )


def _forget_catalogues():
    """Drop the catalogues Django has loaded, so the next request reads the files afresh."""
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(scope="module")
def compiled_translations():
    """The interface catalogues, compiled for these tests (.mo files are not in git) and
    removed afterwards unless they were there already (``make run`` compiles them)."""
    catalogues = "*/locale/*/LC_MESSAGES/*.mo"
    before = set(settings.BASE_DIR.glob(catalogues))
    call_command("compile_translations", stdout=io.StringIO())
    _forget_catalogues()
    yield
    for path in set(settings.BASE_DIR.glob(catalogues)) - before:
        path.unlink()
    _forget_catalogues()


def _news_in_two_languages():
    """The public site in English and Macedonian, with one article translated."""
    _homes, indexes = build_site(("en", "mk"))
    article = add_news(
        indexes["en"],
        "Meeting in Sofia",
        intro="Forty librarians met in Sofia.",
        body=body("The network met at Sofia City Library."),
    )
    translate(
        article,
        "mk",
        "Средба во Софија",
        intro="Четириесет библиотекари се сретнаа во Софија.",
        body=body("Мрежата се сретна во Градската библиотека Софија."),
    )
    return article


def test_visitor_reads_news_and_switches_language(visitor, compiled_translations):
    _news_in_two_languages()
    me = visitor("anonymous")

    page = me.visit("/")
    assert page.url.endswith("/en/")
    page.get_by_role("link", name="Meeting in Sofia").click()
    expect(page.get_by_role("heading", name="Meeting in Sofia", level=1)).to_be_visible()
    expect(page.get_by_text("The network met at Sofia City Library.")).to_be_visible()
    me.check("article-en")

    page.get_by_role("navigation", name="Languages").get_by_role("link", name="Македонски").click()
    expect(page.get_by_role("heading", name="Средба во Софија", level=1)).to_be_visible()
    me.check("article-mk")
    assert page.url.endswith("/mk/news/sredba-vo-sofija/")
    assert page.locator("html").get_attribute("lang") == "mk"
    expect(page.get_by_text("Мрежата се сретна во Градската библиотека Софија.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Јазици")).to_be_visible()
    expect(page.get_by_role("link", name="Најава")).to_be_visible()
    expect(page.get_by_text("од Future Library")).to_be_visible()

    page.get_by_role("navigation", name="Јазици").get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Meeting in Sofia", level=1)).to_be_visible()
    me.check("article-en-again")
    assert page.url.endswith("/en/news/meeting-in-sofia/")
    assert page.locator("html").get_attribute("lang") == "en"
