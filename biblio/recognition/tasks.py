"""Background work: issuing a cohort's certificates, reporting progress to a core.Job."""

from __future__ import annotations

import logging

from django_tasks import task

from biblio.accounts.models import Person
from biblio.core.jobs import JobProgress
from biblio.core.models import Job

from .issuing import cohort_candidates, issue_many

logger = logging.getLogger(__name__)


@task()
def issue_cohort(job_id: str, actor_id: int) -> dict:
    """Issue every eligible certificate of the job's cohort; the job's report says what happened."""
    job = Job.objects.select_related("cohort").get(pk=job_id)
    actor = Person.objects.get(pk=actor_id)
    candidates = cohort_candidates(job.cohort)
    progress = JobProgress(job, total=len(candidates), every=1)
    try:
        report = issue_many(candidates, actor=actor, progress=progress.advance)
    except Exception as exc:
        logger.exception("Issuing certificates for job %s failed", job_id)
        progress.finish(failed=str(exc))
        raise
    summary = {
        "issued": len(report.issued),
        "skipped": len(report.skipped),
        "numbers": [c.number for c in report.issued],
    }
    progress.finish(report=summary)
    return summary
