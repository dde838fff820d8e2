"""Background work: importing a MOOC's Moodle completion report, reporting progress to a core.Job.

The import writes in one transaction (all or nothing), so progress written through the task's own
connection would stay invisible until the end. On a database that takes concurrent writers
(PostgreSQL) progress goes through a second connection and is committed at once ("live" in the job's
report); SQLite has one writer at a time, so there the page shows the phase (checking, then writing
N rows) and the result."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from biblio.core.errors import DomainError
from biblio.core.models import Job

from .services.mooc import ImportRejected, ImportReport, mooc_completions_import

logger = logging.getLogger(__name__)
CRASHED = _(
    "The import stopped on an unexpected error; nothing was imported. Try again or tell the administrators."
)


class _Progress:
    """Writes (done, total) to the job, committed at once where the database allows it (see above)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.side = None
        if connection.vendor != "sqlite" and not connection.in_atomic_block:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        self.report = {**job.report, "live": self.side is not None}
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.RUNNING, total=0, done=0, report=self.report, heartbeat_at=timezone.now()
        )

    def __call__(self, done: int, total: int) -> None:
        if self.side is None:
            Job.objects.filter(pk=self.job.pk).update(
                total=total, done=min(done, total), heartbeat_at=timezone.now()
            )
            return
        table, pk = Job._meta.db_table, Job._meta.pk
        try:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {self.side.ops.quote_name(table)} SET total = %s, done = %s, heartbeat_at = %s "  # noqa: S608
                    "WHERE id = %s",
                    [
                        total,
                        min(done, total),
                        timezone.now(),
                        pk.get_db_prep_value(self.job.pk, self.side),
                    ],
                )
        except DatabaseError:  # a progress bar never stops an import: the page shows the result at the end
            logger.warning("Progress of job %s not written", self.job.pk, exc_info=True)

    def finish(self, *, report: dict, failed: str = "", total: int = 0) -> None:
        now = timezone.now()
        Job.objects.filter(pk=self.job.pk).update(
            status=Job.Status.FAILED if failed else Job.Status.DONE,
            total=total,
            done=0 if failed else total,
            message=failed,
            report={**self.report, **report},
            finished_at=now,
            heartbeat_at=now,
        )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _summary(report: ImportReport) -> dict:
    return {
        "rows": report.rows,
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "not_completed": report.not_completed,
        "unmatched": [[row, email] for row, email in report.unmatched],
        "errors": report.errors,
    }


@task()
def import_mooc_completions(job_id: str, path: str) -> dict:
    """Import the Moodle CSV stored at `path` into the job's cohort, as the person who started it."""
    job = Job.objects.select_related("cohort__programme", "created_by").get(pk=job_id)
    actor = job.created_by
    progress = _Progress(job)
    language = actor.preferred_language if actor is not None else None
    try:
        with translation.override(language), default_storage.open(path, "rb") as handle:
            raw = handle.read()
            try:
                report = mooc_completions_import(
                    actor=actor,
                    cohort=job.cohort,
                    raw=raw,
                    dry_run=bool(job.report.get("dry_run")),
                    progress=progress,
                )
            except ImportRejected as error:
                summary = _summary(error.report)
                progress.finish(failed=error.message, report=summary)
                return summary
            except DomainError as error:  # unreadable, no e-mail column, too many rows, no longer allowed
                summary = {"errors": [m for messages in error.fields.values() for m in messages]}
                progress.finish(failed=error.message, report=summary)
                return summary
    except Exception:
        logger.exception("Importing MOOC completions for job %s failed", job_id)
        with translation.override(language):
            progress.finish(failed=str(CRASHED), report={})
        raise
    finally:
        progress.close()
        default_storage.delete(path)
    summary = _summary(report)
    progress.finish(report=summary, total=report.imported + len(report.unchanged) + len(report.unmatched))
    return summary
