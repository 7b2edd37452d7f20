"""Grants: their part of a person's export and anonymisation (kohorta/privacy.py).

Export (the GDPR right of access) -----------------------------------------------------
- As an applicant or co-applicant: every proposal with all its fields, budget lines,
  answers, attachment names, every submitted revision, and the milestones and reports of
  an award. The decision (outcome, amount, rationale) and the jury's assessment (each
  submitted review's recommendation, scores per criterion and comment to the applicant)
  come once the decision has been released: before that the jury is still deliberating
  and the export would get ahead of the batch release. Jurors' names and their private
  notes to the jury are not included: they are the jurors' personal data and the call may
  promise blind review; a request for them goes to the coordinators, who weigh the
  jurors' rights first (GDPR Art. 15(4)).
- As a juror: assignments, the reviews they wrote (scores, recommendation, both
  comments) and the conflicts they declared. Never the other jurors' reviews.

Anonymisation -------------------------------------------------------------------------
- A juror's reviews, scores and recommendations stay, so the ranking does not change;
  the juror appears as "Deleted person #id" through the user row. Their conflict notes
  are blanked (they often say why: "my sister works there"); the conflicts stay, so the
  assignment rules still hold.
- An applicant's proposals stay as rows (state, budget, reviews, decision): the call's
  counts, ranking and budget stay consistent, and the applicant shows as
  "Deleted person #id".
  * A proposal with an award decision is a programme record the funder must account for
    (EU grant audits; GDPR Art. 17(3)(b)): its text, attachments, reports and report
    files are kept; only mentions of the person's name and e-mail are rewritten.
  * Any other proposal (a draft, withdrawn, not funded, ...) loses everything the
    applicant wrote: the title becomes "Deleted proposal #id", the text fields, answers
    and budget-line descriptions are blanked (the amounts stay), in every revision too,
    its attachments go (rows and files), and its audit-log entries are relabelled and
    lose their transition notes. Reviews and the decision keep pointing at the same row;
    a juror's comment quoting the old title gets the new one.
- The name and e-mail are rewritten wherever they were copied: revision snapshots list
  co-applicants by name, and jurors' comments or the decision's rationale may name the
  applicant.
- PDF dossiers of the calls the person took part in are deleted (they print names); a
  coordinator requests a fresh one.
"""

from django.db.models import Prefetch, Q

from kohorta.privacy import delete_file_on_commit, rewrite_mentions

from . import ranking_cache
from .enums import Outcome, ReviewState
from .models import (
    Attachment,
    BudgetLine,
    Conflict,
    Decision,
    DossierExport,
    JuryAssignment,
    Proposal,
    ProposalMessage,
    ProposalRevision,
    Report,
    ReportFile,
    Review,
    Score,
)
from .selectors import answered_questions

FREE_TEXT = ("summary", "problem", "target_community", "activities", "timeline")


def _proposal_ids(user):
    """The proposals the person applied for or co-applied to (a subquery)."""
    return Proposal.objects.filter(Q(applicant=user) | Q(co_applicants=user)).values("pk")


def _scores(review):
    return {score.criterion.name: score.value for score in review.scores.all()}


def personal_data(user):
    reviews_prefetch = Prefetch(
        "reviews",
        queryset=Review.objects.filter(state=ReviewState.SUBMITTED)
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("pk"),
        to_attr="submitted_reviews",
    )
    proposals = (
        Proposal.objects.filter(pk__in=_proposal_ids(user))
        .select_related("call", "cohort", "applicant", "decision", "award")
        .prefetch_related(
            "co_applicants",
            "budget_lines",
            "attachments",
            "revisions",
            "award__milestones__reports__files",
            reviews_prefetch,
        )
        .order_by("created_at", "pk")
    )
    reviews = (
        Review.objects.filter(juror=user)
        .select_related("proposal__call")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("proposal__call_id", "pk")
    )
    return {
        "proposals": [_proposal_data(proposal, user) for proposal in proposals],
        "jury_assignments": [
            {
                "call": row.proposal.call.title,
                "proposal": row.proposal.title,
                "assigned_at": row.created_at,
            }
            for row in JuryAssignment.objects.filter(juror=user)
            .select_related("proposal__call")
            .order_by("created_at", "pk")
        ],
        "reviews_written": [
            {
                "call": review.proposal.call.title,
                "proposal": review.proposal.title,
                "state": review.state,
                "recommendation": review.recommendation,
                "scores": _scores(review),
                "comment_to_applicant": review.comment_to_applicant,
                "private_note": review.private_note,
                "submitted_at": review.submitted_at,
            }
            for review in reviews
        ],
        "messages_written": [
            {
                "call": row.proposal.call.title,
                "proposal": row.proposal.title,
                "message": row.body,
                "written_at": row.created_at,
            }
            for row in ProposalMessage.objects.filter(author=user)
            .select_related("proposal__call")
            .order_by("created_at", "pk")
        ],
        "conflicts_declared": [
            {
                "call": row.proposal.call.title,
                "proposal": row.proposal.title,
                "reason": row.reason,
                "note": row.note,
                "declared_at": row.created_at,
            }
            for row in Conflict.objects.filter(juror=user)
            .select_related("proposal__call")
            .order_by("created_at", "pk")
        ],
    }


def _proposal_data(proposal, user):
    decision = getattr(proposal, "decision", None) if hasattr(proposal, "decision") else None
    released = decision is not None and decision.released_at is not None
    award = getattr(proposal, "award", None) if released and hasattr(proposal, "award") else None
    data = {
        "call": proposal.call.title,
        "cohort": proposal.cohort.name,
        "role": "applicant" if proposal.applicant_id == user.pk else "co-applicant",
        "applicant": proposal.applicant.full_name,
        "co_applicants": [person.full_name for person in proposal.co_applicants.all()],
        "title": proposal.title,
        **{name: getattr(proposal, name) for name in FREE_TEXT},
        # By the question's wording (the answers are stored by the question's id).
        "answers": {question.text: answer for question, answer in answered_questions(proposal)},
        "state": proposal.state,
        "budget": [
            {"item": line.description, "amount": line.amount}
            for line in proposal.budget_lines.all()
        ],
        "budget_total": proposal.budget_total,
        "attachments": [
            {"name": a.original_name, "size": a.size, "uploaded_at": a.uploaded_at}
            for a in proposal.attachments.all()
        ],
        "revisions": [
            {"number": r.number, "submitted_at": r.submitted_at, "data": r.data}
            for r in proposal.revisions.all()
        ],
        "created_at": proposal.created_at,
        "submitted_at": proposal.submitted_at,
        "decision": None,
        "assessment": None,
        "award": None,
    }
    if released:
        data["decision"] = {
            "outcome": decision.outcome,
            "amount": decision.amount,
            "rationale": decision.rationale,
            "released_at": decision.released_at,
        }
        data["assessment"] = [
            {
                "recommendation": review.recommendation,
                "scores": _scores(review),
                "comment_to_applicant": review.comment_to_applicant,
            }
            for review in proposal.submitted_reviews
        ]
    if award is not None:
        data["award"] = {
            "amount": award.amount,
            "milestones": [
                {
                    "title": milestone.title,
                    "due_on": milestone.due_on,
                    "amount": milestone.amount,
                    "status": milestone.status,
                    "reports": [
                        {
                            "kind": report.kind,
                            "text": report.text,
                            "submitted_at": report.submitted_at,
                            "files": [f.original_name for f in report.files.all()],
                        }
                        for report in milestone.reports.all()
                    ],
                }
                for milestone in award.milestones.all()
            ],
        }
    return data


def anonymous_title(proposal_id):
    return f"Deleted proposal #{proposal_id}"


def _erase_proposals(proposals):
    """Blank what the applicant wrote in these proposals, keep the rows others depend on.

    The title becomes "Deleted proposal #id" (rankings and reviews still need a row to
    point at); the text fields, answers, budget-line descriptions (the amounts stay: the
    call's budget adds up) and attachments (rows and files) go, in every revision too. The
    audit log keeps its entries on the proposal, relabelled, without the transition notes.
    A juror's comment or the decision's rationale that quotes the old title gets the new
    one.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    if not proposals:
        return
    ids = [proposal.pk for proposal in proposals]
    for proposal in proposals:
        renamed = {proposal.title: anonymous_title(proposal.pk)} if proposal.title else {}
        rewrite_mentions(
            Review.objects.filter(proposal=proposal),
            ["comment_to_applicant", "private_note"],
            renamed,
        )
        rewrite_mentions(Decision.objects.filter(proposal=proposal), ["rationale"], renamed)
        Proposal.objects.filter(pk=proposal.pk).update(
            title=anonymous_title(proposal.pk), answers={}, **dict.fromkeys(FREE_TEXT, "")
        )
    for attachment in Attachment.objects.filter(proposal_id__in=ids):
        delete_file_on_commit(attachment.file)
    Attachment.objects.filter(proposal_id__in=ids).delete()
    BudgetLine.objects.filter(proposal_id__in=ids).update(description="")
    for revision in ProposalRevision.objects.filter(proposal_id__in=ids):
        data = dict(revision.data or {})
        data.update(
            dict.fromkeys(FREE_TEXT, ""),
            title=anonymous_title(revision.proposal_id),
            answers={},
            attachments=[],
            budget=[["", amount] for _description, amount in data.get("budget") or []],
        )
        revision.data = data
        revision.save(update_fields=["data"])
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Proposal),
        object_id__in=[str(pk) for pk in ids],
    )
    for entry in entries:
        entry.label = anonymous_title(int(entry.object_id))
        if isinstance(entry.data, dict) and entry.data.get("note"):
            entry.data = {**entry.data, "note": ""}
        entry.save(update_fields=["label", "data"])


def anonymise(user, replacements):
    own = Proposal.objects.filter(applicant=user)
    awarded = own.filter(decision__outcome=Outcome.AWARD)
    others = own.exclude(pk__in=awarded.values("pk"))
    involved_calls = set(
        Proposal.objects.filter(pk__in=_proposal_ids(user)).values_list("call_id", flat=True)
    ) | set(Review.objects.filter(juror=user).values_list("proposal__call_id", flat=True))

    # Proposals that were not funded: every text they wrote and every file goes.
    _erase_proposals(list(others))

    # Everywhere: mentions of the name and e-mail in what they wrote or the system copied.
    rewrite_mentions(own, ["title", *FREE_TEXT, "answers"], replacements)
    rewrite_mentions(
        ProposalRevision.objects.filter(proposal__in=_proposal_ids(user)),
        ["data"],
        replacements,
    )
    rewrite_mentions(
        Attachment.objects.filter(proposal__in=awarded), ["original_name"], replacements
    )
    rewrite_mentions(
        Report.objects.filter(milestone__award__proposal__in=awarded), ["text"], replacements
    )
    rewrite_mentions(
        ReportFile.objects.filter(report__milestone__award__proposal__in=awarded),
        ["original_name"],
        replacements,
    )
    rewrite_mentions(
        Review.objects.filter(Q(juror=user) | Q(proposal__applicant=user)),
        ["comment_to_applicant", "private_note"],
        replacements,
    )
    rewrite_mentions(Decision.objects.filter(proposal__applicant=user), ["rationale"], replacements)
    Conflict.objects.filter(juror=user).update(note="")
    # The thread of a proposal that was not funded goes with its texts; elsewhere the
    # person's own messages are blanked and mentions of them rewritten.
    ProposalMessage.objects.filter(proposal__in=others).delete()
    ProposalMessage.objects.filter(author=user).update(body="")
    rewrite_mentions(
        ProposalMessage.objects.filter(proposal__in=_proposal_ids(user)), ["body"], replacements
    )

    for export in DossierExport.objects.filter(call_id__in=involved_calls):
        delete_file_on_commit(export.file)
    DossierExport.objects.filter(call_id__in=involved_calls).delete()
    # Titles and names in the kept ranking tables were changed with update(): no signals.
    ranking_cache.bump()
