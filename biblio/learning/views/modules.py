"""The learning offer: modules, their pages, and the materials trainers attach."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biblio.accounts.permissions import Action
from biblio.core.errors import DomainError
from biblio.programmes.models import Module

from ..files import file_response
from ..forms import MaterialForm, add_domain_errors
from ..selectors.access import cohort_for, material_for
from ..selectors.modules import module_page, offer_for
from ..services import materials as svc
from ._common import domain_errors


@login_required
def offer(request):
    return render(request, "learning/offer.html", {"offers": offer_for(request.user)})


@login_required
@domain_errors
def module_detail(request, code: str):
    return render(request, "learning/module.html", {"page": module_page(request.user, code)})


def _modules(cohort):
    return (
        Module.objects.filter(programme_modules__programme__track_cohorts=cohort).distinct().order_by("code")
    )


@login_required
@domain_errors
def material_create(request, code: str):
    cohort = cohort_for(request.user, code, Action.MANAGE_SESSIONS)
    module = Module.objects.filter(code=request.GET.get("module", "")).first()
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        initial={"module": module.pk if module else None},
        modules=_modules(cohort),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            material = svc.material_create(
                actor=request.user,
                cohort=cohort,
                module=data["module"],
                title=data["title"],
                minutes=data["minutes"],
                kind=data["kind"],
                file=data["file"],
                url=data["url"],
                description=data["description"],
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The material has been added."))
            return redirect("learning:module", code=material.module.code)
    return render(request, "learning/material_form.html", {"form": form, "cohort": cohort})


@login_required
@domain_errors
def material_edit(request, material_id: int):
    material = material_for(request.user, material_id, Action.MANAGE_SESSIONS)
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "title": material.title,
            "minutes": material.minutes,
            "url": material.url,
            "description": material.description,
        },
        modules=Module.objects.none(),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.material_update(
                actor=request.user,
                material=material,
                title=data["title"],
                minutes=data["minutes"],
                url=data["url"],
                description=data["description"],
                file=data["file"],
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The material has been changed."))
            return redirect("learning:module", code=material.module.code)
    return render(
        request,
        "learning/material_form.html",
        {"form": form, "cohort": material.cohort, "material": material},
    )


@login_required
@require_POST
@domain_errors
def material_delete(request, material_id: int):
    material = material_for(request.user, material_id, Action.MANAGE_SESSIONS)
    code = material.module.code
    svc.material_delete(actor=request.user, material=material)
    messages.success(request, _("The material has been removed."))
    return redirect("learning:module", code=code)


@login_required
@require_POST
@domain_errors
def material_move(request, material_id: int):
    material = material_for(request.user, material_id, Action.MANAGE_SESSIONS)
    svc.material_move(actor=request.user, material=material, up=request.POST.get("up") == "1")
    return redirect("learning:module", code=material.module.code)


@login_required
@domain_errors
def material_file(request, material_id: int):
    """A material's file, for members of its cohort."""
    material = material_for(request.user, material_id)
    return file_response(material.file)
