"""Background e-mails for calls, matching and topics: thin, idempotent, take ids.

Each goes through ``notifications.notify`` with a once-key, so running a task twice (or two
workers at once) never sends anything twice.
"""

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from notifications.mail import language_of
from notifications.services import notify

from .. import notifications as kinds
from ..models import (
    Application,
    ApplicationReview,
    DiscussionTopic,
    MatchingRun,
    Membership,
)
from ..rules import MANAGE_COHORT, TAKE_PART, roles_with
from . import topics
from .enums import (
    DECISION_STATES,
    ApplicationState,
    CareerStage,
    Interest,
    MatchingRunStatus,
    ReviewRecommendation,
    Sector,
)


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
        if notify(
            application.user,
            kinds.APPLICATION_DECISION.name,
            context={"application": application},
            once_key=f"cohorts:{key}",
        ):
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
        if notify(
            application.user,
            kinds.LATER_ROUND.name,
            context={"application": application},
            once_key=f"cohorts:{key}",
        ):
            sent += 1
    return sent


def send_recommendation_notices(review_id):
    """Tell the cohort's coordinators that an ambassador recommended a decision (once each)."""
    review = (
        ApplicationReview.objects.filter(pk=review_id, submitted_at__isnull=False)
        .exclude(recommendation=ReviewRecommendation.NONE)
        .select_related("reviewer", "application__user", "application__cohort")
        .first()
    )
    if review is None:
        return 0
    application = review.application
    coordinators = Membership.objects.filter(
        cohort_id=application.cohort_id, role__in=roles_with(MANAGE_COHORT)
    ).select_related("user")
    url = reverse("cohorts:application_detail", args=[application.cohort_id, application.pk])
    sent = 0
    for membership in coordinators:
        if membership.user_id == review.reviewer_id:
            continue
        if notify(
            membership.user,
            kinds.REVIEW_RECOMMENDATION.name,
            context={
                "application": application,
                "reviewer": review.reviewer,
                # Lazy: the e-mail says it in the coordinator's language.
                "recommendation": ReviewRecommendation(review.recommendation).label,
            },
            url=url,
            actor=review.reviewer,
            once_key=f"cohorts:recommendation:{review.pk}:{membership.user_id}",
        ):
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


def _partner_lists(run, only=None):
    """``[(person, [partner profile, ...]), ...]`` of a run (of ``only`` these people)."""
    pairs = list(run.pairs.select_related("person_a", "person_b", "person_c"))
    people_ids = [pk for pair in pairs for pk in pair.people_ids]
    applications = {
        a.user_id: a for a in Application.objects.filter(cohort=run.cohort, user_id__in=people_ids)
    }
    rows = []
    for pair in pairs:
        people = pair.people
        for person in people:
            if only is not None and person.pk not in only:
                continue
            partners = [
                partner_profile(other, applications.get(other.pk))
                for other in people
                if other.pk != person.pk
            ]
            rows.append((person, partners))
    return rows


def send_partner_emails(run_id):
    """E-mail the participants of a published run their partner's contact and profile.

    A first publication e-mails everyone; a new version (a re-match) only the people whose
    partners changed.
    """
    from .matching.service import changed_people

    run = (
        MatchingRun.objects.filter(pk=run_id, status=MatchingRunStatus.PUBLISHED)
        .select_related("cohort__programme", "base_run")
        .first()
    )
    if run is None:
        return 0
    only = changed_people(run.base_run, run) if run.base_run_id else None
    stamp = int(run.published_at.timestamp()) if run.published_at else 0
    sent = 0
    for person, partners in _partner_lists(run, only):
        key = f"partner:{run.pk}:{stamp}:{person.pk}"
        if notify(
            person,
            kinds.PARTNER.name,
            context={"cohort": run.cohort, "partners": partners},
            once_key=f"cohorts:{key}",
        ):
            sent += 1
    return sent


def send_unpublished_notices(run_id, restored_id, at):
    """Tell the people affected that a published run was withdrawn.

    With ``restored_id`` (the version it had replaced, published again) only the people of
    the withdrawn run whose partners differ between the two are told, with their partner
    again (or that they have none for now); otherwise everyone of the withdrawn run is.
    """
    from .matching.service import changed_people

    run = MatchingRun.objects.filter(pk=run_id).select_related("cohort__programme").first()
    if run is None:
        return 0
    restored = MatchingRun.objects.filter(
        pk=restored_id, status=MatchingRunStatus.PUBLISHED
    ).first()
    people = {
        pair_person.pk: pair_person
        for pair in run.pairs.select_related("person_a", "person_b", "person_c")
        for pair_person in pair.people
    }
    # People of the withdrawn run only: whoever had left the round is not written to.
    affected = changed_people(run, restored) & set(people)
    rows = _partner_lists(restored, affected) if restored else []
    partners = {person.pk: profiles for person, profiles in rows}
    sent = 0
    for pk in sorted(affected):
        person = people.get(pk)
        if person is None:
            continue
        if notify(
            person,
            kinds.MATCHING_UNPUBLISHED.name,
            context={"cohort": run.cohort, "partners": partners.get(pk, [])},
            once_key=f"cohorts:unpublished:{run.pk}:{at}:{pk}",
        ):
            sent += 1
    return sent


def send_due_topics():
    """Scheduled daily: e-mail each topic whose fortnight has started to the participants."""
    today = timezone.localdate()
    sent = 0
    for topic in (
        DiscussionTopic.objects.sources()
        .filter(starts_on__lte=today, sent_at__isnull=True)
        .select_related("cohort__programme")
    ):
        if (today - topic.starts_on).days >= 14:
            DiscussionTopic.objects.filter(pk=topic.pk).update(sent_at=timezone.now())
            continue
        people = (
            Membership.objects.filter(cohort=topic.cohort, role__in=roles_with(TAKE_PART))
            .select_related("user")
            .filter(Q(user__is_active=True))
        )
        in_language = {}  # the topic in each recipient's language
        for membership in people:
            key = f"topic:{topic.pk}:{membership.user_id}"
            shown = topics.topic_in_language(topic, language_of(membership.user), in_language)
            if notify(
                membership.user,
                kinds.TOPIC.name,
                context={"topic": shown},
                once_key=f"cohorts:{key}",
            ):
                sent += 1
        DiscussionTopic.objects.filter(pk=topic.pk).update(sent_at=timezone.now())
    return sent


def run_matching(job_id):
    """Do a queued matching run (``cohorts.intake.matching.jobs``); returns the job's state."""
    from .matching.jobs import perform_job

    return perform_job(job_id)
