"""The message thread on a proposal, between its coordinators and its applicants."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kohorta.tasks import enqueue

from ..enums import ProposalState
from ..models import Proposal, ProposalMessage
from .proposals import transition_proposal


def _side(user, proposal):
    """``"coordinator"``, ``"applicant"`` or ``None`` for who may write in the thread."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.has_perm("grants.manage_call", proposal):
        return "coordinator"
    if proposal.applicant_id == user.pk or proposal.co_applicants.filter(pk=user.pk).exists():
        return "applicant"
    return None


def post_message(*, proposal, by, body):
    """Add a message to the thread and tell the other side.

    When an applicant answers a request for more information that asked for it, the
    proposal goes back to the state it was in; otherwise it stays until a coordinator
    moves it.
    """
    side = _side(by, proposal)
    if side is None:
        raise PermissionDenied("grants.view_proposal")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
        message = ProposalMessage.objects.create(
            proposal=proposal, author=by, from_coordinator=side == "coordinator", body=body[:5000]
        )
        log(proposal, "grants.message.post", user=by, data={"message": message.pk})
        enqueue("grants.tasks.send_proposal_message", message.pk)
        if side == "applicant" and proposal.state == ProposalState.INFO_REQUESTED:
            request = (
                ProposalMessage.objects.filter(proposal=proposal, requests_information=True)
                .order_by("-created_at", "-pk")
                .first()
            )
            if request is not None and request.return_on_answer and request.previous_state:
                transition_proposal(
                    proposal,
                    request.previous_state,
                    by=by,
                    note="answer to the request for information",
                    system=True,
                )
    return message
