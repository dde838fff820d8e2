"""Progress of long work (imports, bulk certificates, demo data) that a page can show while a task runs.

A running job's worker writes `heartbeat_at` whenever it writes progress. A worker killed mid-run
(restart, out of memory) writes nothing more: once the heartbeat is older than
BIBLIO_JOB_STALLED_MINUTES the job is `stalled`: its page says so and stops polling, and
`manage.py sweep_jobs` marks it failed (core/jobs.py `sweep_stalled`). The limit is longer than any stretch
without a visible heartbeat: an import writes in one transaction, so on SQLite (and for a framework
import everywhere) its progress is invisible until it commits."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What a stalled job left behind, by kind: the imports write all or nothing; bulk issuing commits
# every chunk of certificates, which are kept (issuing again skips them).
STALLED_NOTHING_WRITTEN = _(
    "The background worker stopped before this job finished; nothing was written. Start it again."
)
STALLED_ISSUING = _(
    "The background worker stopped after %(done)s of %(total)s participants; the certificates issued "
    "by then are kept. Start again to issue the rest."
)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    message = models.TextField(_("message"), blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cohort = models.ForeignKey(
        "programmes.Cohort", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # the worker's last progress write

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                name="job_done_not_over_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def stalled(self) -> bool:
        """Running with no heartbeat for longer than the limit (the worker died), or marked so."""
        if self.status == self.Status.FAILED:
            return bool((self.report or {}).get("stalled"))
        if self.status != self.Status.RUNNING:
            return False
        return (self.heartbeat_at or self.created_at) < stalled_before()

    @property
    def in_progress(self) -> bool:
        """Queued or running, and not stalled: the job's page keeps polling while this holds."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING) and not self.stalled

    @property
    def stalled_message(self) -> str:
        if self.kind == "recognition.issue_cohort":
            return str(STALLED_ISSUING % {"done": self.done, "total": self.total})
        return str(STALLED_NOTHING_WRITTEN)

    @property
    def percent(self) -> int:
        return (
            100
            if self.status == self.Status.DONE
            else (int(self.done * 100 / self.total) if self.total else 0)
        )


def stalled_before(now=None):
    """Jobs running with no heartbeat since this moment are stalled."""
    return (now or timezone.now()) - timedelta(minutes=settings.BIBLIO_JOB_STALLED_MINUTES)
