"""Matrix rows for calls and applications (/apply/...) and the coordinators' intake pages
(/cohorts/...): selection, duplicates, country cap, decisions, mentor groups, peer matching
and discussion topics.

What the rows pin down:
- an applicant sees only their own application (the open call's form and page, withdraw);
- an ambassador sees only their country's applications: the notes (and so the scores'
  context) of other countries' applicants never appear in their HTML, other countries'
  applications are a 404;
- cohort B's coordinator gets a 404 for cohort A's applications, runs and topics, and A's
  coordinator a 404 for B's objects under A's URLs (IDOR);
- reviews are blind: the Serbian ambassador never sees the coordinator's review of a Serbian
  application before submitting their own; only coordinators and the country's ambassador
  score, observers and everyone else get a 404 and nothing is written;
- innovators, mentors, jurors and ambassadors never reach a matching run (cohort A's runs are
  drafts: the matrix's dashboard rows also check that no innovator sees a draft partner).
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from cohorts.enums import CohortStatus
from cohorts.intake.enums import (
    ApplicationState,
    ConstraintKind,
    MatchingJobState,
    MatchingRunStatus,
)
from cohorts.intake.matching import service as matching
from cohorts.models import (
    ApplicationNote,
    ApplicationReview,
    ApplicationScore,
    Call,
    DiscussionTopic,
    MatchingConstraint,
    MatchingJob,
    MatchingRun,
    MentorGroupMember,
)
from tests.factories.cohorts import CohortFactory, UserFactory
from tests.factories.intake import (
    ApplicationFactory,
    CallFactory,
    CallQuestionFactory,
    ReviewCriterionFactory,
)

from .matrix import AdminModel, Row, expect, logged_in
from .snippet_rows import snippet_rows
from .world import (
    AMBASSADOR,
    COORDINATOR,
    INNOVATOR,
    JUROR,
    MENTOR,
    OBSERVER,
    OTHER_COORDINATOR,
    OTHER_INNOVATOR,
    OTHER_MENTOR,
    ROLES,
    STAFF,
)

# Markers written into private texts: a page that shows one to the wrong person leaks.
NOTE_MK = "QxNoteMacedonia"  # coordinator's note on the innovator's (MK) application
NOTE_RS = "QxNoteSerbia"  # ambassador's note on innovator_rs's (RS) application
NOTE_B = "QxNoteBeta"  # cohort B coordinator's note on B's application
HOPES_OWN = "QxHopesInnovatorDraft"  # the innovator's draft to the open call
HOPES_OTHER = "QxHopesOtherSubmitted"  # cohort B's innovator's application to the open call
TOPIC_A = "QxTopicAlpha"
TOPIC_B = "QxTopicBeta"
INTRO_A = "QxIntroAlpha"
REVIEW_A = "QxReviewCoordinator"  # A's coordinator's submitted review of the RS applicant

# Applicants to cohort A who are not (yet) members: two RS accounts that look like one person.
APPLICANT = "applicant_rs"
DUPLICATE = "applicant_rs_dup"
# Everyone whose name cohort A's intake pages may show to A's coordinator (and staff).
A_INTAKE = {
    INNOVATOR,
    "innovator_rs",
    "mentee_2",
    MENTOR,
    OTHER_MENTOR,
    AMBASSADOR,
    JUROR,
    COORDINATOR,
    APPLICANT,
    DUPLICATE,
}
RS_APPLICANTS = {AMBASSADOR, "innovator_rs", APPLICANT, DUPLICATE}
ALL = "all"


def extend_world(world):
    a, b = world.cohort, world.other_cohort
    p = world.people
    o = world.objects

    # Cohort A's call and applications (A is running: its call is closed to the public).
    call = CallFactory(
        cohort=a,
        deadline=timezone.now() - datetime.timedelta(days=60),
        introduction=INTRO_A,
    )
    o["intake_question"] = CallQuestionFactory(call=call, label="Why now?")
    o["intake_criteria"] = [
        ReviewCriterionFactory(call=call, name="Motivation"),
        ReviewCriterionFactory(call=call, name="Innovation idea"),
    ]
    o["intake_app_mk"] = ApplicationFactory(
        cohort=a, user=p[INNOVATOR], state=ApplicationState.ACCEPTED, score=9
    )
    o["intake_app_rs"] = ApplicationFactory(
        cohort=a, user=p["innovator_rs"], state=ApplicationState.ACCEPTED, score=3
    )
    ApplicationFactory(cohort=a, user=p["mentee_2"], state=ApplicationState.ACCEPTED)
    p[APPLICANT] = UserFactory(
        full_name="QxApplicantrs Person", email="qxapplicantrs@example.org", country="RS"
    )
    p[DUPLICATE] = UserFactory(
        full_name="QxDupapplicant Person", email="qxapplicantrs+2@example.org", country="RS"
    )
    o["intake_app_applicant"] = ApplicationFactory(cohort=a, user=p[APPLICANT])
    o["intake_app_dup"] = ApplicationFactory(cohort=a, user=p[DUPLICATE])
    ApplicationNote.objects.create(
        application=o["intake_app_mk"], author=p[COORDINATOR], body=NOTE_MK
    )
    # A duplicate merged earlier (withdrawn, linked): its page stays readable to coordinators.
    o["intake_app_merged"] = ApplicationFactory(
        cohort=a,
        user=p[JUROR],
        country="MK",
        state=ApplicationState.WITHDRAWN,
        duplicate_of=o["intake_app_mk"],
    )
    ApplicationNote.objects.create(
        application=o["intake_app_rs"], author=p[AMBASSADOR], body=NOTE_RS
    )
    # Written directly, as the notes above: no audit entry in the coordinator's own export.
    review = ApplicationReview.objects.create(
        application=o["intake_app_applicant"],
        reviewer=p[COORDINATOR],
        note=REVIEW_A,
        recommendation="accept",
        submitted_at=timezone.now(),
    )
    for criterion in o["intake_criteria"]:
        ApplicationScore.objects.create(review=review, criterion=criterion, value=4)

    # Cohort B: an application with a note, a run and a topic, for the IDOR rows.
    CallFactory(cohort=b, deadline=timezone.now() - datetime.timedelta(days=60))
    o["intake_app_b"] = ApplicationFactory(
        cohort=b, user=p[OTHER_INNOVATOR], state=ApplicationState.ACCEPTED
    )
    ApplicationNote.objects.create(
        application=o["intake_app_b"], author=p[OTHER_COORDINATOR], body=NOTE_B
    )
    o["intake_run_b"] = MatchingRun.objects.create(cohort=b)
    o["intake_job_b"] = MatchingJob.objects.create(cohort=b, state=MatchingJobState.RUNNING)
    o["intake_topic_b"] = DiscussionTopic.objects.create(
        cohort=b, starts_on=b.starts_on, title=TOPIC_B, body=TOPIC_B
    )

    # Cohort A's matching: two draft runs (never published here: a published run would show
    # the innovators their partners), then an exclusion for later runs.
    o["intake_run"] = matching.create_run(cohort=a, by=None, seed=0)
    o["intake_run_2"] = matching.create_run(cohort=a, by=None, seed=1)
    # A job that failed (its page shows why); a queued one would refuse the POST run row.
    o["intake_job"] = MatchingJob.objects.create(
        cohort=a, state=MatchingJobState.FAILED, error="QxJobFailed"
    )
    o["intake_constraint"] = MatchingConstraint.objects.create(
        cohort=a,
        kind=ConstraintKind.EXCLUDE,
        person_a=p[INNOVATOR],
        person_b=p["mentee_2"],
        created_by=p[COORDINATOR],
    )
    o["intake_topic"] = DiscussionTopic.objects.create(
        cohort=a, starts_on=a.starts_on, title=TOPIC_A, body=TOPIC_A
    )

    # An open call (a third cohort, no members): the innovator has a draft, cohort B's
    # innovator a submitted application.
    gamma = CohortFactory(name="Cohort Gamma", status=CohortStatus.OPEN)
    CallFactory(cohort=gamma)
    o["intake_open_cohort"] = gamma
    o["intake_open_draft"] = ApplicationFactory(
        cohort=gamma,
        user=p[INNOVATOR],
        state=ApplicationState.DRAFT,
        submitted_at=None,
        hopes=HOPES_OWN,
    )
    o["intake_open_other"] = ApplicationFactory(
        cohort=gamma, user=p[OTHER_INNOVATOR], hopes=HOPES_OTHER
    )


# Paths ----------------------------------------------------------------------------------------


def _a(name, *objects, cohort="cohort"):
    """``name`` with cohort A's id (or ``cohort``'s) followed by the pks of ``objects``.

    ``cohort``: "cohort" (A), "other_cohort" (B) or a key of ``world.objects``.
    """

    def build(world):
        if cohort in ("cohort", "other_cohort"):
            c = getattr(world, cohort)
        else:
            c = world.objects[cohort]
        return reverse(name, args=[c.pk, *[world.objects[key].pk for key in objects]])

    return build


def _open(name):
    return _a(name, cohort="intake_open_cohort")


def _b(name, *objects):
    return _a(name, *objects, cohort="other_cohort")


def _bulk(*keys, to=ApplicationState.DECLINED):
    def build(world):
        base = _a("cohorts:applications_bulk")(world)
        ids = "&".join(f"ids={world.objects[key].pk}" for key in keys)
        return f"{base}?to={to}&{ids}"

    return build


def _compare(first, second, cohort="cohort"):
    def build(world):
        base = _a("cohorts:matching_compare", cohort=cohort)(world)
        return f"{base}?first={world.objects[first].pk}&second={world.objects[second].pk}"

    return build


# Checks ---------------------------------------------------------------------------------------


def _refresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def _never_shows(*markers):
    def check(world, role, response):
        if response.status_code == 200 and not getattr(response, "streaming", False):
            body = response.content.decode(errors="replace")
            for marker in markers:
                assert marker not in body, f"{role} sees {marker!r}"

    return check


def _only_coordinators_change(test):
    """``test(world)`` holds (nothing changed) after every role before A's coordinator."""

    def check(world, role, response):
        if ROLES.index(role) < ROLES.index(COORDINATOR):
            assert test(world), f"{role} changed something"

    return check


def _state_is(key, state):
    return lambda world: _refresh(world.objects[key]).state == state


def _always(test):
    """``test(world, role)`` holds after every role's request."""

    def check(world, role, response):
        assert test(world, role), f"after {role}'s request"

    return check


# Expectations -----------------------------------------------------------------------------------

# Coordinators' intake pages on cohort A: A's coordinator and staff; everyone else a 404
# (B's coordinator included: ids leak nothing), anonymous visitors are sent to log in.
MANAGE_A = logged_in(404, coordinator=200, staff=200)
# The same for a POST that redirects back when done.
MANAGE_A_POST = logged_in(404, coordinator=302, staff=302)
# An object of another cohort under a cohort's URL: a 404 for everyone.
NOBODY = logged_in(404)
A_VISIBLE = {COORDINATOR: A_INTAKE, OBSERVER: A_INTAKE, STAFF: ALL}

ROWS = [
    # Public calls ---------------------------------------------------------------------------
    Row("cohorts:calls", "/apply/", expect(200)),
    Row(
        "cohorts:call_detail",
        _open("cohorts:call_detail"),
        expect(200),
        check=_never_shows(HOPES_OWN, HOPES_OTHER),
    ),
    # A running cohort's call is not public, whoever asks.
    Row("cohorts:call_detail", _a("cohorts:call_detail"), expect(404)),
    Row(
        "cohorts:apply",
        _open("cohorts:apply"),
        # B's innovator has applied already: back to the call's page.
        logged_in(200, other_innovator=302),
        check=lambda world, role, response: _never_shows(
            *({HOPES_OWN, HOPES_OTHER} - ({HOPES_OWN} if role == INNOVATOR else set()))
        )(world, role, response),
    ),
    Row(
        "POST cohorts:apply",
        _open("cohorts:apply"),
        logged_in(302),
        method="POST",
        data={"hopes": "QxHopesPosted"},
        check=_always(
            lambda world, role: _refresh(world.objects["intake_open_other"]).hopes == HOPES_OTHER
        ),
    ),
    Row(
        "cohorts:withdraw",
        _open("cohorts:withdraw"),
        # Only those with an application to the call have one to withdraw.
        logged_in(404, innovator=302, other_innovator=302),
        method="POST",
        check=_always(
            lambda world, role: (
                role == OTHER_INNOVATOR
                or ROLES.index(role) > ROLES.index(OTHER_INNOVATOR)
                or _refresh(world.objects["intake_open_other"]).state == ApplicationState.SUBMITTED
            )
        ),
    ),
    # Coordinators: the cohorts they run ----------------------------------------------------
    Row(
        "cohorts:manage",
        "/cohorts/",
        logged_in(404, coordinator=200, other_coordinator=200, staff=200),
        check=lambda world, role, response: (
            role != OTHER_COORDINATOR or _never_shows(world.cohort.name)(world, role, response)
        ),
    ),
    Row(
        "cohorts:call_settings",
        _a("cohorts:call_settings"),
        MANAGE_A,
    ),
    Row(
        "POST cohorts:call_settings",
        _a("cohorts:call_settings"),
        MANAGE_A_POST,
        method="POST",
        data={
            "deadline": "2027-01-31T12:00",
            "introduction": "QxIntroChanged",
            "country_cap_percent": "25",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "20",
        },
        check=_only_coordinators_change(
            lambda world: Call.objects.get(cohort=world.cohort).introduction == INTRO_A
        ),
    ),
    # Selection: list, detail (notes and score), decisions ----------------------------------
    Row(
        "cohorts:applications",
        _a("cohorts:applications"),
        # A's observer reads the selection list too (no detail, no decision).
        logged_in(404, ambassador=200, observer=200, coordinator=200, staff=200),
        visible={AMBASSADOR: RS_APPLICANTS, **A_VISIBLE},
        check=_never_shows(NOTE_MK, NOTE_B),
    ),
    Row(
        # The innovator's (MK) application: not the Serbian ambassador's to see.
        "cohorts:application_detail",
        _a("cohorts:application_detail", "intake_app_mk"),
        MANAGE_A,
        visible=A_VISIBLE,
        check=_never_shows(NOTE_B),
    ),
    Row(
        # innovator_rs's application: the Serbian ambassador reviews it, sees no MK note.
        "cohorts:application_detail",
        _a("cohorts:application_detail", "intake_app_rs"),
        logged_in(404, ambassador=200, coordinator=200, staff=200),
        visible={AMBASSADOR: RS_APPLICANTS, **A_VISIBLE},
        check=_never_shows(NOTE_MK, NOTE_B),
    ),
    Row(
        # IDOR: cohort B's application under cohort A's URL.
        "cohorts:application_detail",
        _a("cohorts:application_detail", "intake_app_b"),
        NOBODY,
    ),
    Row(
        # IDOR: cohort A's application under cohort B's URL (B's coordinator's own cohort).
        "cohorts:application_detail",
        _b("cohorts:application_detail", "intake_app_mk"),
        NOBODY,
    ),
    Row(
        "POST cohorts:application_detail",
        _a("cohorts:application_detail", "intake_app_applicant"),
        logged_in(404, ambassador=302, coordinator=302, staff=302),
        method="POST",
        data={"score": "6", "note": "QxPostedNote"},
        check=_always(
            lambda world, role: (
                ROLES.index(role) >= ROLES.index(AMBASSADOR)
                or not ApplicationNote.objects.filter(body="QxPostedNote").exists()
            )
        ),
    ),
    Row(
        # The Serbian ambassador may not review (or learn of) an MK application.
        "POST cohorts:application_detail",
        _a("cohorts:application_detail", "intake_app_mk"),
        MANAGE_A_POST,
        method="POST",
        data={"score": "1", "note": "QxPostedNote"},
        check=_only_coordinators_change(
            lambda world: (
                not ApplicationNote.objects.filter(body="QxPostedNote").exists()
                and _refresh(world.objects["intake_app_mk"]).score == 9
            )
        ),
    ),
    # Rubric reviews: blind until one's own is submitted; coordinators and the country's
    # ambassador write, nobody else (observers read the list's figures only).
    Row(
        "cohorts:application_detail",
        _a("cohorts:application_detail", "intake_app_applicant"),
        logged_in(404, ambassador=200, coordinator=200, staff=200),
        visible={AMBASSADOR: RS_APPLICANTS, **A_VISIBLE},
        check=lambda world, role, response: (
            role != AMBASSADOR or _never_shows(REVIEW_A)(world, role, response)
        ),
    ),
    Row(
        "cohorts:applications",
        _a("cohorts:applications"),
        logged_in(404, ambassador=200, observer=200, coordinator=200, staff=200),
        visible={AMBASSADOR: RS_APPLICANTS, **A_VISIBLE},
        check=lambda world, role, response: (
            response.status_code != 200
            or role == AMBASSADOR  # blind: no figures before their own review
            or b"1 accept" in response.content
        ),
    ),
    Row(
        "cohorts:application_review",
        _a("cohorts:application_review", "intake_app_applicant"),
        logged_in(405),
    ),
    Row(
        "POST cohorts:application_review",
        _a("cohorts:application_review", "intake_app_applicant"),
        logged_in(404, ambassador=302, coordinator=302, staff=302),
        method="POST",
        data=lambda world: {
            **{f"criterion_{c.pk}": "3" for c in world.objects["intake_criteria"]},
            "note": "QxPostedReview",
            "recommendation": "waitlist",
            "submit": "1",
        },
        check=_always(
            lambda world, role: (
                set(
                    ApplicationReview.objects.filter(note="QxPostedReview").values_list(
                        "reviewer_id", flat=True
                    )
                )
                <= {world.people[person].pk for person in (AMBASSADOR, COORDINATOR, STAFF)}
            )
        ),
    ),
    Row(
        # The Serbian ambassador may not score an MK application.
        "POST cohorts:application_review",
        _a("cohorts:application_review", "intake_app_mk"),
        # accepted already: coordinators see the refusal on the page, nothing is saved
        logged_in(404, coordinator=200, staff=200),
        method="POST",
        data=lambda world: {
            **{f"criterion_{c.pk}": "1" for c in world.objects["intake_criteria"]},
            "note": "QxMkReview",
            "recommendation": "decline",
            "submit": "1",
        },
        visible=A_VISIBLE,
        check=_always(
            lambda world, role: not ApplicationReview.objects.filter(note="QxMkReview").exists()
        ),
    ),
    Row(
        # IDOR: cohort B's application under cohort A's URL.
        "POST cohorts:application_review",
        _a("cohorts:application_review", "intake_app_b"),
        NOBODY,
        method="POST",
        data={"submit": "1"},
        check=_always(
            lambda world, role: (
                not ApplicationReview.objects.filter(
                    application=world.objects["intake_app_b"]
                ).exists()
            )
        ),
    ),
    Row(
        # Ambassadors review, coordinators decide (the ambassador's try is a 404).
        "cohorts:application_decide",
        _a("cohorts:application_decide", "intake_app_applicant"),
        MANAGE_A_POST,
        method="POST",
        data={"state": ApplicationState.WAITLISTED},
        check=_only_coordinators_change(
            _state_is("intake_app_applicant", ApplicationState.SUBMITTED)
        ),
    ),
    # The merged duplicate: read-only, says where it went (no longer a 404 to coordinators).
    Row(
        "cohorts:application_detail",
        _a("cohorts:application_detail", "intake_app_merged"),
        MANAGE_A,
        visible=A_VISIBLE,
        check=lambda world, role, response: (
            response.status_code != 200 or b'id="merged-into"' in response.content
        ),
    ),
    Row(
        "POST cohorts:application_detail",
        _a("cohorts:application_detail", "intake_app_merged"),
        MANAGE_A_POST,
        method="POST",
        data={"score": "2", "note": "QxMergedNote"},
        check=_always(
            lambda world, role: not ApplicationNote.objects.filter(body="QxMergedNote").exists()
        ),
    ),
    # Bulk decisions: one confirmation page (GET shows, POST applies); coordinators only.
    Row(
        "cohorts:applications_bulk",
        _bulk("intake_app_applicant", "intake_app_mk"),
        MANAGE_A,
        visible=A_VISIBLE,
    ),
    Row(
        # IDOR: cohort B's application ticked under cohort A's URL is simply not there.
        "cohorts:applications_bulk",
        _bulk("intake_app_b"),
        MANAGE_A,
        visible=A_VISIBLE,
        check=_never_shows(NOTE_B),
    ),
    Row(
        "POST cohorts:applications_bulk",
        _a("cohorts:applications_bulk"),
        MANAGE_A_POST,
        method="POST",
        data=lambda world: {
            "to": ApplicationState.DECLINED,
            "ids": [world.objects["intake_app_applicant"].pk, world.objects["intake_app_b"].pk],
        },
        check=_always(
            lambda world, role: (
                _refresh(world.objects["intake_app_b"]).state == ApplicationState.ACCEPTED
                and (
                    ROLES.index(role) >= ROLES.index(COORDINATOR)
                    or _refresh(world.objects["intake_app_applicant"]).state
                    == ApplicationState.SUBMITTED
                )
            )
        ),
    ),
    # The export (every answer, e-mails): coordinators only, not ambassadors.
    Row("cohorts:applications_csv", _a("cohorts:applications_csv"), MANAGE_A, visible=A_VISIBLE),
    Row("cohorts:applications_xlsx", _a("cohorts:applications_xlsx"), MANAGE_A, visible=A_VISIBLE),
    Row(
        "cohorts:applications_csv",
        _b("cohorts:applications_csv"),
        logged_in(404, other_coordinator=200, staff=200),
        visible={OTHER_COORDINATOR: {OTHER_INNOVATOR}, STAFF: ALL},
    ),
    Row(
        "cohorts:apply_cap",
        _a("cohorts:apply_cap"),
        MANAGE_A_POST,
        method="POST",
        data={"percent": "20"},
        check=_only_coordinators_change(
            _state_is("intake_app_applicant", ApplicationState.SUBMITTED)
        ),
    ),
    Row(
        "cohorts:send_decisions",
        _a("cohorts:send_decisions"),
        MANAGE_A_POST,
        method="POST",
    ),
    Row(
        "cohorts:duplicates",
        _a("cohorts:duplicates"),
        MANAGE_A,
        visible=A_VISIBLE,
    ),
    Row(
        "POST cohorts:duplicates",
        _a("cohorts:duplicates"),
        MANAGE_A_POST,
        method="POST",
        data=lambda world: {
            "keep": world.objects["intake_app_applicant"].pk,
            "duplicate": world.objects["intake_app_dup"].pk,
        },
        check=_only_coordinators_change(_state_is("intake_app_dup", ApplicationState.SUBMITTED)),
    ),
    # Mentor groups -------------------------------------------------------------------------
    Row("cohorts:mentor_groups", _a("cohorts:mentor_groups"), MANAGE_A, visible=A_VISIBLE),
    Row(
        "POST cohorts:mentor_groups",
        _a("cohorts:mentor_groups"),
        MANAGE_A_POST,
        method="POST",
        data=lambda world: {
            f"assign-{world.people['innovator_rs'].pk}": world.people[OTHER_MENTOR].pk
        },
        check=_only_coordinators_change(
            lambda world: (
                not MentorGroupMember.objects.filter(
                    innovator=world.people["innovator_rs"]
                ).exists()
            )
        ),
    ),
    # Matching ------------------------------------------------------------------------------
    Row("cohorts:matching", _a("cohorts:matching"), MANAGE_A, visible=A_VISIBLE),
    Row(
        "POST cohorts:matching",
        _a("cohorts:matching"),
        # staff comes after the coordinator, whose run is still queued (the task runs on
        # commit): the form refuses a second run of the round.
        logged_in(404, coordinator=302, staff=200),
        method="POST",
        data={"run": "1", **matching.algorithm.Weights().as_dict(), "top_k": "12", "seed": "7"},
        visible=A_VISIBLE,
        check=_only_coordinators_change(
            lambda world: (
                not MatchingJob.objects.filter(
                    cohort=world.cohort, state__in=MatchingJobState.active()
                ).exists()
            )
        ),
    ),
    Row(
        # Re-match the affected people: nothing is published in cohort A, so coordinators
        # see the refusal next to the form; nobody else reaches it, and no run is made.
        "POST cohorts:matching",
        _a("cohorts:matching"),
        logged_in(404, coordinator=200, staff=200),
        method="POST",
        data={"rematch": "1", **matching.algorithm.Weights().as_dict(), "top_k": "8", "seed": "0"},
        visible=A_VISIBLE,
        check=_always(
            lambda world, role: (
                not MatchingRun.objects.filter(cohort=world.cohort, base_run__isnull=False).exists()
            )
        ),
    ),
    Row("cohorts:matching_job", _a("cohorts:matching_job", "intake_job"), MANAGE_A),
    Row("cohorts:matching_job", _a("cohorts:matching_job", "intake_job_b"), NOBODY),
    Row("cohorts:matching_job", _b("cohorts:matching_job", "intake_job"), NOBODY),
    Row(
        # Exclude a pair (a pin is the same form).
        "POST cohorts:matching",
        _a("cohorts:matching"),
        # staff comes after the coordinator: the pair is excluded already, the form says so
        logged_in(404, coordinator=302, staff=200),
        method="POST",
        data=lambda world: {
            "constraint": "1",
            "constraint-kind": "exclude",
            "constraint-first": world.people[INNOVATOR].email,
            "constraint-second": world.people["innovator_rs"].email,
        },
        visible=A_VISIBLE,
        check=_only_coordinators_change(
            lambda world: MatchingConstraint.objects.filter(cohort=world.cohort).count() == 1
        ),
    ),
    Row(
        "POST cohorts:matching",
        _a("cohorts:matching"),
        # staff comes after the coordinator, who has removed it by then: 404
        logged_in(404, coordinator=302),
        method="POST",
        data=lambda world: {"remove": world.objects["intake_constraint"].pk},
        check=_only_coordinators_change(
            lambda world: MatchingConstraint.objects.filter(
                pk=world.objects["intake_constraint"].pk
            ).exists()
        ),
    ),
    Row(
        "cohorts:matching_run",
        _a("cohorts:matching_run", "intake_run"),
        MANAGE_A,
        visible=A_VISIBLE,
    ),
    Row("cohorts:matching_run", _a("cohorts:matching_run", "intake_run_b"), NOBODY),
    Row("cohorts:matching_run", _b("cohorts:matching_run", "intake_run"), NOBODY),
    Row(
        "POST cohorts:matching_run",
        _a("cohorts:matching_run", "intake_run"),
        MANAGE_A_POST,
        method="POST",
        data={"publish": "1"},
        check=_always(
            lambda world, role: (
                _refresh(world.objects["intake_run"]).status
                == (
                    MatchingRunStatus.DRAFT
                    if ROLES.index(role) < ROLES.index(COORDINATOR)
                    else MatchingRunStatus.PUBLISHED
                )
            )
        ),
    ),
    Row(
        "POST cohorts:matching_run",
        _a("cohorts:matching_run", "intake_run"),
        MANAGE_A_POST,
        method="POST",
        data=lambda world: {"pin": world.objects["intake_run"].pairs.first().pk},
    ),
    Row(
        # Unpublish: cohort A's run is a draft, so even a coordinator only gets the refusal
        # as a message (the behaviour itself: tests/cohorts/test_matching_rematch.py).
        "POST cohorts:matching_run",
        _a("cohorts:matching_run", "intake_run"),
        MANAGE_A_POST,
        method="POST",
        data={"unpublish": "1"},
        check=_always(
            lambda world, role: (
                _refresh(world.objects["intake_run"]).status == MatchingRunStatus.DRAFT
            )
        ),
    ),
    Row(
        "POST cohorts:matching_run",
        _a("cohorts:matching_run", "intake_run"),
        logged_in(404, coordinator=200, staff=200),  # a trio cannot be split: the form says so
        method="POST",
        data=lambda world: {
            "swap": "1",
            "swap-first": world.people[INNOVATOR].email,
            "swap-second": world.people["innovator_rs"].email,
        },
        visible=A_VISIBLE,
    ),
    Row(
        "cohorts:matching_compare",
        _compare("intake_run", "intake_run_2"),
        MANAGE_A,
        visible=A_VISIBLE,
    ),
    Row("cohorts:matching_compare", _compare("intake_run", "intake_run_b"), NOBODY),
    # Discussion topics -----------------------------------------------------------------------
    Row(
        "cohorts:topics",
        _a("cohorts:topics"),
        MANAGE_A,
        check=_never_shows(TOPIC_B),
    ),
    Row(
        "POST cohorts:topics",
        _a("cohorts:topics"),
        # staff comes after the coordinator: that fortnight has its topic, the form says so
        logged_in(404, coordinator=302, staff=200),
        method="POST",
        data=lambda world: {
            "starts_on": (world.cohort.starts_on + datetime.timedelta(days=14)).isoformat(),
            "title": "QxTopicPosted",
            "body": "QxTopicPosted",
        },
        check=_only_coordinators_change(
            lambda world: not DiscussionTopic.objects.filter(title="QxTopicPosted").exists()
        ),
    ),
    Row(
        "POST cohorts:topics",
        _a("cohorts:topics"),
        logged_in(404, coordinator=302),  # then staff finds it gone: 404
        method="POST",
        data=lambda world: {"remove": world.objects["intake_topic"].pk},
        check=_only_coordinators_change(
            lambda world: DiscussionTopic.objects.filter(
                pk=world.objects["intake_topic"].pk
            ).exists()
        ),
    ),
    Row(
        # IDOR: cohort B's topic removed through cohort A's page.
        "POST cohorts:topics",
        _a("cohorts:topics"),
        NOBODY,
        method="POST",
        data=lambda world: {"remove": world.objects["intake_topic_b"].pk},
        check=_always(
            lambda world, role: DiscussionTopic.objects.filter(
                pk=world.objects["intake_topic_b"].pk
            ).exists()
        ),
    ),
]

# Cohort A's instance of the intake models in the admin (generated rows, admin_rows.py).
ADMIN_MODELS = {
    "cohorts.callquestion": AdminModel(lambda world: world.objects["intake_question"]),
    "cohorts.discussiontopic": AdminModel(lambda world: world.objects["intake_topic"]),
}

# Questions and topics are snippets, corrected and translated there (wagtail-localize);
# they are added and removed on the coordinator's screens: adding and deleting are staff's.
_ADMIN_VISIBLE = {COORDINATOR: "a_people", OTHER_COORDINATOR: "b_people", STAFF: "all"}
for _model, _key in (("callquestion", "intake_question"), ("discussiontopic", "intake_topic")):
    ROWS += snippet_rows(
        "cohorts",
        _model,
        lambda world, key=_key: world.objects[key],
        visible=_ADMIN_VISIBLE,
        staff_only_views=("add", "delete", "copy"),
    )
