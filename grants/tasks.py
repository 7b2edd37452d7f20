"""Background work for grants: thin, idempotent wrappers that take ids."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.mail import absolute
from notifications.services import notify

from . import notifications as kinds
from .enums import ExportState, MilestoneStatus, ReviewState
from .models import Decision, DossierExport, Milestone, Review

REMINDER_DAYS = 7


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
        applicant = proposal.applicant
        comments = [
            text
            for text in Review.objects.filter(proposal=proposal, state=ReviewState.SUBMITTED)
            .order_by("pk")
            .values_list("comment_to_applicant", flat=True)
            if text.strip()
        ]
        context = {
            "decision": decision,
            "proposal": proposal,
            "call": proposal.call,
            "applicant": applicant,
            "comments": comments,
            "letter_url": absolute(reverse("grants:letter", args=[proposal.pk])),
        }
        for person in [applicant, *proposal.co_applicants.order_by("pk")]:
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
    """Remind funded innovators of reports due within a week; each milestone once."""
    today = today or timezone.localdate()
    due = (
        Milestone.objects.filter(
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=REMINDER_DAYS),
            reminder_sent_at__isnull=True,
            reports__isnull=True,
        )
        .exclude(status__in=[MilestoneStatus.COMPLETED, MilestoneStatus.CANCELLED])
        .values_list("pk", flat=True)
    )
    sent = 0
    for milestone_id in list(due):
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
