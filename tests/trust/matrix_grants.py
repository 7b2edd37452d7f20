"""Matrix rows for the grants app: calls, proposals, jury pages, coordinator pages, downloads,
awards, the public funded-projects page, and the Wagtail admin for grant calls and criteria.

Cohort A has one *blind* call with INNOVATOR's proposal, awarded (so every page exists):
assigned to JUROR (no review yet), to "juror_2" (submitted review with a private note) and to
"conflicted_juror" (assigned, then declared a conflict). Cohort B has a call with
OTHER_INNOVATOR's proposal and "other_juror", a juror of B. People outside ``ROLES`` (the
conflicted juror, the other cohort's juror, another innovator of cohort A) are checked by
``also``: a second client asks the same URL as them.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import Role
from grants.enums import ConflictReason, ExportState, Outcome, ProposalState, ReportKind
from grants.models import (
    Attachment,
    Award,
    Conflict,
    Decision,
    DossierExport,
    JuryAssignment,
    Milestone,
    Report,
    ReportFile,
)
from tests.factories.cohorts import UserFactory, add_member
from tests.factories.grants import ProposalFactory, make_call, review

from .matrix import (
    LOGIN,
    LOGIN_PATHS,
    AdminModel,
    Redirect,
    Row,
    close_response,
    expect,
    logged_in,
)
from .snippet_rows import snippet_rows
from .world import (
    ANONYMOUS,
    COORDINATOR,
    INNOVATOR,
    JUROR,
    OBSERVER,
    OTHER_INNOVATOR,
    STAFF,
)

PRIVATE_NOTE = "QxPrivatenote of juror two"
COMMENT = "QxComment to the applicant"


def extend_world(world):
    p = world.people

    def person(tag, **fields):
        return UserFactory(
            full_name=f"Qx{tag} Person", email=f"qx{tag.lower()}@example.org", **fields
        )

    p["juror_2"] = add_member(world.cohort, Role.JURY, person("Jurortwo"))
    p["conflicted_juror"] = add_member(world.cohort, Role.JURY, person("Conflictjuror"))
    p["other_juror"] = add_member(world.other_cohort, Role.JURY, person("Otherjuror"))
    world.a_people |= {"juror_2", "conflicted_juror"}
    world.b_people |= {"other_juror"}

    past = timezone.now() - datetime.timedelta(days=5)
    call = make_call(
        world.cohort,
        blind_review=True,
        opens_at=past - datetime.timedelta(days=20),
        closes_at=past,
        extra_questions="Who supports the project?",
    )
    proposal = ProposalFactory(
        call=call, applicant=p[INNOVATOR], title="Qx Seed Library", state=ProposalState.AWARDED
    )
    for juror in (p[JUROR], p["conflicted_juror"]):
        JuryAssignment.objects.create(proposal=proposal, juror=juror)
    Conflict.objects.create(
        proposal=proposal, juror=p["conflicted_juror"], reason=ConflictReason.DECLARED
    )
    review(
        proposal,
        p["juror_2"],
        dict.fromkeys(call.criteria.all(), 4),
        comment=COMMENT,
        note=PRIVATE_NOTE,
    )
    attachment = Attachment(
        proposal=proposal, original_name="qx-plan.pdf", uploaded_by=p[INNOVATOR]
    )
    attachment.file.save("qx-plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=False)
    attachment.save()
    Decision.objects.create(
        proposal=proposal,
        outcome=Outcome.AWARD,
        amount=Decimal("1000"),
        rationale="Good.",
        decided_by=p[COORDINATOR],
        released_at=past,
    )
    award = Award.objects.create(proposal=proposal, amount=Decimal("1000"))
    milestone = Milestone.objects.create(
        award=award, title="Qx Launch", due_on=timezone.localdate(), report_kind=ReportKind.FINAL
    )
    report = Report.objects.create(
        milestone=milestone, kind=ReportKind.FINAL, text="Done.", submitted_by=p[INNOVATOR]
    )
    report_file = ReportFile(report=report, original_name="qx-report.pdf")
    report_file.file.save("qx-report.pdf", ContentFile(b"%PDF-1.4 report"), save=False)
    report_file.save()
    export = DossierExport(call=call, requested_by=p[COORDINATOR], state=ExportState.READY)
    export.file.save("dossier.pdf", ContentFile(b"%PDF-1.4 dossier"), save=False)
    export.save()

    other_call = make_call(world.other_cohort)
    other_proposal = ProposalFactory(
        call=other_call, applicant=p[OTHER_INNOVATOR], state=ProposalState.IN_REVIEW
    )
    JuryAssignment.objects.create(proposal=other_proposal, juror=p["other_juror"])

    world.objects.update(
        grant_call=call,
        proposal=proposal,
        attachment=attachment,
        award=award,
        report_file=report_file,
        dossier=export,
        criterion=call.criteria.first(),
        grant_question=call.questions.first(),
        other_proposal=other_proposal,
    )


# Cohort A's instance of every grants model in the admin (generated rows, admin_rows.py).
ADMIN_MODELS = {
    "grants.grantcall": AdminModel(lambda world: world.objects["grant_call"]),
    "grants.criterion": AdminModel(lambda world: world.objects["criterion"]),
    "grants.grantquestion": AdminModel(lambda world: world.objects["grant_question"]),
}


def obj_url(name, key, suffix=""):
    return lambda world: reverse(name, args=[world.objects[key].pk]) + suffix


# --- checks ---------------------------------------------------------------------------------

# People outside ROLES; every proposal URL of cohort A must be a 404 for them.
OUTSIDERS = {"conflicted_juror": 404, "other_juror": 404, "innovator_rs": 404}


def _answer(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        return LOGIN if location.startswith(LOGIN_PATHS) else Redirect(location.split("?")[0])
    return response.status_code


def also(extra=OUTSIDERS, method="GET", data=None, then=None):
    """A check asking the row's URL again as the people in ``extra`` (once, after anonymous)."""

    def check(world, role, response):
        if role != ANONYMOUS:
            if then:
                then(world, role, response)
            return
        path = response.request["PATH_INFO"]
        problems = []
        for key, expected in extra.items():
            client = Client()
            client.force_login(world.people[key])
            answered = client.post(path, data or {}) if method == "POST" else client.get(path)
            close_response(answered)
            answer = _answer(answered)
            if answer != expected and not (expected == 302 and answer != 200):
                problems.append(f"{key}: expected {expected}, got {answer}")
        assert not problems, problems

    return check


def no_private_note(world, role, response):
    """Only coordinators and staff read juror two's private note (JUROR has not reviewed)."""
    if response.status_code == 200 and not getattr(response, "streaming", False):
        body = response.content.decode(errors="replace")
        if role not in (COORDINATOR, STAFF):
            assert PRIVATE_NOTE not in body, role
            assert COMMENT not in body or role == INNOVATOR, role


def download_headers(world, role, response):
    if response.status_code == 200:
        assert response["Content-Disposition"].startswith("attachment"), role
        assert response["X-Content-Type-Options"] == "nosniff", role
    close_response(response)


def both(*checks):
    def check(world, role, response):
        for c in checks:
            c(world, role, response)

    return check


def _state_is(world, state):
    world.objects["proposal"].refresh_from_db()
    assert world.objects["proposal"].state == state


def _attachments_are(world, count):
    assert world.objects["proposal"].attachments.count() == count


def _blind_attachment_name(world, role, response):
    """In a blind call the juror's download carries no original file name."""
    if response.status_code == 200 and role == JUROR:
        assert "qx-plan" not in response["Content-Disposition"]


def _shows_project(world, role, response):
    assert "Qx Seed Library" in response.content.decode(), role


# --- expectations ---------------------------------------------------------------------------

# A proposal page: applicant, its unconflicted assigned juror, A's coordinator, staff.
PROPOSAL_PAGE = logged_in(404, innovator=200, juror=200, coordinator=200, staff=200)
# Applicant + coordinators (decision letter, award, reports): jurors get a 404.
APPLICANT_AND_COORD = logged_in(404, innovator=200, coordinator=200, staff=200)
COORD_ONLY = logged_in(404, coordinator=200, staff=200)
A_MEMBERS = logged_in(
    404, innovator=200, mentor=200, other_mentor=200, ambassador=200, juror=200,
    observer=200, coordinator=200, staff=200,
)  # fmt: skip
# The ranking, read only: A's coordinator, A's observer and staff.
RESULTS_READERS = logged_in(404, coordinator=200, observer=200, staff=200)
# The juror's view of a blind call shows no applicant; coordinators see the whole cohort.
COORD_VISIBLE = {COORDINATOR: "a_people", OBSERVER: "a_people", STAFF: "all"}
JUROR_VISIBLE = {JUROR: {JUROR}}

# Admin viewsets scoped to the coordinated cohorts (as in matrix_cohorts).
SCOPED_OBJECT = logged_in(LOGIN, coordinator=200, other_coordinator=404, staff=200)
SCOPED_LIST = logged_in(LOGIN, coordinator=200, other_coordinator=200, staff=200)

ROWS = [
    # Public
    Row(
        "grants:funded",
        lambda w: reverse("grants:funded", args=[w.cohort.programme.slug]),
        # the public page names the project and the library, never the person (no consent)
        expect(200),
        check=_shows_project,
    ),
    # Calls
    Row(
        "grants:call",
        obj_url("grants:call", "grant_call"),
        A_MEMBERS,
        check=also({"conflicted_juror": 200, "other_juror": 404}),
    ),
    Row(
        "grants:proposal_start",
        obj_url("grants:proposal_start", "grant_call"),
        # the call has closed: A's innovators get the form back with the error, others 404
        logged_in(404, innovator=200, staff=403),
        method="POST",
        data={"title": "Qx late"},
        check=also({"other_juror": 404, "innovator_rs": 200}, method="POST", data={"title": "x"}),
    ),
    Row(
        "grants:jury",
        obj_url("grants:jury", "grant_call"),
        logged_in(404, juror=200, staff=200),
        visible=JUROR_VISIBLE,
        check=also({"conflicted_juror": 200, "other_juror": 404}),
    ),
    Row(
        "grants:jury_conflicts",
        obj_url("grants:jury_conflicts", "grant_call"),
        logged_in(404, juror=200, staff=200),
        visible=JUROR_VISIBLE,
        check=also({"conflicted_juror": 200, "other_juror": 404}),
    ),
    Row(
        "grants:call_new",
        lambda w: reverse("grants:call_new", args=[w.cohort.pk]),
        COORD_ONLY,
        check=also({"conflicted_juror": 404, "other_juror": 404}),
    ),
    Row(
        "grants:call_settings",
        obj_url("grants:call_settings", "grant_call"),
        COORD_ONLY,
        check=also({"conflicted_juror": 404, "other_juror": 404}),
    ),
    Row(
        "grants:progress",
        obj_url("grants:progress", "grant_call"),
        COORD_ONLY,
        visible=COORD_VISIBLE,
        check=also({"conflicted_juror": 404, "other_juror": 404}),
    ),
    Row(
        "grants:progress",
        obj_url("grants:progress", "grant_call"),
        # the call's reviews are open: a reminder of nobody overdue redirects back
        logged_in(404, coordinator=302, staff=302),
        method="POST",
        data={"action": "remind_all"},
        check=also({"conflicted_juror": 404, "other_juror": 404}, method="POST"),
    ),
    Row(
        "grants:decision_preview",
        obj_url("grants:decision_preview", "grant_call", "?outcome=award"),
        COORD_ONLY,
        visible=COORD_VISIBLE,
        check=also({"conflicted_juror": 404, "other_juror": 404, "juror_2": 404}),
    ),
    Row("grants:manage", obj_url("grants:manage", "grant_call"), COORD_ONLY, visible=COORD_VISIBLE),
    Row(
        "grants:start_review",
        obj_url("grants:start_review", "grant_call"),
        logged_in(404, coordinator=302, staff=302),
        method="POST",
        check=also({"conflicted_juror": 404, "other_juror": 404}, method="POST"),
    ),
    Row(
        "grants:assignments",
        obj_url("grants:assignments", "grant_call"),
        COORD_ONLY,
        visible=COORD_VISIBLE,
        check=also({"conflicted_juror": 404, "other_juror": 404}),
    ),
    Row(
        "grants:ranking",
        obj_url("grants:ranking", "grant_call"),
        RESULTS_READERS,
        visible=COORD_VISIBLE,
        check=also({"conflicted_juror": 404, "other_juror": 404}),
    ),
    Row(
        "grants:ranking_csv",
        obj_url("grants:ranking_csv", "grant_call"),
        RESULTS_READERS,
        visible=COORD_VISIBLE,
        check=both(also({"conflicted_juror": 404}), download_headers),
    ),
    Row(
        "grants:ranking_xlsx",
        obj_url("grants:ranking_xlsx", "grant_call"),
        RESULTS_READERS,
        visible=COORD_VISIBLE,
        check=both(also({"conflicted_juror": 404}), download_headers),
    ),
    Row(
        "grants:dossier_request",
        obj_url("grants:dossier_request", "grant_call"),
        logged_in(404, coordinator=302, staff=302),
        method="POST",
    ),
    Row(
        "grants:dossier",
        obj_url("grants:dossier", "dossier"),
        COORD_ONLY,
        check=both(also({"conflicted_juror": 404, "juror_2": 404}), download_headers),
    ),
    Row(
        "grants:decisions",
        obj_url("grants:decisions", "grant_call"),
        COORD_ONLY,
        visible=COORD_VISIBLE,
    ),
    # Proposals
    Row(
        "grants:proposal",
        obj_url("grants:proposal", "proposal"),
        PROPOSAL_PAGE,
        visible={**COORD_VISIBLE, **JUROR_VISIBLE},
        check=also(then=no_private_note),
    ),
    Row(
        "grants:proposal_edit",
        obj_url("grants:proposal_edit", "proposal"),
        # awarded: the applicant is sent back to the proposal page
        logged_in(404, innovator=302),
        check=also(),
    ),
    Row(
        "grants:proposal_transition",
        obj_url("grants:proposal_transition", "proposal"),
        # people who may see it are sent back with an error (no such transition); the state
        # never changes
        logged_in(404, innovator=302, juror=302, coordinator=302, staff=302),
        method="POST",
        data={"to": ProposalState.DRAFT},
        check=also(
            method="POST",
            data={"to": ProposalState.DRAFT},
            then=lambda w, role, r: _state_is(w, ProposalState.AWARDED),
        ),
    ),
    Row(
        "grants:messages",
        obj_url("grants:messages", "proposal"),
        # the applicants and the coordinators write in the thread; jurors and outsiders 404
        logged_in(404, innovator=302, coordinator=302, staff=302),
        method="POST",
        data={"body": "Qx message"},
        check=also({**OUTSIDERS, "juror_2": 404}, method="POST", data={"body": "Qx message"}),
    ),
    Row(
        "grants:revisions",
        obj_url("grants:revisions", "proposal"),
        PROPOSAL_PAGE,
        visible={**COORD_VISIBLE, **JUROR_VISIBLE},
        check=also(),
    ),
    Row(
        "grants:attachment_add",
        obj_url("grants:attachment_add", "proposal"),
        logged_in(404, innovator=302),
        method="POST",
        data=lambda w: {"file": ContentFile(b"%PDF-1.4 x", name="qx.pdf")},
        check=also(
            method="POST",
            then=lambda w, role, r: _attachments_are(w, 1),
        ),
    ),
    Row(
        "grants:declare_conflict",
        obj_url("grants:declare_conflict", "proposal"),
        logged_in(404, juror=302),
        method="POST",
        data={"note": "x"},
        check=also(method="POST", data={"note": "x"}),
    ),
    Row(
        "grants:review",
        obj_url("grants:review", "proposal"),
        logged_in(404, juror=200),
        visible=JUROR_VISIBLE,
        check=also(then=no_private_note),
    ),
    Row(
        "grants:letter",
        obj_url("grants:letter", "proposal"),
        APPLICANT_AND_COORD,
        check=both(also({**OUTSIDERS, "juror_2": 404}), download_headers),
    ),
    Row(
        "grants:attachment",
        obj_url("grants:attachment", "attachment"),
        PROPOSAL_PAGE,
        check=both(also(), _blind_attachment_name, download_headers),
    ),
    Row(
        "grants:attachment_remove",
        obj_url("grants:attachment_remove", "attachment"),
        # awarded: the applicant's removal is refused (redirect with an error); the file stays
        logged_in(404, innovator=302),
        method="POST",
        check=also(method="POST", then=lambda w, role, r: _attachments_are(w, 1)),
    ),
    Row(
        "grants:award",
        obj_url("grants:award", "award"),
        APPLICANT_AND_COORD,
        visible=COORD_VISIBLE,
        check=also({**OUTSIDERS, "juror_2": 404}),
    ),
    Row(
        "grants:report_file",
        obj_url("grants:report_file", "report_file"),
        APPLICANT_AND_COORD,
        check=both(also({**OUTSIDERS, "juror_2": 404}), download_headers),
    ),
]

ADMIN = [
    ("grant_calls", "grant_call"),
]
for prefix, key in ADMIN:
    ROWS += [
        Row(
            f"{prefix}:{view}",
            lambda w, n=f"{prefix}:{view}": reverse(n),
            SCOPED_LIST,
            visible=COORD_VISIBLE,
        )
        for view in ("index", "index_results", "add")
    ]
    ROWS += [
        Row(
            f"{prefix}:{view}",
            obj_url(f"{prefix}:{view}", key),
            SCOPED_OBJECT,
            visible=COORD_VISIBLE,
        )
        for view in ("edit", "delete", "history", "history_results", "usage", "copy")
    ]

# Criteria and call questions are snippets (wagtail-localize translates snippets).
ROWS += snippet_rows("grants", "criterion", lambda w: w.objects["criterion"], visible=COORD_VISIBLE)
ROWS += snippet_rows(
    "grants",
    "grantquestion",
    lambda w: w.objects["grant_question"],
    visible=COORD_VISIBLE,
    staff_only_views=("add", "delete", "copy"),
)
