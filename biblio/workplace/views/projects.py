"""Project idea pages: the list, one idea with its timeline and comments, and the forms that move it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from biblio.accounts.permissions import Action
from biblio.core.actions import act_and_redirect
from biblio.core.errors import DomainError

from ..forms import (
    ActivityForm,
    AttachmentForm,
    CommentForm,
    CompleteForm,
    IdeaForm,
    ReviewIdeaForm,
    add_domain_error,
)
from ..models import ProjectIdea
from ..policy import may, may_comment, require_owner
from ..selectors.access import activity_for, attachment_for, idea_for, own_enrolment
from ..selectors.placements import staff_cohorts
from ..selectors.projects import idea_detail, ideas_for, own_idea_id
from ..services import plan, projects

IDEAS_PER_PAGE = 50
SIMPLE_MOVES = {
    "submit": (projects.project_idea_submit, gettext_lazy("Your idea was sent to the trainers.")),
    "withdraw": (projects.project_idea_withdraw, gettext_lazy("Your idea is a draft again.")),
    "start": (
        projects.project_idea_start,
        gettext_lazy("The project is in progress: log your work against its activities."),
    ),
}


@login_required
def ideas_page(request):
    status = request.GET.get("status", "")
    category = request.GET.get("category", "")
    cohort = request.GET.get("cohort", "")
    ideas = ideas_for(
        request.user,
        status=status if status in ProjectIdea.Status.values else "",
        category=category if category in ProjectIdea.Category.values else "",
        cohort_id=int(cohort) if cohort.isdigit() else None,
    )
    page = Paginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workplace/ideas.html",
        {
            "ideas": page.object_list,
            "page": page,
            "status": status,
            "category": category,
            "cohort": cohort,
            "statuses": ProjectIdea.Status.choices,
            "categories": ProjectIdea.Category.choices,
            "cohorts": staff_cohorts(request.user).order_by("-start", "country"),
        },
    )


@login_required
def own_idea(request):
    enrolment = own_enrolment(request.user)
    idea_id = own_idea_id(enrolment)
    return redirect("workplace:idea", idea_id) if idea_id else redirect("workplace:idea_new")


@login_required
def idea_new(request):
    enrolment = own_enrolment(request.user)
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = projects.project_idea_create(actor=request.user, enrolment=enrolment, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your idea was saved as a draft. Now plan its activities."))
            return redirect("workplace:idea", idea.pk)
    return render(
        request,
        "workplace/idea_form.html",
        {"form": form, "enrolment": enrolment},
        status=400 if form.errors else 200,
    )


def _context(request, idea: ProjectIdea, **forms) -> dict:
    enrolment = idea.enrolment
    owner = may(request.user, Action.LOG_HOURS, enrolment)
    return {
        "detail": idea_detail(idea),
        "idea": idea,
        "enrolment": enrolment,
        "is_owner": owner,
        "can_review": may(request.user, Action.REVIEW_PROJECT, enrolment)
        and request.user.pk != enrolment.person_id,
        "can_comment": may_comment(request.user, enrolment),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "review_form": forms.get("review_form") or ReviewIdeaForm(),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "plan_open": idea.status in plan.PLAN_EDITABLE,
        "files_open": idea.status in (ProjectIdea.Status.APPROVED, ProjectIdea.Status.IN_PROGRESS),
    }


@login_required
def idea_page(request, idea_id: int):
    idea = idea_for(request.user, idea_id)
    return render(request, "workplace/idea.html", _context(request, idea))


@login_required
def idea_edit(request, idea_id: int):
    idea = idea_for(request.user, idea_id)
    require_owner(request.user, idea.enrolment)
    form = IdeaForm(request.POST or None, instance=idea)
    if request.method == "POST" and form.is_valid():
        try:
            projects.project_idea_edit(actor=request.user, idea=idea, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your idea was saved."))
            return redirect("workplace:idea", idea.pk)
    return render(
        request,
        "workplace/idea_form.html",
        {"form": form, "idea": idea, "enrolment": idea.enrolment},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def idea_move(request, idea_id: int, move: str):
    if move not in SIMPLE_MOVES:
        raise Http404
    idea = idea_for(request.user, idea_id)
    service, done = SIMPLE_MOVES[move]
    return act_and_redirect(
        request,
        lambda: service(actor=request.user, idea=idea),
        success=done,
        to=idea_url(idea),
        raise_forbidden=True,
        field_messages=True,
    )


@login_required
@require_POST
def idea_review(request, idea_id: int):
    idea = idea_for(request.user, idea_id)
    form = ReviewIdeaForm(request.POST)
    if form.is_valid():
        approve = "approve" in request.POST
        try:
            projects.project_idea_review(
                actor=request.user, idea=idea, approve=approve, feedback=form.cleaned_data["feedback"]
            )
        except DomainError as exc:
            if exc.status_code == 403:
                raise
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The idea was approved.") if approve else _("The idea was returned with your feedback."),
            )
            return redirect("workplace:idea", idea.pk)
    return render(request, "workplace/idea.html", _context(request, idea, review_form=form), status=400)


@login_required
def idea_complete(request, idea_id: int):
    idea = idea_for(request.user, idea_id)
    require_owner(request.user, idea.enrolment)
    form = CompleteForm(request.POST or None, initial={"outcome_report": idea.outcome_report})
    if request.method == "POST" and form.is_valid():
        try:
            projects.project_idea_complete(actor=request.user, idea=idea, **form.cleaned_data)
        except DomainError as exc:
            if exc.status_code == 403:
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Congratulations: the project is completed."))
            return redirect("workplace:idea", idea.pk)
    return render(
        request,
        "workplace/idea_complete.html",
        {"form": form, "idea": idea, "enrolment": idea.enrolment},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def idea_publish(request, idea_id: int):
    idea = idea_for(request.user, idea_id)
    published = request.POST.get("published") == "1"
    return act_and_redirect(
        request,
        lambda: projects.project_idea_publish(actor=request.user, idea=idea, published=published),
        success=_("The title is shown on the public map.")
        if published
        else _("The title is no longer shown on the public map."),
        to=idea_url(idea),
        raise_forbidden=True,
    )


@login_required
def activity_form(request, idea_id: int | None = None, activity_id: int | None = None):
    activity = activity_for(request.user, activity_id) if activity_id else None
    idea = activity.idea if activity else idea_for(request.user, idea_id)
    require_owner(request.user, idea.enrolment)
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        initial=None if activity else {"owner": idea.enrolment.person.full_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan.activity_save(actor=request.user, idea=idea, activity=activity, **form.cleaned_data)
        except DomainError as exc:
            if exc.status_code == 403:
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("workplace:idea", idea.pk)
    return render(
        request,
        "workplace/activity_form.html",
        {"form": form, "idea": idea, "activity": activity, "enrolment": idea.enrolment},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def activity_delete(request, activity_id: int):
    activity = activity_for(request.user, activity_id)
    return act_and_redirect(
        request,
        lambda: plan.activity_delete(actor=request.user, activity=activity),
        success=_("The activity was removed from the plan."),
        to=reverse("workplace:idea", args=[activity.idea_id]),
        raise_forbidden=True,
    )


@login_required
@require_POST
def comment_add(request, idea_id: int):
    idea = idea_for(request.user, idea_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            plan.comment_add(actor=request.user, idea=idea, text=form.cleaned_data["text"])
        except DomainError as exc:
            if exc.status_code == 403:
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(f"{idea_url(idea)}#comments")
    return render(request, "workplace/idea.html", _context(request, idea, comment_form=form), status=400)


@login_required
@require_POST
def attachment_add(request, idea_id: int):
    idea = idea_for(request.user, idea_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            plan.attachment_add(actor=request.user, idea=idea, upload=form.cleaned_data["file"])
        except DomainError as exc:
            if exc.status_code == 403:
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The file was attached."))
            return redirect(f"{idea_url(idea)}#files")
    return render(request, "workplace/idea.html", _context(request, idea, attachment_form=form), status=400)


@login_required
def attachment_download(request, attachment_id: int):
    attachment = attachment_for(request.user, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_delete(request, attachment_id: int):
    attachment = attachment_for(request.user, attachment_id)
    return act_and_redirect(
        request,
        lambda: plan.attachment_delete(actor=request.user, attachment=attachment),
        success=_("The file was removed."),
        to=f"{idea_url(attachment.idea)}#files",
        raise_forbidden=True,
    )


def idea_url(idea: ProjectIdea) -> str:
    return reverse("workplace:idea", args=[idea.pk])
