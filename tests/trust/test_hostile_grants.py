"""Hostile input over grants: proposals, attachments, budgets, reviews, conflicts,
assignments, decisions, milestones and reports.

No answer is a 5xx, markup comes back escaped, a refused form saves nothing, and a file
that gets in is stored under a random name and only ever leaves as a download.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from grants import services
from grants.enums import Outcome, ProposalState
from grants.models import (
    Attachment,
    BudgetLine,
    Conflict,
    Decision,
    GrantQuestion,
    JuryAssignment,
    Milestone,
    Proposal,
    Report,
    ReportFile,
    Review,
    Score,
)
from tests.factories.grants import ProposalFactory, assign
from tests.grants import conftest as grants_fixtures

from .hostile import (
    MARKUP_PAYLOADS,
    UPLOAD_LABELS,
    app_settings,
    assert_random_name,
    assert_safe_download,
    assert_safe_response,
    get_hostile,
    hostile_form_data,
    hostile_id,
    hostile_text,
    hostile_upload,
    hostile_uploads,
    png_bytes,
    post_hostile,
    row_counts,
)

pytestmark = pytest.mark.django_db

# The grants tests' cohort, call (two criteria, scale 1–5) and people.
cohort = grants_fixtures.cohort
call = grants_fixtures.call
coordinator = grants_fixtures.coordinator
juror = grants_fixtures.juror
innovator = grants_fixtures.innovator
proposal = grants_fixtures.proposal
in_review = grants_fixtures.in_review
_whitenoise_without_collectstatic = grants_fixtures._whitenoise_without_collectstatic

MAX_BYTES = 10 * 1024 * 1024
PROPOSAL_FIELDS = [
    "title",
    "summary",
    "problem",
    "target_community",
    "activities",
    "timeline",
    "question_0",
]
BUDGET_FIELDS = [
    "budget-0-description",
    "budget-0-amount",
    "budget-1-description",
    "budget-1-amount",
    "budget-TOTAL_FORMS",
    "budget-INITIAL_FORMS",
]


def _proposal_state(pk):
    return (
        list(Proposal.objects.filter(pk=pk).values()),
        list(BudgetLine.objects.filter(proposal_id=pk).order_by("pk").values()),
    )


@pytest.fixture
def award(call, innovator, coordinator):
    proposal = ProposalFactory(
        call=call, applicant=innovator, state=ProposalState.IN_REVIEW, budget=["4000"]
    )
    services.record_decision(
        proposal=proposal, by=coordinator, outcome=Outcome.AWARD, amount=Decimal("4000")
    )
    services.send_decisions(call=call, by=coordinator, reason="sent early in a test")
    proposal.refresh_from_db()
    return proposal.award


@app_settings
@given(title=hostile_text())
def test_proposal_start_survives_hostile_input(client, call, innovator, title):
    Proposal.objects.all().delete()
    client.force_login(innovator)
    response = post_hostile(
        client, reverse("grants:proposal_start", args=[call.pk]), {"title": title}
    )
    if response.status_code == 200:
        assert row_counts(Proposal) == (0,)
    else:
        assert response.status_code == 302
        proposal = Proposal.objects.get()
        assert_safe_response(
            client.get(reverse("grants:proposal_edit", args=[proposal.pk])), {"t": title}
        )


@app_settings
@given(
    texts=hostile_form_data(PROPOSAL_FIELDS),
    budget=hostile_form_data(BUDGET_FIELDS),
    co_applicants=st.lists(hostile_id(), max_size=3),
    submit=st.booleans(),
)
def test_proposal_form_survives_hostile_input(
    client, call, proposal, coordinator, texts, budget, co_applicants, submit
):
    GrantQuestion.objects.get_or_create(call=call, text="Who are your partners?")
    if proposal.state != ProposalState.DRAFT:
        Proposal.objects.filter(pk=proposal.pk).update(state=ProposalState.DRAFT)
    client.force_login(proposal.applicant)
    url = reverse("grants:proposal_edit", args=[proposal.pk])
    posted = {
        "title": "Seed Library",
        "summary": "Seeds.",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-0-description": "Shelves",
        "budget-0-amount": "1000",
        **texts,
        **budget,
    }
    if co_applicants:
        posted["co_applicants"] = co_applicants
    if submit:
        posted["submit"] = "1"
    before = _proposal_state(proposal.pk)
    response = post_hostile(client, url, posted)
    if response.status_code == 200 and "Nothing was saved" in response.content.decode():
        assert _proposal_state(proposal.pk) == before
        return
    assert response.status_code in (200, 302)
    for page in ("grants:proposal_edit", "grants:proposal", "grants:revisions"):
        shown = client.get(reverse(page, args=[proposal.pk]))
        assert shown.status_code in (200, 302)
        assert_safe_response(shown, posted)
    if Proposal.objects.get(pk=proposal.pk).state == ProposalState.SUBMITTED:
        client.force_login(coordinator)
        shown = client.get(reverse("grants:proposal", args=[proposal.pk]))
        assert shown.status_code == 200
        assert_safe_response(shown, posted)


@pytest.mark.parametrize("label", UPLOAD_LABELS)
def test_proposal_attachment_is_refused_or_stored_safely(
    client, settings, proposal, coordinator, label
):
    client.force_login(proposal.applicant)
    response = post_hostile(
        client,
        reverse("grants:attachment_add", args=[proposal.pk]),
        {},
        files={"file": hostile_upload(label, MAX_BYTES)},
    )
    assert response.status_code == 302, label
    attachment = Attachment.objects.filter(proposal=proposal).first()
    if attachment is None:
        return
    assert_random_name(attachment.file.name, "grants/attachments")
    stored = settings.MEDIA_ROOT / attachment.file.name
    assert stored.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
    assert client.get("/media/" + attachment.file.name).status_code == 404  # never public
    download = reverse("grants:attachment", args=[attachment.pk])
    assert_safe_download(client.get(download))
    client.force_login(coordinator)
    assert_safe_download(client.get(download))


def test_proposal_attachment_tricks_that_are_refused(client, proposal):
    refused = set()
    client.force_login(proposal.applicant)
    for label, upload in hostile_uploads(MAX_BYTES):
        Attachment.objects.all().delete()
        client.post(reverse("grants:attachment_add", args=[proposal.pk]), {"file": upload})
        if not Attachment.objects.exists():
            refused.add(label)
    assert {
        "oversized",
        "svg with script",
        "zip bomb",
        "html named png",
        "png named html",
        "pdf named jpg",
        "empty",
    } <= refused


def test_attachment_name_with_markup_is_escaped(client, proposal, coordinator):
    name = '"><img src=x onerror=alert(1)>.png'
    client.force_login(proposal.applicant)
    upload = SimpleUploadedFile(name, png_bytes(), "image/png")
    client.post(reverse("grants:attachment_add", args=[proposal.pk]), {"file": upload})
    attachment = Attachment.objects.get()
    assert_random_name(attachment.file.name, "grants/attachments")
    for who in (proposal.applicant, coordinator):
        client.force_login(who)
        for page in ("grants:proposal_edit", "grants:proposal"):
            body = client.get(reverse(page, args=[proposal.pk])).content.decode()
            assert "<img src=x onerror" not in body


@app_settings
@given(remove=hostile_id(), target=hostile_text(), note=hostile_text())
def test_proposal_actions_survive_bogus_ids_and_states(client, proposal, remove, target, note):
    client.force_login(proposal.applicant)
    before = (row_counts(Attachment), Proposal.objects.get(pk=proposal.pk).state)
    response = client.post(f"/grants/attachments/{remove}/remove/") if remove.isdigit() else None
    if response is not None:
        assert response.status_code in (302, 404)
    response = post_hostile(
        client,
        reverse("grants:proposal_transition", args=[proposal.pk]),
        {"to": target, "note": note},
    )
    assert response.status_code in (302, 404)
    assert (row_counts(Attachment), Proposal.objects.get(pk=proposal.pk).state) == before
    revisions = get_hostile(
        client, reverse("grants:revisions", args=[proposal.pk]), {"a": target, "b": note}
    )
    assert revisions.status_code == 200


@app_settings
@given(
    data=st.data(),
    texts=hostile_form_data(["comment_to_applicant", "private_note", "recommendation"]),
    submit=st.booleans(),
)
def test_review_form_survives_out_of_range_and_wrong_type_scores(
    client, call, in_review, juror, data, texts, submit
):
    JuryAssignment.objects.get_or_create(proposal=in_review, juror=juror)
    score = st.one_of(
        st.sampled_from(["0", "6", "-1", "na", "3.5", "1e1", "", " 3", "٣"]),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        hostile_text(),
    )
    posted = {"recommendation": "yes", "comment_to_applicant": "Clear plan."}
    for criterion in call.criteria.all():
        if data.draw(st.booleans()):
            posted[f"criterion_{criterion.pk}"] = data.draw(score)
        else:
            posted[f"criterion_{criterion.pk}"] = "4"
    posted.update(texts)
    if submit:
        posted["submit"] = "1"
    client.force_login(juror)
    url = reverse("grants:review", args=[in_review.pk])
    before = (list(Review.objects.values()), list(Score.objects.values()))
    response = post_hostile(client, url, posted)
    if response.status_code == 200:
        assert (list(Review.objects.values()), list(Score.objects.values())) == before
        return
    assert response.status_code == 302
    for value in Score.objects.values_list("value", flat=True):
        assert value is None or 1 <= value <= 5
    assert_safe_response(client.get(url), posted)
    assert_safe_response(client.get(reverse("grants:proposal", args=[in_review.pk])), posted)
    Review.objects.all().delete()


@app_settings
@given(note=hostile_text(), proposal_id=hostile_id())
def test_conflict_declaration_survives_hostile_input(
    client, call, in_review, juror, coordinator, note, proposal_id
):
    JuryAssignment.objects.get_or_create(proposal=in_review, juror=juror)
    client.force_login(juror)
    before = row_counts(Conflict)
    response = post_hostile(
        client,
        reverse("grants:jury_conflicts", args=[call.pk]),
        {"proposal": proposal_id, "note": note},
    )
    assert response.status_code == 404
    assert row_counts(Conflict) == before
    Conflict.objects.all().delete()
    response = post_hostile(
        client, reverse("grants:declare_conflict", args=[in_review.pk]), {"note": note}
    )
    assert response.status_code == 302
    assert Conflict.objects.filter(juror=juror, proposal=in_review).count() == 1
    client.force_login(coordinator)
    for page in ("grants:assignments", "grants:manage"):
        assert_safe_response(client.get(reverse(page, args=[call.pk])), {"note": note})
    assert_safe_response(client.get(reverse("grants:proposal", args=[in_review.pk])), {"n": note})


@app_settings
@given(
    action=st.one_of(st.sampled_from(["assign", "auto", "unassign"]), hostile_text()),
    data=hostile_form_data(["assign-proposal", "assign-juror", "auto-per_proposal", "assignment"]),
)
def test_assignment_forms_survive_hostile_input(client, call, in_review, coordinator, action, data):
    client.force_login(coordinator)
    before = row_counts(JuryAssignment)
    response = post_hostile(
        client, reverse("grants:assignments", args=[call.pk]), {"action": action, **data}
    )
    assert response.status_code in (200, 302, 404)
    if response.status_code != 302:
        assert row_counts(JuryAssignment) == before


@app_settings
@given(
    data=st.data(),
    fields=hostile_form_data(["outcome", "amount", "rationale"]),
    query=hostile_form_data(["sort", "dir"]),
)
def test_ranking_and_decision_forms_survive_hostile_input(
    client, call, in_review, coordinator, data, fields, query
):
    client.force_login(coordinator)
    for name in ("grants:ranking", "grants:ranking_csv"):
        response = get_hostile(client, reverse(name, args=[call.pk]), query)
        assert response.status_code == 200
        assert_safe_response(response, query)
    valid_id = st.just(str(in_review.pk))
    proposal_id = data.draw(st.one_of(valid_id, valid_id, hostile_id()))
    prefix = f"p{in_review.pk}-"
    valid = {"outcome": "award", "amount": "1000", "rationale": "Strong."}
    posted = {"proposal": proposal_id, **{prefix + k: v for k, v in {**valid, **fields}.items()}}
    before = list(Decision.objects.values())
    response = post_hostile(client, reverse("grants:decisions", args=[call.pk]), posted)
    if response.status_code in (200, 404):
        assert list(Decision.objects.values()) == before
    else:
        assert response.status_code == 302
        page = client.get(reverse("grants:decisions", args=[call.pk]))
        assert_safe_response(page, posted)
        Decision.objects.all().delete()


@app_settings
@given(
    milestone=hostile_form_data(
        ["milestone-title", "milestone-due_on", "milestone-amount", "milestone-report_kind"]
    ),
    status=hostile_form_data(["status", "milestone"]),
    action=st.one_of(st.sampled_from(["milestone", "status"]), hostile_text()),
)
def test_milestone_forms_survive_hostile_input(
    client, award, coordinator, milestone, status, action
):
    client.force_login(coordinator)
    url = reverse("grants:award", args=[award.pk])
    before = list(Milestone.objects.values())
    posted = {
        "action": action,
        "milestone-title": "Launch",
        "milestone-due_on": "2027-01-15",
        "milestone-amount": "100",
        "milestone-report_kind": "progress",
        "status": "completed",
        **milestone,
        **status,
    }
    if "milestone" not in status and Milestone.objects.exists():
        posted["milestone"] = Milestone.objects.first().pk
    response = post_hostile(client, url, posted)
    if response.status_code in (200, 404):
        assert list(Milestone.objects.values()) == before
    else:
        assert response.status_code == 302
        assert_safe_response(client.get(url), posted)


@pytest.fixture
def milestone(award, coordinator):
    import datetime

    return services.add_milestone(
        award=award,
        by=coordinator,
        title="Launch",
        due_on=datetime.date(2027, 1, 15),
        amount=Decimal("1000"),
    )


@app_settings
@given(text=hostile_text(), milestone_id=st.one_of(st.none(), st.none(), hostile_id()))
def test_report_text_survives_hostile_input(client, award, milestone, text, milestone_id):
    client.force_login(award.proposal.applicant)
    url = reverse("grants:award", args=[award.pk])
    posted = {
        "action": "report",
        "milestone": milestone.pk if milestone_id is None else milestone_id,
        "report-text": text,
    }
    before = row_counts(Report, ReportFile)
    response = post_hostile(client, url, posted)
    if response.status_code in (200, 404):
        assert row_counts(Report, ReportFile) == before
    else:
        assert response.status_code == 302
        assert_safe_response(client.get(url), posted)


@pytest.mark.parametrize("label", UPLOAD_LABELS)
def test_report_upload_is_refused_or_stored_safely(
    client, settings, award, milestone, coordinator, label
):
    client.force_login(award.proposal.applicant)
    url = reverse("grants:award", args=[award.pk])
    posted = {"action": "report", "milestone": milestone.pk, "report-text": "Done."}
    response = post_hostile(
        client, url, posted, files={"report-files": hostile_upload(label, MAX_BYTES)}
    )
    if response.status_code == 200:
        assert row_counts(Report, ReportFile) == (0, 0), label
        return
    assert response.status_code == 302, label
    report_file = ReportFile.objects.get()
    assert_random_name(report_file.file.name, "grants/reports")
    assert (
        (settings.MEDIA_ROOT / report_file.file.name)
        .resolve()
        .is_relative_to(settings.MEDIA_ROOT.resolve())
    )
    assert client.get("/media/" + report_file.file.name).status_code == 404
    download = reverse("grants:report_file", args=[report_file.pk])
    assert_safe_download(client.get(download))
    client.force_login(coordinator)
    assert_safe_download(client.get(download))


def test_report_with_one_bad_file_among_good_ones_saves_nothing(client, award, milestone):
    client.force_login(award.proposal.applicant)
    files = [
        SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%plan\n", "application/pdf"),
        SimpleUploadedFile("x.svg", b"<svg><script>alert(1)</script></svg>", "image/svg+xml"),
    ]
    response = client.post(
        reverse("grants:award", args=[award.pk]),
        {
            "action": "report",
            "milestone": milestone.pk,
            "report-text": "Done.",
            "report-files": files,
        },
    )
    assert response.status_code == 200
    assert row_counts(Report, ReportFile) == (0, 0)


def test_markup_in_a_proposal_is_escaped_for_juror_and_coordinator(
    client, call, innovator, juror, coordinator
):
    proposal = ProposalFactory(
        call=call,
        applicant=innovator,
        state=ProposalState.IN_REVIEW,
        title=MARKUP_PAYLOADS[0],
        summary=MARKUP_PAYLOADS[1],
    )
    assign(proposal, juror)
    for who, pages in (
        (juror, ["grants:proposal", "grants:review"]),
        (coordinator, ["grants:proposal"]),
    ):
        client.force_login(who)
        for page in pages:
            body = client.get(reverse(page, args=[proposal.pk])).content.decode()
            assert "&lt;script&gt;alert(&quot;kohorta&quot;)&lt;/script&gt;" in body, page
            assert MARKUP_PAYLOADS[0] not in body and MARKUP_PAYLOADS[1] not in body
    client.force_login(coordinator)
    for page in ("grants:manage", "grants:ranking", "grants:assignments", "grants:jury"):
        response = client.get(reverse(page, args=[call.pk]))
        if response.status_code == 200:
            assert MARKUP_PAYLOADS[0] not in response.content.decode()
