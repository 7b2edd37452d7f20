"""Proposals: drafting, attachments, the state machine and revisions."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cohorts.models import Membership
from cohorts.rules import TAKE_PART, has_cohort_perm, roles_with
from kohorta.formats import format_datetime, format_number
from kohorta.permissions import require
from kohorta.tasks import enqueue

from .. import enums
from ..enums import Outcome, ProposalState
from ..models import (
    Attachment,
    Award,
    BudgetLine,
    Decision,
    Proposal,
    ProposalMessage,
    ProposalRevision,
)
from ..selectors import answered_questions
from ..validators import validate_upload

TEXT_FIELDS = ("title", "summary", "problem", "target_community", "activities", "timeline")
MAX_CO_APPLICANTS = 4
MAX_ATTACHMENTS = 10
MAX_BUDGET_LINES = 30


def _refuse_after_deadline(call, now=None):
    if call.has_closed(now):
        raise ValidationError(
            _("The call closed on %(date)s; proposals can no longer be changed.")
            % {"date": format_datetime(call.closes_at, zone=call.tzinfo)},
            code="closed",
        )


def create_proposal(*, call, by, title):
    """Start a draft for ``by`` (an innovator of the call's cohort); one per person and call."""
    if by is None or not has_cohort_perm(by, "grants.apply_to_call", call):
        raise PermissionDenied("grants.apply_to_call")
    _refuse_after_deadline(call)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give your proposal a title.")})
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                call=call, cohort_id=call.cohort_id, applicant=by, title=title[:200]
            )
            log(proposal, "wagtail.create", user=by)
    except IntegrityError:
        raise ValidationError(
            {"title": _("You already have a proposal in this call.")}, code="duplicate"
        ) from None
    return proposal


def clean_budget_lines(call, lines):
    """Check ``[(description, amount), ...]``; returns clean lines and the total."""
    cleaned, errors = [], []
    for number, (description, amount) in enumerate(lines, start=1):
        description = (description or "").strip()
        if not description and amount in (None, ""):
            continue
        try:
            amount = Decimal(str(amount)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            errors.append(_("Line %(number)s: the amount is not a number.") % {"number": number})
            continue
        if not description:
            errors.append(_("Line %(number)s: say what the money is for.") % {"number": number})
        if amount < 0:
            errors.append(_("Line %(number)s: amounts cannot be negative.") % {"number": number})
        if not amount.is_finite() or amount >= Decimal("1e10"):
            errors.append(_("Line %(number)s: the amount is too large.") % {"number": number})
        cleaned.append((description[:200], amount))
    if len(cleaned) > MAX_BUDGET_LINES:
        errors.append(_("A budget has at most %(max)s lines.") % {"max": MAX_BUDGET_LINES})
    total = sum((amount for _d, amount in cleaned), Decimal("0"))
    if not errors and total > call.max_per_proposal:
        errors.append(
            _("The budget totals %(total)s %(currency)s; the maximum per proposal is %(max)s.")
            % {
                "total": format_number(total),
                "currency": call.currency,
                "max": format_number(call.max_per_proposal),
            }
        )
    if errors:
        raise ValidationError({"budget": errors})
    return cleaned, total


def _check_editable(proposal, by):
    require(by, "grants.edit_proposal", proposal)
    if proposal.state not in ProposalState.editable():
        raise ValidationError(
            _("This proposal is %(state)s; reopen it before changing it.")
            % {"state": proposal.get_state_display().lower()},
            code="not_editable",
        )
    _refuse_after_deadline(proposal.call)


def save_proposal(*, proposal, by, budget_lines=None, co_applicants=None, answers=None, **fields):
    """Save a draft: text fields, answers, budget lines and co-applicants, all or nothing.

    ``answers`` maps a question's id (the source ``GrantQuestion``, whatever language the
    form showed it in) to the answer; other keys are ignored.
    """
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
        _check_editable(proposal, by)
        call = proposal.call
        errors = {}
        for name in fields:
            if name not in TEXT_FIELDS:
                raise TypeError(name)
        if "title" in fields and not (fields["title"] or "").strip():
            errors["title"] = _("Give your proposal a title.")
        if budget_lines is not None:
            try:
                budget_lines, total = clean_budget_lines(call, budget_lines)
            except ValidationError as error:
                errors.update(error.message_dict)
        if co_applicants is not None:
            co_applicants = list(co_applicants)
            allowed = set(
                Membership.objects.filter(
                    cohort_id=call.cohort_id,
                    role__in=roles_with(TAKE_PART),
                    user__in=[person.pk for person in co_applicants],
                ).values_list("user_id", flat=True)
            )
            if any(person.pk not in allowed for person in co_applicants):
                errors["co_applicants"] = _("Co-applicants must be innovators of this cohort.")
            elif any(person.pk == proposal.applicant_id for person in co_applicants):
                errors["co_applicants"] = _("You are already the lead applicant.")
            elif len(co_applicants) > MAX_CO_APPLICANTS:
                errors["co_applicants"] = _("A proposal has at most %(max)s co-applicants.") % {
                    "max": MAX_CO_APPLICANTS
                }
        if answers is not None:
            keys = [str(question.pk) for question in call.source_questions()]
            answers = {key: str(answers.get(key) or "").strip()[:5000] for key in keys}
        if errors:
            raise ValidationError(errors)
        for name, value in fields.items():
            setattr(proposal, name, (value or "").strip())
        if answers is not None:
            proposal.answers = answers
        if budget_lines is not None:
            proposal.budget_lines.all().delete()
            BudgetLine.objects.bulk_create(
                BudgetLine(proposal=proposal, description=d, amount=a, position=i)
                for i, (d, a) in enumerate(budget_lines)
            )
            proposal.budget_total = total
        proposal.full_clean(exclude=["co_applicants", "applicant", "call", "cohort"])
        proposal.save()
        if co_applicants is not None:
            before = set(proposal.co_applicants.values_list("pk", flat=True))
            proposal.co_applicants.set(co_applicants)
            for person in co_applicants:
                if person.pk not in before:
                    enqueue("grants.tasks.send_co_applicant_added", proposal.pk, person.pk)
        log(proposal, "wagtail.edit", user=by)
    return proposal


def add_attachment(*, proposal, by, file):
    validate_upload(file)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
        _check_editable(proposal, by)
        if proposal.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError(
                {
                    "file": _("A proposal has at most %(max)s attachments.")
                    % {"max": MAX_ATTACHMENTS}
                }
            )
        name = (getattr(file, "name", "") or "file").rsplit("/", 1)[-1][-200:]
        attachment = Attachment(
            proposal=proposal, original_name=name, size=file.size or 0, uploaded_by=by
        )
        attachment.file.save(name, file, save=False)
        attachment.save()
        log(proposal, "grants.attachment.add", user=by, data={"attachment": attachment.pk})
    return attachment


def remove_attachment(*, attachment, by):
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update()
            .select_related("call")
            .get(pk=attachment.proposal_id)
        )
        _check_editable(proposal, by)
        log(proposal, "grants.attachment.remove", user=by, data={"attachment": attachment.pk})
        attachment.file.delete(save=False)
        attachment.delete()


def submission_problems(proposal):
    """What stops a proposal from being submitted: ``{field: message}`` (empty when ready)."""
    problems = {}
    labels = {
        "summary": _("Write a summary."),
        "problem": _("Describe the problem the service solves."),
        "target_community": _("Say who the service is for."),
        "activities": _("List the activities."),
        "timeline": _("Give a timeline."),
    }
    if not proposal.title.strip():
        problems["title"] = _("Give your proposal a title.")
    for name, message in labels.items():
        if not getattr(proposal, name).strip():
            problems[name] = message
    answers = proposal.answers if isinstance(proposal.answers, dict) else {}
    missing = [
        question
        for question in proposal.call.source_questions()
        if not str(answers.get(str(question.pk)) or "").strip()
    ]
    if missing:
        problems["answers"] = _("Answer every question of the call.")
    lines = list(proposal.budget_lines.all())
    total = sum((line.amount for line in lines), Decimal("0"))
    if not lines or total <= 0:
        problems["budget"] = _("Add at least one budget line.")
    elif total > proposal.call.max_per_proposal:
        problems["budget"] = _(
            "The budget totals %(total)s %(currency)s; the maximum per proposal is %(max)s."
        ) % {
            "total": format_number(total),
            "currency": proposal.call.currency,
            "max": format_number(proposal.call.max_per_proposal),
        }
    elif any(line.amount < 0 for line in lines):
        problems["budget"] = _("Amounts cannot be negative.")
    return problems


def snapshot(proposal):
    """The proposal as a plain dict, kept with each revision."""
    return {
        **{name: getattr(proposal, name) for name in TEXT_FIELDS},
        "answers": {question.text: answer for question, answer in answered_questions(proposal)},
        "budget": [[line.description, str(line.amount)] for line in proposal.budget_lines.all()],
        "budget_total": str(proposal.budget_total),
        "co_applicants": [person.full_name for person in proposal.co_applicants.all()],
        "attachments": [a.original_name for a in proposal.attachments.all()],
    }


def allowed_transitions(proposal, user):
    """Target states ``user`` may move ``proposal`` to now, from the transition table.

    Every button a person sees on a proposal comes from here (moves a service makes, such
    as releasing a decision, are never buttons).
    """
    result = []
    for target in enums.targets(proposal.state):
        if not enums.transition(proposal.state, target).button:
            continue
        try:
            _check_transition(proposal, target, user)
        except (PermissionDenied, ValidationError):
            continue
        result.append(target)
    return result


def _check_transition(proposal, to, by, now=None):
    current = ProposalState(proposal.state)
    row = enums.transition(current, to)
    if row is None:
        raise ValidationError(
            _("A proposal cannot go from “%(from)s” to “%(to)s”.")
            % {"from": current.label, "to": to.label},
            code="invalid_transition",
        )
    call = proposal.call
    if by is not None and not any(_may(by, perm, proposal) for perm in row.perms):
        raise PermissionDenied("grants.transition_proposal")
    if to == ProposalState.SUBMITTED and current == ProposalState.DRAFT:
        now = now or timezone.now()
        if now < call.opens_at:
            raise ValidationError(
                _("The call opens on %(date)s; you can submit from then.")
                % {"date": format_datetime(call.opens_at, zone=call.tzinfo)},
                code="not_open",
            )
        _refuse_after_deadline(call, now)
        problems = submission_problems(proposal)
        if problems:
            raise ValidationError(problems)
    if current == ProposalState.SUBMITTED and to == ProposalState.DRAFT:
        _refuse_after_deadline(call, now)
    if to in ProposalState.decided():
        decision = Decision.objects.filter(proposal=proposal).first()
        wanted = Outcome.AWARD if to == ProposalState.AWARDED else Outcome.NOT_FUNDED
        if decision is None or decision.outcome != wanted:
            raise ValidationError(
                _("Record a decision before the proposal is %(state)s.")
                % {"state": to.label.lower()},
                code="no_decision",
            )


def _may(by, perm, proposal):
    """A transition's permission; the applicant's moves are the lead applicant's alone (a
    superuser holds every Django permission but does not apply for someone else)."""
    if perm == "grants.edit_proposal":
        return proposal.applicant_id == by.pk and has_cohort_perm(
            by, "grants.apply_to_call", proposal
        )
    return by.has_perm(perm, proposal)


def transition_proposal(proposal, to, *, by, note="", return_on_answer=False, system=False):
    """The one way a proposal changes state: checked against the table, logged, told.

    ``by`` needs one of the row's permissions unless ``system`` (a service moving the
    proposal on someone's behalf, e.g. back from “more information requested” when the
    applicants answer). Submitting keeps a revision and tells the applicants; asking for
    more information needs a ``note`` (the question, which opens the proposal's message
    thread and is sent to the applicants; with ``return_on_answer`` the first answer moves
    the proposal back); entering “awarded” or “not funded” releases the recorded decision
    (creating the award) and queues the decision e-mail.
    """
    to = ProposalState(to)
    now = timezone.now()
    note = (note or "").strip()
    if to == ProposalState.INFO_REQUESTED and not note:
        raise ValidationError({"note": _("Say what information you need.")}, code="no_note")
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
        _check_transition(proposal, to, None if system else by, now)
        previous = proposal.state
        proposal.state = to
        update_fields = ["state", "updated_at"]
        if to == ProposalState.SUBMITTED and previous == ProposalState.DRAFT:
            proposal.submitted_at = now
            update_fields.append("submitted_at")
        proposal.save(update_fields=update_fields)
        data = {"from": previous, "to": str(to), "note": note[:500]}
        if to == ProposalState.SUBMITTED and previous == ProposalState.DRAFT:
            number = proposal.revisions.count() + 1
            ProposalRevision.objects.create(
                proposal=proposal,
                number=number,
                data=snapshot(proposal),
                submitted_by=by,
                submitted_at=now,
            )
            data["revision"] = number
            enqueue("grants.tasks.send_proposal_submitted", proposal.pk, number)
        if to == ProposalState.INFO_REQUESTED:
            message = ProposalMessage.objects.create(
                proposal=proposal,
                author=by,
                from_coordinator=True,
                body=note[:5000],
                requests_information=True,
                previous_state=previous,
                return_on_answer=return_on_answer,
            )
            enqueue("grants.tasks.send_proposal_message", message.pk)
        if to in ProposalState.decided():
            decision = Decision.objects.select_for_update().get(proposal=proposal)
            decision.released_at = now
            decision.save(update_fields=["released_at"])
            if to == ProposalState.AWARDED:
                Award.objects.get_or_create(proposal=proposal, defaults={"amount": decision.amount})
            enqueue("grants.tasks.send_decision", decision.pk)
        log(proposal, "grants.proposal.transition", user=by, data=data)
    return proposal
