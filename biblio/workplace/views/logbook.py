"""The logbook pages: log, edit and withdraw work-based hours; sign them off one by one or a week at a time."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from biblio.accounts.permissions import Action
from biblio.core.actions import act_and_redirect
from biblio.core.errors import DomainError

from ..charts import weekly_chart
from ..dates import week_start
from ..forms import ReturnForm, WorkEntryForm, add_domain_error
from ..policy import may, require_owner, require_sign_off
from ..selectors.access import enrolment_for, own_enrolment, work_entry_for
from ..selectors.logbook import logbook
from ..services import logbook as services


def _url(enrolment_id: int, day: date | None = None) -> str:
    url = reverse("workplace:logbook", args=[enrolment_id])
    return f"{url}#week-{week_start(day).isoformat()}" if day else url


@login_required
def own_logbook(request):
    return redirect("workplace:logbook", own_enrolment(request.user).pk)


@login_required
def logbook_page(request, enrolment_id: int):
    enrolment = enrolment_for(request.user, enrolment_id)
    book = logbook(enrolment)
    form = WorkEntryForm(activities=book.activities, initial={"date": book.today})
    status = 200
    if request.method == "POST":
        form = WorkEntryForm(request.POST, activities=book.activities)
        if form.is_valid():
            try:
                entry = services.work_entry_log(
                    actor=request.user,
                    enrolment=enrolment,
                    date=form.cleaned_data["date"],
                    minutes=form.total_minutes,
                    activity_id=form.cleaned_data["activity"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                add_domain_error(form, exc, WorkEntryForm.ALIASES)
            else:
                messages.success(request, _("Your hours were logged and are waiting for your mentor."))
                return redirect(_url(enrolment.pk, entry.date))
        status = 400
    placement = book.placement
    context = {
        "enrolment": enrolment,
        "book": book,
        "chart": weekly_chart(book),
        "form": form,
        "can_log": may(request.user, Action.LOG_HOURS, enrolment)
        and placement is not None
        and placement.signed_off_at is None,
        "can_sign": may(request.user, Action.SIGN_OFF_WORK, enrolment),
        "weeks_newest_first": list(reversed(book.weeks)),
    }
    return render(request, "workplace/logbook.html", context, status=status)


@login_required
def entry_edit(request, entry_id: int):
    entry = work_entry_for(request.user, entry_id)
    enrolment = entry.enrolment
    require_owner(request.user, enrolment)
    book = logbook(enrolment)
    if request.method == "POST":
        form = WorkEntryForm(request.POST, activities=book.activities)
        if form.is_valid():
            try:
                services.work_entry_edit(
                    actor=request.user,
                    entry=entry,
                    date=form.cleaned_data["date"],
                    minutes=form.total_minutes,
                    activity_id=form.cleaned_data["activity"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                add_domain_error(form, exc, WorkEntryForm.ALIASES)
            else:
                messages.success(request, _("The entry was changed and is waiting for your mentor."))
                return redirect(_url(enrolment.pk, form.cleaned_data["date"]))
    else:
        form = WorkEntryForm(initial=WorkEntryForm.initial_for(entry), activities=book.activities)
    return render(
        request,
        "workplace/entry_form.html",
        {
            "entry": entry,
            "enrolment": enrolment,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def entry_withdraw(request, entry_id: int):
    entry = work_entry_for(request.user, entry_id)
    return act_and_redirect(
        request,
        lambda: services.work_entry_withdraw(actor=request.user, entry=entry),
        success=_("The entry was withdrawn."),
        to=lambda: _url(entry.enrolment_id, entry.date),
    )


@login_required
@require_POST
def entry_approve(request, entry_id: int):
    entry = work_entry_for(request.user, entry_id)
    return act_and_redirect(
        request,
        lambda: services.work_entry_review(actor=request.user, entry=entry, approve=True),
        success=_("The entry was signed off."),
        to=lambda: _url(entry.enrolment_id, entry.date),
        raise_forbidden=True,
    )


@login_required
def entry_return(request, entry_id: int):
    entry = work_entry_for(request.user, entry_id)
    require_sign_off(request.user, entry.enrolment)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.work_entry_review(
                actor=request.user, entry=entry, approve=False, comment=form.cleaned_data["comment"]
            )
        except DomainError as exc:
            if exc.status_code == 403:
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The entry was returned to the participant with your comment."))
            return redirect(_url(entry.enrolment_id, entry.date))
    return render(
        request,
        "workplace/return_form.html",
        {"entry": entry, "enrolment": entry.enrolment, "form": form, "entries": [entry]},
        status=400 if form.errors else 200,
    )


def _week(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


@login_required
@require_POST
def week_approve(request, enrolment_id: int, week: str):
    enrolment = enrolment_for(request.user, enrolment_id)
    monday = _week(week)
    return act_and_redirect(
        request,
        lambda: services.work_week_review(actor=request.user, enrolment=enrolment, week=monday, approve=True),
        success=lambda entries: (
            ngettext(
                "%(count)s entry of the week was signed off.",
                "%(count)s entries of the week were signed off.",
                len(entries),
            )
            % {"count": len(entries)}
        ),
        to=_url(enrolment.pk, monday),
        raise_forbidden=True,
    )


@login_required
def week_return(request, enrolment_id: int, week: str):
    enrolment = enrolment_for(request.user, enrolment_id)
    monday = _week(week)
    require_sign_off(request.user, enrolment)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.work_week_review(
                actor=request.user,
                enrolment=enrolment,
                week=monday,
                approve=False,
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            if exc.status_code == 403:
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The week's entries were returned to the participant."))
            return redirect(_url(enrolment.pk, monday))
    return render(
        request,
        "workplace/return_form.html",
        {"enrolment": enrolment, "form": form, "week": monday},
        status=400 if form.errors else 200,
    )
