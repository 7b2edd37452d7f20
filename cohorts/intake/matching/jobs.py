"""Matching runs done by the task worker: request one, do it, follow it.

Like the grants' PDF dossier: ``request_run`` stores a ``MatchingJob`` and queues
``cohorts.intake.tasks.run_matching`` on commit; the task calls ``perform_job``, which
records the progress on the job, saves the run through ``matching.create_run`` and keeps
the reason when it fails. One job per round is on its way at a time.
"""

import datetime
import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kohorta.permissions import require
from kohorta.tasks import enqueue
from notifications.mail import language_of
from notifications.services import notify

from ... import notifications as kinds
from ...models import Cohort, MatchingJob
from ..enums import MatchingJobState
from . import algorithm
from . import service as matching

# A job still queued or running after this long was lost (a worker killed mid-run): it is
# marked failed, so it no longer holds the round. The task's own timeout is far shorter.
STALE_AFTER = datetime.timedelta(minutes=15)
# The coordinator is told when a run took at least this long: they may have left the page.
NOTIFY_AFTER_SECONDS = 10
# Progress (per cent) when the worker has started, while the matching runs, when saving.
STARTED, MATCHING_FROM, MATCHING_TO = 5, 10, 90


def _already_running():
    return ValidationError(
        _("A matching run of this round is already under way; wait for it to finish."),
        code="running",
    )


def fail_stale_jobs(cohort):
    """Mark the round's jobs lost by a worker as failed; returns how many."""
    return MatchingJob.objects.filter(
        cohort=cohort,
        state__in=MatchingJobState.active(),
        created_at__lt=timezone.now() - STALE_AFTER,
    ).update(
        state=MatchingJobState.FAILED,
        error=_("The run was interrupted before it finished; start it again."),
        finished_at=timezone.now(),
    )


def request_run(*, cohort, by, weights=None, top_k=matching.DEFAULT_TOP_K, seed=0):
    """Queue a matching run of the round; refused while another one is on its way."""
    require(by, "cohorts.manage_intake", cohort)
    weights = weights or algorithm.Weights()
    fail_stale_jobs(cohort)
    try:
        with transaction.atomic():
            # Two coordinators pressing the button at once: the second waits here, then
            # sees the first job (the constraint catches what this lock cannot).
            Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
            if MatchingJob.objects.filter(
                cohort=cohort, state__in=MatchingJobState.active()
            ).exists():
                raise _already_running()
            job = MatchingJob.objects.create(
                cohort=cohort,
                weights=weights.as_dict(),
                top_k=top_k or 0,
                seed=seed,
                requested_by=by,
            )
            log(
                job,
                "kohorta.matching.request",
                user=by,
                data={"cohort": cohort.pk, "weights": job.weights},
            )
            enqueue("cohorts.intake.tasks.run_matching", job.pk)
    except IntegrityError:
        raise _already_running() from None
    return job


def perform_job(job_id):
    """Do a queued job (the task's body): run, progress, result or failure on the job.

    Returns the job's state. A job already done or failed is left alone (a task delivered
    twice); a running one is started again (a retry after a worker died).
    """
    job = MatchingJob.objects.select_related("cohort__programme", "requested_by").get(pk=job_id)
    if job.state not in MatchingJobState.active():
        return job.state
    MatchingJob.objects.filter(pk=job.pk).update(
        state=MatchingJobState.RUNNING, progress=STARTED, started_at=timezone.now()
    )
    last = [STARTED]

    def progress(share):
        percent = MATCHING_FROM + int(share * (MATCHING_TO - MATCHING_FROM))
        if percent > last[0]:
            last[0] = percent
            MatchingJob.objects.filter(pk=job.pk).update(progress=percent)

    started = time.perf_counter()
    language = language_of(job.requested_by) if job.requested_by else None
    try:
        with translation.override(language):
            run = matching.create_run(
                cohort=job.cohort,
                by=job.requested_by,
                weights=algorithm.Weights(**job.weights),
                top_k=job.top_k or None,
                seed=job.seed,
                progress=progress,
            )
    except ValidationError as error:
        _finish(job, MatchingJobState.FAILED, error=" ".join(error.messages))
    except Exception:
        with translation.override(language):
            message = _("The run failed unexpectedly; the error was logged for the site admin.")
        _finish(job, MatchingJobState.FAILED, error=message)
        raise
    else:
        _finish(job, MatchingJobState.DONE, run=run)
    job.refresh_from_db()
    if time.perf_counter() - started >= NOTIFY_AFTER_SECONDS and job.requested_by:
        _tell_coordinator(job)
    return job.state


def _finish(job, state, *, run=None, error=""):
    done = {"progress": 100} if run else {}
    MatchingJob.objects.filter(pk=job.pk).update(
        state=state, run=run, error=error, finished_at=timezone.now(), **done
    )


def _tell_coordinator(job):
    url = reverse("cohorts:matching_job", kwargs={"cohort_id": job.cohort_id, "job_id": job.pk})
    notify(
        job.requested_by,
        kinds.MATCHING_FINISHED.name,
        context={"job": job, "cohort": job.cohort, "run": job.run},
        url=url,
        once_key=f"cohorts:matching-job:{job.pk}",
    )


def latest_job(cohort):
    """The round's most recent job, for the matching page (one query)."""
    return MatchingJob.objects.filter(cohort=cohort).select_related("run").first()
