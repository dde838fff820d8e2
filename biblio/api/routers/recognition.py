"""API endpoints for recognition: thin, calling the same services and selectors as the pages.

Verification, the issuer profile and the public status of a certificate need no log-in."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse
from ninja import Body, Router, Schema, Status

from biblio.api.schemas import ErrorOut
from biblio.core.errors import DomainError, NotFound
from biblio.core.models import Job
from biblio.recognition import issuer, issuing, selectors, services
from biblio.recognition.completion import Completion
from biblio.recognition.models import Assessment, Credential
from biblio.recognition.verification import Verification, verify_document, verify_stored

from ._bounds import Id

router = Router(tags=["recognition"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# ---- Verification (public)


class CheckOut(Schema):
    check: str
    passed: bool | None


class VerificationOut(Schema):
    outcome: (
        str  # valid | tampered | revoked | expired | not_yet_valid | unknown_issuer | unsigned | malformed
    )
    valid: bool
    headline: str
    explanation: str
    holder: str
    achievement: str
    number: str | None
    issued: datetime | None
    valid_until: datetime | None
    revoked_at: datetime | None
    revoked_reason: str
    checks: list[CheckOut]


def _verification(result: Verification) -> dict:
    return {
        "outcome": result.outcome.value,
        "valid": result.is_valid,
        "headline": result.headline,
        "explanation": result.explanation,
        "holder": result.holder,
        "achievement": result.achievement,
        "number": result.record.number if result.record else None,
        "issued": result.issued,
        "valid_until": result.valid_until,
        "revoked_at": result.revoked_at,
        "revoked_reason": result.revoked_reason,
        "checks": [{"check": label, "passed": passed} for label, passed in result.checks],
    }


@router.post(
    "verify",
    auth=None,
    response={200: VerificationOut, 422: ErrorOut},
    summary="Verify an Open Badges 3.0 credential (valid, tampered, revoked, expired…)",
)
def verify(request, credential: dict[str, Any] = Body(...)):  # noqa: B008
    return _verification(verify_document(credential))


@router.get(
    "verify/{public_id}",
    auth=None,
    response={200: VerificationOut, 404: ErrorOut},
    summary="The status of a certificate by the id in its verify link",
)
def verify_by_id(request, public_id: str):
    credential = selectors.credential_public(public_id)
    if credential is None:
        raise NotFound("Not found.")
    return _verification(verify_stored(credential))


@router.get("issuer", auth=None, response=dict[str, Any], summary="The issuer's profile with its public keys")
def issuer_profile(request):
    return issuer.issuer_profile()


# ---- Completion and assessments (course staff; participants see their own)


class ModeOut(Schema):
    mode: str
    credited_hours: float
    budget_hours: float
    met: bool


class ModuleStateOut(Schema):
    code: str
    title: str
    mandatory: bool
    state: str  # passed | exempted | failed | open


class CompletionOut(Schema):
    enrolment_id: int
    person: str
    eligible: bool
    reasons: list[str]
    modes: list[ModeOut]
    modules: list[ModuleStateOut]
    certificate: str | None


def _completion(enrolment, completion: Completion, credential: Credential | None = None) -> dict:
    return {
        "enrolment_id": enrolment.pk,
        "person": enrolment.person.full_name,
        "eligible": completion.eligible,
        "reasons": completion.reasons,
        "modes": [
            {
                "mode": m.mode,
                "credited_hours": round(m.credited_hours, 2),
                "budget_hours": round(m.budget_hours, 2),
                "met": m.met,
            }
            for m in completion.progress.modes
        ],
        "modules": [
            {
                "code": s.module.code,
                "title": s.module.tr("title"),
                "mandatory": s.link.mandatory,
                "state": "passed"
                if s.passed
                else "exempted"
                if s.exempted
                else "failed"
                if s.assessment
                else "open",
            }
            for s in completion.modules
        ],
        "certificate": credential.number if credential and credential.revoked_at is None else None,
    }


@router.get("cohorts/{cohort_id}/completion", response={200: list[CompletionOut], **ERRORS})
def cohort_completion(request, cohort_id: Id):
    """Every participant of the cohort: eligible or not, and each rule still open."""
    cohort = selectors.cohort_for(request.user, cohort_id)
    return [_completion(r.enrolment, r.completion, r.credential) for r in selectors.cohort_rows(cohort)]


@router.get("enrolments/{enrolment_id}/completion", response={200: CompletionOut, **ERRORS})
def enrolment_completion(request, enrolment_id: Id):
    enrolment = selectors.enrolment_for(request.user, enrolment_id)
    overview = selectors.enrolment_overview(enrolment)
    in_force = next((c for c in overview.credentials if c.revoked_at is None), None)
    return _completion(enrolment, overview.completion, in_force)


class AssessmentIn(Schema):
    module: str  # the module's code, e.g. "CECO-M01"
    method: Assessment.Method
    result: Assessment.Result
    date: date
    score: Decimal | None = None
    comment: str = ""


class AssessmentOut(Schema):
    id: int
    enrolment_id: int
    module: str
    method: str
    result: str
    score: Decimal | None
    date: date
    comment: str
    assessor: str | None


def _assessment(a: Assessment) -> dict:
    return {
        "id": a.pk,
        "enrolment_id": a.enrolment_id,
        "module": a.module.code,
        "method": a.method,
        "result": a.result,
        "score": a.score,
        "date": a.date,
        "comment": a.comment,
        "assessor": a.assessor.full_name if a.assessor else None,
    }


def _module(enrolment, code: str):
    found = selectors.track_module(enrolment, code=code)
    if found is None:
        raise DomainError(services.ASSESSMENT_INVALID, fields={"module": [str(services.MODULE_NOT_IN_TRACK)]})
    return found


@router.get("enrolments/{enrolment_id}/assessments", response={200: list[AssessmentOut], **ERRORS})
def assessments(request, enrolment_id: Id):
    enrolment = selectors.enrolment_for(request.user, enrolment_id)
    return [_assessment(a) for a in selectors.enrolment_overview(enrolment).assessments]


@router.post("enrolments/{enrolment_id}/assessments", response={201: AssessmentOut, **ERRORS})
def assessment_record(request, enrolment_id: Id, payload: AssessmentIn):
    enrolment = selectors.enrolment_for(request.user, enrolment_id)
    assessment = services.assessment_record(
        actor=request.user,
        enrolment=enrolment,
        module=_module(enrolment, payload.module),
        method=payload.method,
        result=payload.result,
        on=payload.date,
        score=payload.score,
        comment=payload.comment,
    )
    return Status(201, _assessment(assessment))


@router.put("assessments/{assessment_id}", response={200: AssessmentOut, **ERRORS})
def assessment_update(request, assessment_id: Id, payload: AssessmentIn):
    assessment = selectors.assessment_for(request.user, assessment_id)
    updated = services.assessment_update(
        actor=request.user,
        assessment=assessment,
        module=_module(assessment.enrolment, payload.module),
        method=payload.method,
        result=payload.result,
        on=payload.date,
        score=payload.score,
        comment=payload.comment,
    )
    return _assessment(updated)


@router.delete("assessments/{assessment_id}", response={204: None, **ERRORS})
def assessment_delete(request, assessment_id: Id):
    services.assessment_delete(
        actor=request.user, assessment=selectors.assessment_for(request.user, assessment_id)
    )
    return Status(204, None)


# ---- Certificates


class CredentialOut(Schema):
    id: uuid.UUID
    number: str
    enrolment_id: int
    holder: str
    programme: str
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    revoked_reason: str
    verify_url: str
    certificate_pdf: str
    transcript_pdf: str
    credential_json: str


def _credential(c: Credential) -> dict:
    return {
        "id": c.public_id,
        "number": c.number,
        "enrolment_id": c.enrolment_id,
        "holder": c.enrolment.person.full_name,
        "programme": c.enrolment.programme.slug,
        "issued_at": c.issued_at,
        "expires_at": c.expires_at,
        "revoked_at": c.revoked_at,
        "revoked_reason": c.revoked_reason,
        "verify_url": issuer.verify_url(c),
        "certificate_pdf": issuer.absolute(reverse("recognition:certificate_pdf", args=[c.public_id])),
        "transcript_pdf": issuer.absolute(reverse("recognition:transcript_pdf", args=[c.public_id])),
        "credential_json": issuer.absolute(reverse("recognition:credential_json", args=[c.public_id])),
    }


class IssueIn(Schema):
    expires_at: datetime | None = None


@router.post("enrolments/{enrolment_id}/credential", response={201: CredentialOut, **ERRORS})
def credential_issue(request, enrolment_id: Id, payload: IssueIn | None = None):
    """Issue the participant's certificate; a 400 lists every completion rule still open."""
    enrolment = selectors.enrolment_for(request.user, enrolment_id)
    credential = issuing.credential_issue(
        actor=request.user, enrolment=enrolment, expires_at=payload.expires_at if payload else None
    )
    return Status(201, _credential(credential))


class RevokeIn(Schema):
    reason: str


@router.post("credentials/{public_id}/revoke", response={200: CredentialOut, **ERRORS})
def credential_revoke(request, public_id: str, payload: RevokeIn):
    credential = selectors.credential_for(request.user, public_id)
    return _credential(
        services.credential_revoke(actor=request.user, credential=credential, reason=payload.reason)
    )


@router.get("credentials", response=list[CredentialOut], summary="My certificates (the wallet)")
def wallet(request):
    return [_credential(c) for c in selectors.wallet(request.user)]


@router.get(
    "credentials/{public_id}", response={200: dict[str, Any], **ERRORS}, summary="A signed credential"
)
def credential_json(request, public_id: str):
    return selectors.credential_for(request.user, public_id).signed_json


class JobOut(Schema):
    id: uuid.UUID
    status: str
    total: int
    done: int
    percent: int
    message: str
    report: dict


def _job(job: Job) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "percent": job.percent,
        "message": job.message,
        "report": job.report,
    }


@router.post("cohorts/{cohort_id}/credentials", response={202: JobOut, **ERRORS})
def cohort_issue(request, cohort_id: Id):
    """Issue every eligible certificate of the cohort in the background; poll the job."""
    cohort = selectors.cohort_for(request.user, cohort_id)
    return Status(202, _job(issuing.cohort_issue_start(actor=request.user, cohort=cohort)))


@router.get("jobs/{job_id}", response={200: JobOut, **ERRORS})
def job(request, job_id: uuid.UUID):
    return _job(selectors.job_for(request.user, job_id))
