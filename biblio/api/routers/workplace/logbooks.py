"""Placements, logbooks and sign-off over the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Router, Schema, Status

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, enrolment_q
from biblio.api.schemas import ErrorOut
from biblio.core.errors import NotFound
from biblio.programmes.models import Organisation
from biblio.workplace.models import Placement
from biblio.workplace.policy import NOT_FOUND
from biblio.workplace.selectors import access
from biblio.workplace.selectors.logbook import logbook
from biblio.workplace.selectors.mentor import mentor_home
from biblio.workplace.selectors.placements import mentor_history
from biblio.workplace.services import logbook as entries
from biblio.workplace.services.placements import placement_assign

from .._bounds import Id

router = Router(tags=["workplace"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# --- Placements -------------------------------------------------------------------------------


class MentorSpellOut(Schema):
    mentor_id: int | None
    mentor: str
    started_at: datetime
    ended_at: datetime | None
    note: str


class PlacementOut(Schema):
    enrolment_id: int
    participant: str
    cohort_id: int
    host_id: int
    host: str
    mentor_id: int | None
    mentor: str
    start: date
    end: date
    planned_hours: Decimal
    signed_off_at: datetime | None


class PlacementDetailOut(PlacementOut):
    mentors: list[MentorSpellOut]


class PlacementIn(Schema):
    host_id: Id
    mentor_id: Id
    start: date | None = None
    end: date | None = None
    planned_hours: Decimal | None = Field(None, gt=0, max_digits=6, decimal_places=1)
    note: str = Field("", max_length=300)


def _placement(p: Placement) -> dict:
    return {
        "enrolment_id": p.enrolment_id,
        "participant": p.enrolment.person.full_name,
        "cohort_id": p.enrolment.cohort_id,
        "host_id": p.host_id,
        "host": p.host.name,
        "mentor_id": p.mentor_id,
        "mentor": p.mentor.full_name if p.mentor else "",
        "start": p.start,
        "end": p.end,
        "planned_hours": p.planned_hours,
        "signed_off_at": p.signed_off_at,
    }


def _placement_detail(p: Placement) -> dict:
    spells = [
        {
            "mentor_id": s.mentor_id,
            "mentor": s.mentor.full_name if s.mentor else "",
            "started_at": s.started_at,
            "ended_at": s.ended_at,
            "note": s.note,
        }
        for s in mentor_history(p)
    ]
    return {**_placement(p), "mentors": spells}


def _placement_of(enrolment) -> Placement:
    placement = getattr(enrolment, "placement", None)
    if placement is None:
        raise NotFound(NOT_FOUND)
    return placement


@router.get("placements", response=list[PlacementOut], summary="Placements the caller may see")
def placement_list(request, cohort_id: Id | None = None):
    rows = Placement.objects.filter(enrolment_q(request.user, Action.VIEW_ENROLMENT, "enrolment__"))
    if cohort_id:
        rows = rows.filter(enrolment__cohort_id=cohort_id)
    rows = rows.select_related("enrolment__person", "host", "mentor").order_by(
        "enrolment__person__full_name", "pk"
    )
    return [_placement(p) for p in rows]


@router.get(
    "placements/{enrolment_id}", response={200: PlacementDetailOut, **ERRORS}, summary="One placement"
)
def placement_get(request, enrolment_id: Id):
    return _placement_detail(_placement_of(access.enrolment_for(request.user, enrolment_id)))


@router.put(
    "placements/{enrolment_id}",
    response={200: PlacementDetailOut, **ERRORS},
    summary="Assign or change a placement (the cohort's coordinator)",
)
def placement_put(request, enrolment_id: Id, payload: PlacementIn):
    enrolment = access.enrolment_for(request.user, enrolment_id)
    host = Organisation.objects.filter(pk=payload.host_id).first()
    mentor = Person.objects.filter(pk=payload.mentor_id).first()
    if host is None or mentor is None:
        fields = {"host_id": [str(NOT_FOUND)]} if host is None else {"mentor_id": [str(NOT_FOUND)]}
        raise NotFound(NOT_FOUND, fields=fields)
    placement = placement_assign(
        actor=request.user,
        enrolment=enrolment,
        host=host,
        mentor=mentor,
        start=payload.start,
        end=payload.end,
        planned_hours=payload.planned_hours,
        note=payload.note,
    )
    return _placement_detail(
        Placement.objects.select_related("enrolment__person", "host", "mentor").get(pk=placement.pk)
    )


# --- Logbook and sign-off ---------------------------------------------------------------------


class EntryOut(Schema):
    id: int
    enrolment_id: int
    date: date
    minutes: int
    activity_id: int | None
    activity: str
    note: str
    status: str
    review_comment: str
    reviewed_at: datetime | None


class EntryIn(Schema):
    date: date
    minutes: int = Field(..., ge=1, le=720)
    activity_id: Id | None = None
    note: str = Field(..., max_length=2000)


class ReviewIn(Schema):
    decision: Literal["approve", "return"]
    comment: str = Field("", max_length=2000)


class WeekOut(Schema):
    start: date
    approved_minutes: int
    waiting_minutes: int
    returned_minutes: int
    cumulative_minutes: int
    steady_pace_minutes: int


class LogbookOut(Schema):
    enrolment_id: int
    planned_minutes: int
    budget_minutes: int
    approved_minutes: int
    pending_minutes: int
    weeks: list[WeekOut]
    entries: list[EntryOut]


def _entry(e) -> dict:
    return {
        "id": e.pk,
        "enrolment_id": e.enrolment_id,
        "date": e.date,
        "minutes": e.minutes,
        "activity_id": e.activity_id,
        "activity": e.activity.title if e.activity else "",
        "note": e.note,
        "status": e.status,
        "review_comment": e.review_comment,
        "reviewed_at": e.reviewed_at,
    }


@router.get(
    "logbooks/{enrolment_id}", response={200: LogbookOut, **ERRORS}, summary="A participant's logbook"
)
def logbook_get(request, enrolment_id: Id):
    book = logbook(access.enrolment_for(request.user, enrolment_id))
    mp = book.progress
    return {
        "enrolment_id": enrolment_id,
        "planned_minutes": book.planned_minutes,
        "budget_minutes": mp.budget_minutes if mp else 0,
        "approved_minutes": mp.approved_minutes if mp else 0,
        "pending_minutes": mp.pending_minutes if mp else 0,
        "weeks": [
            {
                "start": w.start,
                "approved_minutes": w.approved,
                "waiting_minutes": w.waiting,
                "returned_minutes": w.returned,
                "cumulative_minutes": w.cumulative,
                "steady_pace_minutes": w.target,
            }
            for w in book.weeks
        ],
        "entries": [_entry(e) for e in [*book.outside, *(e for w in book.weeks for e in w.entries)]],
    }


@router.post(
    "logbooks/{enrolment_id}/entries", response={201: EntryOut, **ERRORS}, summary="Log work-based hours"
)
def entry_create(request, enrolment_id: Id, payload: EntryIn):
    enrolment = access.enrolment_for(request.user, enrolment_id)
    entry = entries.work_entry_log(actor=request.user, enrolment=enrolment, **payload.dict())
    return Status(201, _entry(entry))


@router.put(
    "entries/{entry_id}", response={200: EntryOut, **ERRORS}, summary="Change a waiting or returned entry"
)
def entry_update(request, entry_id: Id, payload: EntryIn):
    entry = access.work_entry_for(request.user, entry_id)
    return _entry(entries.work_entry_edit(actor=request.user, entry=entry, **payload.dict()))


@router.delete(
    "entries/{entry_id}", response={204: None, **ERRORS}, summary="Withdraw a waiting or returned entry"
)
def entry_delete(request, entry_id: Id):
    entries.work_entry_withdraw(actor=request.user, entry=access.work_entry_for(request.user, entry_id))
    return Status(204, None)


@router.post(
    "entries/{entry_id}/review",
    response={200: EntryOut, **ERRORS},
    summary="Sign off an entry, or return it with a comment (mentor or coordinator)",
)
def entry_review(request, entry_id: Id, payload: ReviewIn):
    entry = access.work_entry_for(request.user, entry_id)
    approve = payload.decision == "approve"
    return _entry(
        entries.work_entry_review(actor=request.user, entry=entry, approve=approve, comment=payload.comment)
    )


@router.post(
    "logbooks/{enrolment_id}/weeks/{week}/review",
    response={200: list[EntryOut], **ERRORS},
    summary="Sign off (or return) every waiting entry of an ISO week; `week` is its Monday",
)
def week_review(request, enrolment_id: Id, week: date, payload: ReviewIn):
    enrolment = access.enrolment_for(request.user, enrolment_id)
    decided = entries.work_week_review(
        actor=request.user,
        enrolment=enrolment,
        week=week,
        approve=payload.decision == "approve",
        comment=payload.comment,
    )
    return [_entry(e) for e in decided]


class MenteeOut(Schema):
    enrolment_id: int
    participant: str
    host: str
    approved_minutes: int
    pending_minutes: int
    budget_minutes: int
    waiting_entries: int
    oldest_waiting: date | None
    overdue_activities: int
    signed_off: bool


@router.get("mentees", response=list[MenteeOut], summary="The caller's mentees and what waits for them")
def mentee_list(request):
    return [
        {
            "enrolment_id": m.enrolment.pk,
            "participant": m.enrolment.person.full_name,
            "host": m.placement.host.name,
            "approved_minutes": m.progress.approved_minutes if m.progress else 0,
            "pending_minutes": m.progress.pending_minutes if m.progress else 0,
            "budget_minutes": m.progress.budget_minutes if m.progress else 0,
            "waiting_entries": m.waiting_count,
            "oldest_waiting": m.oldest_waiting,
            "overdue_activities": len(m.overdue),
            "signed_off": m.evaluated,
        }
        for m in mentor_home(request.user).mentees
    ]
