"""Project ideas: draft → submitted → returned (with feedback) or approved by a trainer → in progress →
completed with an outcome report. The participant writes and moves their own idea; trainers review it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit, diff
from biblio.accounts.models import Person
from biblio.accounts.permissions import Action
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning.models import Enrolment

from ..models import ProjectIdea
from ..policy import require

S = ProjectIdea.Status
IDEA_INVALID = _("The project idea could not be saved: please correct the marked fields.")
IDEA_EXISTS = _("You already have a project idea in this course.")
TITLE_REQUIRED = _("Give the project a title.")
CATEGORY_INVALID = _("Choose one of the categories.")
GOALS_REQUIRED = _("Describe the project's goals before submitting it.")
PLAN_REQUIRED = _("Plan at least one activity before submitting the idea.")
NOT_EDITABLE = _("The idea can only be changed while it is a draft or has been returned.")
WRONG_STATUS = _("This cannot be done while the idea is “%(status)s”.")
FEEDBACK_REQUIRED = _("Say what should change when you return an idea.")
REPORT_REQUIRED = _("Write the outcome report before completing the project.")
PUBLISH_NOT_APPROVED = _("Only an approved project can be published on the map.")
OWN_REVIEW = _("You cannot review your own project idea.")

EDITABLE = (S.DRAFT, S.RETURNED)
CONTENT = ["title", "category", "goals", "description"]


def _status(idea: ProjectIdea, *allowed: str) -> None:
    if idea.status not in allowed:
        raise DomainError(WRONG_STATUS % {"status": idea.get_status_display()})


def _lock(idea: ProjectIdea) -> ProjectIdea:
    locked = ProjectIdea.objects.select_for_update().get(pk=idea.pk)
    locked.enrolment = idea.enrolment  # keep the loaded relations
    return locked


def _content_errors(title: str, category: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    if not title.strip():
        fields["title"] = [str(TITLE_REQUIRED)]
    if category not in ProjectIdea.Category.values:
        fields["category"] = [str(CATEGORY_INVALID)]
    return fields


@transaction.atomic
def project_idea_create(
    *, actor: Person, enrolment: Enrolment, title: str, category: str, goals: str = "", description: str = ""
) -> ProjectIdea:
    """The participant starts their project idea (one per enrolment), as a draft."""
    require(actor, Action.LOG_HOURS, enrolment)
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    if ProjectIdea.objects.filter(enrolment_id=enrolment.pk).exists():
        raise DomainError(IDEA_EXISTS)
    fields = _content_errors(title, category)
    if fields:
        raise DomainError(IDEA_INVALID, fields=fields)
    idea = ProjectIdea.objects.create(
        enrolment=enrolment,
        title=title.strip(),
        category=category,
        goals=goals.strip(),
        description=description.strip(),
    )
    audit(
        actor=actor,
        verb="project.created",
        obj=idea,
        cohort_id=enrolment.cohort_id,
        changes={f: [None, getattr(idea, f)] for f in CONTENT},
    )
    return idea


@transaction.atomic
def project_idea_edit(
    *, actor: Person, idea: ProjectIdea, title: str, category: str, goals: str, description: str
) -> ProjectIdea:
    """The participant changes their draft or returned idea."""
    require(actor, Action.LOG_HOURS, idea.enrolment)
    idea = _lock(idea)
    if idea.status not in EDITABLE:
        raise DomainError(NOT_EDITABLE)
    fields = _content_errors(title, category)
    if fields:
        raise DomainError(IDEA_INVALID, fields=fields)
    before = {f: getattr(idea, f) for f in CONTENT}
    idea.title, idea.category = title.strip(), category
    idea.goals, idea.description = goals.strip(), description.strip()
    idea.save(update_fields=[*CONTENT, "updated_at"])
    audit(
        actor=actor,
        verb="project.edited",
        obj=idea,
        cohort_id=idea.enrolment.cohort_id,
        changes=diff(before, idea, CONTENT),
    )
    return idea


def _move(idea: ProjectIdea, *, actor: Person, verb: str, status: str, **values) -> ProjectIdea:
    before = idea.status
    idea.status = status
    for name, value in values.items():
        setattr(idea, name, value)
    idea.save(update_fields=["status", *values, "updated_at"])
    audit(
        actor=actor,
        verb=verb,
        obj=idea,
        cohort_id=idea.enrolment.cohort_id,
        changes={"status": [before, status], **{k: [None, v] for k, v in values.items()}},
    )
    return idea


@transaction.atomic
def project_idea_submit(*, actor: Person, idea: ProjectIdea) -> ProjectIdea:
    """The participant sends the idea to the trainers (it needs goals and a plan of activities)."""
    require(actor, Action.LOG_HOURS, idea.enrolment)
    idea = _lock(idea)
    _status(idea, *EDITABLE)
    fields: dict[str, list[str]] = {}
    if not idea.goals.strip():
        fields["goals"] = [str(GOALS_REQUIRED)]
    if not idea.activities.exists():
        fields["__all__"] = [str(PLAN_REQUIRED)]
    if fields:
        raise DomainError(IDEA_INVALID, fields=fields)
    return _move(idea, actor=actor, verb="project.submitted", status=S.SUBMITTED, submitted_at=timezone.now())


@transaction.atomic
def project_idea_withdraw(*, actor: Person, idea: ProjectIdea) -> ProjectIdea:
    """The participant takes a submitted idea back to draft before anyone reviews it."""
    require(actor, Action.LOG_HOURS, idea.enrolment)
    idea = _lock(idea)
    _status(idea, S.SUBMITTED)
    return _move(idea, actor=actor, verb="project.withdrawn", status=S.DRAFT)


@transaction.atomic
def project_idea_review(
    *, actor: Person, idea: ProjectIdea, approve: bool, feedback: str = ""
) -> ProjectIdea:
    """A trainer approves a submitted idea or returns it with feedback."""
    if actor.pk == idea.enrolment.person_id:
        raise PermissionDenied(OWN_REVIEW)
    require(actor, Action.REVIEW_PROJECT, idea.enrolment)
    feedback = feedback.strip()
    if not approve and not feedback:
        raise DomainError(FEEDBACK_REQUIRED, fields={"feedback": [FEEDBACK_REQUIRED]})
    idea = _lock(idea)
    _status(idea, S.SUBMITTED)
    return _move(
        idea,
        actor=actor,
        verb="project.approved" if approve else "project.returned",
        status=S.APPROVED if approve else S.RETURNED,
        feedback=feedback,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )


@transaction.atomic
def project_idea_start(*, actor: Person, idea: ProjectIdea) -> ProjectIdea:
    """The participant starts carrying out the approved project."""
    require(actor, Action.LOG_HOURS, idea.enrolment)
    idea = _lock(idea)
    _status(idea, S.APPROVED)
    return _move(idea, actor=actor, verb="project.started", status=S.IN_PROGRESS)


@transaction.atomic
def project_idea_complete(
    *, actor: Person, idea: ProjectIdea, outcome_report: str, in_practice: bool
) -> ProjectIdea:
    """The participant closes the project with an outcome report (attachments are added before)."""
    require(actor, Action.LOG_HOURS, idea.enrolment)
    idea = _lock(idea)
    _status(idea, S.IN_PROGRESS)
    if not outcome_report.strip():
        raise DomainError(IDEA_INVALID, fields={"outcome_report": [REPORT_REQUIRED]})
    return _move(
        idea,
        actor=actor,
        verb="project.completed",
        status=S.COMPLETED,
        outcome_report=outcome_report.strip(),
        in_practice=in_practice,
        completed_at=timezone.now(),
    )


@transaction.atomic
def project_idea_publish(*, actor: Person, idea: ProjectIdea, published: bool) -> ProjectIdea:
    """The participant gives (or withdraws) consent to show the title on the public map."""
    require(actor, Action.LOG_HOURS, idea.enrolment)
    idea = _lock(idea)
    if published and idea.status not in (S.APPROVED, S.IN_PROGRESS, S.COMPLETED):
        raise DomainError(PUBLISH_NOT_APPROVED)
    if idea.published != published:
        idea.published = published
        idea.save(update_fields=["published", "updated_at"])
        audit(
            actor=actor,
            verb="project.published" if published else "project.unpublished",
            obj=idea,
            cohort_id=idea.enrolment.cohort_id,
            changes={"published": [not published, published]},
        )
    return idea
