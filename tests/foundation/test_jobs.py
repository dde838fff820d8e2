"""Background jobs whose worker died: a running job with no heartbeat for BIBLIO_JOB_STALLED_MINUTES is
shown as stalled (translated, and the page stops polling); `manage.py sweep_jobs` marks it failed, once,
audited, and deletes its leftover upload. Job reports are trimmed of personal data by apply_retention."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from biblio.accounts.models import AuditEvent
from biblio.core.jobs import JobProgress, sweep_stalled
from biblio.core.models import Job
from biblio.core.privacy.retention import apply_retention, trimmed_report
from biblio.learning.services.mooc_jobs import JOB_KIND
from tests.factories import CohortFactory, staff

pytestmark = pytest.mark.django_db

ISSUING = "recognition.issue_cohort"


def running_job(cohort, *, kind: str, minutes_ago: int, **fields) -> Job:
    job = Job.objects.create(kind=kind, title="A job", cohort=cohort, created_by=staff(cohort), **fields)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    job.refresh_from_db()
    return job


def mooc_page(client, job, *, htmx: bool = False) -> str:
    url = reverse("learning:mooc_import", args=[job.cohort.code, job.pk])
    headers = {"HX-Request": "true"} if htmx else {}
    return client.get(url, headers=headers).content.decode()


def test_a_job_with_a_stale_heartbeat_is_stalled_and_a_live_one_is_not(settings):
    settings.BIBLIO_JOB_STALLED_MINUTES = 15
    cohort = CohortFactory()
    dead = running_job(cohort, kind=JOB_KIND, minutes_ago=16)
    live = running_job(cohort, kind=JOB_KIND, minutes_ago=14)
    queued = Job.objects.create(kind=JOB_KIND, title="Waiting", cohort=cohort)
    Job.objects.filter(pk=queued.pk).update(created_at=timezone.now() - timedelta(days=1))
    queued.refresh_from_db()
    assert (dead.stalled, dead.in_progress) == (True, False)
    assert (live.stalled, live.in_progress) == (False, True)
    assert (queued.stalled, queued.in_progress) == (False, True)  # waits for a worker to start


def test_the_import_page_of_a_stalled_job_says_so_translated_and_stops_polling(login, mooc, settings):
    settings.BIBLIO_JOB_STALLED_MINUTES = 15
    job = running_job(mooc, kind=JOB_KIND, minutes_ago=30, report={"file": "r.csv", "dry_run": False})
    client = login(job.created_by)
    fragment = mooc_page(client, job, htmx=True)
    assert "hx-trigger" not in fragment
    assert "The background worker stopped before this job finished; nothing was written." in fragment
    assert "Nothing was imported" in fragment
    assert 'http-equiv="refresh"' not in mooc_page(client, job)
    listing = client.get(reverse("learning:cohort_mooc", args=[mooc.code])).content.decode()
    assert "nothing imported" in listing
    with translation.override("lv"):
        message = job.stalled_message
    assert message != job.stalled_message and "worker" not in message  # translated, not the English


def test_the_import_page_of_a_live_job_keeps_polling(login, mooc, settings):
    settings.BIBLIO_JOB_STALLED_MINUTES = 15
    job = running_job(mooc, kind=JOB_KIND, minutes_ago=1, report={"file": "r.csv", "dry_run": False})
    fragment = mooc_page(login(job.created_by), job, htmx=True)
    assert "hx-trigger" in fragment and "worker stopped" not in fragment


def test_the_bulk_issuing_page_of_a_stalled_job_says_what_was_kept(login, settings):
    settings.BIBLIO_JOB_STALLED_MINUTES = 15
    cohort = CohortFactory()
    job = running_job(cohort, kind=ISSUING, minutes_ago=20)
    Job.objects.filter(pk=job.pk).update(total=60, done=40)
    url = reverse("recognition:job", args=[job.pk])
    fragment = login(job.created_by).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment
    assert "stopped after 40 of 60 participants; the certificates issued by then are kept" in fragment
    assert reverse("recognition:cohort", args=[cohort.pk]) in fragment  # where to start again


def test_job_progress_writes_a_heartbeat():
    job = Job.objects.create(kind=ISSUING, title="A job")
    progress = JobProgress(job, total=3, every=1)
    job.refresh_from_db()
    first = job.heartbeat_at
    assert job.status == Job.Status.RUNNING and first is not None
    progress.advance()
    job.refresh_from_db()
    assert job.heartbeat_at >= first and job.done == 1


def test_the_sweep_marks_stalled_jobs_failed_once_audited_and_deletes_their_upload(
    settings, django_capture_on_commit_callbacks
):
    settings.BIBLIO_JOB_STALLED_MINUTES = 15
    cohort = CohortFactory()
    dead = running_job(cohort, kind=JOB_KIND, minutes_ago=60, report={"file": "r.csv"})
    issuing = running_job(cohort, kind=ISSUING, minutes_ago=60)
    live = running_job(cohort, kind=JOB_KIND, minutes_ago=2)
    upload = default_storage.save(f"imports/mooc/{dead.pk}.csv", ContentFile(b"Email\na@example.org\n"))
    with django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("sweep_jobs", stdout=out)
    assert "stalled jobs marked failed: 2" in out.getvalue()
    dead.refresh_from_db()
    assert dead.status == Job.Status.FAILED and dead.finished_at is not None
    assert dead.report == {"file": "r.csv", "stalled": True} and dead.stalled and not dead.in_progress
    assert "nothing was written" in dead.message
    assert Job.objects.get(pk=issuing.pk).status == Job.Status.FAILED
    assert Job.objects.get(pk=live.pk).status == Job.Status.RUNNING
    assert not default_storage.exists(upload)
    events = AuditEvent.objects.filter(verb="job.stalled")
    assert sorted(e.object_id for e in events) == sorted([str(dead.pk), str(issuing.pk)])
    assert events.first().changes == {"status": ["running", "failed"]}

    assert sweep_stalled() == 0  # idempotent: nothing more changes, nothing more audited
    assert AuditEvent.objects.filter(verb="job.stalled").count() == 2


def test_job_reports_are_trimmed_of_personal_data_after_the_retention_period(settings):
    settings.BIBLIO_RETENTION_DAYS_JOB_REPORTS = 90
    now = timezone.now()
    report = {
        "file": "report.csv",
        "rows": 3,
        "created": 1,
        "dry_run": False,
        "unmatched": [[2, "someone@example.org"], [3, "other@example.org"]],
        "errors": [],
    }
    old = Job.objects.create(kind=JOB_KIND, title="Old", status=Job.Status.DONE, report=report)
    recent = Job.objects.create(kind=JOB_KIND, title="Recent", status=Job.Status.DONE, report=report)
    issued = Job.objects.create(
        kind=ISSUING, title="Issued", status=Job.Status.DONE, report={"issued": 2, "numbers": ["A-1", "A-2"]}
    )
    Job.objects.filter(pk__in=[old.pk, issued.pk]).update(finished_at=now - timedelta(days=91))
    Job.objects.filter(pk=recent.pk).update(finished_at=now - timedelta(days=89))

    assert apply_retention(dry_run=True).job_reports == 2
    assert Job.objects.get(pk=old.pk).report == report
    assert apply_retention().job_reports == 2
    old.refresh_from_db()
    assert old.report == {
        "file": "report.csv",
        "rows": 3,
        "created": 1,
        "dry_run": False,
        "unmatched": [],
        "errors": [],
        "trimmed": {"unmatched": 2, "errors": 0},
    }
    assert "example.org" not in str(Job.objects.get(pk=old.pk).report)
    assert Job.objects.get(pk=issued.pk).report == {"issued": 2, "numbers": [], "trimmed": {"numbers": 2}}
    assert Job.objects.get(pk=recent.pk).report == report
    assert apply_retention().job_reports == 0  # once


def test_a_trimmed_import_report_still_shows_its_counts(login, mooc, settings):
    job = Job.objects.create(
        kind=JOB_KIND,
        title="Old",
        cohort=mooc,
        created_by=staff(mooc),
        status=Job.Status.DONE,
        report=trimmed_report({"file": "r.csv", "rows": 9, "unmatched": [[2, "x@example.org"]] * 7}),
    )
    html = mooc_page(login(job.created_by), job)
    assert "7 unmatched e-mail addresses" in html and "x@example.org" not in html
