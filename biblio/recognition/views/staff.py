"""Pages for trainers and coordinators: who is eligible, assessments, issuing and revoking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biblio.accounts.permissions import Action, allows, allows_on_enrolment, is_admin
from biblio.core.errors import DomainError, NotFound, PermissionDenied

from .. import issuing, selectors, services
from ..forms import AssessmentForm, RevokeForm, add_domain_errors

FILTERS = {"eligible", "open", "issued"}


@login_required
def index(request):
    """The cohorts whose assessments and certificates the person looks after (404 for whom has none)."""
    cohorts = selectors.recognition_cohorts(request.user)
    if not cohorts and not is_admin(request.user):
        raise NotFound("Not found.")
    return render(request, "recognition/index.html", {"cohorts": cohorts})


@login_required
def cohort(request, cohort_id: int):
    """Every participant: eligible or not, each open reason, and the certificate if issued."""
    found = selectors.cohort_for(request.user, cohort_id)
    rows = selectors.cohort_rows(found)
    show = request.GET.get("show", "")
    counts = {kind: sum(1 for r in rows if _row_kind(r) == kind) for kind in FILTERS}
    counts["all"] = len(rows)
    if show in FILTERS:
        rows = [r for r in rows if _row_kind(r) == show]
    return render(
        request,
        "recognition/cohort.html",
        {
            "cohort": found,
            "rows": rows,
            "show": show if show in FILTERS else "",
            "counts": counts,
            "can_issue": allows(request.user, Action.ISSUE_CREDENTIAL, cohort_id=found.pk),
        },
    )


def _row_kind(row) -> str:
    if row.in_force:
        return "issued"
    return "eligible" if row.issuable else "open"


@login_required
@require_POST
def cohort_issue(request, cohort_id: int):
    """Start issuing every eligible certificate of the cohort in the background."""
    found = selectors.cohort_for(request.user, cohort_id)
    job = issuing.cohort_issue_start(actor=request.user, cohort=found)
    return redirect("recognition:job", job_id=job.pk)


@login_required
def job(request, job_id):
    """The progress of a bulk run; the progress part refreshes itself (htmx) until the run ends."""
    found = selectors.job_for(request.user, job_id)
    template = "recognition/_job_progress.html" if request.htmx else "recognition/job.html"
    return render(request, template, {"job": found})


def _enrolment_page(request, enrolment, *, form=None, revoke_form=None, status=200):
    overview = selectors.enrolment_overview(enrolment)
    can_assess = allows_on_enrolment(request.user, Action.RECORD_ASSESSMENT, enrolment)
    if form is None and can_assess:
        form = AssessmentForm(modules=overview.modules)
    return render(
        request,
        "recognition/enrolment.html",
        {
            "enrolment": enrolment,
            "overview": overview,
            "completion": overview.completion,
            "form": form if can_assess else None,
            "revoke_form": revoke_form or RevokeForm(),
            "can_assess": can_assess,
            "can_issue": allows(request.user, Action.ISSUE_CREDENTIAL, cohort_id=enrolment.cohort_id),
            "in_force": next((c for c in overview.credentials if c.revoked_at is None), None),
        },
        status=status,
    )


@login_required
def enrolment(request, enrolment_id: int):
    """One participant: what is still open, the assessments, the certificate; staff record here."""
    found = selectors.enrolment_for(request.user, enrolment_id)
    if request.method != "POST":
        return _enrolment_page(request, found)
    if not allows_on_enrolment(request.user, Action.RECORD_ASSESSMENT, found):
        raise PermissionDenied(services.NOT_ALLOWED_TO_ASSESS)
    form = AssessmentForm(request.POST, modules=selectors.enrolment_overview(found).modules)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record(
                actor=request.user,
                enrolment=found,
                module=selectors.track_module(found, data["module"]),
                method=data["method"],
                result=data["result"],
                on=data["date"],
                score=data["score"],
                comment=data["comment"],
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The assessment has been recorded."))
            return redirect("recognition:enrolment", enrolment_id=found.pk)
    return _enrolment_page(request, found, form=form, status=400)


@login_required
def assessment_edit(request, assessment_id: int):
    """Correct or delete an assessment (audited)."""
    assessment = selectors.assessment_for(request.user, assessment_id)
    found = assessment.enrolment
    if not allows_on_enrolment(request.user, Action.RECORD_ASSESSMENT, found):
        raise PermissionDenied(services.NOT_ALLOWED_TO_ASSESS)
    modules = selectors.enrolment_overview(found).modules
    initial = {
        "module": assessment.module_id,
        "method": assessment.method,
        "result": assessment.result,
        "score": assessment.score,
        "date": assessment.date,
        "comment": assessment.comment,
    }
    form = AssessmentForm(request.POST or None, initial=initial, modules=modules)
    if request.method == "POST":
        try:
            if "delete" in request.POST:
                services.assessment_delete(actor=request.user, assessment=assessment)
                messages.success(request, _("The assessment has been deleted."))
                return redirect("recognition:enrolment", enrolment_id=found.pk)
            if form.is_valid():
                data = form.cleaned_data
                services.assessment_update(
                    actor=request.user,
                    assessment=assessment,
                    module=selectors.track_module(found, data["module"]),
                    method=data["method"],
                    result=data["result"],
                    on=data["date"],
                    score=data["score"],
                    comment=data["comment"],
                )
                messages.success(request, _("The assessment has been corrected."))
                return redirect("recognition:enrolment", enrolment_id=found.pk)
        except DomainError as error:
            if error.status_code != 400:
                raise
            add_domain_errors(form, error)
    return render(
        request,
        "recognition/assessment_form.html",
        {"assessment": assessment, "enrolment": found, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def credential_issue(request, enrolment_id: int):
    """Issue one participant's certificate, then show it."""
    found = selectors.enrolment_for(request.user, enrolment_id)
    try:
        credential = issuing.credential_issue(actor=request.user, enrolment=found)
    except DomainError as error:
        if error.status_code != 400:
            raise
        for message in error.fields.get("__all__", []) or [error.message]:
            messages.error(request, message)
        return redirect("recognition:enrolment", enrolment_id=found.pk)
    messages.success(request, _("Certificate %(number)s has been issued.") % {"number": credential.number})
    return redirect(f"{reverse('recognition:enrolment', args=[found.pk])}#certificate")


@login_required
@require_POST
def credential_revoke(request, public_id):
    """Revoke a certificate with a reason; the reason is public."""
    credential = selectors.credential_for(request.user, public_id)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.credential_revoke(
                actor=request.user, credential=credential, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            if error.status_code != 400:
                raise
            add_domain_errors(form, error)
        else:
            messages.success(
                request, _("Certificate %(number)s has been revoked.") % {"number": credential.number}
            )
            return redirect(f"{reverse('recognition:enrolment', args=[credential.enrolment_id])}#certificate")
    found = selectors.enrolment_for(request.user, credential.enrolment_id)
    return _enrolment_page(request, found, revoke_form=form, status=400)
