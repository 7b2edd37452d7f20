"""Background tasks that failed after all their attempts, for the people who can act on them.

A task that raises is delivered again (``Q_CLUSTER["ack_failures"] = False``) until it has
run ``max_attempts`` times; django-q keeps the last failure as a ``Failure`` row. Superusers
see every failure; a coordinator sees those whose task belongs to a cohort they coordinate.
Apps say which cohort a task belongs to with the ``kohorta_task_cohorts`` hook:
``f() -> {"app.tasks.func": resolver}`` where ``resolver(list of args tuples)`` returns the
cohort id of each, in order, in a fixed number of queries. Unknown tasks: superusers only.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from wagtail import hooks

REPORT_LIMIT = 200


def task_cohort_resolvers():
    resolvers = {}
    for hook in hooks.get_hooks("kohorta_task_cohorts"):
        resolvers.update(hook())
    return resolvers


def failed_tasks_for(user, limit=REPORT_LIMIT):
    """The latest failures ``user`` may see, newest first, each with ``cohort_id`` set."""
    from django_q.models import Failure

    from cohorts.rules import cohort_ids_with_perm

    failures = list(Failure.objects.order_by("-stopped")[:limit])
    by_func = {}
    for failure in failures:
        failure.cohort_id = None
        by_func.setdefault(failure.func, []).append(failure)
    resolvers = task_cohort_resolvers()
    for func, rows in by_func.items():
        if func in resolvers:
            for failure, cohort_id in zip(
                rows, resolvers[func]([tuple(row.args or ()) for row in rows]), strict=True
            ):
                failure.cohort_id = cohort_id
    if user.is_superuser:
        return failures
    coordinated = set(cohort_ids_with_perm(user, "cohorts.manage_cohort"))
    return [failure for failure in failures if failure.cohort_id in coordinated]


def can_see_failed_tasks(user):
    from cohorts.rules import cohort_ids_with_perm

    return user.is_superuser or bool(cohort_ids_with_perm(user, "cohorts.manage_cohort"))


def failed_tasks_view(request):
    """Wagtail admin report: failed tasks, their attempts and the error they ended with."""
    if not can_see_failed_tasks(request.user):
        raise PermissionDenied
    return render(
        request, "kohorta/admin/failed_tasks.html", {"failures": failed_tasks_for(request.user)}
    )
