from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry


def add_service_errors(form, error, *, extra=None):
    """Put a service's ValidationError next to the matching form fields.

    Messages for keys the form does not have go to ``extra`` (a dict of lists) when given,
    else to the form's non-field errors.
    """
    if not isinstance(error, ValidationError):
        raise error
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        if field in form.fields:
            form.add_error(field, messages)
        elif extra is not None and field != NON_FIELD_ERRORS:
            extra.setdefault(field, []).extend(messages)
        else:
            form.add_error(None, messages)


def posted_id(request, name):
    """An id from a POSTed field, or 0 (which matches nothing) when it is not a number."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else 0


def error_messages(error):
    if hasattr(error, "error_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)


def download(fieldfile, filename, content_type):
    """Serve a stored file as a download that browsers never render or sniff."""
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


HISTORY_LABELS = {
    "wagtail.create": _("Proposal started"),
    "wagtail.edit": _("Draft saved"),
    "grants.attachment.add": _("File attached"),
    "grants.attachment.remove": _("File removed"),
    "grants.proposal.transition": _("State changed"),
    "grants.jury.assign": _("Juror assigned"),
    "grants.jury.unassign": _("Juror unassigned"),
    "grants.conflict.declare": _("Conflict declared"),
    "grants.review.save": _("Review saved"),
    "grants.review.submit": _("Review submitted"),
    "grants.decision.record": _("Decision recorded"),
    "grants.milestone.change": _("Milestone changed"),
    "grants.report.submit": _("Report submitted"),
    "grants.message.post": _("Message posted"),
}
APPLICANT_ACTIONS = {
    "wagtail.create",
    "wagtail.edit",
    "grants.attachment.add",
    "grants.attachment.remove",
    "grants.proposal.transition",
    "grants.report.submit",
}


def proposal_history(proposal, *, viewer, blind):
    """The proposal's activity log as plain rows, trimmed to what the viewer may see.

    Applicants see their own actions and state changes; jurors see the state changes only,
    and in a blind call never who made them; coordinators see everything.
    """
    from ..enums import ProposalState

    entries = (
        ModelLogEntry.objects.for_instance(proposal)
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )
    rows = []
    for entry in entries[:100]:
        if viewer == "applicant" and entry.action not in APPLICANT_ACTIONS:
            continue
        if viewer == "juror" and entry.action != "grants.proposal.transition":
            continue
        label = HISTORY_LABELS.get(entry.action, entry.action)
        detail = ""
        if entry.action == "grants.proposal.transition":
            target = (entry.data or {}).get("to")
            if target in ProposalState.values:
                detail = ProposalState(target).label
        who = ""
        if entry.user is not None and not (viewer == "juror" and blind):
            who = entry.user.full_name
        if viewer == "applicant" and entry.user_id not in (proposal.applicant_id, None):
            who = ""
        rows.append({"timestamp": entry.timestamp, "label": label, "detail": detail, "who": who})
    return rows
