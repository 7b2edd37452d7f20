"""Calls for participants, applications, intake rules and selection.

Every write goes through a service here: keyword arguments, the acting user ``by``
(``None`` for the system), a transaction, a permission check and an audit entry.
An application's state only ever changes in ``transition_application``.
"""

import re
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unidecode import unidecode
from wagtail.log_actions import log

from kohorta.permissions import require
from kohorta.tasks import enqueue

from .. import services
from ..enums import CohortStatus, Role
from ..models import (
    SPOKEN_LANGUAGES,
    Application,
    ApplicationNote,
    ApplicationReview,
    ApplicationScore,
    Call,
    CallQuestion,
    Membership,
    ReviewCriterion,
)
from . import selectors
from .enums import (
    APPLICANT_STATES,
    APPLICATION_TRANSITIONS,
    DECISION_STATES,
    REVIEWABLE_STATES,
    ApplicationState,
    Interest,
    ReviewRecommendation,
)

# What the selection list's bulk actions may do.
BULK_STATES = (
    ApplicationState.ACCEPTED,
    ApplicationState.WAITLISTED,
    ApplicationState.DECLINED,
    ApplicationState.LATER_ROUND,
)

ANSWER_MAX_LENGTH = 2000
# The applicant's part of an application, in the form's order and fieldsets: the one list.
# ``save_application`` accepts these (and the answers to the extra questions),
# ``ApplicationForm`` is a ModelForm over them, and the person's data export writes them
# (``intake_privacy``; the free-text ones are blanked when a person is erased).
APPLICATION_FIELDSETS = (
    (
        gettext_lazy("About you"),
        ("sector", "career_stage", "country", "organisation", "languages"),
    ),
    (
        gettext_lazy("Your interests"),
        ("interests", "interests_other", "hopes", "preferred_partner_sector"),
    ),
)
APPLICANT_FIELDS = tuple(name for _legend, names in APPLICATION_FIELDSETS for name in names)
EDITABLE_FIELDS = (*APPLICANT_FIELDS, "answers")
# What an application needs before it can be submitted (the extra questions come on top).
REQUIRED_TO_SUBMIT = ("sector", "career_stage", "country", "organisation", "interests", "hopes")


# Normalised keys for duplicate detection --------------------------------------------------


def email_key(email):
    """Lower case, without a ``+tag``; Gmail addresses also without dots."""
    email = (email or "").strip().lower()
    local, _at, domain = email.partition("@")
    local = local.split("+", 1)[0]
    if domain in {"gmail.com", "googlemail.com"}:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}" if domain else local


def _words(text):
    return " ".join(re.sub(r"[^a-z0-9]+", " ", unidecode(text or "").lower()).split())


def name_key(full_name, organisation):
    """``name|organisation`` without accents, case or punctuation; empty if either is missing."""
    name, organisation = _words(full_name), _words(organisation)
    return f"{name}|{organisation}" if name and organisation else ""


def _set_keys(application):
    application.email_key = email_key(application.user.email)
    application.name_key = name_key(
        application.user.full_name, application.organisation or application.user.organisation
    )


# Calls --------------------------------------------------------------------------------


def save_call(
    *,
    cohort,
    by,
    deadline,
    introduction="",
    country_cap_percent=None,
    questions=(),
    criteria=None,
):
    """Create or change a cohort's call; ``questions`` replace the extra questions.

    ``questions`` is a list of dicts with ``label``, ``help_text`` and ``required``.
    Answers already given stay stored under the old questions' ids. ``criteria`` (when not
    ``None``) replace the review rubric, as ``save_rubric`` does, in the same transaction.
    """
    require(by, "cohorts.manage_intake", cohort)
    with transaction.atomic():
        call = Call.objects.filter(cohort=cohort).first() or Call(cohort=cohort)
        created = call.pk is None
        call.deadline = deadline
        call.introduction = introduction
        call.country_cap_percent = country_cap_percent
        call.full_clean()
        call.save()
        kept = []
        sources = call.questions.sources()
        existing = {question.pk: question for question in sources}
        for order, data in enumerate(questions):
            question = existing.get(data.get("id")) or CallQuestion(call=call)
            question.label = data["label"]
            question.help_text = data.get("help_text", "")
            question.required = bool(data.get("required"))
            question.sort_order = order
            question.full_clean()
            question.save()
            kept.append(question.pk)
        gone = sources.exclude(pk__in=kept)
        CallQuestion.objects.translations_of(gone).delete()
        gone.delete()
        if criteria is not None:
            save_rubric(call=call, by=by, criteria=criteria)
        log(call, "wagtail.create" if created else "wagtail.edit", user=by)
    return call


def save_rubric(*, call, by, criteria):
    """Replace a call's review rubric with ``criteria``, in their order.

    ``criteria`` is a list of dicts with ``name``, and optionally ``id`` (an existing
    criterion of the call), ``description``, ``scale_max`` and ``weight``. A criterion a
    reviewer has scored keeps its scale and cannot be removed (its name, guidance and weight
    may change): a ValidationError says which, and nothing is saved. Errors of the ``n``-th
    criterion are keyed ``criteria-<n>-<field>``.
    """
    require(by, "cohorts.manage_intake", call.cohort)
    with transaction.atomic():
        existing = {
            criterion.pk: criterion
            for criterion in ReviewCriterion.objects.select_for_update().filter(call=call)
        }
        scored = set(
            ApplicationScore.objects.filter(criterion__call=call).values_list(
                "criterion_id", flat=True
            )
        )
        errors, kept, rows = {}, set(), []
        for position, data in enumerate(criteria):
            criterion = existing.get(data.get("id")) or ReviewCriterion(call=call)
            scale = data.get("scale_max") or criterion.scale_max
            if criterion.pk in scored and scale != criterion.scale_max:
                errors[f"criteria-{position}-scale_max"] = _(
                    "Reviewers have scored “%(name)s” from 1 to %(max)s already; its scale "
                    "can no longer change."
                ) % {"name": criterion.name, "max": criterion.scale_max}
                continue
            criterion.name = (data.get("name") or "").strip()
            criterion.description = (data.get("description") or "").strip()
            criterion.scale_max = scale
            criterion.weight = data.get("weight") or criterion.weight
            criterion.position = position
            try:
                criterion.full_clean(exclude=["call"])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors[f"criteria-{position}-{field}"] = messages
                continue
            rows.append(criterion)
            if criterion.pk:
                kept.add(criterion.pk)
        removed = [criterion for pk, criterion in existing.items() if pk not in kept]
        for criterion in removed:
            if criterion.pk in scored:
                errors.setdefault(
                    "criteria",
                    [],
                ).append(
                    _(
                        "Reviewers have scored “%(name)s” already; it cannot be removed "
                        "(rename it or give it a small weight instead)."
                    )
                    % {"name": criterion.name}
                )
        if errors:
            raise ValidationError(errors)
        ReviewCriterion.objects.filter(pk__in=[c.pk for c in removed]).delete()
        for criterion in rows:
            criterion.save()
        if removed or rows or existing:
            log(
                call,
                "kohorta.application.rubric",
                user=by,
                data={"criteria": [criterion.name for criterion in rows]},
            )
    return rows


def correct_question(*, question, by, label, help_text=""):
    """Correct an extra question's wording (or one translation's) in the admin; its answers
    stay with it."""
    require(by, "cohorts.manage_intake", question.call.cohort)
    with transaction.atomic():
        question = CallQuestion.objects.select_for_update().get(pk=question.pk)
        question.label = label.strip()
        question.help_text = (help_text or "").strip()
        question.full_clean()
        question.save()
        log(question, "wagtail.edit", user=by)
    return question


def check_call_open(cohort):
    """The cohort's call if people may apply now; else a ValidationError saying why."""
    call = Call.objects.filter(cohort=cohort).first()
    if cohort.status != CohortStatus.OPEN or call is None:
        raise ValidationError(
            _("“%(cohort)s” is not open for applications.") % {"cohort": cohort.name},
            code="not_open",
        )
    if call.is_past_deadline:
        raise ValidationError(
            _("The deadline for applications to “%(cohort)s” passed on %(date)s.")
            % {
                "cohort": cohort.name,
                "date": timezone.localtime(call.deadline).strftime("%d %B %Y, %H:%M %Z"),
            },
            code="past_deadline",
        )
    return call


# Applications ---------------------------------------------------------------------------


def _clean_answers(application, call):
    errors = {}
    valid_languages = {code for code, _name in SPOKEN_LANGUAGES}
    if not isinstance(application.languages, list) or not set(application.languages) <= (
        valid_languages
    ):
        errors["languages"] = _("Choose languages from the list.")
    if not isinstance(application.interests, list) or not set(application.interests) <= set(
        Interest.values
    ):
        errors["interests"] = _("Choose areas of interest from the list.")
    questions = {str(question.pk): question for question in call.questions.sources()}
    answers = application.answers if isinstance(application.answers, dict) else {}
    application.answers = {
        key: str(value).strip() for key, value in answers.items() if key in questions and value
    }
    for key, value in application.answers.items():
        if len(value) > ANSWER_MAX_LENGTH:
            errors[f"question_{key}"] = _("Please keep this answer under %(count)s characters.") % {
                "count": ANSWER_MAX_LENGTH
            }
    return errors, questions


def submission_errors(application, call):
    """``{field: message}`` for everything still missing before the application can be sent."""
    errors, questions = _clean_answers(application, call)
    for name in REQUIRED_TO_SUBMIT:
        if not getattr(application, name) and name not in errors:
            errors[name] = _("Please answer this before you submit.")
    for key, question in questions.items():
        if question.required and not application.answers.get(key):
            errors[f"question_{key}"] = _("Please answer this before you submit.")
    return errors


def save_application(*, cohort, user, by, submit=False, **fields):
    """Save the person's draft application to a cohort, and submit it if ``submit``.

    A person has one application per cohort; once submitted it can no longer be edited.
    Refused when the cohort is not open or its deadline has passed. On a refused
    submission nothing is saved (the form keeps what was typed).
    """
    if by is not None and by.pk != user.pk:
        raise PermissionDenied("cohorts.edit_application")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    try:
        with transaction.atomic():
            call = check_call_open(cohort)
            application = (
                Application.objects.select_for_update()
                .select_related("user")
                .filter(cohort=cohort, user=user)
                .first()
            )
            if application is not None and application.state != ApplicationState.DRAFT:
                raise ValidationError(
                    _(
                        "You have already applied to “%(cohort)s”; your application is "
                        "“%(state)s”. There is one application per person and cohort."
                    )
                    % {"cohort": cohort.name, "state": application.get_state_display()},
                    code="already_applied",
                )
            created = application is None
            if created:
                application = Application(cohort=cohort, user=user)
            for name, value in fields.items():
                setattr(application, name, value)
            errors, _questions = _clean_answers(application, call)
            if errors:
                raise ValidationError(errors)
            _set_keys(application)
            application.full_clean(exclude=["cohort", "user"], validate_unique=False)
            application.save()
            log(application, "wagtail.create" if created else "wagtail.edit", user=by)
            if submit:
                application = transition_application(application, ApplicationState.SUBMITTED, by=by)
                enqueue("cohorts.tasks.send_application_received", application.pk)
    except IntegrityError:
        raise ValidationError(
            _("You have already applied to “%(cohort)s”.") % {"cohort": cohort.name},
            code="already_applied",
        ) from None
    return application


def import_application(*, cohort, user, by, submitted_at=None, accepted=False, **fields):
    """Record an application collected elsewhere (an earlier form, a spreadsheet).

    For coordinators bringing a round's existing applicants in: the call need not be
    open. ``accepted=True`` records someone already told they are in (they get the
    innovator role, and no decision e-mail is sent). Returns the existing application
    unchanged if the person already has one.
    """
    require(by, "cohorts.manage_intake", cohort)
    existing = Application.objects.filter(cohort=cohort, user=user).first()
    if existing is not None:
        return existing
    state = ApplicationState.ACCEPTED if accepted else ApplicationState.SUBMITTED
    with transaction.atomic():
        application = Application(
            cohort=cohort,
            user=user,
            state=state,
            submitted_at=submitted_at or timezone.now(),
            decision_sent_state=state if accepted else "",
            **fields,
        )
        _set_keys(application)
        application.full_clean(exclude=["cohort", "user"], validate_unique=False)
        application.save()
        if accepted:
            services.add_member(cohort=cohort, user=user, role=Role.INNOVATOR, by=by)
        log(
            application,
            "kohorta.application.state",
            user=by,
            data={"to": str(state), "note": "imported"},
        )
    return application


def allowed_application_states(application, user=None):
    """The states ``user`` may move the application to now (all allowed ones if ``None``)."""
    targets = APPLICATION_TRANSITIONS[ApplicationState(application.state)]
    if user is None:
        return set(targets)
    return {target for target in targets if _may_move(user, application, target)}


def _may_move(by, application, to):
    if by is None:
        return True
    if by.pk == application.user_id and (
        to == ApplicationState.WITHDRAWN
        or (to == ApplicationState.SUBMITTED and application.state == ApplicationState.DRAFT)
    ):
        return True
    return by.has_perm("cohorts.decide_application", application)


def transition_application(application, to, *, by, note=""):
    """Move an application to another state along the table, with the state's side effects.

    Submitting checks the call is open and the form complete; accepting gives the
    applicant the innovator role in the cohort; withdrawing an accepted application
    takes the role away. Decisions are e-mailed later, in one batch (``send_decisions``).
    """
    to = ApplicationState(to)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("cohort", "user")
            .get(pk=application.pk)
        )
        previous = ApplicationState(application.state)
        if to not in APPLICATION_TRANSITIONS[previous]:
            raise ValidationError(
                _("An application cannot go from “%(from)s” to “%(to)s”.")
                % {"from": previous.label, "to": to.label},
                code="bad_transition",
            )
        if not _may_move(by, application, to):
            raise PermissionDenied("cohorts.decide_application")
        now = timezone.now()
        if to == ApplicationState.SUBMITTED and previous == ApplicationState.DRAFT:
            call = check_call_open(application.cohort)
            errors = submission_errors(application, call)
            if errors:
                raise ValidationError(errors)
            application.submitted_at = now
            _set_keys(application)
        if to in DECISION_STATES:
            application.decided_at = now
            application.decided_by = by
        is_coordinator = by is None or by.has_perm("cohorts.manage_cohort", application.cohort)
        if to == ApplicationState.ACCEPTED:
            services.add_member(
                cohort=application.cohort, user=application.user, role=Role.INNOVATOR, by=by
            )
        if previous == ApplicationState.ACCEPTED:
            membership = Membership.objects.filter(
                cohort=application.cohort, user=application.user, role=Role.INNOVATOR
            ).first()
            if membership is not None:
                services.remove_member(membership=membership, by=by if is_coordinator else None)
        application.state = to
        application.save()
        log(
            application,
            "kohorta.application.state",
            user=by,
            data={"from": str(previous), "to": str(to), "note": note},
        )
    return application


def bulk_transition(*, cohort, applications, to, by):
    """Move several applications of ``cohort`` to ``to`` at once, all in one transaction.

    Each goes through ``transition_application`` (so each gets its side effects and audit
    entry, exactly as a single decision). Those the state table does not allow are skipped,
    never an error. Decisions are e-mailed later with the batch (``send_decisions``); people
    moved to a later round are told at once, as the country cap does. Returns
    ``(changed, skipped)``: applications, and ``(application, reason)`` pairs.
    """
    require(by, "cohorts.manage_intake", cohort)
    to = ApplicationState(to)
    if to not in BULK_STATES:
        raise ValidationError(_("Choose a decision."), code="bad_state")
    if any(application.cohort_id != cohort.pk for application in applications):
        raise PermissionDenied("cohorts.decide_application")
    changes, skipped = selectors.bulk_plan(applications, to)
    changed = []
    with transaction.atomic():
        for application in changes:
            changed.append(transition_application(application, to, by=by, note="bulk"))
        log(
            cohort,
            "kohorta.application.bulk",
            user=by,
            data={"to": str(to), "changed": [a.pk for a in changed]},
        )
        if to == ApplicationState.LATER_ROUND and changed:
            enqueue("cohorts.intake.tasks.send_later_round_emails", cohort.pk)
    return changed, skipped


# Reviewing --------------------------------------------------------------------------------

_UNSET = object()


def review_application(*, application, by, score=_UNSET, note=""):
    """Record a reviewer's score and/or note (coordinators, the country's ambassador)."""
    require(by, "cohorts.review_application", application)
    if score is not _UNSET and score is not None and not 0 <= score <= 10:
        raise ValidationError({"score": _("A score goes from 0 to 10.")})
    note = (note or "").strip()
    with transaction.atomic():
        changed = {}
        if score is not _UNSET and score != application.score:
            application.score = score
            application.save(update_fields=["score", "updated_at"])
            changed["score"] = score
        if note:
            ApplicationNote.objects.create(application=application, author=by, body=note)
            changed["note"] = True
        if changed:
            log(application, "kohorta.application.review", user=by, data=changed)
    return application


def clean_scores(criteria, scores, *, final):
    """Check ``{criterion_id: value}`` against the rubric; ``final`` requires every criterion.

    Returns ``{criterion_id: int}`` of the scores given; a ValidationError keyed
    ``criterion_<id>`` names each one out of range or missing.
    """
    known = {criterion.pk for criterion in criteria}
    if set(scores) - known:
        raise ValidationError(_("A score was given for a criterion not in this call’s rubric."))
    errors, clean = {}, {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value in ("", None):
            if final:
                errors[f"criterion_{criterion.pk}"] = _("Score this criterion to submit.")
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= criterion.scale_max:
            errors[f"criterion_{criterion.pk}"] = _("Give a score from 1 to %(max)s.") % {
                "max": criterion.scale_max
            }
            continue
        clean[criterion.pk] = value
    if errors:
        raise ValidationError(errors)
    return clean


def save_review(
    *, application, by, scores, note="", recommendation=ReviewRecommendation.NONE, submit=False
):
    """Save (and with ``submit`` hand in) the reviewer's own review of an application.

    For coordinators and the ambassador of the applicant's country, while the application
    awaits a decision (``REVIEWABLE_STATES``); a submitted review may still change until
    then. Submitting needs a score for every criterion of the call's rubric. Two requests
    for the same review end in one (serialised on the application row). The first submission
    of an ambassador's recommendation tells the coordinators (in their digest).
    """
    require(by, "cohorts.review_application", application)
    if recommendation not in ReviewRecommendation.values:
        raise ValidationError({"recommendation": _("Choose a recommendation from the list.")})
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("cohort").get(pk=application.pk)
        )
        if application.state not in REVIEWABLE_STATES or application.duplicate_of_id:
            raise ValidationError(
                _("This application is “%(state)s”: its reviews can no longer change.")
                % {"state": application.get_state_display()},
                code="reviews_closed",
            )
        criteria = list(ReviewCriterion.objects.filter(call__cohort_id=application.cohort_id))
        if not criteria:
            raise ValidationError(
                _("This call has no review rubric yet; the coordinators set it up with the call."),
                code="no_rubric",
            )
        review = ApplicationReview.objects.filter(application=application, reviewer=by).first()
        final = submit or (review is not None and review.submitted_at is not None)
        clean = clean_scores(criteria, scores, final=final)
        first_submit = final and (review is None or review.submitted_at is None)
        if review is None:
            review = ApplicationReview(application=application, reviewer=by)
        review.note = (note or "").strip()[:5000]
        review.recommendation = recommendation
        if first_submit:
            review.submitted_at = timezone.now()
        review.save()
        existing = {score.criterion_id: score for score in review.scores.all()}
        for criterion_id, value in clean.items():
            score = existing.pop(criterion_id, None)
            if score is None:
                ApplicationScore.objects.create(
                    review=review, criterion_id=criterion_id, value=value
                )
            elif score.value != value:
                score.value = value
                score.save(update_fields=["value"])
        ApplicationScore.objects.filter(pk__in=[score.pk for score in existing.values()]).delete()
        log(
            application,
            "kohorta.application.review_submit" if first_submit else "kohorta.application.review",
            user=by,
            data={"review": review.pk, "recommendation": recommendation},
        )
        if (
            first_submit
            and recommendation != ReviewRecommendation.NONE
            and not by.has_perm("cohorts.manage_intake", application.cohort)
        ):
            enqueue("cohorts.intake.tasks.send_recommendation_notices", review.pk)
    return review


def send_decisions(*, cohort, by):
    """Queue the e-mails for every decision not yet sent, in one batch; returns how many."""
    require(by, "cohorts.manage_intake", cohort)
    pending = selectors.pending_decisions(cohort).count()
    if not pending:
        raise ValidationError(_("There are no new decisions to send."), code="nothing_to_send")
    with transaction.atomic():
        log(cohort, "kohorta.application.decisions_sent", user=by, data={"count": pending})
        enqueue("cohorts.intake.tasks.send_decision_emails", cohort.pk)
    return pending


# Intake rules ---------------------------------------------------------------------------


def apply_country_cap(*, cohort, by, percent=None):
    """Move the latest applicants of any country above ``percent`` % to a later round.

    The share is taken of everyone who applied (including those already moved), so
    applying the cap twice moves nobody the second time. Accepted applicants are never
    moved. Each person moved gets an e-mail (queued once for the batch). Returns the
    applications moved.
    """
    require(by, "cohorts.manage_intake", cohort)
    if percent is None:
        call = Call.objects.filter(cohort=cohort).first()
        percent = call.country_cap_percent if call else None
    if not percent or not 1 <= percent <= 100:
        raise ValidationError(
            {"percent": _("Give the cap as a share between 1 and 100 per cent.")}, code="no_cap"
        )
    with transaction.atomic():
        applications = list(
            Application.objects.select_for_update()
            .filter(cohort=cohort, state__in=APPLICANT_STATES)
            .order_by("submitted_at", "pk")
        )
        limit = max(1, len(applications) * percent // 100)
        by_country = defaultdict(list)
        for application in applications:
            if application.state != ApplicationState.LATER_ROUND:
                by_country[str(application.country)].append(application)
        moved = []
        for rows in by_country.values():
            over = len(rows) - limit
            if over <= 0:
                continue
            movable = [
                row
                for row in rows
                if row.state in (ApplicationState.SUBMITTED, ApplicationState.WAITLISTED)
            ]
            for application in reversed(movable[-over:]):
                moved.append(
                    transition_application(
                        application,
                        ApplicationState.LATER_ROUND,
                        by=by,
                        note=f"country cap {percent}%",
                    )
                )
        log(
            cohort,
            "kohorta.application.cap",
            user=by,
            data={"percent": percent, "limit": limit, "moved": [a.pk for a in moved]},
        )
        if moved:
            enqueue("cohorts.intake.tasks.send_later_round_emails", cohort.pk)
    return moved


def merge_applications(*, keep, duplicate, by):
    """Merge a duplicate into the application kept: the duplicate is withdrawn and linked.

    Notes move to the kept application, which also takes over a score and areas of
    interest it lacks.
    """
    require(by, "cohorts.manage_intake", keep.cohort)
    if keep.pk == duplicate.pk or keep.cohort_id != duplicate.cohort_id:
        raise ValidationError(_("Choose two different applications of the same cohort."))
    if duplicate.state == ApplicationState.WITHDRAWN:
        raise ValidationError(_("This application has already been withdrawn or merged."))
    with transaction.atomic():
        duplicate = transition_application(
            duplicate, ApplicationState.WITHDRAWN, by=by, note=f"duplicate of {keep.pk}"
        )
        duplicate.duplicate_of = keep
        duplicate.save(update_fields=["duplicate_of", "updated_at"])
        ApplicationNote.objects.filter(application=duplicate).update(application=keep)
        keep = Application.objects.select_for_update().get(pk=keep.pk)
        if keep.score is None and duplicate.score is not None:
            keep.score = duplicate.score
        keep.interests = sorted(set(keep.interests) | set(duplicate.interests))
        keep.save()
        log(keep, "kohorta.application.merge", user=by, data={"duplicate": duplicate.pk})
    return keep
