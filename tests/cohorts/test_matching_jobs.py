"""Matching runs as django-q tasks: queue, progress, result, refusal, failure, notice."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import Role
from cohorts.intake.enums import MatchingJobState
from cohorts.intake.matching import jobs as matching_jobs
from cohorts.intake.matching import service as matching
from cohorts.models import MatchingJob, MatchingRun
from notifications.models import Notification
from tests.factories.cohorts import PASSWORD, CohortFactory, add_member
from tests.factories.intake import participant

COUNTRIES = ["PL", "AU", "US", "GB", "NZ", "IN"]
RUN_FORM = {
    "run": "1",
    "interests": 3,
    "partner_sector": 4,
    "language": 2,
    "student_stage": 3,
    "top_k": 8,
    "seed": 0,
}


@pytest.fixture
def cohort():
    return CohortFactory()


@pytest.fixture
def coordinator(cohort):
    return add_member(cohort, Role.COORDINATOR)


def _round(cohort, size):
    return [participant(cohort, COUNTRIES[i % len(COUNTRIES)]) for i in range(size)]


def _job_url(job):
    return reverse("cohorts:matching_job", kwargs={"cohort_id": job.cohort_id, "job_id": job.pk})


def test_request_run_queues_a_job_the_task_turns_into_a_run(cohort, coordinator, run_on_commit):
    _round(cohort, 7)
    with run_on_commit():
        job = matching_jobs.request_run(cohort=cohort, by=coordinator, top_k=4, seed=3)
    job.refresh_from_db()
    run = MatchingRun.objects.get()
    assert (job.state, job.progress, job.run, job.error) == (MatchingJobState.DONE, 100, run, "")
    assert (run.top_k, run.seed, run.participant_count, run.created_by) == (4, 3, 7, coordinator)
    assert job.started_at is not None and job.finished_at is not None


def test_request_run_by_innovator_refused(cohort):
    people = _round(cohort, 4)
    with pytest.raises(PermissionDenied):
        matching_jobs.request_run(cohort=cohort, by=people[0])
    assert MatchingJob.objects.count() == 0


def test_second_run_refused_while_one_is_queued(cohort, coordinator):
    _round(cohort, 4)
    matching_jobs.request_run(cohort=cohort, by=coordinator)  # its task runs on commit
    with pytest.raises(ValidationError) as error:
        matching_jobs.request_run(cohort=cohort, by=coordinator)
    assert error.value.code == "running"
    assert MatchingJob.objects.count() == 1


def test_second_run_refused_on_the_page_with_a_message(client, cohort, coordinator):
    _round(cohort, 4)
    job = MatchingJob.objects.create(cohort=cohort, state=MatchingJobState.RUNNING, progress=40)
    client.login(username=coordinator.email, password=PASSWORD)
    url = reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk})
    response = client.post(url, RUN_FORM)
    assert response.status_code == 200
    assert response.context["run_form"].non_field_errors() == [
        "A matching run of this round is already under way; wait for it to finish."
    ]
    content = response.content.decode()
    assert f"Matching job {job.pk} is under way (40%)." in content
    assert MatchingJob.objects.count() == 1


def test_run_allowed_again_after_the_first_finished(cohort, coordinator, run_on_commit):
    _round(cohort, 4)
    with run_on_commit():
        matching_jobs.request_run(cohort=cohort, by=coordinator)
    with run_on_commit():
        matching_jobs.request_run(cohort=cohort, by=coordinator, seed=1)
    assert MatchingRun.objects.count() == 2
    assert list(MatchingJob.objects.values_list("state", flat=True)) == ["done", "done"]


def test_job_page_shows_progress_and_reloads_while_running(client, cohort, coordinator):
    job = MatchingJob.objects.create(cohort=cohort, state=MatchingJobState.RUNNING, progress=40)
    client.login(username=coordinator.email, password=PASSWORD)
    response = client.get(_job_url(job))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="2">' in content
    assert '<progress max="100" value="40">40%</progress>' in content
    assert "Matching: 40% done." in content


def test_job_page_of_a_done_job_leads_to_its_run(client, cohort, coordinator, run_on_commit):
    _round(cohort, 6)
    client.login(username=coordinator.email, password=PASSWORD)
    with run_on_commit():
        response = client.post(
            reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk}), RUN_FORM
        )
    job = MatchingJob.objects.get()
    assert response["Location"] == _job_url(job)
    response = client.get(_job_url(job), follow=True)
    run = MatchingRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "cohorts:matching_run", kwargs={"cohort_id": cohort.pk, "run_id": run.pk}
    )
    assert "participants matched in" in response.content.decode()
    assert len(response.context["pairs"]) == 3


def test_failed_job_shows_why_on_its_page_and_the_matching_page(
    client, cohort, coordinator, run_on_commit
):
    participant(cohort, "PL")
    participant(cohort, "PL")
    with run_on_commit():
        job = matching_jobs.request_run(cohort=cohort, by=coordinator)
    job.refresh_from_db()
    assert job.state == MatchingJobState.FAILED
    reason = (
        "All participants come from the same country: partners must come from different countries."
    )
    assert job.error == reason
    client.login(username=coordinator.email, password=PASSWORD)
    content = client.get(_job_url(job)).content.decode()
    assert "refresh" not in content
    assert f"The run failed: {reason}" in content
    content = client.get(reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk})).content
    assert f"Matching job {job.pk} failed: {reason}" in content.decode()


def test_unexpected_error_fails_the_job_and_reaches_the_task_log(cohort, coordinator, monkeypatch):
    _round(cohort, 4)
    job = MatchingJob.objects.create(cohort=cohort, requested_by=coordinator)

    def broken(**kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(matching, "create_run", broken)
    with pytest.raises(RuntimeError):
        matching_jobs.perform_job(job.pk)
    job.refresh_from_db()
    assert job.state == MatchingJobState.FAILED
    assert job.error == "The run failed unexpectedly; the error was logged for the site admin."


def test_job_done_or_failed_is_not_run_again(cohort, coordinator):
    _round(cohort, 4)
    job = MatchingJob.objects.create(cohort=cohort, state=MatchingJobState.FAILED)
    assert matching_jobs.perform_job(job.pk) == MatchingJobState.FAILED
    assert MatchingRun.objects.count() == 0


def test_stale_job_is_failed_and_no_longer_holds_the_round(cohort, coordinator):
    _round(cohort, 4)
    stale = MatchingJob.objects.create(cohort=cohort, state=MatchingJobState.RUNNING)
    MatchingJob.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    job = matching_jobs.request_run(cohort=cohort, by=coordinator)
    stale.refresh_from_db()
    assert stale.state == MatchingJobState.FAILED
    assert stale.error == "The run was interrupted before it finished; start it again."
    assert job.state == MatchingJobState.QUEUED


def test_long_run_tells_the_coordinator_once(cohort, coordinator, run_on_commit, monkeypatch):
    monkeypatch.setattr(matching_jobs, "NOTIFY_AFTER_SECONDS", 0)
    _round(cohort, 6)
    with run_on_commit():
        job = matching_jobs.request_run(cohort=cohort, by=coordinator)
    matching_jobs.perform_job(job.pk)  # delivered twice: nothing more
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert mail.outbox[0].subject == f"{cohort.name}: the matching run has finished"
    assert _job_url(job) in mail.outbox[0].body
    assert Notification.objects.filter(recipient=coordinator).count() == 1


def test_quick_run_sends_no_notice(cohort, coordinator, run_on_commit):
    _round(cohort, 6)
    with run_on_commit():
        matching_jobs.request_run(cohort=cohort, by=coordinator)
    assert mail.outbox == []
