"""Applications and selection, progress of one enrolment."""

from __future__ import annotations

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from biblio.accounts.permissions import Action
from biblio.api.schemas import ProgressOut, progress_out
from biblio.core.errors import DomainError
from biblio.learning.models import Application
from biblio.learning.selectors import applications as app_sel
from biblio.learning.selectors.access import (
    NOT_FOUND,
    application_for,
    cohort_for,
    enrolment_for,
)
from biblio.learning.selectors.enrolments import overview
from biblio.learning.services import applications as app_svc
from biblio.programmes.models import Cohort, Organisation, Programme

from .._bounds import Id, Number
from ._common import ERRORS, ReasonIn

router = Router(tags=["learning"])
CHOOSE_DECISION = _("Choose accept, waitlist or reject.")


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
    host_id: Id | None = None
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
    idea_rating: Number
    host_agreed: bool | None = None


class DecisionIn(Schema):
    decision: str  # accept | waitlist | reject
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
    return Status(201, _application(application))


@router.get("applications", response=list[ApplicationOut], summary="My applications")
def my_applications(request):
    return [_application(a) for a in app_sel.applications_of(request.user).select_related("person")]


@router.post("applications/{application_id}/withdraw", response={200: ApplicationOut, **ERRORS})
def application_withdraw(request, application_id: Id):
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
def application_rate(request, application_id: Id, payload: RatingIn):
    application = application_for(request.user, application_id, Action.REVIEW_PROJECT)
    rated = app_svc.application_rate_idea(
        actor=request.user,
        application=application,
        rating=payload.idea_rating,
        host_agreed=payload.host_agreed,
    )
    return _application(rated)


@router.post("applications/{application_id}/decision", response={200: ApplicationOut, **ERRORS})
def application_decide(request, application_id: Id, payload: DecisionIn):
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
def enrolment_withdraw(request, enrolment_id: Id, payload: ReasonIn):
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
