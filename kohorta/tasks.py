"""The one way Kohorta queues background work."""

from django.db import transaction


def enqueue(func_path, *args, **kwargs):
    """Queue ``func_path(*args)`` on django-q once the current transaction commits.

    Tasks take primitive ids and re-fetch what they need, so a rolled-back write never
    sends an e-mail about something that does not exist.
    """
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task(func_path, *args, **kwargs))


def create_schedules(schedules):
    """Create django-q schedules once (run after migrate); leaves edited ones alone.

    ``schedules``: ``(name, func path, schedule type, (weekday or None, hour))`` rows; the
    first run is the next such hour (on that weekday for weekly ones), or at once when the
    hour is None (for hourly and more frequent schedules).
    """
    import datetime

    from django.utils import timezone
    from django_q.models import Schedule

    now = timezone.now()
    for name, func, schedule_type, (weekday, hour) in schedules:
        if Schedule.objects.filter(name=name).exists():
            continue
        if hour is None:
            Schedule.objects.create(
                name=name, func=func, schedule_type=schedule_type, next_run=now, repeats=-1
            )
            continue
        first = now.replace(hour=hour, minute=0, second=0, microsecond=0)
        if first <= now:
            first += datetime.timedelta(days=1)
        if weekday is not None:
            first += datetime.timedelta(days=(weekday - first.weekday()) % 7)
        Schedule.objects.create(
            name=name, func=func, schedule_type=schedule_type, next_run=first, repeats=-1
        )
