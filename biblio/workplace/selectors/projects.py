"""Project ideas: the list a person may see (filtered in the query) and one idea with its plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, enrolment_q
from biblio.learning.models import HourEntry
from biblio.programmes.models import LearningMode

from ..models import ProjectActivity, ProjectAttachment, ProjectComment, ProjectIdea

S = ProjectIdea.Status
# Reviewers want what waits for them first.
STATUS_ORDER = [S.SUBMITTED, S.RETURNED, S.DRAFT, S.APPROVED, S.IN_PROGRESS, S.COMPLETED]
RUNNING = (S.APPROVED, S.IN_PROGRESS)  # milestones can only be overdue once the plan is under way


def ideas_for(
    person: Person,
    *,
    status: str = "",
    category: str = "",
    cohort_id: int | None = None,
    today: date | None = None,
):
    """Ideas of enrolments the person may see, with plan figures annotated (one query)."""
    today = today or timezone.localdate()
    ideas = ProjectIdea.objects.filter(enrolment_q(person, Action.VIEW_ENROLMENT, "enrolment__"))
    if status:
        ideas = ideas.filter(status=status)
    if category:
        ideas = ideas.filter(category=category)
    if cohort_id:
        ideas = ideas.filter(enrolment__cohort_id=cohort_id)
    rank = Case(
        *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)), output_field=IntegerField()
    )
    return (
        ideas.select_related("enrolment__person", "enrolment__cohort", "enrolment__programme")
        .annotate(
            n_activities=Count("activities", distinct=True),
            n_done=Count("activities", filter=Q(activities__status="done"), distinct=True),
            n_overdue=Count(
                "activities",
                filter=Q(status__in=RUNNING, activities__due__lt=today) & ~Q(activities__status="done"),
                distinct=True,
            ),
            n_comments=Count("comments", distinct=True),
        )
        .order_by(rank, "submitted_at", "enrolment__person__full_name", "pk")
    )


@dataclass
class IdeaDetail:
    idea: ProjectIdea
    activities: list[ProjectActivity]
    comments: list[ProjectComment]
    attachments: list[ProjectAttachment]
    today: date

    @property
    def today_at(self) -> int:
        """Where "today" falls in the timeline: the index of the first activity due today or later."""
        return next((i for i, a in enumerate(self.activities) if a.due >= self.today), len(self.activities))


def idea_detail(idea: ProjectIdea, *, today: date | None = None) -> IdeaDetail:
    """The plan (with approved and waiting work-based minutes per activity), comments and files."""
    approved, waiting = HourEntry.Status.APPROVED, HourEntry.Status.SUBMITTED
    work_based = Q(hour_entries__mode=LearningMode.WORK_BASED)
    activities = list(
        ProjectActivity.objects.filter(idea_id=idea.pk)
        .annotate(
            approved_minutes=Sum(
                "hour_entries__minutes", filter=work_based & Q(hour_entries__status=approved)
            ),
            waiting_minutes=Sum("hour_entries__minutes", filter=work_based & Q(hour_entries__status=waiting)),
        )
        .order_by("due", "order", "pk")
    )
    today = today or timezone.localdate()
    for activity in activities:
        activity.overdue = (
            idea.status in RUNNING and activity.status != ProjectActivity.Status.DONE and activity.due < today
        )
    comments = list(ProjectComment.objects.filter(idea_id=idea.pk).select_related("author"))
    attachments = list(ProjectAttachment.objects.filter(idea_id=idea.pk).select_related("uploaded_by"))
    return IdeaDetail(idea, activities, comments, attachments, today)


def own_idea_id(enrolment) -> int | None:
    """The id of the enrolment's project idea, if it has one."""
    return ProjectIdea.objects.filter(enrolment_id=enrolment.pk).values_list("pk", flat=True).first()
