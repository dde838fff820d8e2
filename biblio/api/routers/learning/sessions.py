"""Sessions, attendance for the whole list, and the private calendar address."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from ninja import Router, Schema, Status

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action
from biblio.core.errors import DomainError
from biblio.learning.models import Session
from biblio.learning.selectors.access import (
    NOT_FOUND,
    cohort_for,
    session_for,
)
from biblio.learning.selectors.sessions import attendance_sheet, cohort_sessions
from biblio.learning.services import calendar as calendar_svc
from biblio.learning.services import sessions as session_svc
from biblio.learning.timezones import aware_to_utc

from .._bounds import Id, Ids
from ._common import ERRORS, module_or_error

router = Router(tags=["learning"])


# --- Sessions, attendance, calendars ------------------------------------------------------------------


class SessionIn(Schema):
    title: str
    kind: str
    mode: str
    start: datetime  # with an offset, or local to the cohort's time zone without one
    end: datetime
    place: str = ""
    link: str = ""
    module_id: Id | None = None
    trainer_id: Id | None = None


class SessionOut(Schema):
    id: int
    cohort: str
    title: str
    kind: str
    mode: str
    start: datetime
    end: datetime
    timezone: str
    minutes: int
    place: str
    link: str
    module: str | None
    trainer: str | None


def session_out(s: Session) -> dict:
    return {
        "id": s.pk,
        "cohort": s.cohort.code,
        "title": s.title,
        "kind": s.kind,
        "mode": s.mode,
        "start": s.start,
        "end": s.end,
        "timezone": s.cohort.timezone,
        "minutes": s.minutes,
        "place": s.place,
        "link": s.link,
        "module": s.module.code if s.module_id else None,
        "trainer": s.trainer.full_name if s.trainer_id else None,
    }


def _session_values(payload: SessionIn, cohort) -> dict:
    trainer = Person.objects.filter(pk=payload.trainer_id).first() if payload.trainer_id else None
    if payload.trainer_id and trainer is None:
        raise DomainError(NOT_FOUND, fields={"trainer_id": [str(NOT_FOUND)]})
    return {
        "kind": payload.kind,
        "mode": payload.mode,
        "title": payload.title,
        "start": aware_to_utc(payload.start, cohort.timezone, field="start"),
        "end": aware_to_utc(payload.end, cohort.timezone, field="end"),
        "place": payload.place,
        "link": payload.link,
        "module": module_or_error(payload.module_id),
        "trainer": trainer,
    }


class PresentIn(Schema):
    present: Ids


class SheetOut(Schema):
    enrolment_id: int
    participant: str
    present: bool


@router.get("cohorts/{code}/sessions", response={200: list[SessionOut], **ERRORS})
def session_list(request, code: str):
    cohort = cohort_for(request.user, code)
    return [session_out(s) for s in cohort_sessions(cohort).select_related("cohort")]


@router.post("cohorts/{code}/sessions", response={201: SessionOut, **ERRORS})
def session_create(request, code: str, payload: SessionIn):
    cohort = cohort_for(request.user, code, Action.MANAGE_SESSIONS)
    session = session_svc.session_create(
        actor=request.user, cohort=cohort, **_session_values(payload, cohort)
    )
    return Status(201, session_out(session_for(request.user, session.pk)))


@router.put("sessions/{session_id}", response={200: SessionOut, **ERRORS})
def session_update(request, session_id: Id, payload: SessionIn):
    session = session_for(request.user, session_id, Action.MANAGE_SESSIONS)
    session_svc.session_update(
        actor=request.user, session=session, **_session_values(payload, session.cohort)
    )
    return session_out(session_for(request.user, session_id))


@router.delete("sessions/{session_id}", response={204: None, **ERRORS})
def session_delete(request, session_id: Id):
    session = session_for(request.user, session_id, Action.MANAGE_SESSIONS)
    session_svc.session_delete(actor=request.user, session=session)
    return Status(204, None)


@router.get("sessions/{session_id}/attendance", response={200: list[SheetOut], **ERRORS})
def attendance_get(request, session_id: Id):
    session = session_for(request.user, session_id, Action.RECORD_ATTENDANCE)
    return [
        {"enrolment_id": r.enrolment.pk, "participant": r.enrolment.person.full_name, "present": r.present}
        for r in attendance_sheet(session)
    ]


@router.put("sessions/{session_id}/attendance", response={200: list[SheetOut], **ERRORS})
def attendance_put(request, session_id: Id, payload: PresentIn):
    """Set who was present, for the whole list at once (presence credits the session's hours)."""
    session = session_for(request.user, session_id, Action.RECORD_ATTENDANCE)
    session_svc.attendance_record(actor=request.user, session=session, present=payload.present)
    return attendance_get(request, session_id)


class CalendarOut(Schema):
    url: str


def _feed(request, token: str) -> dict:
    return {"url": request.build_absolute_uri(reverse("learning:person_feed", args=[request.user.pk, token]))}


@router.get("me/calendar", response=CalendarOut, summary="My private calendar address")
def my_calendar(request):
    token = request.user.calendar_token or calendar_svc.calendar_token_ensure(actor=request.user)
    return _feed(request, token)


@router.post("me/calendar/reset", response=CalendarOut, summary="A new private address")
def my_calendar_reset(request):
    return _feed(request, calendar_svc.calendar_token_reset(actor=request.user))
