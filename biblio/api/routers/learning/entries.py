"""Hour entries: a participant's own, and the reviewers' queue with approval and rejection."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from biblio.accounts.permissions import Action
from biblio.learning.models import HourEntry
from biblio.learning.selectors.access import (
    cohort_for,
    enrolment_for,
    entry_for,
)
from biblio.learning.selectors.entries import entries_of_person, review_queue
from biblio.learning.services import entries as entry_svc

from .._bounds import Id, Ids, Number
from ._common import ERRORS, ReasonIn, module_or_error, window

router = Router(tags=["learning"])


# --- Hour entries ------------------------------------------------------------------------------------


# Named HourEntry…, not Entry…: OpenAPI components are keyed by class name, and the workplace logbooks'
# EntryIn/EntryOut would otherwise stand in for these in the document.
class HourEntryFields(Schema):
    """What a participant logs and may change while the entry waits; the services judge the values."""

    mode: str
    date: date
    minutes: Number
    module_id: Id | None = None
    note: str = ""


class HourEntryIn(HourEntryFields):
    enrolment_id: Id


class HourEntryUpdateIn(HourEntryFields):
    pass


class HourEntryOut(Schema):
    id: int
    enrolment_id: int
    participant: str
    cohort: str
    mode: str
    module: str | None
    date: date
    minutes: int
    note: str
    status: str
    review_comment: str
    evidence_url: str | None


def _entry(e: HourEntry) -> dict:
    return {
        "id": e.pk,
        "enrolment_id": e.enrolment_id,
        "participant": e.enrolment.person.full_name,
        "cohort": e.enrolment.cohort.code,
        "mode": e.mode,
        "module": e.module.code if e.module_id else None,
        "date": e.date,
        "minutes": e.minutes,
        "note": e.note,
        "status": e.status,
        "review_comment": e.review_comment,
        "evidence_url": reverse("learning:entry_evidence", args=[e.pk]) if e.evidence else None,
    }


class BulkIn(Schema):
    ids: Ids


class BulkOut(Schema):
    approved: int
    skipped: int


@router.get("entries", response=list[HourEntryOut], summary="My hour entries")
def my_entries(request, status: str = "", limit: Number = 100, offset: Number = 0):
    status = status if status in HourEntry.Status.values else ""
    qs = entries_of_person(request.user, status=status).select_related("enrolment__person")
    return [_entry(e) for e in qs[window(limit, offset)]]


@router.post("entries", response={201: HourEntryOut, **ERRORS}, summary="Log blended-mode hours")
def entry_create(request, payload: HourEntryIn):
    enrolment = enrolment_for(request.user, payload.enrolment_id, Action.LOG_HOURS)
    entry = entry_svc.hour_entry_create(
        actor=request.user,
        enrolment=enrolment,
        mode=payload.mode,
        module=module_or_error(payload.module_id),
        date=payload.date,
        minutes=payload.minutes,
        note=payload.note,
    )
    return Status(201, _entry(entry_for(request.user, entry.pk)))


@router.put("entries/{entry_id}", response={200: HourEntryOut, **ERRORS})
def entry_update(request, entry_id: Id, payload: HourEntryUpdateIn):
    entry = entry_for(request.user, entry_id, Action.LOG_HOURS)
    entry_svc.hour_entry_update(
        actor=request.user,
        entry=entry,
        mode=payload.mode,
        module=module_or_error(payload.module_id),
        date=payload.date,
        minutes=payload.minutes,
        note=payload.note,
        evidence=None,
    )
    return _entry(entry_for(request.user, entry_id))


@router.post("entries/{entry_id}/evidence", response={200: HourEntryOut, **ERRORS})
def entry_evidence(request, entry_id: Id, file: File[UploadedFile]):
    """Attach (or replace) the evidence of an entry still waiting (PDF, PNG or JPEG)."""
    entry = entry_for(request.user, entry_id, Action.LOG_HOURS)
    entry_svc.hour_entry_update(
        actor=request.user,
        entry=entry,
        mode=entry.mode,
        module=entry.module,
        date=entry.date,
        minutes=entry.minutes,
        note=entry.note,
        evidence=file,
    )
    return _entry(entry_for(request.user, entry_id))


@router.delete("entries/{entry_id}", response={204: None, **ERRORS})
def entry_withdraw(request, entry_id: Id):
    entry = entry_for(request.user, entry_id, Action.LOG_HOURS)
    entry_svc.hour_entry_withdraw(actor=request.user, entry=entry)
    return Status(204, None)


@router.get("review", response=list[HourEntryOut], summary="Blended-mode entries waiting for me")
def review(
    request,
    cohort: str = "",
    mode: str = "",
    participant: str = "",
    limit: Number = 100,
    offset: Number = 0,
):
    cohort_id = cohort_for(request.user, cohort).pk if cohort else None
    queue = review_queue(request.user, cohort_id=cohort_id, mode=mode, participant=participant)
    return [_entry(e) for e in queue[window(limit, offset)]]


@router.post("entries/{entry_id}/approve", response={200: HourEntryOut, **ERRORS})
def entry_approve(request, entry_id: Id):
    entry = entry_for(request.user, entry_id, Action.REVIEW_HOURS)
    return _entry(entry_svc.hour_entry_approve(actor=request.user, entry=entry))


@router.post("entries/{entry_id}/reject", response={200: HourEntryOut, **ERRORS})
def entry_reject(request, entry_id: Id, payload: ReasonIn):
    entry = entry_for(request.user, entry_id, Action.REVIEW_HOURS)
    return _entry(entry_svc.hour_entry_reject(actor=request.user, entry=entry, reason=payload.reason))


@router.post("review/approve", response={200: BulkOut, **ERRORS}, summary="Bulk approval")
def entries_approve(request, payload: BulkIn):
    approved, skipped = entry_svc.hour_entries_approve_bulk(actor=request.user, entry_ids=payload.ids[:1000])
    return {"approved": approved, "skipped": skipped}
