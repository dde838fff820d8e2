"""A project's plan of activities, its comments and its attachments."""

from __future__ import annotations

import secrets
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit, diff
from biblio.accounts.models import Person
from biblio.accounts.permissions import Action
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning.models import HourEntry

from ..models import ProjectActivity, ProjectAttachment, ProjectComment, ProjectIdea
from ..policy import DENIED, may_comment, require
from ..uploads import check_upload

S = ProjectIdea.Status
ACTIVITY_INVALID = _("The activity could not be saved: please correct the marked fields.")
ACTIVITY_TITLE_REQUIRED = _("Give the activity a title.")
DUE_REQUIRED = _("Give the activity a due date.")
DUE_OUTSIDE_COURSE = _("The due date must fall within the course, %(start)s to %(end)s.")
STATUS_INVALID = _("Choose one of the statuses.")
PLAN_LOCKED = _("The plan cannot change while the idea is “%(status)s”.")
ACTIVITY_HAS_HOURS = _("Hours have been logged against this activity: it cannot be deleted.")
COMMENT_EMPTY = _("Write a comment.")
ATTACH_WRONG_STATUS = _("Attachments are added while the project is approved or in progress.")

PLAN_EDITABLE = (S.DRAFT, S.RETURNED, S.APPROVED, S.IN_PROGRESS)
ACTIVITY_FIELDS = ["title", "due", "owner", "status"]


def _plan_open(idea: ProjectIdea) -> None:
    if idea.status not in PLAN_EDITABLE:
        raise DomainError(PLAN_LOCKED % {"status": idea.get_status_display()})


def _activity_errors(idea: ProjectIdea, title: str, due: date | None, status: str) -> dict:
    cohort = idea.enrolment.cohort
    fields: dict[str, list[str]] = {}
    if not title.strip():
        fields["title"] = [str(ACTIVITY_TITLE_REQUIRED)]
    if due is None:
        fields["due"] = [str(DUE_REQUIRED)]
    elif not cohort.start <= due <= cohort.end:
        fields["due"] = [
            str(DUE_OUTSIDE_COURSE % {"start": cohort.start.isoformat(), "end": cohort.end.isoformat()})
        ]
    if status not in ProjectActivity.Status.values:
        fields["status"] = [str(STATUS_INVALID)]
    return fields


@transaction.atomic
def activity_save(
    *,
    actor: Person,
    idea: ProjectIdea,
    activity: ProjectActivity | None = None,
    title: str,
    due: date | None,
    owner: str = "",
    status: str = ProjectActivity.Status.PLANNED,
) -> ProjectActivity:
    """The participant adds a milestone to the plan, or changes one (dates, owner, status)."""
    require(actor, Action.LOG_HOURS, idea.enrolment)
    ProjectIdea.objects.select_for_update().filter(pk=idea.pk).first()
    _plan_open(idea)
    fields = _activity_errors(idea, title, due, status)
    if fields:
        raise DomainError(ACTIVITY_INVALID, fields=fields)
    before = (
        {f: getattr(activity, f) for f in ACTIVITY_FIELDS} if activity else dict.fromkeys(ACTIVITY_FIELDS)
    )
    if activity is None:
        activity = ProjectActivity(idea=idea, order=idea.activities.count())
    activity.title, activity.due, activity.owner, activity.status = title.strip(), due, owner.strip(), status
    activity.save()
    audit(
        actor=actor,
        verb="activity.added" if before["title"] is None else "activity.changed",
        obj=activity,
        cohort_id=idea.enrolment.cohort_id,
        changes=diff(before, activity, ACTIVITY_FIELDS),
    )
    return activity


@transaction.atomic
def activity_delete(*, actor: Person, activity: ProjectActivity) -> None:
    """The participant removes a milestone no hours were logged against."""
    idea = activity.idea
    require(actor, Action.LOG_HOURS, idea.enrolment)
    ProjectIdea.objects.select_for_update().filter(pk=idea.pk).first()
    _plan_open(idea)
    if HourEntry.objects.filter(activity_id=activity.pk).exists():
        raise DomainError(ACTIVITY_HAS_HOURS)
    audit(
        actor=actor,
        verb="activity.deleted",
        obj=activity,
        cohort_id=idea.enrolment.cohort_id,
        changes={"title": [activity.title, None], "due": [activity.due, None]},
    )
    activity.delete()


@transaction.atomic
def comment_add(*, actor: Person, idea: ProjectIdea, text: str) -> ProjectComment:
    """Trainers, moderators, the coordinator and the mentor comment; the participant replies."""
    if not may_comment(actor, idea.enrolment):
        raise PermissionDenied(DENIED[Action.COMMENT_PROJECT])
    if not text.strip():
        raise DomainError(COMMENT_EMPTY, fields={"text": [COMMENT_EMPTY]})
    comment = ProjectComment.objects.create(idea=idea, author=actor, text=text.strip())
    audit(
        actor=actor,
        verb="project.commented",
        obj=idea,
        cohort_id=idea.enrolment.cohort_id,
        changes={"comment_id": [None, comment.pk]},
    )
    return comment


@transaction.atomic
def attachment_add(*, actor: Person, idea: ProjectIdea, upload) -> ProjectAttachment:
    """The participant attaches a content-checked file to the project's outcome."""
    require(actor, Action.LOG_HOURS, idea.enrolment)
    if idea.status not in (S.APPROVED, S.IN_PROGRESS):
        raise DomainError(ATTACH_WRONG_STATUS)
    checked = check_upload(upload)
    attachment = ProjectAttachment(
        idea=idea,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    attachment.file.save(f"{secrets.token_hex(16)}.{checked.ext}", upload, save=False)
    attachment.save()
    audit(
        actor=actor,
        verb="attachment.added",
        obj=attachment,
        cohort_id=idea.enrolment.cohort_id,
        changes={"name": [None, checked.name], "size": [None, checked.size]},
    )
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Person, attachment: ProjectAttachment) -> None:
    """The participant removes an attachment before the project is completed."""
    idea = attachment.idea
    require(actor, Action.LOG_HOURS, idea.enrolment)
    if idea.status not in (S.APPROVED, S.IN_PROGRESS):
        raise DomainError(ATTACH_WRONG_STATUS)
    audit(
        actor=actor,
        verb="attachment.deleted",
        obj=attachment,
        cohort_id=idea.enrolment.cohort_id,
        changes={"name": [attachment.name, None]},
    )
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
