"""Pages: frameworks and profiles (public), self-assessment, skills and learning path, cohort gains."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biblio.accounts.permissions import Action
from biblio.core.errors import DomainError, NotFound
from biblio.programmes.models import Module

from . import gains, results, selectors, services
from .forms import PathAdjustForm, PathRemoveForm, SelfAssessmentForm, StartForm
from .interop.case import case_package
from .interop.moodle_export import moodle_export
from .models import RoleProfile, SelfAssessment


def _get_or_404(fetch, *args, **kwargs):
    try:
        return fetch(*args, **kwargs)
    except NotFound as exc:
        raise Http404 from exc


# --- Public: frameworks and profiles ----------------------------------------------------------


def index(request):
    return render(
        request,
        "competences/index.html",
        {"frameworks": selectors.framework_list(), "profiles": selectors.profile_list()},
    )


def framework_detail(request, slug: str, version: str):
    framework = _get_or_404(selectors.framework_get, slug=slug, version=version)
    bundle = selectors.framework_bundle(framework)
    return render(request, "competences/framework.html", {"bundle": bundle, "tree": bundle.tree()})


def framework_moodle(request, slug: str, version: str):
    framework = _get_or_404(selectors.framework_get, slug=slug, version=version)
    response = HttpResponse(
        moodle_export(selectors.framework_bundle(framework)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{framework.slug}-{framework.version}-moodle.csv"'
    )
    return response


def framework_case(request, slug: str, version: str):
    framework = _get_or_404(selectors.framework_get, slug=slug, version=version)
    body = json.dumps(case_package(selectors.framework_bundle(framework)), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{framework.slug}-{framework.version}-case.json"'
    return response


def profile_detail(request, code: str):
    profile = _get_or_404(selectors.profile_get, code=code)
    requirements = selectors.profile_requirements([profile.pk])[profile.pk]
    return render(
        request,
        "competences/profile.html",
        {"profile": profile, "groups": results.group_by_area(requirements, {})},
    )


# --- Self-assessment --------------------------------------------------------------------------


@login_required
def my_assessments(request):
    return render(
        request,
        "competences/my_assessments.html",
        {"profiles": results.my_self_assessments(request.user)},
    )


@login_required
@require_POST
def assessment_start(request):
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role profile and a moment."))
        return redirect("competences:mine")
    profile = RoleProfile.objects.filter(pk=form.cleaned_data["profile"]).first()
    if profile is None:
        messages.error(request, _("Choose a role profile and a moment."))
        return redirect("competences:mine")
    try:
        assessment = services.self_assessment_start(
            actor=request.user, person=request.user, profile=profile, moment=form.cleaned_data["moment"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("competences:mine")
    return redirect("competences:assessment", pk=assessment.pk)


@login_required
def assessment_detail(request, pk: int):
    assessment = _get_or_404(results.self_assessment_for, request.user, pk)
    editable = assessment.status == SelfAssessment.Status.DRAFT and assessment.person_id == request.user.pk
    sheet = results.assessment_sheet(assessment)
    form = None
    if editable:
        form = SelfAssessmentForm(request.POST or None, sheet=sheet)
        if request.method == "POST" and form.is_valid():
            try:
                if form.submitting:
                    services.self_assessment_submit(
                        actor=request.user, assessment=assessment, ratings=form.ratings()
                    )
                    messages.success(request, _("Your self-assessment has been submitted."))
                    return redirect(_after_submit(request.user, assessment))
                services.self_assessment_save(
                    actor=request.user, assessment=assessment, ratings=form.ratings()
                )
                messages.success(request, _("Your answers are saved as a draft."))
                return redirect("competences:assessment", pk=assessment.pk)
            except DomainError as exc:
                form.add_error(None, exc.message)
                for name, errors in exc.fields.items():
                    for error in errors:
                        if name in form.fields:
                            form.add_error(name, error)
        if request.method == "POST":
            sheet = _sheet_with_posted(sheet, form)
    elif request.method == "POST":
        messages.error(request, _("This self-assessment has been submitted; it can no longer be changed."))
    return render(
        request,
        "competences/assessment.html",
        {"assessment": assessment, "sheet": sheet, "form": form, "editable": editable},
        status=400 if form is not None and form.errors else 200,
    )


def _sheet_with_posted(sheet, form):
    """Show what was just chosen, even when the page comes back with errors."""
    for item in sheet.items:
        raw = form.data.get(item.field_name)
        item.level = int(raw) if raw not in (None, "") and str(raw).isdigit() else item.level
    return sheet


def _after_submit(person, assessment) -> str:
    opening = selectors.profiles_open_to(person).get(assessment.profile_id)
    if opening and opening.enrolment is not None:
        return f"{_url('competences:skills', enrolment_id=opening.enrolment.pk)}#chart"
    if opening and opening.programmes:
        return _url("competences:preview", slug=opening.programmes[0].slug)
    return _url("competences:assessment", pk=assessment.pk)


def _url(name, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


# --- Skills: chart, gap and learning path -----------------------------------------------------


@login_required
def my_skills(request):
    """The participant's current course, or their self-assessments when they have none."""
    for opening in results.my_self_assessments(request.user):
        if opening.opening.enrolment is not None:
            return redirect("competences:skills", enrolment_id=opening.opening.enrolment.pk)
    return redirect("competences:mine")


@login_required
def skills(request, enrolment_id: int):
    page = _get_or_404(results.enrolment_skills, request.user, enrolment_id)
    form = PathAdjustForm(modules=page.modules) if page.can_adjust else None
    return render(request, "competences/skills.html", {"page": page, "adjust_form": form})


@login_required
@require_POST
def path_adjust(request, enrolment_id: int):
    page = _get_or_404(results.enrolment_skills, request.user, enrolment_id)
    form = PathAdjustForm(request.POST, modules=page.modules)
    if form.is_valid():
        module = next(m for m in page.modules if m.id == form.cleaned_data["module"])
        try:
            services.path_adjust(
                actor=request.user,
                enrolment=page.enrolment,
                module=_module(module.id),
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            if exc.status_code == 403:
                raise
            for name, errors in (exc.fields or {"__all__": [exc.message]}).items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("The learning path has been adjusted."))
            return redirect(f"{_url('competences:skills', enrolment_id=enrolment_id)}#path")
    return render(request, "competences/skills.html", {"page": page, "adjust_form": form}, status=400)


@login_required
@require_POST
def path_remove(request, enrolment_id: int):
    page = _get_or_404(results.enrolment_skills, request.user, enrolment_id)
    form = PathRemoveForm(request.POST)
    known = {m.id for m in page.modules}
    if form.is_valid() and form.cleaned_data["module"] in known:
        try:
            services.path_adjustment_remove(
                actor=request.user, enrolment=page.enrolment, module=_module(form.cleaned_data["module"])
            )
            messages.success(request, _("The adjustment has been removed."))
        except DomainError as exc:
            if exc.status_code == 403:
                raise
            messages.error(request, exc.message)
    else:
        messages.error(request, _("There is no adjustment for this module to remove."))
    return redirect(f"{_url('competences:skills', enrolment_id=enrolment_id)}#path")


def _module(module_id: int) -> Module:
    return Module.objects.get(pk=module_id)


@login_required
def preview(request, slug: str):
    page = _get_or_404(results.programme_preview, request.user, slug)
    return render(request, "competences/skills.html", {"page": page, "adjust_form": None})


# --- Cohort staff -----------------------------------------------------------------------------


@login_required
def cohort(request, cohort_id: int):
    cohort = _get_or_404(selectors.cohort_for, request.user, cohort_id, Action.VIEW_SELF_ASSESSMENT)
    rows = selectors.cohort_self_assessments(request.user, cohort)
    return render(request, "competences/cohort.html", {"cohort": cohort, "rows": rows})


@login_required
def cohort_gains(request, cohort_id: int):
    cohort = _get_or_404(selectors.cohort_for, request.user, cohort_id)
    return render(
        request, "competences/gains.html", {"cohort": cohort, "report": gains.gains_report([cohort.pk])}
    )
