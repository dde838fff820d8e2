"""API endpoints for learning: thin, calling the same services and selectors as the pages.

Applications and selection, hour entries and their review, sessions and attendance, calendar
addresses, prior learning, module pages and materials, MOOC completions. Cohorts are named by code.
"""

from __future__ import annotations

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action
from biblio.api.schemas import ErrorOut, ProgressOut, progress_out
from biblio.core.errors import DomainError, NotFound
from biblio.learning.models import Application, Exemption, HourEntry, Material, Session
from biblio.learning.selectors import applications as app_sel
from biblio.learning.selectors.access import (
    NOT_FOUND,
    application_for,
    cohort_for,
    enrolment_for,
    entry_for,
    exemption_for,
    material_for,
    session_for,
)
from biblio.learning.selectors.enrolments import overview
from biblio.learning.selectors.entries import entries_of_person, review_queue
from biblio.learning.selectors.exemptions import exemption_queue, exemptions_of_person
from biblio.learning.selectors.modules import module_page
from biblio.learning.selectors.sessions import attendance_sheet, cohort_sessions
from biblio.learning.services import applications as app_svc
from biblio.learning.services import calendar as calendar_svc
from biblio.learning.services import entries as entry_svc
from biblio.learning.services import exemptions as exemption_svc
from biblio.learning.services import materials as material_svc
from biblio.learning.services import mooc as mooc_svc
from biblio.learning.services import sessions as session_svc
from biblio.learning.timezones import aware_to_utc
from biblio.programmes.models import Cohort, Module, Organisation, Programme

router = Router(tags=["learning"])
CHOOSE_DECISION = _("Choose accept, waitlist or reject.")
CHOOSE_APPROVE = _("Choose approve or reject.")
CSV_TOO_BIG = _("The file is too big: the limit is 5 MB.")
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
MAX_LIMIT = 200


def _module(module_id: int | None, field: str = "module_id") -> Module | None:
    if module_id is None:
        return None
    module = Module.objects.filter(pk=module_id).first()
    if module is None:
        raise DomainError(NOT_FOUND, fields={field: [str(NOT_FOUND)]})
    return module


def _window(limit: int, offset: int) -> slice:
    limit = min(max(limit, 1), MAX_LIMIT)
    offset = max(offset, 0)
    return slice(offset, offset + limit)


# --- Applications and selection ----------------------------------------------------------------------


class CallOut(Schema):
    code: str
    name: str
    country: str
    start: date
    end: date
    places: int
    deadline: date | None
    tracks: list[str]


class ApplicationIn(Schema):
    track: str  # programme slug, one of the cohort's tracks
    motivation: str
    project_idea: str
    host_id: int | None = None
    proposed_host: str = ""
    host_agreed: bool = False


class ApplicationOut(Schema):
    id: int
    cohort: str
    track: str
    person: str
    email: str
    status: str
    host: str | None
    proposed_host: str
    host_agreed: bool
    idea_rating: int | None
    decision_reason: str
    created_at: datetime
    score: int | None = None
    mooc_completed: bool | None = None


def _application(a: Application) -> dict:
    return {
        "id": a.pk,
        "cohort": a.cohort.code,
        "track": a.programme.slug,
        "person": a.person.full_name,
        "email": a.person.email,
        "status": a.status,
        "host": a.host.name if a.host_id else None,
        "proposed_host": a.proposed_host,
        "host_agreed": a.host_agreed,
        "idea_rating": a.idea_rating,
        "decision_reason": a.decision_reason,
        "created_at": a.created_at,
        "score": getattr(a, "score", None),
        "mooc_completed": getattr(a, "mooc_completed", None),
    }


class RatingIn(Schema):
    idea_rating: int
    host_agreed: bool | None = None


class DecisionIn(Schema):
    decision: str  # accept | waitlist | reject
    reason: str = ""


class ReasonIn(Schema):
    reason: str = ""


@router.get("calls", response=list[CallOut], auth=None, summary="Cohorts open for applications")
def calls(request):
    return [
        {
            "code": c.code,
            "name": c.name,
            "country": c.country,
            "start": c.start,
            "end": c.end,
            "places": c.places,
            "deadline": c.application_deadline,
            "tracks": [t.slug for t in c.tracks.all()],
        }
        for c in app_sel.open_calls()
    ]


@router.post("cohorts/{code}/applications", response={201: ApplicationOut, **ERRORS})
def application_submit(request, code: str, payload: ApplicationIn):
    """Apply to a cohort whose call is open (MOOC completion is read from Biblio)."""
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), code=code)
    host = Organisation.objects.filter(pk=payload.host_id).first() if payload.host_id else None
    if payload.host_id and host is None:
        raise DomainError(NOT_FOUND, fields={"host_id": [str(NOT_FOUND)]})
    application = app_svc.application_submit(
        actor=request.user,
        cohort=cohort,
        programme=Programme.objects.filter(slug=payload.track).first(),
        motivation=payload.motivation,
        host=host,
        proposed_host=payload.proposed_host,
        host_agreed=payload.host_agreed,
        project_idea=payload.project_idea,
    )
    return 201, _application(application)


@router.get("applications", response=list[ApplicationOut], summary="My applications")
def my_applications(request):
    return [_application(a) for a in app_sel.applications_of(request.user).select_related("person")]


@router.post("applications/{application_id}/withdraw", response={200: ApplicationOut, **ERRORS})
def application_withdraw(request, application_id: int):
    application = application_for(request.user, application_id)
    return _application(app_svc.application_withdraw(actor=request.user, application=application))


@router.get(
    "cohorts/{code}/applications",
    response={200: list[ApplicationOut], **ERRORS},
    summary="Applications ranked by priority score (staff)",
    description="score = 40 × MOOC completed + 30 × host library agreed + 6 × idea rating (0–5).",
)
def cohort_applications(request, code: str, status: str = ""):
    cohort = cohort_for(request.user, code, Action.REVIEW_PROJECT)
    status = status if status in Application.Status.values else ""
    return [_application(a) for a in app_sel.ranked_applications(cohort, status=status)]


@router.post("applications/{application_id}/rating", response={200: ApplicationOut, **ERRORS})
def application_rate(request, application_id: int, payload: RatingIn):
    application = application_for(request.user, application_id, Action.REVIEW_PROJECT)
    rated = app_svc.application_rate_idea(
        actor=request.user,
        application=application,
        rating=payload.idea_rating,
        host_agreed=payload.host_agreed,
    )
    return _application(rated)


@router.post("applications/{application_id}/decision", response={200: ApplicationOut, **ERRORS})
def application_decide(request, application_id: int, payload: DecisionIn):
    """Accept (enrols the applicant), waitlist, or reject with a reason."""
    application = application_for(request.user, application_id, Action.SELECT_APPLICANTS)
    services = {
        "accept": app_svc.application_accept,
        "waitlist": app_svc.application_waitlist,
        "reject": app_svc.application_reject,
    }
    if payload.decision not in services:
        raise DomainError(CHOOSE_DECISION, fields={"decision": [CHOOSE_DECISION]})
    services[payload.decision](actor=request.user, application=application, reason=payload.reason)
    return _application(application_for(request.user, application_id))


@router.post("enrolments/{enrolment_id}/withdraw", response={200: dict, **ERRORS})
def enrolment_withdraw(request, enrolment_id: int, payload: ReasonIn):
    enrolment = enrolment_for(request.user, enrolment_id)
    promoted = app_svc.enrolment_withdraw(actor=request.user, enrolment=enrolment, reason=payload.reason)
    return {"status": "withdrawn", "place_offered_to": promoted.pk if promoted else None}


# --- Progress ------------------------------------------------------------------------------------------


class ExemptedOut(Schema):
    code: str
    title: str
    recognised_hours: float


class EnrolmentProgressOut(ProgressOut):
    waiting_entries: int
    exempted_modules: list[ExemptedOut]


@router.get("enrolments/{enrolment_id}/progress", response={200: EnrolmentProgressOut, **ERRORS})
def enrolment_progress(request, enrolment_id: int):
    """One participant's progress: for them, their mentor and their cohort's staff."""
    row = overview(enrolment_for(request.user, enrolment_id))
    return {
        **progress_out(row.enrolment, row.progress),
        "waiting_entries": row.waiting,
        "exempted_modules": [
            {"code": x.code, "title": x.title, "recognised_hours": round(x.minutes / 60, 2)}
            for x in row.exempted
        ],
    }


# --- Hour entries ------------------------------------------------------------------------------------


class EntryIn(Schema):
    enrolment_id: int
    mode: str
    date: date
    minutes: int
    module_id: int | None = None
    note: str = ""


class EntryUpdateIn(Schema):
    mode: str
    date: date
    minutes: int
    module_id: int | None = None
    note: str = ""


class EntryOut(Schema):
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
    ids: list[int]


class BulkOut(Schema):
    approved: int
    skipped: int


@router.get("entries", response=list[EntryOut], summary="My hour entries")
def my_entries(request, status: str = "", limit: int = 100, offset: int = 0):
    status = status if status in HourEntry.Status.values else ""
    qs = entries_of_person(request.user, status=status).select_related("enrolment__person")
    return [_entry(e) for e in qs[_window(limit, offset)]]


@router.post("entries", response={201: EntryOut, **ERRORS}, summary="Log blended-mode hours")
def entry_create(request, payload: EntryIn):
    enrolment = enrolment_for(request.user, payload.enrolment_id, Action.LOG_HOURS)
    entry = entry_svc.hour_entry_create(
        actor=request.user,
        enrolment=enrolment,
        mode=payload.mode,
        module=_module(payload.module_id),
        date=payload.date,
        minutes=payload.minutes,
        note=payload.note,
    )
    return 201, _entry(entry_for(request.user, entry.pk))


@router.put("entries/{entry_id}", response={200: EntryOut, **ERRORS})
def entry_update(request, entry_id: int, payload: EntryUpdateIn):
    entry = entry_for(request.user, entry_id, Action.LOG_HOURS)
    entry_svc.hour_entry_update(
        actor=request.user,
        entry=entry,
        mode=payload.mode,
        module=_module(payload.module_id),
        date=payload.date,
        minutes=payload.minutes,
        note=payload.note,
        evidence=None,
    )
    return _entry(entry_for(request.user, entry_id))


@router.post("entries/{entry_id}/evidence", response={200: EntryOut, **ERRORS})
def entry_evidence(request, entry_id: int, file: File[UploadedFile]):
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
def entry_withdraw(request, entry_id: int):
    entry = entry_for(request.user, entry_id, Action.LOG_HOURS)
    entry_svc.hour_entry_withdraw(actor=request.user, entry=entry)
    return 204, None


@router.get("review", response=list[EntryOut], summary="Blended-mode entries waiting for me")
def review(
    request,
    cohort: str = "",
    mode: str = "",
    participant: str = "",
    limit: int = 100,
    offset: int = 0,
):
    cohort_id = cohort_for(request.user, cohort).pk if cohort else None
    queue = review_queue(request.user, cohort_id=cohort_id, mode=mode, participant=participant)
    return [_entry(e) for e in queue[_window(limit, offset)]]


@router.post("entries/{entry_id}/approve", response={200: EntryOut, **ERRORS})
def entry_approve(request, entry_id: int):
    entry = entry_for(request.user, entry_id, Action.REVIEW_HOURS)
    return _entry(entry_svc.hour_entry_approve(actor=request.user, entry=entry))


@router.post("entries/{entry_id}/reject", response={200: EntryOut, **ERRORS})
def entry_reject(request, entry_id: int, payload: ReasonIn):
    entry = entry_for(request.user, entry_id, Action.REVIEW_HOURS)
    return _entry(entry_svc.hour_entry_reject(actor=request.user, entry=entry, reason=payload.reason))


@router.post("entries/approve", response={200: BulkOut, **ERRORS}, summary="Bulk approval")
def entries_approve(request, payload: BulkIn):
    approved, skipped = entry_svc.hour_entries_approve_bulk(actor=request.user, entry_ids=payload.ids[:1000])
    return {"approved": approved, "skipped": skipped}


# --- Sessions, attendance, calendars ------------------------------------------------------------------


class SessionIn(Schema):
    title: str
    kind: str
    mode: str
    start: datetime  # with an offset, or local to the cohort's time zone without one
    end: datetime
    place: str = ""
    link: str = ""
    module_id: int | None = None
    trainer_id: int | None = None


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


def _session(s: Session) -> dict:
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
        "module": _module(payload.module_id),
        "trainer": trainer,
    }


class PresentIn(Schema):
    present: list[int]


class SheetOut(Schema):
    enrolment_id: int
    participant: str
    present: bool


@router.get("cohorts/{code}/sessions", response={200: list[SessionOut], **ERRORS})
def session_list(request, code: str):
    cohort = cohort_for(request.user, code)
    return [_session(s) for s in cohort_sessions(cohort).select_related("cohort")]


@router.post("cohorts/{code}/sessions", response={201: SessionOut, **ERRORS})
def session_create(request, code: str, payload: SessionIn):
    cohort = cohort_for(request.user, code, Action.MANAGE_SESSIONS)
    session = session_svc.session_create(
        actor=request.user, cohort=cohort, **_session_values(payload, cohort)
    )
    return 201, _session(session_for(request.user, session.pk))


@router.put("sessions/{session_id}", response={200: SessionOut, **ERRORS})
def session_update(request, session_id: int, payload: SessionIn):
    session = session_for(request.user, session_id, Action.MANAGE_SESSIONS)
    session_svc.session_update(
        actor=request.user, session=session, **_session_values(payload, session.cohort)
    )
    return _session(session_for(request.user, session_id))


@router.delete("sessions/{session_id}", response={204: None, **ERRORS})
def session_delete(request, session_id: int):
    session = session_for(request.user, session_id, Action.MANAGE_SESSIONS)
    session_svc.session_delete(actor=request.user, session=session)
    return 204, None


@router.get("sessions/{session_id}/attendance", response={200: list[SheetOut], **ERRORS})
def attendance_get(request, session_id: int):
    session = session_for(request.user, session_id, Action.RECORD_ATTENDANCE)
    return [
        {"enrolment_id": r.enrolment.pk, "participant": r.enrolment.person.full_name, "present": r.present}
        for r in attendance_sheet(session)
    ]


@router.put("sessions/{session_id}/attendance", response={200: list[SheetOut], **ERRORS})
def attendance_put(request, session_id: int, payload: PresentIn):
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
    recognised_minutes: int | None = None


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
        module=_module(module_id),
        reason=reason,
        evidence=evidence,
    )
    return 201, _exemption(exemption_for(request.user, exemption.pk))


@router.delete("exemptions/{exemption_id}", response={204: None, **ERRORS})
def exemption_withdraw(request, exemption_id: int):
    exemption = exemption_for(request.user, exemption_id, Action.LOG_HOURS)
    exemption_svc.exemption_withdraw(actor=request.user, exemption=exemption)
    return 204, None


@router.get("cohorts/{code}/exemptions", response={200: list[ExemptionOut], **ERRORS})
def cohort_exemptions(request, code: str, status: str = ""):
    cohort = cohort_for(request.user, code, Action.VIEW_COHORT)
    status = status if status in Exemption.Status.values else ""
    return [_exemption(x) for x in exemption_queue(cohort, status=status)]


@router.post("exemptions/{exemption_id}/decision", response={200: ExemptionOut, **ERRORS})
def exemption_decide(request, exemption_id: int, payload: ExemptionDecisionIn):
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
        "upcoming_sessions": [_session(s) for s in page.sessions],
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
        module=_module(module_id),
        title=title,
        minutes=minutes,
        kind=kind,
        file=file,
        url=url,
        description=description,
    )
    return 201, _material(material_for(request.user, material.pk))


@router.delete("materials/{material_id}", response={204: None, **ERRORS})
def material_delete(request, material_id: int):
    material = material_for(request.user, material_id, Action.MANAGE_SESSIONS)
    material_svc.material_delete(actor=request.user, material=material)
    return 204, None


# --- MOOC completions ------------------------------------------------------------------------------------


class CompletionIn(Schema):
    email: str
    completed_on: date


class ImportOut(Schema):
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    not_completed: int
    unmatched: list[str]
    errors: list[str]


def _report(r: mooc_svc.ImportReport) -> dict:
    return {
        "dry_run": r.dry_run,
        "rows": r.rows,
        "created": len(r.created),
        "updated": len(r.updated),
        "unchanged": len(r.unchanged),
        "not_completed": r.not_completed,
        "unmatched": [f"{row}: {email}" for row, email in r.unmatched],
        "errors": r.errors,
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
    response={200: ImportOut, 400: ImportOut, 403: ErrorOut, 404: ErrorOut},
    summary="Import a Moodle course-completion CSV (all rows or none)",
)
def mooc_import(request, code: str, file: File[UploadedFile], dry_run: Form[bool] = False):
    cohort = cohort_for(request.user, code, Action.SELECT_APPLICANTS)
    raw = file.read(5 * 1024 * 1024 + 1)
    if len(raw) > 5 * 1024 * 1024:
        raise DomainError(CSV_TOO_BIG, fields={"file": [CSV_TOO_BIG]})
    try:
        report = mooc_svc.mooc_completions_import(actor=request.user, cohort=cohort, raw=raw, dry_run=dry_run)
    except mooc_svc.ImportRejected as error:
        return 400, _report(error.report)
    return _report(report)
