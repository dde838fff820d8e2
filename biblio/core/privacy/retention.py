"""Retention periods (settings BIBLIO_RETENTION_DAYS_*): what `manage.py apply_retention` removes, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session as DjangoSession
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from biblio.accounts import throttle
from biblio.accounts.models import AuditEvent, ErasureRequest

from .erasure import erase_due


@dataclass
class RetentionReport:
    audit_events: int = 0
    applications_deleted: int = 0
    applications_cleared: int = 0
    evidence_files: int = 0
    login_failures: int = 0
    sessions: int = 0
    erasures: int = 0
    job_reports: int = 0

    def lines(self) -> list[str]:
        return [f"{name.replace('_', ' ')}: {value}" for name, value in vars(self).items()]


def _cutoff(now, days: int):
    return now - timedelta(days=days)


def _evidence(now, dry_run: bool) -> int:
    """Uploaded evidence of cohorts that ended more than BIBLIO_RETENTION_DAYS_EVIDENCE days ago."""
    ended_before = _cutoff(now, settings.BIBLIO_RETENTION_DAYS_EVIDENCE).date()
    count = 0
    for label in ("learning.HourEntry", "learning.Exemption"):
        model = apps.get_model(label)
        rows = model.objects.filter(enrolment__cohort__end__lt=ended_before).exclude(evidence="")
        names = list(rows.values_list("evidence", flat=True))
        count += len(names)
        if not dry_run:
            rows.update(evidence="")
            for name in names:
                transaction.on_commit(lambda name=name: default_storage.delete(name))
    return count


def trimmed_report(report: dict) -> dict:
    """A job's report cut down to what is not about people: its lists (unmatched e-mail addresses,
    rows quoting bad values, certificate numbers) emptied, their lengths kept under "trimmed"; the
    numbers, flags and names (the file, the framework) stay."""
    counts = {key: len(value) for key, value in report.items() if isinstance(value, list)}
    return {**report, **{key: [] for key in counts}, "trimmed": counts}


def _job_reports(now, dry_run: bool) -> int:
    """Reports of jobs that ended (or started, if they never ended) more than
    BIBLIO_RETENTION_DAYS_JOB_REPORTS days ago; the job row, its counts and its message stay."""
    Job = apps.get_model("core", "Job")
    before = _cutoff(now, settings.BIBLIO_RETENTION_DAYS_JOB_REPORTS)
    due = (
        Job.objects.filter(Q(finished_at__lt=before) | Q(finished_at__isnull=True, created_at__lt=before))
        .exclude(report__has_key="trimmed")
        .exclude(report={})
    )
    if dry_run:
        return due.count()
    count = 0
    for pk, report in due.values_list("pk", "report").iterator(chunk_size=200):
        Job.objects.filter(pk=pk).update(report=trimmed_report(report or {}))
        count += 1
    return count


@transaction.atomic
def apply_retention(*, now=None, dry_run: bool = False) -> RetentionReport:
    """Remove what has outlived its retention period; with `dry_run`, only count it."""
    now = now or timezone.now()
    report = RetentionReport()
    old_events = AuditEvent.objects.filter(at__lt=_cutoff(now, settings.BIBLIO_RETENTION_DAYS_AUDIT))
    report.audit_events = (
        old_events.count()
        if dry_run
        else AuditEvent.objects.purge_before(_cutoff(now, settings.BIBLIO_RETENTION_DAYS_AUDIT))
    )
    Application = apps.get_model("learning", "Application")
    old_applications = Application.objects.filter(
        created_at__lt=_cutoff(now, settings.BIBLIO_RETENTION_DAYS_APPLICATIONS)
    )
    unsuccessful = old_applications.exclude(status=Application.Status.ACCEPTED)
    accepted = old_applications.filter(status=Application.Status.ACCEPTED).filter(
        ~Q(motivation="") | ~Q(project_idea="") | ~Q(proposed_host="") | ~Q(decision_reason="")
    )
    if dry_run:
        report.applications_deleted, report.applications_cleared = unsuccessful.count(), accepted.count()
    else:
        report.applications_deleted = unsuccessful.delete()[0]
        report.applications_cleared = accepted.update(
            motivation="", project_idea="", proposed_host="", decision_reason=""
        )
    report.evidence_files = _evidence(now, dry_run)
    report.job_reports = _job_reports(now, dry_run)
    expired_sessions = DjangoSession.objects.filter(expire_date__lt=now)
    if dry_run:
        report.login_failures = 0
        report.sessions = expired_sessions.count()
        report.erasures = ErasureRequest.objects.filter(
            status=ErasureRequest.Status.PENDING, due_at__lte=now
        ).count()
    else:
        report.login_failures = throttle.purge(now)
        report.sessions = expired_sessions.delete()[0] if _db_sessions() else 0
        report.erasures = erase_due(now=now)
    return report


def _db_sessions() -> bool:
    return settings.SESSION_ENGINE in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }
