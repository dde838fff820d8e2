"""A Moodle course-completion report imported in the background: the upload is checked for size and
permission, stored in private storage, and a core.Job made for it in one transaction; on commit the task
(`learning.tasks.import_mooc_completions`) runs the all-or-nothing import and writes its progress and
report to the job, which the job page and the API show."""

from __future__ import annotations

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit
from biblio.accounts.models import Person
from biblio.core.errors import DomainError
from biblio.core.models import Job
from biblio.programmes.models import Cohort

from .mooc import _check

JOB_KIND = "learning.mooc_import"
FILE_TOO_BIG = _("The file is too big: the limit is %(limit)s MB.")
JOB_TITLE = _("MOOC completions imported into %(cohort)s")
FILE_NAME_MAX = 120


def import_limit_bytes() -> int:
    """The largest CSV an import takes (`BIBLIO_MAX_IMPORT_BYTES`), for the page, the API and the check."""
    return settings.BIBLIO_MAX_IMPORT_BYTES


def too_big_message() -> str:
    return str(FILE_TOO_BIG % {"limit": round(import_limit_bytes() / (1024 * 1024))})


@transaction.atomic
def mooc_import_start(*, actor: Person, cohort: Cohort, upload: File, dry_run: bool = False) -> Job:
    """Queue the import of `upload` into the MOOC `cohort`; the returned Job shows its progress."""
    _check(actor, cohort)
    if upload.size is None or upload.size > import_limit_bytes():
        message = too_big_message()
        raise DomainError(message, fields={"file": [message]})
    name = (getattr(upload, "name", "") or "report.csv").rsplit("/", 1)[-1][:FILE_NAME_MAX]
    job = Job.objects.create(
        kind=JOB_KIND,
        title=str(JOB_TITLE % {"cohort": cohort.name})[:200],
        created_by=actor,
        cohort=cohort,
        report={"file": name, "bytes": upload.size, "dry_run": dry_run},
    )
    stored = default_storage.save(f"imports/mooc/{job.pk}.csv", upload)
    audit(
        actor=actor,
        verb="mooc.import_started",
        obj=job,
        cohort_id=cohort.pk,
        changes={"file": [None, name], "bytes": [None, upload.size], "dry_run": [None, dry_run]},
    )
    from ..tasks import import_mooc_completions  # the task module imports the services

    transaction.on_commit(lambda: import_mooc_completions.enqueue(job_id=str(job.pk), path=stored))
    return job
