"""Report progress of long work to a Job row, from a task or a management command alike."""

from __future__ import annotations

from django.utils import timezone

from .models import Job


class JobProgress:
    """Writes progress at most every `every` steps so a loop of 100 000 does not write 100 000 times."""

    def __init__(self, job: Job | None, *, total: int, every: int = 50) -> None:
        self.job, self.total, self.every, self.done = job, total, max(every, 1), 0
        if job is not None:
            Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, total=total, done=0)

    def advance(self, steps: int = 1) -> None:
        self.done = min(self.done + steps, self.total)
        if self.job is not None and (self.done % self.every == 0 or self.done == self.total):
            Job.objects.filter(pk=self.job.pk).update(done=self.done)

    def finish(self, *, report: dict | None = None, failed: str = "") -> None:
        if self.job is None:
            return
        Job.objects.filter(pk=self.job.pk).update(
            status=Job.Status.FAILED if failed else Job.Status.DONE,
            done=self.total if not failed else self.done,
            message=failed,
            report=report or {},
            finished_at=timezone.now(),
        )
