"""MOOC completions: one recorded by e-mail, or a Moodle course-completion CSV imported in the background
(202 with the job; poll the job for its progress and report)."""

from __future__ import annotations

import uuid
from datetime import date

from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action
from biblio.core.errors import NotFound
from biblio.core.models import Job
from biblio.learning.selectors.access import NOT_FOUND, cohort_for
from biblio.learning.selectors.mooc import mooc_cohort_for, mooc_import_for
from biblio.learning.services import mooc as mooc_svc
from biblio.learning.services import mooc_jobs

from ._common import ERRORS

router = Router(tags=["learning"])


class CompletionIn(Schema):
    email: str
    completed_on: date


class ImportJobOut(Schema):
    id: uuid.UUID
    url: str  # this job in the API: poll it
    page: str  # this job's page
    status: str  # queued, running, done, failed
    total: int  # completed rows to record (known once every row is checked)
    done: int
    percent: int
    live: bool  # whether done/total move while it runs (PostgreSQL) or only at the end (SQLite)
    dry_run: bool
    message: str  # why nothing was imported, when failed
    report: dict  # when finished: rows, created, updated, unchanged, not_completed, unmatched, errors


def _job(job: Job, code: str) -> dict:
    report = dict(job.report or {})
    return {
        "id": job.pk,
        "url": reverse("api:mooc_import_job", kwargs={"code": code, "job_id": job.pk}),
        "page": reverse("learning:mooc_import", kwargs={"code": code, "job_id": job.pk}),
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "percent": job.percent,
        "live": bool(report.pop("live", False)),
        "dry_run": bool(report.get("dry_run")),
        "message": job.message,
        "report": report,
    }


@router.post("cohorts/{code}/mooc/completions", response={200: dict, **ERRORS})
def mooc_complete(request, code: str, payload: CompletionIn):
    cohort = cohort_for(request.user, code, Action.SELECT_APPLICANTS)
    person = Person.objects.filter(email__iexact=payload.email.strip()).first()
    if person is None:
        raise NotFound(NOT_FOUND)
    enrolment = mooc_svc.mooc_completion_record(
        actor=request.user, cohort=cohort, person=person, completed_on=payload.completed_on
    )
    return {"enrolment_id": enrolment.pk, "status": enrolment.status}


@router.post(
    "cohorts/{code}/mooc/import",
    response={202: ImportJobOut, **ERRORS},
    summary="Import a Moodle course-completion CSV in the background (all rows or none)",
)
def mooc_import(request, code: str, file: File[UploadedFile], dry_run: Form[bool] = False):
    """Queue the import (the file up to BIBLIO_MAX_IMPORT_BYTES, 100 000 rows); poll the job's `url`."""
    cohort = mooc_cohort_for(request.user, code)
    job = mooc_jobs.mooc_import_start(actor=request.user, cohort=cohort, upload=file, dry_run=dry_run)
    return Status(202, _job(job, cohort.code))


@router.get(
    "cohorts/{code}/mooc/imports/{job_id}",
    response={200: ImportJobOut, **ERRORS},
    url_name="mooc_import_job",
    summary="An import's progress, then what it did or every row that stopped it",
)
def mooc_import_job(request, code: str, job_id: uuid.UUID):
    job = mooc_import_for(request.user, code, job_id)
    return _job(job, job.cohort.code)
