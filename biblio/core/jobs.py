"""Report progress of long work to a Job row, from a task or a management command alike; find the jobs
whose worker died (`sweep_stalled`, run by `manage.py sweep_jobs`)."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from .models import Job, stalled_before

logger = logging.getLogger(__name__)

# Uploads a task deletes when it ends, by job kind; a stalled job's upload is deleted by the sweep.
UPLOADS = {
    "learning.mooc_import": "imports/mooc/{pk}.csv",
    "competences.import": "imports/competences/{pk}.csv",
}


class JobProgress:
    """Writes progress at most every `every` steps so a loop of 100 000 does not write 100 000 times.

    Every write is also the worker's heartbeat (Job.heartbeat_at)."""

    def __init__(self, job: Job | None, *, total: int, every: int = 50) -> None:
        self.job, self.total, self.every, self.done = job, total, max(every, 1), 0
        if job is not None:
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.RUNNING, total=total, done=0, heartbeat_at=timezone.now()
            )

    def advance(self, steps: int = 1) -> None:
        self.done = min(self.done + steps, self.total)
        if self.job is not None and (self.done % self.every == 0 or self.done == self.total):
            Job.objects.filter(pk=self.job.pk).update(done=self.done, heartbeat_at=timezone.now())

    def finish(self, *, report: dict | None = None, failed: str = "") -> None:
        if self.job is None:
            return
        now = timezone.now()
        Job.objects.filter(pk=self.job.pk).update(
            status=Job.Status.FAILED if failed else Job.Status.DONE,
            done=self.total if not failed else self.done,
            message=failed,
            report=report or {},
            finished_at=now,
            heartbeat_at=now,
        )


def stalled_jobs(now=None):
    """Running jobs with no heartbeat (nor, before the first, start) since the limit."""
    before = stalled_before(now)
    return Job.objects.filter(status=Job.Status.RUNNING).filter(
        Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True, created_at__lt=before)
    )


def sweep_stalled(*, now=None) -> int:
    """Mark every stalled job failed (the page and the API then say the worker stopped), delete its
    leftover upload, and audit it; returns how many. Idempotent: a second sweep finds none."""
    from biblio.accounts.audit import audit  # accounts imports core

    now = now or timezone.now()
    marked = 0
    for job in stalled_jobs(now).select_related("created_by"):
        language = job.created_by.preferred_language if job.created_by is not None else None
        with translation.override(language):
            message = job.stalled_message
        with transaction.atomic():
            # only if nothing moved since it was read: a worker that wrote meanwhile is alive
            changed = Job.objects.filter(
                pk=job.pk, status=Job.Status.RUNNING, heartbeat_at=job.heartbeat_at
            ).update(
                status=Job.Status.FAILED,
                message=message,
                report={**(job.report or {}), "stalled": True},
                finished_at=now,
            )
            if not changed:
                continue
            audit(
                actor=None,
                verb="job.stalled",
                obj=job,
                cohort_id=job.cohort_id,
                changes={"status": [Job.Status.RUNNING, Job.Status.FAILED]},
            )
            upload = UPLOADS.get(job.kind)
            if upload:
                name = upload.format(pk=job.pk)
                transaction.on_commit(lambda name=name: default_storage.delete(name))
        logger.warning("Job %s (%s) stalled: marked failed", job.pk, job.kind)
        marked += 1
    return marked
