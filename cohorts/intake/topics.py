"""Discussion topics: one per fortnight of a round, e-mailed when the fortnight starts."""

import copy
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kohorta.translatable import localize, localize_one

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
    """Remove a topic not sent yet, with its translations."""
    if by is not None and not by.has_perm("cohorts.manage_intake", topic.cohort):
        raise PermissionDenied("cohorts.manage_intake")
    if topic.sent_at is not None:
        raise ValidationError(_("This topic has already been sent."), code="sent")
    with transaction.atomic():
        log(topic, "wagtail.delete", user=by)
        DiscussionTopic.objects.filter(translation_key=topic.translation_key).exclude(
            pk=topic.pk
        ).delete()
        topic.delete()


def correct_topic(*, topic, by, title, body):
    """Correct a topic's title and text (or one translation's) in the admin."""
    if by is not None and not by.has_perm("cohorts.manage_intake", topic.cohort):
        raise PermissionDenied("cohorts.manage_intake")
    with transaction.atomic():
        topic = DiscussionTopic.objects.select_for_update().get(pk=topic.pk)
        topic.title = title.strip()
        topic.body = body.strip()
        topic.full_clean(exclude=["created_by"], validate_unique=False)
        topic.save()
        log(topic, "wagtail.edit", user=by)
    return topic


def current_topics(cohort_ids):
    """``{cohort_id: topic}`` for the fortnight running today, each with ``.tr`` in the
    active language (one query, and one or two more when there is a topic)."""
    today = timezone.localdate()
    result = {}
    for topic in DiscussionTopic.objects.sources().filter(
        cohort_id__in=cohort_ids,
        starts_on__lte=today,
        starts_on__gt=today - datetime.timedelta(days=14),
    ):
        result[topic.cohort_id] = topic
    localize(list(result.values()))
    return result


def topic_in_language(topic, language, cache):
    """A copy of ``topic`` (a source) whose ``.tr`` is its text in ``language`` (the
    source's when not translated); ``cache`` keeps one per language across recipients."""
    if language not in cache:
        with translation.override(language):
            cache[language] = localize_one(copy.copy(topic))
    return cache[language]
