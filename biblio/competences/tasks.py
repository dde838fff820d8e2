"""Background work: importing a large competence framework, reporting progress to a core.Job."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django_tasks import task

from biblio.accounts.models import Person
from biblio.core.jobs import JobProgress
from biblio.core.models import Job

from .interop.importing import framework_import
from .interop.moodle import ImportRejected

logger = logging.getLogger(__name__)


@task()
def import_framework(
    job_id: str, path: str, actor_id: int | None, slug: str = "", version: str = "", adopt: bool = False
) -> dict:
    """Import the Moodle CSV stored at `path` (private storage); the job's report says what happened."""
    job = Job.objects.get(pk=job_id)
    actor = Person.objects.filter(pk=actor_id).first() if actor_id else None
    # Running (with a heartbeat) before the import's one transaction: progress written inside it is
    # invisible until it commits, so a worker that dies in it leaves a job that is seen to stall.
    tracker: dict[str, JobProgress] = {"p": JobProgress(job, total=0)}

    def progress(done: int, total: int) -> None:
        if tracker["p"].total != total:
            tracker["p"] = JobProgress(job, total=total, every=100)
        tracker["p"].advance(done - tracker["p"].done)

    try:
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
        result = framework_import(
            actor=actor, data=data, slug=slug, version=version, adopt=adopt, progress=progress
        )
    except ImportRejected as exc:
        JobProgress(job, total=0).finish(failed=exc.message, report={"errors": exc.fields["file"]})
        return {"errors": exc.fields["file"]}
    except Exception as exc:
        logger.exception("Importing framework for job %s failed", job_id)
        JobProgress(job, total=0).finish(failed=str(exc))
        raise
    finally:
        default_storage.delete(path)
    summary = {
        "framework": str(result.framework),
        "framework_id": result.framework.pk,
        "competences": result.competences,
        "levels": result.levels,
        "relations": result.relations,
        "moved_requirements": result.moved_requirements,
        "kept_requirements": result.kept_requirements,
    }
    if tracker["p"].total != result.competences:
        tracker["p"] = JobProgress(job, total=result.competences)
    tracker["p"].finish(report=summary)
    return summary
