"""Placements (the coordinator's roster and assignment form), the mentor's home and the final evaluation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from biblio.accounts.models import Role
from biblio.accounts.permissions import Action, is_admin, mentor_cohort_ids, roles_by_cohort
from biblio.core.errors import DomainError, NotFound, PermissionDenied

from ..forms import EvaluationForm, PlacementForm, add_domain_error
from ..policy import DENIED, NOT_FOUND, may, require_sign_off
from ..selectors.access import enrolment_for
from ..selectors.evaluation import evaluation_form, evaluation_of
from ..selectors.mentor import mentor_home
from ..selectors.placements import (
    host_choices,
    may_see_roster,
    mentor_history,
    mentor_suggestions,
    placement_roster,
    staff_cohorts,
)
from ..services.evaluation import evaluation_save
from ..services.placements import placement_assign


@login_required
def index(request):
    """Send each person to the page they most likely came for."""
    roles = set().union(*roles_by_cohort(request.user).values()) if roles_by_cohort(request.user) else set()
    if Role.MENTOR in roles:
        return redirect("workplace:mentor")
    if roles & {Role.COORDINATOR, Role.TRAINER, Role.MODERATOR} or is_admin(request.user):
        return redirect("workplace:placements")
    return redirect("workplace:logbook_own")


@login_required
def mentor_page(request):
    if not (mentor_cohort_ids(request.user) or is_admin(request.user)):
        raise NotFound(NOT_FOUND)
    return render(request, "workplace/mentor.html", {"home": mentor_home(request.user)})


@login_required
def placements_page(request):
    cohorts = list(staff_cohorts(request.user).order_by("-start", "country"))
    if not cohorts:
        raise NotFound(NOT_FOUND)
    cohort = cohorts[0]
    wanted = request.GET.get("cohort", "")
    if wanted:
        cohort = next((c for c in cohorts if str(c.pk) == wanted), None)
        if cohort is None or not may_see_roster(request.user, cohort.pk):
            raise NotFound(NOT_FOUND)
    rows = placement_roster(request.user, cohort=cohort)
    return render(
        request,
        "workplace/placements.html",
        {
            "cohorts": cohorts,
            "cohort": cohort,
            "rows": rows,
            "can_assign": is_admin(request.user)
            or Role.COORDINATOR in roles_by_cohort(request.user).get(cohort.pk, frozenset()),
        },
    )


@login_required
def placement_page(request, enrolment_id: int):
    enrolment = enrolment_for(request.user, enrolment_id)
    placement = getattr(enrolment, "placement", None)
    evaluation = evaluation_of(placement)
    can_sign = may(request.user, Action.SIGN_OFF_WORK, enrolment)
    return render(
        request,
        "workplace/placement.html",
        {
            "enrolment": enrolment,
            "placement": placement,
            "history": mentor_history(placement) if placement else [],
            "evaluation": evaluation if evaluation and (evaluation.submitted_at or can_sign) else None,
            "can_assign": may(request.user, Action.ASSIGN_PLACEMENT, enrolment),
            "can_sign": can_sign,
        },
    )


@login_required
def placement_assign_page(request, enrolment_id: int):
    enrolment = enrolment_for(request.user, enrolment_id)
    if not may(request.user, Action.ASSIGN_PLACEMENT, enrolment):
        raise PermissionDenied(DENIED[Action.ASSIGN_PLACEMENT])
    placement = getattr(enrolment, "placement", None)
    cohort = enrolment.cohort
    hosts = host_choices(cohort)
    if request.method == "POST":
        form = PlacementForm(request.POST, hosts=hosts)
        if form.is_valid():
            data = form.cleaned_data
            try:
                placement_assign(
                    actor=request.user,
                    enrolment=enrolment,
                    host=data["host"],
                    mentor=form.mentor,
                    start=data["start"],
                    end=data["end"],
                    planned_hours=data["planned_hours"],
                    note=data["note"],
                )
            except DomainError as exc:
                add_domain_error(form, exc, PlacementForm.ALIASES)
            else:
                messages.success(request, _("The placement was saved."))
                return redirect("workplace:placement", enrolment.pk)
    else:
        form = PlacementForm(
            hosts=hosts,
            initial={
                "host": placement.host_id if placement else enrolment.person.organisation_id,
                "mentor_email": placement.mentor.email if placement and placement.mentor else "",
                "start": placement.start if placement else cohort.wb_start,
                "end": placement.end if placement else cohort.wb_end,
                "planned_hours": placement.planned_hours if placement else 165,
            },
        )
    return render(
        request,
        "workplace/placement_form.html",
        {
            "enrolment": enrolment,
            "placement": placement,
            "form": form,
            "suggestions": mentor_suggestions(cohort),
        },
        status=400 if form.errors else 200,
    )


@login_required
def evaluation_page(request, enrolment_id: int):
    enrolment = enrolment_for(request.user, enrolment_id)
    require_sign_off(request.user, enrolment)
    placement = getattr(enrolment, "placement", None)
    if placement is None:
        raise NotFound(NOT_FOUND)
    data = evaluation_form(enrolment, placement)
    if data.evaluation and data.evaluation.submitted_at:
        return redirect("workplace:placement", enrolment.pk)
    form = EvaluationForm(
        request.POST or None, initial=data.initial, requirements=data.requirements, levels=data.levels
    )
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            evaluation_save(
                actor=request.user,
                enrolment=enrolment,
                narrative=form.cleaned_data["narrative"],
                levels=form.levels(),
                submit=submit,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if submit:
                messages.success(
                    request, _("The final evaluation was submitted: the work-based learning is signed off.")
                )
                return redirect("workplace:placement", enrolment.pk)
            messages.success(request, _("Your draft evaluation was saved."))
            return redirect("workplace:evaluation", enrolment.pk)
    return render(
        request,
        "workplace/evaluation_form.html",
        {"enrolment": enrolment, "placement": placement, "form": form, "wb": data.progress},
        status=400 if form.errors else 200,
    )
