"""Reads for the recognition pages and API: fetch-or-refuse access and constant-query lists."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q

from biblio.accounts.models import Person
from biblio.accounts.permissions import (
    Action,
    allows,
    allows_on_enrolment,
    cohort_q,
    enrolment_q,
)
from biblio.core.errors import NotFound
from biblio.core.models import Job
from biblio.learning.models import Enrolment
from biblio.programmes.models import Cohort, Module

from .completion import Completion, completion_for
from .models import Assessment, Credential


def recognition_cohorts(person: Person) -> list[Cohort]:
    """Cohorts whose completion this person follows as course staff, newest first."""
    return list(
        Cohort.objects.filter(cohort_q(person, Action.VIEW_COHORT, field=""))
        .exclude(programme__kind="mooc")
        .order_by("-start", "country")
    )


def cohort_for(person: Person, cohort_id: int) -> Cohort:
    """The cohort, if the person is on its staff; 404 otherwise (missing and forbidden look alike)."""
    cohort = Cohort.objects.filter(pk=cohort_id).first()
    if cohort is None or not allows(person, Action.VIEW_COHORT, cohort_id=cohort.pk):
        raise NotFound("Not found.")
    return cohort


@dataclass
class Row:
    enrolment: Enrolment
    completion: Completion
    credential: Credential | None  # the one in force, else the latest revoked one

    @property
    def in_force(self) -> bool:
        return self.credential is not None and self.credential.revoked_at is None

    @property
    def issuable(self) -> bool:
        return self.completion.eligible and not self.in_force


def cohort_rows(cohort: Cohort) -> list[Row]:
    """Every participant of the cohort with completion and certificate: 13 queries, any size."""
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort)
        .select_related("person", "cohort", "programme__profile")
        .order_by("person__full_name", "pk")
    )
    completions = completion_for(enrolments)
    latest: dict[int, Credential] = {}
    for credential in Credential.objects.filter(enrolment__cohort=cohort).order_by("issued_at", "id"):
        current = latest.get(credential.enrolment_id)
        if current is None or current.revoked_at is not None or credential.revoked_at is None:
            latest[credential.enrolment_id] = credential
    return [Row(e, completions[e.pk], latest.get(e.pk)) for e in enrolments]


def enrolment_for(person: Person, enrolment_id: int) -> Enrolment:
    """An enrolment the person may see (the participant, their mentor, cohort staff), or 404."""
    enrolment = (
        Enrolment.objects.filter(enrolment_q(person, Action.VIEW_ENROLMENT), pk=enrolment_id)
        .select_related("person", "cohort", "programme", "programme__profile")
        .first()
    )
    if enrolment is None:
        raise NotFound("Not found.")
    return enrolment


@dataclass
class Overview:
    completion: Completion
    assessments: list[Assessment]  # every assessment, newest first
    credentials: list[Credential]
    modules: list[Module]  # the modules of the track, for the form


def enrolment_overview(enrolment: Enrolment) -> Overview:
    """Completion, assessment history and certificates of one enrolment (constant queries)."""
    completion = completion_for([enrolment])[enrolment.pk]
    assessments = list(
        Assessment.objects.filter(enrolment=enrolment)
        .select_related("module", "assessor")
        .order_by("-date", "-id")
    )
    credentials = list(Credential.objects.filter(enrolment=enrolment).order_by("-issued_at", "-id"))
    return Overview(completion, assessments, credentials, [m.module for m in completion.modules])


def assessment_for(person: Person, assessment_id: int) -> Assessment:
    """An assessment of an enrolment the person may see, or 404."""
    assessment = (
        Assessment.objects.filter(enrolment_q(person, Action.VIEW_ENROLMENT, "enrolment__"), pk=assessment_id)
        .select_related("enrolment__cohort", "enrolment__person", "module")
        .first()
    )
    if assessment is None:
        raise NotFound("Not found.")
    return assessment


def track_module(enrolment: Enrolment, module_id: int | None = None, *, code: str = "") -> Module | None:
    """A module of the enrolment's track, by id or by code; None when the track has no such module."""
    if module_id is None and not code:
        return None
    found = Module.objects.filter(programme_modules__programme_id=enrolment.programme_id)
    return (found.filter(pk=module_id) if module_id is not None else found.filter(code=code)).first()


def _parse(public_id) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(public_id))
    except ValueError:
        return None


def credential_public(public_id) -> Credential | None:
    """A credential by its public id, for the verify page (anyone with the link)."""
    parsed = _parse(public_id)
    if parsed is None:
        return None
    return (
        Credential.objects.filter(public_id=parsed)
        .select_related("enrolment__person", "enrolment__cohort", "enrolment__programme")
        .first()
    )


def credential_for(person: Person, public_id) -> Credential:
    """A credential the person may download (the holder, their mentor, cohort staff), or 404."""
    credential = credential_public(public_id)
    if credential is None or not allows_on_enrolment(person, Action.VIEW_ENROLMENT, credential.enrolment):
        raise NotFound("Not found.")
    return credential


def wallet(person: Person) -> list[Credential]:
    """The person's own certificates, newest first."""
    return list(
        Credential.objects.filter(Q(enrolment__person=person))
        .select_related("enrolment__cohort", "enrolment__programme")
        .order_by("-issued_at", "-id")
    )


def job_for(person: Person, job_id) -> Job:
    """A bulk-issuing job: its starter or a coordinator of its cohort may follow it; 404 otherwise."""
    job = Job.objects.filter(pk=job_id, kind="recognition.issue_cohort").select_related("cohort").first()
    if job is None or not (
        job.created_by_id == person.pk or allows(person, Action.ISSUE_CREDENTIAL, cohort_id=job.cohort_id)
    ):
        raise NotFound("Not found.")
    return job
