"""Background work for grants: thin, idempotent wrappers that take ids."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from notifications.mail import language_of
from notifications.services import notify

from . import notifications as kinds
from . import selectors
from .enums import ExportState
from .models import (
    Decision,
    DossierExport,
    GrantCall,
    JuryAssignment,
    Milestone,
    Proposal,
    ProposalMessage,
)


def send_decision(decision_id):
    """E-mail a released decision to its applicant and each co-applicant, once.

    The e-mail carries the jurors' comments meant for the applicant, never their private
    notes nor their names.
    """
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update()
            .filter(pk=decision_id, released_at__isnull=False, emailed_at__isnull=True)
            .select_related("proposal__applicant", "proposal__call__cohort__programme")
            .first()
        )
        if decision is None:
            return "skipped"
        proposal = decision.proposal
        context = selectors.decision_email_context(decision)
        for person in selectors.decision_recipients(proposal):
            notify(
                person,
                kinds.DECISION.name,
                context=context,
                url=reverse("grants:proposal", args=[proposal.pk]),
                once_key=f"grants.decision:{decision.pk}:{person.pk}",
            )
        decision.emailed_at = timezone.now()
        decision.save(update_fields=["emailed_at"])
    return "sent"


def build_dossier(export_id):
    """Render a call's PDF dossier (proposals, reviews, scores) and store it."""
    from kohorta.pdf import render_pdf

    from .selectors import dossier_context

    export = (
        DossierExport.objects.select_related("call__cohort__programme").filter(pk=export_id).first()
    )
    if export is None or export.state == ExportState.READY:
        return "skipped"
    try:
        # In the language of the person who asked for it (criteria too, when translated).
        with translation.override(language_of(export.requested_by)):
            pdf = render_pdf("grants/pdf/dossier.html", dossier_context(export.call))
    except Exception:
        export.state = ExportState.FAILED
        export.finished_at = timezone.now()
        export.save(update_fields=["state", "finished_at"])
        raise
    export.file.save(f"dossier-{export.call_id}.pdf", ContentFile(pdf), save=False)
    export.state = ExportState.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "state", "finished_at"])
    return "ready"


def send_report_reminders(today=None):
    """Remind funded innovators of reports due within ``KOHORTA_REPORT_REMINDER_DAYS``; once each."""
    today = today or timezone.localdate()
    days = getattr(settings, "KOHORTA_REPORT_REMINDER_DAYS", 7)
    sent = 0
    for milestone_id in selectors.milestones_due_for_reminder(today, days):
        sent += send_report_reminder(milestone_id) == "sent"
    return sent


def send_report_reminder(milestone_id):
    with transaction.atomic():
        milestone = (
            Milestone.objects.select_for_update()
            .filter(pk=milestone_id, reminder_sent_at__isnull=True)
            .select_related("award__proposal__applicant")
            .first()
        )
        if milestone is None:
            return "skipped"
        proposal = milestone.award.proposal
        applicant = proposal.applicant
        notify(
            applicant,
            kinds.REPORT_REMINDER.name,
            context={"milestone": milestone, "proposal": proposal, "applicant": applicant},
            url=reverse("grants:award", args=[milestone.award_id]),
            once_key=f"grants.report_reminder:{milestone.pk}",
        )
        milestone.reminder_sent_at = timezone.now()
        milestone.save(update_fields=["reminder_sent_at"])
    return "sent"


def _proposal(proposal_id):
    return (
        Proposal.objects.filter(pk=proposal_id)
        .select_related("applicant", "call__cohort__programme")
        .first()
    )


def send_proposal_submitted(proposal_id, revision):
    """Tell the applicant and every co-applicant that the proposal was submitted."""
    proposal = _proposal(proposal_id)
    if proposal is None:
        return 0
    sent = 0
    for person in [proposal.applicant, *proposal.co_applicants.order_by("pk")]:
        sent += bool(
            notify(
                person,
                kinds.PROPOSAL_SUBMITTED.name,
                context={"proposal": proposal, "call": proposal.call, "revision": revision},
                url=reverse("grants:proposal", args=[proposal.pk]),
                once_key=f"grants.proposal_submitted:{proposal.pk}:{revision}:{person.pk}",
            )
        )
    return sent


def send_co_applicant_added(proposal_id, user_id):
    """Tell a person they were added as a co-applicant (once per proposal)."""
    proposal = _proposal(proposal_id)
    person = proposal and proposal.co_applicants.filter(pk=user_id).first()
    if not person:
        return "skipped"
    sent = notify(
        person,
        kinds.CO_APPLICANT_ADDED.name,
        context={"proposal": proposal, "call": proposal.call},
        url=reverse("grants:proposal", args=[proposal.pk]),
        actor=proposal.applicant,
        once_key=f"grants.co_applicant_added:{proposal.pk}:{person.pk}",
    )
    return "sent" if sent else "skipped"


def send_review_assigned(assignment_id):
    """Tell a juror they have a proposal to review (once per assignment)."""
    assignment = (
        JuryAssignment.objects.filter(pk=assignment_id)
        .select_related("juror", "proposal__call")
        .first()
    )
    if assignment is None:
        return "skipped"
    proposal = assignment.proposal
    sent = notify(
        assignment.juror,
        kinds.REVIEW_ASSIGNED.name,
        context={"proposal": proposal, "call": proposal.call},
        url=reverse("grants:review", args=[proposal.pk]),
        once_key=f"grants.review_assigned:{assignment.pk}",
    )
    return "sent" if sent else "skipped"


def send_review_reminders(today=None):
    """Remind jurors with unsubmitted reviews, ``KOHORTA_REVIEW_REMINDER_DAYS`` before close.

    One e-mail per juror and call, whatever the number of reviews still open.
    """
    today = today or timezone.localdate()
    days = getattr(settings, "KOHORTA_REVIEW_REMINDER_DAYS", 3)
    sent = 0
    for call in selectors.calls_with_reviews_closing(today, days):
        closes_on = timezone.localdate(call.reviews_close_at)
        for juror, proposals in selectors.open_reviews_by_juror(call).items():
            sent += bool(
                notify(
                    juror,
                    kinds.REVIEW_REMINDER.name,
                    context={
                        "call": call,
                        "proposals": proposals,
                        "closes_at": call.reviews_close_at,
                    },
                    url=reverse("grants:jury", args=[call.pk]),
                    once_key=f"grants.review_reminder:{call.pk}:{juror.pk}:{closes_on.isoformat()}",
                )
            )
    return sent


def send_review_nudge(call_id, juror_id, day):
    """A coordinator's reminder to one juror of the reviews still open; once a day."""
    call = GrantCall.objects.filter(pk=call_id).first()
    if call is None:
        return "skipped"
    open_reviews = {j.pk: (j, p) for j, p in selectors.open_reviews_by_juror(call).items()}
    if juror_id not in open_reviews:
        return "skipped"
    juror, proposals = open_reviews[juror_id]
    sent = notify(
        juror,
        kinds.REVIEW_NUDGE.name,
        context={"call": call, "proposals": proposals, "closes_at": call.reviews_close_at},
        url=reverse("grants:jury", args=[call.pk]),
        once_key=f"grants.review_nudge:{call.pk}:{juror.pk}:{day}",
    )
    return "sent" if sent else "skipped"


def send_proposal_message(message_id):
    """Tell the other side of a proposal's thread about a new message (once each)."""
    message = (
        ProposalMessage.objects.filter(pk=message_id)
        .select_related("author", "proposal__applicant", "proposal__call__cohort__programme")
        .first()
    )
    if message is None:
        return 0
    proposal = message.proposal
    if message.from_coordinator:
        recipients = [proposal.applicant, *proposal.co_applicants.order_by("pk")]
    else:
        recipients = selectors.coordinators_of(proposal.cohort_id)
    sent = 0
    for person in recipients:
        if person.pk == message.author_id:
            continue
        sent += bool(
            notify(
                person,
                kinds.PROPOSAL_MESSAGE.name,
                context={
                    "message": message,
                    "proposal": proposal,
                    "call": proposal.call,
                    "author_name": message.author.full_name if message.author else "",
                },
                url=reverse("grants:proposal", args=[proposal.pk]) + "#messages",
                actor=message.author,
                once_key=f"grants.proposal_message:{message.pk}:{person.pk}",
            )
        )
    return sent
