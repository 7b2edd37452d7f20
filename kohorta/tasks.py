"""The one way Kohorta queues background work."""

from django.db import transaction


def enqueue(func_path, *args, **kwargs):
    """Queue ``func_path(*args)`` on django-q once the current transaction commits.

    Tasks take primitive ids and re-fetch what they need, so a rolled-back write never
    sends an e-mail about something that does not exist.
    """
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task(func_path, *args, **kwargs))
