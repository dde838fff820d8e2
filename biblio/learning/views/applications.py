"""Applying to a cohort, following one's applications, and selecting applicants."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biblio.accounts.permissions import Action, allows, cohort_q
from biblio.core.errors import DomainError
from biblio.programmes.models import Cohort, Programme

from ..forms import ApplicationForm, NewApplicantForm, RatingForm, ReasonForm, add_domain_errors
from ..models import Application
from ..selectors import applications as sel
from ..selectors.access import application_for, cohort_for, enrolment_for
from ..services import applications as svc
from ._common import domain_errors


def calls(request):
    """Cohorts whose call for applications is open (public)."""
    mine = set()
    if request.user.is_authenticated:
        mine = set(Application.objects.filter(person=request.user).values_list("cohort_id", flat=True))
    return render(request, "learning/calls.html", {"cohorts": list(sel.open_calls()), "applied": mine})


def apply(request, code: str):
    """The application form; for someone without an account it creates one too."""
    cohort = get_object_or_404(
        Cohort.objects.select_related("programme").exclude(programme__kind=Programme.Kind.MOOC),
        code=code,
    )
    if not sel.call_is_open(cohort):
        return render(request, "learning/apply_closed.html", {"cohort": cohort}, status=200)
    user = request.user
    if user.is_authenticated:
        existing = Application.objects.filter(person=user, cohort=cohort).first()
        if existing is not None:
            messages.info(request, _("You have already applied to this cohort."))
            return redirect("learning:my_applications")
    form_class = ApplicationForm if user.is_authenticated else NewApplicantForm
    hosts = sel.host_choices(cohort)
    form = form_class(request.POST or None, cohort=cohort, hosts=hosts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "cohort": cohort,
            "programme": data["programme"],
            "motivation": data["motivation"],
            "host": data["host"],
            "proposed_host": data["proposed_host"],
            "host_agreed": data["host_agreed"],
            "project_idea": data["project_idea"],
        }
        try:
            if user.is_authenticated:
                svc.application_submit(actor=user, **common)
            else:
                application = svc.application_submit_new_person(
                    full_name=data["full_name"],
                    email=data["email"],
                    password=data["password1"],
                    language=(get_language() or "en").split("-")[0],
                    **common,
                )
                login(request, application.person, backend="biblio.accounts.backends.PersonBackend")
        except DomainError as error:
            add_domain_errors(form, error)
        except IntegrityError:  # a double click: the first submission won
            messages.info(request, _("You have already applied to this cohort."))
            return redirect("learning:my_applications")
        else:
            messages.success(
                request, _("Your application has been sent. We have e-mailed you a confirmation.")
            )
            return redirect("learning:my_applications")
    return render(
        request,
        "learning/apply.html",
        {
            "cohort": cohort,
            "form": form,
            "new_person": not user.is_authenticated,
            "mooc_completed": sel.mooc_completed(user) if user.is_authenticated else False,
        },
    )


@login_required
def my_applications(request):
    return render(
        request,
        "learning/my_applications.html",
        {"applications": list(sel.applications_of(request.user))},
    )


@login_required
@require_POST
@domain_errors
def application_withdraw(request, application_id: int):
    application = application_for(request.user, application_id)
    try:
        svc.application_withdraw(actor=request.user, application=application)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("learning:my_applications")


@login_required
@domain_errors
def cohort_applications(request, code: str):
    """The ranked list a coordinator selects from (trainers see it to rate ideas)."""
    cohort = cohort_for(request.user, code, Action.REVIEW_PROJECT)
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    return render(
        request,
        "learning/cohort_applications.html",
        {
            "cohort": cohort,
            "applications": list(sel.ranked_applications(cohort, status=status)),
            "places": sel.places_of(cohort),
            "status": status,
            "statuses": Application.Status.choices,
            "can_decide": allows(request.user, Action.SELECT_APPLICANTS, cohort_id=cohort.pk),
            "moocs": list(
                Cohort.objects.filter(programme__kind=Programme.Kind.MOOC)
                .filter(cohort_q(request.user, Action.SELECT_APPLICANTS, field=""))
                .order_by("-start")
            ),
            "points": {
                "mooc": sel.POINTS_MOOC,
                "host": sel.POINTS_HOST,
                "star": sel.POINTS_PER_IDEA_STAR,
                "max": sel.MAX_SCORE,
            },
        },
    )


@login_required
@domain_errors
def application_detail(request, application_id: int):
    application = application_for(request.user, application_id)
    staff = allows(request.user, Action.REVIEW_PROJECT, cohort_id=application.cohort_id)
    if not staff:
        return redirect("learning:my_applications")
    return _detail(request, application, ReasonForm())


def _detail(request, application: Application, reason_form: ReasonForm, status: int = 200):
    """The application as its reviewers see it; `reason_form` may carry the error of a decision."""
    ranked = sel.with_priority(Application.objects.filter(pk=application.pk)).values(
        "score", "mooc_completed"
    )[0]
    return render(
        request,
        "learning/application_detail.html",
        {
            "application": application,
            "score": ranked["score"],
            "mooc_completed": ranked["mooc_completed"],
            "rating_form": RatingForm(
                initial={
                    "idea_rating": application.idea_rating,
                    "host_agreed": application.host_agreed,
                }
            ),
            "reason_form": reason_form,
            "can_decide": allows(request.user, Action.SELECT_APPLICANTS, cohort_id=application.cohort_id),
            "places": sel.places_of(application.cohort),
        },
        status=status,
    )


@login_required
@require_POST
@domain_errors
def application_rate(request, application_id: int):
    application = application_for(request.user, application_id, Action.REVIEW_PROJECT)
    form = RatingForm(request.POST)
    if form.is_valid():
        can_decide = allows(request.user, Action.SELECT_APPLICANTS, cohort_id=application.cohort_id)
        try:
            svc.application_rate_idea(
                actor=request.user,
                application=application,
                rating=form.cleaned_data["idea_rating"],
                host_agreed=form.cleaned_data["host_agreed"] if can_decide else None,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The rating has been saved."))
    else:
        messages.error(request, _("Rate the idea from 0 to 5."))
    return redirect("learning:application_detail", application_id=application.pk)


@login_required
@require_POST
@domain_errors
def application_decide(request, application_id: int):
    """Accept, waitlist or reject (with a reason) — the coordinator's buttons."""
    application = application_for(request.user, application_id, Action.SELECT_APPLICANTS)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    decision = request.POST.get("decision")
    actions = {
        "accept": (svc.application_accept, _("%(name)s is accepted and enrolled.")),
        "waitlist": (svc.application_waitlist, _("%(name)s is on the waitlist.")),
        "reject": (svc.application_reject, _("%(name)s's application is rejected.")),
    }
    if decision not in actions:
        messages.error(request, _("Choose accept, waitlist or reject."))
        return redirect("learning:application_detail", application_id=application.pk)
    service, done = actions[decision]
    try:
        service(actor=request.user, application=application, reason=reason)
    except DomainError as error:
        if "reason" in error.fields:
            # Shown again with the error tied to the reason field (and announced in the status region).
            form = ReasonForm(request.POST)
            form.is_valid()
            for text in error.fields["reason"]:
                form.add_error("reason", text)
            messages.error(request, error.fields["reason"][0])
            return _detail(request, application, form, status=422)
        messages.error(request, error.message)
        return redirect("learning:application_detail", application_id=application.pk)
    messages.success(request, done % {"name": application.person.full_name})
    return redirect("learning:cohort_applications", code=application.cohort.code)


@login_required
@require_POST
@domain_errors
def enrolment_withdraw(request, enrolment_id: int):
    """A participant leaves the course, or the coordinator records it; the place is offered on."""
    enrolment = enrolment_for(request.user, enrolment_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the withdrawal."))
        return redirect("learning:enrolment", enrolment_id=enrolment.pk)
    try:
        promoted = svc.enrolment_withdraw(actor=request.user, enrolment=enrolment, reason=reason)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("learning:enrolment", enrolment_id=enrolment.pk)
    text = _("The enrolment is withdrawn.")
    if promoted is not None:
        text += " " + _("The place went to %(name)s from the waitlist.") % {"name": promoted.person.full_name}
    messages.success(request, text)
    return redirect("home")
