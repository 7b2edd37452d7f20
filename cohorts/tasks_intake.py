"""Background e-mails for calls, matching and topics: thin, idempotent, take ids.

Each e-mail is recorded in ``SentEmail`` under a key in the same transaction that sends
it, so running a task twice (or two workers at once) never sends anything twice.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .enums import Role
from .intake_enums import (
    DECISION_STATES,
    ApplicationState,
    CareerStage,
    Interest,
    MatchingRunStatus,
    Sector,
)
from .models import (
    Application,
    DiscussionTopic,
    MatchingRun,
    Membership,
    SentEmail,
)

TEMPLATES = "cohorts/intake/email/"


def _dashboard_url():
    return settings.WAGTAILADMIN_BASE_URL + reverse("dashboard")


def send_once(key, user, template, context):
    """Send ``template`` to ``user`` unless an e-mail with ``key`` went out already."""
    try:
        with transaction.atomic():
            _row, created = SentEmail.objects.get_or_create(key=key, defaults={"user": user})
            if not created:
                return False
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                context = {**context, "user": user, "dashboard_url": _dashboard_url()}
                subject = render_to_string(f"{TEMPLATES}{template}_subject.txt", context)
                body = render_to_string(f"{TEMPLATES}{template}.txt", context)
            send_mail(" ".join(subject.split()), body, None, [user.email])
    except IntegrityError:
        return False
    return True


def send_decision_emails(cohort_id):
    """E-mail every decision of the cohort not yet e-mailed; returns how many were sent."""
    sent = 0
    pending = (
        Application.objects.filter(cohort_id=cohort_id, state__in=DECISION_STATES)
        .exclude(decision_sent_state=F("state"))
        .select_related("user", "cohort__programme")
    )
    for application in pending:
        key = f"decision:{application.pk}:{application.state}"
        if send_once(key, application.user, "decision", {"application": application}):
            sent += 1
        Application.objects.filter(pk=application.pk, state=application.state).update(
            decision_sent_state=application.state
        )
    return sent


def send_later_round_emails(cohort_id):
    """Tell everyone moved to a later round (by the country cap) that they were moved."""
    sent = 0
    for application in Application.objects.filter(
        cohort_id=cohort_id, state=ApplicationState.LATER_ROUND
    ).select_related("user", "cohort__programme"):
        key = f"later-round:{application.pk}"
        if send_once(key, application.user, "later_round", {"application": application}):
            sent += 1
    return sent


def partner_profile(user, application):
    interests = dict(Interest.choices)
    return {
        "user": user,
        "organisation": (application.organisation if application else "") or user.organisation,
        "sector": str(Sector(application.sector).label)
        if application and application.sector
        else "",
        "career_stage": (
            str(CareerStage(application.career_stage).label)
            if application and application.career_stage
            else ""
        ),
        "interests": (
            [str(interests[i]) for i in application.interests if i in interests]
            if application
            else []
        ),
    }


def send_partner_emails(run_id):
    """E-mail each participant of a published run their partner's contact and profile."""
    run = (
        MatchingRun.objects.filter(pk=run_id, status=MatchingRunStatus.PUBLISHED)
        .select_related("cohort__programme")
        .first()
    )
    if run is None:
        return 0
    pairs = list(run.pairs.select_related("person_a", "person_b", "person_c"))
    people_ids = [pk for pair in pairs for pk in pair.people_ids]
    applications = {
        a.user_id: a for a in Application.objects.filter(cohort=run.cohort, user_id__in=people_ids)
    }
    sent = 0
    for pair in pairs:
        people = pair.people
        for person in people:
            partners = [
                partner_profile(other, applications.get(other.pk))
                for other in people
                if other.pk != person.pk
            ]
            key = f"partner:{run.pk}:{person.pk}"
            if send_once(key, person, "partner", {"cohort": run.cohort, "partners": partners}):
                sent += 1
    return sent


def send_due_topics():
    """Scheduled daily: e-mail each topic whose fortnight has started to the participants."""
    today = timezone.localdate()
    sent = 0
    for topic in DiscussionTopic.objects.filter(
        starts_on__lte=today, sent_at__isnull=True
    ).select_related("cohort__programme"):
        if (today - topic.starts_on).days >= 14:
            DiscussionTopic.objects.filter(pk=topic.pk).update(sent_at=timezone.now())
            continue
        people = (
            Membership.objects.filter(cohort=topic.cohort, role=Role.INNOVATOR)
            .select_related("user")
            .filter(Q(user__is_active=True))
        )
        for membership in people:
            key = f"topic:{topic.pk}:{membership.user_id}"
            if send_once(key, membership.user, "topic", {"topic": topic}):
                sent += 1
        DiscussionTopic.objects.filter(pk=topic.pk).update(sent_at=timezone.now())
    return sent
