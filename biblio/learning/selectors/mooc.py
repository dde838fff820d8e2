"""The background imports of a MOOC's completions: fetched for whom may import in the cohort, or refused."""

from __future__ import annotations

import uuid

from django.db.models.fields.json import KT

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action
from biblio.core.errors import NotFound
from biblio.core.models import Job
from biblio.programmes.models import Cohort, Programme

from ..services.mooc_jobs import JOB_KIND
from .access import NOT_FOUND, cohort_for

RECENT = 5


def mooc_cohort_for(person: Person | None, code: str) -> Cohort:
    """A MOOC cohort the person may import completions into: 404 if not a member or not a MOOC, else 403."""
    cohort = cohort_for(person, code, Action.SELECT_APPLICANTS)
    if cohort.programme.kind != Programme.Kind.MOOC:
        raise NotFound(NOT_FOUND)
    return cohort


def mooc_import_for(person: Person | None, code: str, job_id: uuid.UUID | str) -> Job:
    """One import job of the cohort, for whom may import there now (the starter included only while
    they may); 404 for a job of another cohort or kind."""
    cohort = mooc_cohort_for(person, code)
    job = Job.objects.filter(pk=job_id, kind=JOB_KIND, cohort=cohort).select_related("created_by").first()
    if job is None:
        raise NotFound(NOT_FOUND)
    job.cohort = cohort  # already fetched: the page names it
    return job


def recent_mooc_imports(cohort: Cohort) -> list[Job]:
    """The cohort's last few imports, newest first (one query; not their reports, which may list
    100 000 rows: only the file's name and whether it was a check)."""
    jobs = list(
        Job.objects.filter(kind=JOB_KIND, cohort=cohort)
        .defer("report", "message")
        .annotate(file=KT("report__file"), checked_only=KT("report__dry_run"))
        .order_by("-created_at")[:RECENT]
    )
    for job in jobs:  # JSON true reads back as "true" (PostgreSQL) or 1 (SQLite)
        job.checked_only = str(job.checked_only).lower() in {"true", "1"}
    return jobs
