"""Recording assessments and revoking credentials (issuing lives in `issuing.py`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit, diff
from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, allows, allows_on_enrolment
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning.models import Enrolment
from biblio.programmes.models import Module, ProgrammeModule

from .mail import send_after_commit
from .models import Assessment, Credential

NOT_ALLOWED_TO_ASSESS = _("Only the cohort's trainers and coordinators can record assessments.")
NOT_ALLOWED_TO_REVOKE = _("Only the cohort's coordinators can revoke certificates.")
ASSESSMENT_INVALID = _("The assessment could not be saved: please correct the marked fields.")
MODULE_NOT_IN_TRACK = _("This module is not part of the participant's course.")
DATE_IN_FUTURE = _("The date cannot be in the future.")
DATE_BEFORE_COURSE = _("The date is before the course starts (%(start)s).")
SCORE_OUT_OF_RANGE = _("The score must be between 0 and 100.")
ENROLMENT_WITHDRAWN = _("The participant has withdrawn: assessments can no longer be recorded.")
CERTIFIED = _("A certificate is in force for this participant: revoke it before changing assessments.")
REASON_REQUIRED = _("Say why the certificate is revoked: the reason is published on the verify page.")
REASON_TOO_LONG = _("Keep the reason under 500 characters.")
ALREADY_REVOKED = _("This certificate was already revoked on %(date)s.")
ASSESSMENT_FIELDS = ["module_id", "method", "result", "score", "date", "comment"]


def _check_assessment(
    *, enrolment: Enrolment, module: Module, result: str, score: Decimal | None, on: date
) -> None:
    """Every rule an assessment obeys, reported per field in one DomainError."""
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        raise DomainError(ENROLMENT_WITHDRAWN)
    if Credential.objects.filter(enrolment=enrolment, revoked_at__isnull=True).exists():
        raise DomainError(CERTIFIED)
    fields: dict[str, list[str]] = {}
    if not ProgrammeModule.objects.filter(programme_id=enrolment.programme_id, module=module).exists():
        fields["module"] = [str(MODULE_NOT_IN_TRACK)]
    if on > timezone.localdate():
        fields["date"] = [str(DATE_IN_FUTURE)]
    elif on < enrolment.cohort.start:
        fields["date"] = [str(DATE_BEFORE_COURSE % {"start": date_format(enrolment.cohort.start)})]
    if score is not None and not (0 <= score <= 100):
        fields["score"] = [str(SCORE_OUT_OF_RANGE)]
    if result not in Assessment.Result.values:
        fields["result"] = [str(_("Choose pass or fail."))]
    if fields:
        raise DomainError(ASSESSMENT_INVALID, fields=fields)


@transaction.atomic
def assessment_record(
    *,
    actor: Person,
    enrolment: Enrolment,
    module: Module,
    method: str,
    result: str,
    on: date,
    score: Decimal | None = None,
    comment: str = "",
) -> Assessment:
    """A trainer or coordinator records how a participant did in one module."""
    enrolment = Enrolment.objects.select_for_update().select_related("cohort").get(pk=enrolment.pk)
    if not allows_on_enrolment(actor, Action.RECORD_ASSESSMENT, enrolment):
        raise PermissionDenied(NOT_ALLOWED_TO_ASSESS)
    _check_assessment(enrolment=enrolment, module=module, result=result, score=score, on=on)
    assessment = Assessment(
        enrolment=enrolment,
        module=module,
        method=method,
        result=result,
        score=score,
        date=on,
        comment=comment.strip(),
        assessor=actor,
    )
    assessment.full_clean()
    assessment.save()
    audit(
        actor=actor,
        verb="assessment.recorded",
        obj=assessment,
        cohort_id=enrolment.cohort_id,
        changes={f: [None, getattr(assessment, f)] for f in ASSESSMENT_FIELDS},
    )
    return assessment


@transaction.atomic
def assessment_update(
    *,
    actor: Person,
    assessment: Assessment,
    module: Module,
    method: str,
    result: str,
    on: date,
    score: Decimal | None = None,
    comment: str = "",
) -> Assessment:
    """Correct an assessment; the audit trail keeps the values before and after."""
    assessment = (
        Assessment.objects.select_for_update().select_related("enrolment__cohort").get(pk=assessment.pk)
    )
    enrolment = assessment.enrolment
    if not allows_on_enrolment(actor, Action.RECORD_ASSESSMENT, enrolment):
        raise PermissionDenied(NOT_ALLOWED_TO_ASSESS)
    _check_assessment(enrolment=enrolment, module=module, result=result, score=score, on=on)
    before = {f: getattr(assessment, f) for f in ASSESSMENT_FIELDS}
    assessment.module, assessment.method, assessment.result = module, method, result
    assessment.score, assessment.date, assessment.comment = score, on, comment.strip()
    assessment.full_clean(exclude=["assessor"])  # may predate assessors being recorded
    assessment.save(update_fields=["module", "method", "result", "score", "date", "comment"])
    changes = diff(before, assessment, ASSESSMENT_FIELDS)
    if changes:
        audit(
            actor=actor,
            verb="assessment.changed",
            obj=assessment,
            cohort_id=enrolment.cohort_id,
            changes=changes,
        )
    return assessment


@transaction.atomic
def assessment_delete(*, actor: Person, assessment: Assessment) -> None:
    """Remove an assessment recorded in error; the audit trail keeps what it said."""
    assessment = (
        Assessment.objects.select_for_update().select_related("enrolment__cohort").get(pk=assessment.pk)
    )
    enrolment = assessment.enrolment
    if not allows_on_enrolment(actor, Action.RECORD_ASSESSMENT, enrolment):
        raise PermissionDenied(NOT_ALLOWED_TO_ASSESS)
    if Credential.objects.filter(enrolment=enrolment, revoked_at__isnull=True).exists():
        raise DomainError(CERTIFIED)
    audit(
        actor=actor,
        verb="assessment.deleted",
        obj=assessment,
        cohort_id=enrolment.cohort_id,
        changes={f: [getattr(assessment, f), None] for f in ASSESSMENT_FIELDS},
    )
    assessment.delete()


@transaction.atomic
def credential_revoke(
    *, actor: Person, credential: Credential, reason: str, at: datetime | None = None
) -> Credential:
    """Revoke a certificate with a public reason; the status list shows it from the commit on.
    `at` backdates the revocation (the demo's history)."""
    credential = (
        Credential.objects.select_for_update().select_related("enrolment__person").get(pk=credential.pk)
    )
    if not allows(actor, Action.ISSUE_CREDENTIAL, cohort_id=credential.enrolment.cohort_id):
        raise PermissionDenied(NOT_ALLOWED_TO_REVOKE)
    if credential.revoked_at is not None:
        raise DomainError(ALREADY_REVOKED % {"date": date_format(credential.revoked_at.date())})
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(REASON_REQUIRED, fields={"reason": [str(REASON_REQUIRED)]})
    if len(reason) > 500:
        raise DomainError(REASON_TOO_LONG, fields={"reason": [str(REASON_TOO_LONG)]})
    credential.revoked_at, credential.revoked_by, credential.revoked_reason = (
        at or timezone.now(),
        actor,
        reason,
    )
    credential.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    audit(
        actor=actor,
        verb="credential.revoked",
        obj=credential,
        cohort_id=credential.enrolment.cohort_id,
        changes={"revoked_at": [None, credential.revoked_at], "revoked_reason": ["", reason]},
    )
    send_after_commit([(credential.enrolment.person, "credential_revoked", {"credential": credential})])
    return credential
