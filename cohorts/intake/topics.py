"""Discussion topics: one per fortnight of a round, e-mailed when the fortnight starts."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import DiscussionTopic

SCHEDULE_NAME = "kohorta: send discussion topics"


def fortnights(cohort):
    """The first day of each fortnight of the round."""
    days, start = [], cohort.starts_on
    while start <= cohort.ends_on:
        days.append(start)
        start += datetime.timedelta(days=14)
    return days


def ensure_topic_schedule():
    """The daily django-q schedule that e-mails topics whose fortnight has started."""
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": "cohorts.intake.tasks.send_due_topics",
            "schedule_type": Schedule.DAILY,
            "repeats": -1,
        },
    )


def schedule_topic(*, cohort, starts_on, title, body, by):
    """Set the topic of one fortnight; participants get it by e-mail when it starts."""
    if by is not None and not by.has_perm("cohorts.manage_intake", cohort):
        raise PermissionDenied("cohorts.manage_intake")
    if starts_on not in fortnights(cohort):
        raise ValidationError(
            {"starts_on": _("Choose the first day of one of the round's fortnights.")}
        )
    topic = DiscussionTopic(
        cohort=cohort, starts_on=starts_on, title=title.strip(), body=body.strip(), created_by=by
    )
    topic.full_clean(exclude=["created_by"], validate_unique=False)
    try:
        with transaction.atomic():
            topic.save()
            log(topic, "wagtail.create", user=by)
            ensure_topic_schedule()
    except IntegrityError:
        raise ValidationError(
            {"starts_on": _("This fortnight already has a topic.")}, code="taken"
        ) from None
    return topic


def remove_topic(*, topic, by):
    if by is not None and not by.has_perm("cohorts.manage_intake", topic.cohort):
        raise PermissionDenied("cohorts.manage_intake")
    if topic.sent_at is not None:
        raise ValidationError(_("This topic has already been sent."), code="sent")
    with transaction.atomic():
        log(topic, "wagtail.delete", user=by)
        topic.delete()


def current_topics(cohort_ids):
    """``{cohort_id: topic}`` for the fortnight running today (one query)."""
    today = timezone.localdate()
    result = {}
    for topic in DiscussionTopic.objects.filter(
        cohort_id__in=cohort_ids,
        starts_on__lte=today,
        starts_on__gt=today - datetime.timedelta(days=14),
    ):
        result[topic.cohort_id] = topic
    return result
