"""Recognition of prior learning: a participant asks to skip a module on certificates proving an
equal number of study hours; the coordinator decides. An approved exemption recognises the module's
hours toward its mode's budget and counts the module as passed."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit
from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, allows, allows_on_enrolment
from biblio.core.errors import DomainError, PermissionDenied
from biblio.programmes.models import Module, ProgrammeModule

from ..files import EVIDENCE_KINDS, check_upload, safe_name
from ..mail import send_after_commit
from ..models import Enrolment, Exemption

EXEMPTION_INVALID = _("The request could not be sent: please correct the marked fields.")
MODULE_NOT_IN_TRACK = _("Choose a module of your track.")
ALREADY_REQUESTED = _("You have already asked to skip this module.")
REASON_REQUIRED = _("Describe the prior learning: the course, where and when, and its hours.")
EVIDENCE_REQUIRED = _("Attach the certificate or diploma.")
NOT_ACTIVE = _("Only an active participant can ask to skip a module.")
NOT_PENDING = _("This request has already been decided.")
DECISION_REASON_REQUIRED = _("Say why the request is rejected.")
MINUTES_INVALID = _("Recognise between 1 minute and the module's %(hours)s hours.")
NOT_ALLOWED = _("You are not allowed to do this.")


@transaction.atomic
def exemption_request(
    *,
    actor: Person,
    enrolment: Enrolment,
    module: Module | None,
    reason: str,
    evidence: UploadedFile | None,
) -> Exemption:
    """A participant asks to skip a module of their track, attaching a certificate."""
    if not allows_on_enrolment(actor, Action.LOG_HOURS, enrolment):
        raise PermissionDenied(NOT_ALLOWED)
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise DomainError(NOT_ACTIVE)
    fields: dict[str, list] = {}
    if (
        module is None
        or not ProgrammeModule.objects.filter(programme_id=enrolment.programme_id, module=module).exists()
    ):
        fields["module"] = [MODULE_NOT_IN_TRACK]
    elif Exemption.objects.filter(enrolment=enrolment, module=module).exists():
        fields["module"] = [ALREADY_REQUESTED]
    if not (reason or "").strip():
        fields["reason"] = [REASON_REQUIRED]
    kind = None
    if evidence is None:
        fields["evidence"] = [EVIDENCE_REQUIRED]
    else:
        try:
            kind = check_upload(evidence, kinds=EVIDENCE_KINDS, field="evidence")
        except DomainError as error:
            fields.update(error.fields)
    if fields:
        raise DomainError(EXEMPTION_INVALID, fields=fields)
    exemption = Exemption(enrolment=enrolment, module=module, reason=reason.strip())
    exemption.evidence.save(safe_name(evidence, kind), evidence, save=False)
    exemption.save()
    audit(actor=actor, verb="exemption.request", obj=exemption, cohort_id=enrolment.cohort_id)
    return exemption


@transaction.atomic
def exemption_withdraw(*, actor: Person, exemption: Exemption) -> None:
    """The participant withdraws a request not yet decided."""
    if not allows_on_enrolment(actor, Action.LOG_HOURS, exemption.enrolment):
        raise PermissionDenied(NOT_ALLOWED)
    exemption = Exemption.objects.select_for_update().get(pk=exemption.pk)
    if exemption.status != Exemption.Status.REQUESTED:
        raise DomainError(NOT_PENDING)
    audit(
        actor=actor,
        verb="exemption.withdraw",
        obj=exemption,
        cohort_id=exemption.enrolment.cohort_id,
    )
    if exemption.evidence:
        name, storage = exemption.evidence.name, exemption.evidence.storage
        transaction.on_commit(lambda: storage.delete(name))
    exemption.delete()


def _decide(actor: Person, exemption: Exemption) -> Exemption:
    if not allows(actor, Action.DECIDE_EXEMPTION, cohort_id=exemption.enrolment.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    locked = (
        Exemption.objects.select_for_update(of=("self",))
        .select_related("enrolment__person", "module")
        .get(pk=exemption.pk)
    )
    if locked.status != Exemption.Status.REQUESTED:
        raise DomainError(NOT_PENDING)
    return locked


@transaction.atomic
def exemption_approve(
    *, actor: Person, exemption: Exemption, note: str = "", minutes: int | None = None
) -> Exemption:
    """The coordinator approves: the module's hours (or fewer, if stated) count as recognised."""
    exemption = _decide(actor, exemption)
    full = exemption.module.hours * 60
    minutes = full if minutes is None else int(minutes)
    if not 0 < minutes <= full:
        message = MINUTES_INVALID % {"hours": exemption.module.hours}
        raise DomainError(message, fields={"recognised_minutes": [message]})
    exemption.status = Exemption.Status.APPROVED
    exemption.recognised_minutes = minutes
    exemption.decided_by, exemption.decided_at = actor, timezone.now()
    exemption.decision_note = (note or "").strip()
    exemption.save(
        update_fields=["status", "recognised_minutes", "decided_by", "decided_at", "decision_note"]
    )
    audit(
        actor=actor,
        verb="exemption.approve",
        obj=exemption,
        cohort_id=exemption.enrolment.cohort_id,
        changes={"status": ["requested", "approved"], "recognised_minutes": [0, minutes]},
    )
    send_after_commit(exemption.enrolment.person, "exemption_decided", {"exemption": exemption})
    return exemption


@transaction.atomic
def exemption_reject(*, actor: Person, exemption: Exemption, note: str) -> Exemption:
    """The coordinator rejects, with a reason the participant reads."""
    if not (note or "").strip():
        raise DomainError(DECISION_REASON_REQUIRED, fields={"note": [DECISION_REASON_REQUIRED]})
    exemption = _decide(actor, exemption)
    exemption.status = Exemption.Status.REJECTED
    exemption.decided_by, exemption.decided_at = actor, timezone.now()
    exemption.decision_note = note.strip()
    exemption.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit(
        actor=actor,
        verb="exemption.reject",
        obj=exemption,
        cohort_id=exemption.enrolment.cohort_id,
        changes={"status": ["requested", "rejected"], "note": [None, exemption.decision_note]},
    )
    send_after_commit(exemption.enrolment.person, "exemption_decided", {"exemption": exemption})
    return exemption
