"""Digests and pruning: thin, idempotent wrappers run by django-q schedules."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .enums import Channel
from .models import Notification


def _send_digests(channel, period):
    users = get_user_model().objects.filter(
        pk__in=Notification.objects.filter(channel=channel, emailed_at__isnull=True).values(
            "recipient_id"
        )
    )
    return sum(
        services.send_digest(user=user, channel=channel, period=period)
        for user in users.order_by("pk")
    )


def send_daily_digests(today=None):
    """One e-mail per person with entries kept for the daily digest."""
    today = today or timezone.localdate()
    return _send_digests(Channel.DAILY, today.isoformat())


def send_weekly_digests(today=None):
    """One e-mail per person with entries kept for the weekly digest."""
    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    return _send_digests(Channel.WEEKLY, f"{year}-W{week:02d}")


def prune_notifications():
    return services.prune()


SCHEDULES = [
    # (name, function, schedule type, first run as (weekday or None, hour))
    ("notifications: daily digest", "notifications.tasks.send_daily_digests", "D", (None, 6)),
    ("notifications: weekly digest", "notifications.tasks.send_weekly_digests", "W", (0, 6)),
    ("notifications: prune old entries", "notifications.tasks.prune_notifications", "D", (None, 3)),
]


def ensure_schedules(**kwargs):
    """Create this app's django-q schedules once (run after migrate)."""
    from kohorta.tasks import create_schedules

    create_schedules(SCHEDULES)
