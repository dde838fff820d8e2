"""Logging hours (participants) and reviewing them (trainers, moderators, coordinators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biblio.accounts.permissions import Action, cohort_ids_with, is_admin
from biblio.core.actions import act_and_redirect
from biblio.core.errors import DomainError
from biblio.core.templatetags.biblio import hours
from biblio.programmes.models import Cohort, LearningMode, Module

from ..files import file_response
from ..forms import HourEntryForm, RejectForm, add_domain_errors
from ..models import HourEntry
from ..rules import BLENDED_MODES
from ..selectors.access import entry_for
from ..selectors.enrolments import active_enrolments
from ..selectors.entries import own_entry_rows, review_queue
from ..services import entries as svc
from ._common import domain_errors, int_or_none, ints, paginate

RENAME = {"minutes": "hours"}


def logbook_url() -> str:
    """Work-based hours are the workplace app's; link there when it is installed."""
    for name in ("workplace:logbook_own", "workplace:index"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


def _modules_for(enrolments):
    return (
        Module.objects.filter(programme_modules__programme_id__in={e.programme_id for e in enrolments})
        .exclude(mode=LearningMode.WORK_BASED)  # the logbook's
        .distinct()
        .order_by("code")
    )


# The status tags of learning/_status.html, for the list of entries.
STATUS_TAG = {"approved": "tag--ok", "rejected": "tag--bad", "submitted": "tag--warn"}


def _url_of_id(name: str):
    """`reverse(name, args=[id])` for many ids at the cost of one reverse: the URL's parts around the id."""
    sentinel = 2**62 - 1
    before, after = reverse(name, args=[sentinel]).split(str(sentinel))
    return lambda pk: f"{before}{pk}{after}"


def _entry_rows(rows) -> list[dict]:
    """The page's rows with what the template shows worked out once here (labels, hours, date, links):
    per-row filters, includes and `get_FOO_display` were most of the page's cost."""
    modes = {value: str(label) for value, label in LearningMode.choices}
    statuses = {value: str(label) for value, label in HourEntry.Status.choices}
    edit, withdraw, evidence = (
        _url_of_id("learning:entry_edit"),
        _url_of_id("learning:entry_withdraw"),
        _url_of_id("learning:entry_evidence"),
    )
    found = []
    for row in rows:
        pk, status = row["pk"], row["status"]
        editable = status == HourEntry.Status.SUBMITTED and row["mode"] != LearningMode.WORK_BASED
        found.append(
            {
                **row,
                "day": date_format(row["date"], "j M Y"),
                "mode_label": modes.get(row["mode"], row["mode"]),
                "status_label": statuses.get(status, status),
                "tag": STATUS_TAG.get(status, ""),
                "hours": hours(row["minutes"]),
                "note": Truncator(row["note"]).chars(120),
                "evidence_url": evidence(pk) if row["evidence"] else "",
                "edit_url": edit(pk) if editable else "",
                "withdraw_url": withdraw(pk) if editable else "",
            }
        )
    return found


@login_required
def my_entries(request):
    status = request.GET.get("status", "")
    if status not in HourEntry.Status.values:
        status = ""
    page = paginate(request, own_entry_rows(request.user, status=status))
    return render(
        request,
        "learning/my_entries.html",
        {
            "page": page,
            "rows": _entry_rows(page.object_list),
            "status": status,
            "statuses": HourEntry.Status.choices,
            "logbook_url": logbook_url(),
        },
    )


@login_required
def entry_create(request):
    enrolments = list(active_enrolments(request.user))
    if not enrolments:
        return render(request, "learning/entry_form.html", {"no_enrolment": True})
    by_pk = {e.pk: e for e in enrolments}
    today = timezone.localdate()
    module = Module.objects.filter(code=request.GET.get("module", "")).first()
    initial = {
        "enrolment": enrolments[0].pk,
        "date": min(today, enrolments[0].cohort.end),
        "mode": request.GET.get("mode") if request.GET.get("mode") in BLENDED_MODES else "online",
        "module": module.pk if module else None,
    }
    form = HourEntryForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        enrolments=active_enrolments(request.user),
        modules=_modules_for(enrolments),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.hour_entry_create(
                actor=request.user,
                enrolment=by_pk.get(data["enrolment"].pk, data["enrolment"]),
                mode=data["mode"],
                module=data["module"],
                date=data["date"],
                minutes=form.minutes,
                note=data["note"],
                evidence=data["evidence"],
            )
        except DomainError as error:
            add_domain_errors(form, error, RENAME)
        else:
            messages.success(request, _("Your hours are logged and wait for approval."))
            if request.POST.get("another"):
                return redirect("learning:entry_create")
            return redirect("learning:my_entries")
    return render(
        request,
        "learning/entry_form.html",
        {
            "form": form,
            "logbook_url": logbook_url(),
            "editing": False,
            "single_enrolment": enrolments[0].pk if len(enrolments) == 1 else None,
        },
    )


@login_required
@domain_errors
def entry_edit(request, entry_id: int):
    entry = entry_for(request.user, entry_id, Action.LOG_HOURS)
    if entry.status != HourEntry.Status.SUBMITTED:
        messages.error(request, svc.NOT_EDITABLE)
        return redirect("learning:my_entries")
    initial = {
        "mode": entry.mode,
        "module": entry.module_id,
        "date": entry.date,
        "hours": round(entry.minutes / 60, 2),
        "note": entry.note,
    }
    form = HourEntryForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        enrolments=None,
        modules=_modules_for([entry.enrolment]),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.hour_entry_update(
                actor=request.user,
                entry=entry,
                mode=data["mode"],
                module=data["module"],
                date=data["date"],
                minutes=form.minutes,
                note=data["note"],
                evidence=data["evidence"],
                remove_evidence=data.get("remove_evidence", False),
            )
        except DomainError as error:
            add_domain_errors(form, error, RENAME)
        else:
            messages.success(request, _("The entry has been changed."))
            return redirect("learning:my_entries")
    return render(
        request,
        "learning/entry_form.html",
        {"form": form, "entry": entry, "editing": True, "logbook_url": logbook_url()},
    )


@login_required
@require_POST
@domain_errors
def entry_withdraw(request, entry_id: int):
    entry = entry_for(request.user, entry_id, Action.LOG_HOURS)
    return act_and_redirect(
        request,
        lambda: svc.hour_entry_withdraw(actor=request.user, entry=entry),
        success=_("The entry has been withdrawn."),
        to="learning:my_entries",
    )


@login_required
@domain_errors
def entry_evidence(request, entry_id: int):
    """The evidence file, only for those who may see the entry."""
    entry = entry_for(request.user, entry_id)
    return file_response(entry.evidence)


@login_required
def review(request):
    """Entries waiting for this reviewer, oldest first, with bulk approval."""
    cohort_ids = cohort_ids_with(request.user, Action.REVIEW_HOURS)
    cohorts = Cohort.objects.order_by("-start", "name")
    if not is_admin(request.user):
        cohorts = cohorts.filter(pk__in=cohort_ids)
    cohorts = list(cohorts)
    if not cohorts and not is_admin(request.user):  # no reviewing role: not found, like the rest
        raise Http404
    cohort_id = int_or_none(request.GET.get("cohort"))
    mode = request.GET.get("mode", "")
    participant = request.GET.get("q", "").strip()[:100]
    queue = review_queue(request.user, cohort_id=cohort_id, mode=mode, participant=participant)
    return render(
        request,
        "learning/review.html",
        {
            "page": paginate(request, queue),
            "cohorts": cohorts,
            "cohort_id": cohort_id,
            "mode": mode,
            "q": participant,
            "modes": [(m, HourEntry(mode=m).get_mode_display()) for m in BLENDED_MODES],
            "is_reviewer": bool(cohorts),
            "query": request.GET.urlencode(),
        },
    )


def _back(request):
    target = request.POST.get("next", "")
    if target.startswith("/learning/") and "//" not in target:
        return redirect(target)
    return redirect("learning:review")


@login_required
@require_POST
@domain_errors
def entry_approve(request, entry_id: int):
    entry = entry_for(request.user, entry_id, Action.REVIEW_HOURS)
    return act_and_redirect(
        request,
        lambda: svc.hour_entry_approve(actor=request.user, entry=entry),
        success=lambda _entry: _("Approved %(name)s's entry.") % {"name": entry.enrolment.person.full_name},
        to=lambda: _back(request),
    )


@login_required
@domain_errors
def entry_reject(request, entry_id: int):
    """A small page (or the inline form in the queue) to reject with a reason."""
    entry = entry_for(request.user, entry_id, Action.REVIEW_HOURS)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.hour_entry_reject(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("Rejected %(name)s's entry; they have been e-mailed the reason.")
                % {"name": entry.enrolment.person.full_name},
            )
            return _back(request)
    return render(
        request,
        "learning/entry_reject.html",
        {"entry": entry, "form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def entries_approve_bulk(request):
    ids = ints(request.POST.getlist("entries"))
    if not ids:
        messages.error(request, _("Tick the entries to approve first."))
        return _back(request)
    approved, skipped = svc.hour_entries_approve_bulk(actor=request.user, entry_ids=ids)
    text = _("%(n)s entries approved.") % {"n": approved}
    if skipped:
        text += " " + _("%(n)s could not be approved (already reviewed or not yours).") % {"n": skipped}
    if approved:
        messages.success(request, text)
    else:
        messages.error(request, text)
    return _back(request)
