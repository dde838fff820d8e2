"""Sessions of a cohort, their attendance sheets, and the calendar feeds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biblio.accounts.permissions import Action, allows
from biblio.core.errors import DomainError
from biblio.programmes.models import LearningMode, Module

from ..forms import CalendarResetForm, SessionForm, add_domain_errors
from ..models import Attendance
from ..selectors import calendar as cal
from ..selectors.access import cohort_for, session_for
from ..selectors.sessions import attendance_sheet, cohort_sessions, trainer_choices, upcoming_for
from ..services import calendar as calendar_svc
from ..services import sessions as svc
from ..timezones import in_zone, local_to_utc
from ._common import domain_errors, ints


@login_required
@domain_errors
def cohort_session_list(request, code: str):
    cohort = cohort_for(request.user, code)
    return render(
        request,
        "learning/sessions.html",
        {
            "cohort": cohort,
            "upcoming": list(cohort_sessions(cohort, upcoming=True)),
            "past": list(cohort_sessions(cohort, upcoming=False)),
            "can_manage": allows(request.user, Action.MANAGE_SESSIONS, cohort_id=cohort.pk),
            "can_attend": allows(request.user, Action.RECORD_ATTENDANCE, cohort_id=cohort.pk),
            "feed_url": reverse("learning:cohort_feed", args=[cohort.code]),
            "attended": set(
                Attendance.objects.filter(enrolment__person=request.user, session__cohort=cohort).values_list(
                    "session_id", flat=True
                )
            ),
        },
    )


def _form(request, cohort, initial=None):
    modules = (
        Module.objects.filter(programme_modules__programme__track_cohorts=cohort)
        .exclude(mode=LearningMode.WORK_BASED)
        .distinct()
        .order_by("code")
    )
    return SessionForm(
        request.POST or None, initial=initial, modules=modules, trainers=trainer_choices(cohort)
    )


def _save(request, form, cohort, session=None):
    """Turn the local date and times into UTC and call the service; True when saved."""
    data = form.cleaned_data
    try:
        start = local_to_utc(data["date"], data["start_time"], cohort.timezone, field="start_time")
        end = local_to_utc(data["date"], data["end_time"], cohort.timezone, field="end_time")
        values = {
            "kind": data["kind"],
            "mode": data["mode"],
            "title": data["title"],
            "start": start,
            "end": end,
            "place": data["place"],
            "link": data["link"],
            "module": data["module"],
            "trainer": data["trainer"],
        }
        if session is None:
            return svc.session_create(actor=request.user, cohort=cohort, **values)
        return svc.session_update(actor=request.user, session=session, **values)
    except DomainError as error:
        add_domain_errors(form, error, {"start": "start_time", "end": "end_time"})
        return None


@login_required
@domain_errors
def session_create(request, code: str):
    cohort = cohort_for(request.user, code, Action.MANAGE_SESSIONS)
    today = timezone.localdate()
    form = _form(
        request,
        cohort,
        initial={"date": max(min(today, cohort.end), cohort.start), "kind": "seminar", "mode": "f2f"},
    )
    if request.method == "POST" and form.is_valid():
        session = _save(request, form, cohort)
        if session is not None:
            messages.success(request, _("The session has been scheduled."))
            return redirect("learning:session", session_id=session.pk)
    return render(request, "learning/session_form.html", {"form": form, "cohort": cohort})


@login_required
@domain_errors
def session_edit(request, session_id: int):
    session = session_for(request.user, session_id, Action.MANAGE_SESSIONS)
    cohort = session.cohort
    start, end = in_zone(session.start, cohort.timezone), in_zone(session.end, cohort.timezone)
    initial = {
        "title": session.title,
        "kind": session.kind,
        "mode": session.mode,
        "module": session.module_id,
        "date": start.date(),
        "start_time": start.time(),
        "end_time": end.time(),
        "place": session.place,
        "link": session.link,
        "trainer": session.trainer_id,
    }
    form = _form(request, cohort, initial=initial)
    saved = request.method == "POST" and form.is_valid() and _save(request, form, cohort, session)
    if saved:
        messages.success(request, _("The session has been changed."))
        return redirect("learning:session", session_id=session.pk)
    return render(request, "learning/session_form.html", {"form": form, "cohort": cohort, "session": session})


@login_required
@require_POST
@domain_errors
def session_delete(request, session_id: int):
    session = session_for(request.user, session_id, Action.MANAGE_SESSIONS)
    svc.session_delete(actor=request.user, session=session)
    messages.success(request, _("The session has been cancelled."))
    return redirect("learning:cohort_sessions", code=session.cohort.code)


@login_required
@domain_errors
def session_detail(request, session_id: int):
    """A session; staff who take attendance get the whole list as one form."""
    session = session_for(request.user, session_id)
    can_attend = allows(request.user, Action.RECORD_ATTENDANCE, cohort_id=session.cohort_id)
    if request.method == "POST":
        if not can_attend:
            raise Http404
        try:
            added, removed = svc.attendance_record(
                actor=request.user, session=session, present=ints(request.POST.getlist("present"))
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Attendance saved: %(added)s marked present, %(removed)s removed.")
                % {"added": added, "removed": removed},
            )
        return redirect("learning:session", session_id=session.pk)
    return render(
        request,
        "learning/session_detail.html",
        {
            "session": session,
            "sheet": attendance_sheet(session) if can_attend else [],
            "can_attend": can_attend,
            "started": session.start <= timezone.now(),
            "can_manage": allows(request.user, Action.MANAGE_SESSIONS, cohort_id=session.cohort_id),
        },
    )


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@domain_errors
def cohort_feed(request, code: str):
    """The cohort's calendar, for its members (logged in)."""
    cohort = cohort_for(request.user, code)
    return _ics(cal.cohort_feed(cohort), f"{cohort.code}.ics")


def person_feed(request, person_id: int, token: str):
    """A person's private calendar at a secret address (no login: calendar apps fetch it)."""
    person = cal.person_for_feed(person_id, token)
    if person is None:
        raise Http404
    response = _ics(cal.person_feed(person), "biblio.ics")
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
def my_calendar(request):
    """The person's upcoming sessions and their private calendar address (reset on request)."""
    form = CalendarResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        calendar_svc.calendar_token_reset(actor=request.user)
        messages.success(request, _("Your calendar has a new address; the old one no longer works."))
        return redirect("learning:my_calendar")
    token = request.user.calendar_token or calendar_svc.calendar_token_ensure(actor=request.user)
    feed = request.build_absolute_uri(reverse("learning:person_feed", args=[request.user.pk, token]))
    return render(
        request,
        "learning/my_calendar.html",
        {
            "form": form,
            "feed_url": feed,
            "webcal_url": "webcal://" + feed.split("://", 1)[1],
            "sessions": upcoming_for(request.user, limit=20),
        },
    )
