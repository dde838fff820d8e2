"""The learning offer: module pages and materials; recognition of prior learning."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from biblio.accounts.permissions import Action
from biblio.core.errors import DomainError
from biblio.learning.models import Exemption, Material
from biblio.learning.selectors.access import (
    cohort_for,
    enrolment_for,
    exemption_for,
    material_for,
)
from biblio.learning.selectors.exemptions import exemption_queue, exemptions_of_person
from biblio.learning.selectors.modules import module_page
from biblio.learning.services import exemptions as exemption_svc
from biblio.learning.services import materials as material_svc

from .._bounds import Id, Number
from ._common import ERRORS, module_or_error
from .sessions import SessionOut, session_out

router = Router(tags=["learning"])
CHOOSE_APPROVE = _("Choose approve or reject.")


# --- Prior learning -------------------------------------------------------------------------------------


class ExemptionOut(Schema):
    id: int
    enrolment_id: int
    participant: str
    module: str
    status: str
    reason: str
    recognised_minutes: int
    decision_note: str
    created_at: datetime


def _exemption(x: Exemption) -> dict:
    return {
        "id": x.pk,
        "enrolment_id": x.enrolment_id,
        "participant": x.enrolment.person.full_name,
        "module": x.module.code,
        "status": x.status,
        "reason": x.reason,
        "recognised_minutes": x.recognised_minutes,
        "decision_note": x.decision_note,
        "created_at": x.created_at,
    }


class ExemptionDecisionIn(Schema):
    decision: str  # approve | reject
    note: str = ""
    recognised_minutes: Number | None = None


@router.get("exemptions", response=list[ExemptionOut], summary="My requests to skip a module")
def my_exemptions(request):
    return [_exemption(x) for x in exemptions_of_person(request.user).select_related("enrolment__person")]


@router.post("exemptions", response={201: ExemptionOut, **ERRORS})
def exemption_request(
    request,
    enrolment_id: Form[int],
    module_id: Form[int],
    reason: Form[str],
    evidence: File[UploadedFile] = None,
):
    """Ask to skip a module (multipart: the certificate as `evidence`)."""
    enrolment = enrolment_for(request.user, enrolment_id, Action.LOG_HOURS)
    exemption = exemption_svc.exemption_request(
        actor=request.user,
        enrolment=enrolment,
        module=module_or_error(module_id),
        reason=reason,
        evidence=evidence,
    )
    return Status(201, _exemption(exemption_for(request.user, exemption.pk)))


@router.delete("exemptions/{exemption_id}", response={204: None, **ERRORS})
def exemption_withdraw(request, exemption_id: Id):
    exemption = exemption_for(request.user, exemption_id, Action.LOG_HOURS)
    exemption_svc.exemption_withdraw(actor=request.user, exemption=exemption)
    return Status(204, None)


@router.get("cohorts/{code}/exemptions", response={200: list[ExemptionOut], **ERRORS})
def cohort_exemptions(request, code: str, status: str = ""):
    cohort = cohort_for(request.user, code, Action.VIEW_COHORT)
    status = status if status in Exemption.Status.values else ""
    return [_exemption(x) for x in exemption_queue(cohort, status=status)]


@router.post("exemptions/{exemption_id}/decision", response={200: ExemptionOut, **ERRORS})
def exemption_decide(request, exemption_id: Id, payload: ExemptionDecisionIn):
    exemption = exemption_for(request.user, exemption_id, Action.DECIDE_EXEMPTION)
    if payload.decision == "approve":
        exemption_svc.exemption_approve(
            actor=request.user,
            exemption=exemption,
            note=payload.note,
            minutes=payload.recognised_minutes,
        )
    elif payload.decision == "reject":
        exemption_svc.exemption_reject(actor=request.user, exemption=exemption, note=payload.note)
    else:
        raise DomainError(CHOOSE_APPROVE, fields={"decision": [CHOOSE_APPROVE]})
    return _exemption(exemption_for(request.user, exemption_id))


# --- Modules and materials ------------------------------------------------------------------------------


class MaterialOut(Schema):
    id: int
    cohort: str
    module: str
    title: str
    kind: str
    url: str
    minutes: int
    order: int
    description: str


def _material(m: Material) -> dict:
    url = m.url if m.kind == Material.Kind.LINK else reverse("learning:material_file", args=[m.pk])
    return {
        "id": m.pk,
        "cohort": m.cohort.code,
        "module": m.module.code,
        "title": m.title,
        "kind": m.kind,
        "url": url,
        "minutes": m.minutes,
        "order": m.order,
        "description": m.description,
    }


class OutcomeOut(Schema):
    kind: str
    text: str
    competence: str | None


class ModuleOut(Schema):
    code: str
    title: str
    description: str
    hours: int
    mode: str
    outcomes: list[OutcomeOut]
    upcoming_sessions: list[SessionOut]
    materials: list[MaterialOut]


@router.get("modules/{code}", response={200: ModuleOut, **ERRORS})
def module_get(request, code: str):
    """A module for people in a cohort that offers it: outcomes, upcoming sessions, materials."""
    page = module_page(request.user, code)
    m = page.module
    return {
        "code": m.code,
        "title": m.tr("title"),
        "description": m.tr("description"),
        "hours": m.hours,
        "mode": m.mode,
        "outcomes": [
            {
                "kind": o.kind,
                "text": o.tr("text"),
                "competence": o.competence.code if o.competence_id else None,
            }
            for o in page.outcomes
        ],
        "upcoming_sessions": [session_out(s) for s in page.sessions],
        "materials": [_material(x) for x in page.materials],
    }


@router.post("cohorts/{code}/materials", response={201: MaterialOut, **ERRORS})
def material_create(
    request,
    code: str,
    module_id: Form[int],
    title: Form[str],
    minutes: Form[int],
    kind: Form[str] = "link",
    url: Form[str] = "",
    description: Form[str] = "",
    file: File[UploadedFile] = None,
):
    """Attach a link or a file (multipart) to a module for the cohort."""
    cohort = cohort_for(request.user, code, Action.MANAGE_SESSIONS)
    material = material_svc.material_create(
        actor=request.user,
        cohort=cohort,
        module=module_or_error(module_id),
        title=title,
        minutes=minutes,
        kind=kind,
        file=file,
        url=url,
        description=description,
    )
    return Status(201, _material(material_for(request.user, material.pk)))


@router.delete("materials/{material_id}", response={204: None, **ERRORS})
def material_delete(request, material_id: Id):
    material = material_for(request.user, material_id, Action.MANAGE_SESSIONS)
    material_svc.material_delete(actor=request.user, material=material)
    return Status(204, None)
