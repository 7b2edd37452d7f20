"""Background work for cohorts: thin, idempotent wrappers that take ids."""

from django.db import transaction
from django.urls import reverse
from django.utils import translation

from kohorta.translatable import localize
from notifications.mail import language_of
from notifications.services import notify

from . import notifications as kinds
from .models import Invitation
from .services import issue_invitation_token


def send_invitation(invitation_id):
    """E-mail a one-time invitation link; does nothing if it was sent or accepted already.

    ``sent_at`` is written in the same transaction as the send: if the worker dies before
    the commit, the broker delivers the task again and the same e-mail (same link, same
    Message-ID) goes out; once committed, a second delivery sends nothing.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .filter(pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True)
            .select_related("user", "cohort__programme", "invited_by")
            .first()
        )
        if invitation is None:
            return "skipped"
        token = issue_invitation_token(invitation)
        notify(
            invitation.user,
            kinds.INVITATION.name,
            context={"invitation": invitation},
            url=reverse("cohorts:invitation", kwargs={"token": token}),
            actor=invitation.invited_by,
            once_key=f"cohorts.invitation:{invitation.pk}:{token[:16]}",
        )
    return "sent"


def send_added_to_cohort(membership_id, by_id=None):
    """Tell a person with an account that they were added to a cohort (once per membership)."""
    from .models import Membership, User

    membership = (
        Membership.objects.filter(pk=membership_id)
        .select_related("user", "cohort__programme")
        .first()
    )
    if membership is None or not membership.user.is_active:
        return "skipped"
    sent = notify(
        membership.user,
        kinds.ADDED_TO_COHORT.name,
        context={"cohort": membership.cohort, "membership": membership},
        url=reverse("dashboard"),
        actor=User.objects.filter(pk=by_id).first() if by_id else None,
        once_key=f"cohorts.added_to_cohort:{membership.pk}",
    )
    return "sent" if sent else "skipped"


def send_application_received(application_id):
    """Confirm a submitted application to the applicant, with a copy of their answers."""
    from .intake.enums import ApplicationState
    from .models import Application

    application = (
        Application.objects.filter(pk=application_id)
        .exclude(state=ApplicationState.DRAFT)
        .select_related("user", "cohort__programme")
        .first()
    )
    if application is None:
        return "skipped"
    with translation.override(language_of(application.user)):
        answers = application_answers(application)
    sent = notify(
        application.user,
        kinds.APPLICATION_RECEIVED.name,
        context={"application": application, "answers": answers},
        url=reverse("dashboard"),
        once_key=f"cohorts.application_received:{application.pk}",
    )
    return "sent" if sent else "skipped"


def application_answers(application):
    """``[(question, answer)]``: what the person sent, for the copy in their confirmation."""
    from .intake.enums import Interest
    from .models import Application, spoken_language_name

    field = Application._meta.get_field
    interests = dict(Interest.choices)
    rows = [
        (field("organisation").verbose_name, application.organisation),
        (field("country").verbose_name, application.country.name if application.country else ""),
        (field("sector").verbose_name, application.get_sector_display()),
        (field("career_stage").verbose_name, application.get_career_stage_display()),
        (
            field("languages").verbose_name,
            ", ".join(spoken_language_name(code) for code in application.languages or []),
        ),
        (
            field("interests").verbose_name,
            ", ".join(str(interests.get(code, code)) for code in application.interests or []),
        ),
        (field("interests_other").verbose_name, application.interests_other),
        (field("hopes").verbose_name, application.hopes),
        (
            field("preferred_partner_sector").verbose_name,
            application.get_preferred_partner_sector_display(),
        ),
    ]
    call = getattr(application.cohort, "call", None)
    # In the active language (the recipient's, in the e-mail): the translated wording.
    questions = {str(q.pk): q.tr.label for q in localize(call.questions.sources())} if call else {}
    for key, answer in (application.answers or {}).items():
        if key in questions:
            rows.append((questions[key], answer))
    return [(label, value) for label, value in rows if value]
