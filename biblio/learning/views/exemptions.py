"""Recognition of prior learning: participants ask to skip a module; coordinators decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biblio.accounts.permissions import Action, allows
from biblio.core.actions import act_and_redirect
from biblio.core.errors import DomainError
from biblio.programmes.models import Module, ProgrammeModule

from ..files import file_response
from ..forms import ExemptionDecisionForm, ExemptionForm, add_domain_errors
from ..models import Exemption
from ..selectors.access import cohort_for, exemption_for
from ..selectors.enrolments import active_enrolments
from ..selectors.exemptions import exemption_queue, exemptions_of_person
from ..services import exemptions as svc
from ._common import domain_errors


@login_required
def my_exemptions(request):
    return render(
        request,
        "learning/my_exemptions.html",
        {"exemptions": list(exemptions_of_person(request.user))},
    )


@login_required
def exemption_create(request):
    enrolments = list(active_enrolments(request.user))
    if not enrolments:
        return render(request, "learning/exemption_form.html", {"no_enrolment": True})
    modules = (
        Module.objects.filter(
            pk__in=ProgrammeModule.objects.filter(
                programme_id__in={e.programme_id for e in enrolments}
            ).values("module_id")
        )
        .exclude(pk__in=Exemption.objects.filter(enrolment__in=enrolments).values("module_id"))
        .order_by("code")
    )
    module = Module.objects.filter(code=request.GET.get("module", "")).first()
    form = ExemptionForm(
        request.POST or None,
        request.FILES or None,
        initial={"enrolment": enrolments[0].pk, "module": module.pk if module else None},
        enrolments=active_enrolments(request.user),
        modules=modules,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.exemption_request(
                actor=request.user,
                enrolment=data["enrolment"],
                module=data["module"],
                reason=data["reason"],
                evidence=data["evidence"],
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your request has been sent to the coordinator."))
            return redirect("learning:exemptions")
    return render(request, "learning/exemption_form.html", {"form": form})


@login_required
@require_POST
@domain_errors
def exemption_withdraw(request, exemption_id: int):
    exemption = exemption_for(request.user, exemption_id, Action.LOG_HOURS)
    return act_and_redirect(
        request,
        lambda: svc.exemption_withdraw(actor=request.user, exemption=exemption),
        success=_("Your request has been withdrawn."),
        to="learning:exemptions",
    )


@login_required
@domain_errors
def exemption_evidence(request, exemption_id: int):
    exemption = exemption_for(request.user, exemption_id)
    return file_response(exemption.evidence)


@login_required
@domain_errors
def cohort_exemptions(request, code: str):
    cohort = cohort_for(request.user, code, Action.VIEW_COHORT)
    status = request.GET.get("status", "")
    if status not in Exemption.Status.values:
        status = ""
    return render(
        request,
        "learning/cohort_exemptions.html",
        {
            "cohort": cohort,
            "exemptions": list(exemption_queue(cohort, status=status)),
            "status": status,
            "statuses": Exemption.Status.choices,
            "can_decide": allows(request.user, Action.DECIDE_EXEMPTION, cohort_id=cohort.pk),
        },
    )


@login_required
@domain_errors
def exemption_decide(request, exemption_id: int):
    """The coordinator reads the request and its certificate, then approves or rejects."""
    exemption = exemption_for(request.user, exemption_id)
    can_decide = allows(request.user, Action.DECIDE_EXEMPTION, cohort_id=exemption.enrolment.cohort_id)
    form = ExemptionDecisionForm(request.POST or None)
    if request.method == "POST":
        exemption = exemption_for(request.user, exemption_id, Action.DECIDE_EXEMPTION)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("decision") == "approve":
                    hours = data["hours"]
                    svc.exemption_approve(
                        actor=request.user,
                        exemption=exemption,
                        note=data["note"],
                        minutes=round(hours * 60) if hours else None,
                    )
                    messages.success(request, _("The exemption is approved."))
                else:
                    svc.exemption_reject(actor=request.user, exemption=exemption, note=data["note"])
                    messages.success(request, _("The request is rejected."))
            except DomainError as error:
                add_domain_errors(form, error, {"recognised_minutes": "hours"})
            else:
                return redirect("learning:cohort_exemptions", code=exemption.enrolment.cohort.code)
    return render(
        request,
        "learning/exemption_decide.html",
        {"exemption": exemption, "form": form, "can_decide": can_decide},
        status=400 if request.method == "POST" else 200,
    )
