"""The mentor's home: mentees, their work-based hours, entries waiting for sign-off, overdue milestones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Min, Sum
from django.utils import timezone

from biblio.accounts.models import Person
from biblio.accounts.permissions import mentor_cohort_ids
from biblio.learning.models import Enrolment, HourEntry
from biblio.learning.progress import ModeProgress, progress_for
from biblio.programmes.models import LearningMode

from ..models import Placement, ProjectActivity, ProjectIdea

WAITING_SHOWN = 50
ACTIVE_IDEA = (ProjectIdea.Status.APPROVED, ProjectIdea.Status.IN_PROGRESS)


@dataclass
class Mentee:
    placement: Placement
    progress: ModeProgress | None
    waiting_count: int = 0
    waiting_minutes: int = 0
    oldest_waiting: date | None = None
    overdue: list[ProjectActivity] = field(default_factory=list)

    @property
    def enrolment(self) -> Enrolment:
        return self.placement.enrolment

    @property
    def idea(self) -> ProjectIdea | None:
        try:
            return self.enrolment.project_idea
        except ProjectIdea.DoesNotExist:
            return None

    @property
    def evaluated(self) -> bool:
        return self.placement.signed_off_at is not None

    @property
    def current(self) -> bool:
        """Still on the course: finished participants of earlier editions are listed apart."""
        return self.enrolment.status == Enrolment.Status.ACTIVE or bool(self.waiting_count)


@dataclass
class MentorHome:
    mentees: list[Mentee]
    waiting: list[HourEntry]  # the oldest waiting entries across mentees
    waiting_total: int
    overdue: list[ProjectActivity]
    today: date

    @property
    def current(self) -> list[Mentee]:
        return [m for m in self.mentees if m.current]

    @property
    def past(self) -> list[Mentee]:
        return [m for m in self.mentees if not m.current]


def mentee_placements(person: Person):
    """Placements the person mentors, in cohorts where they hold the mentor role (as the rules say)."""
    return (
        Placement.objects.filter(mentor_id=person.pk, enrolment__cohort_id__in=mentor_cohort_ids(person))
        .exclude(enrolment__status=Enrolment.Status.WITHDRAWN)
        .select_related(
            "host",
            "enrolment__person",
            "enrolment__cohort",
            "enrolment__programme",
            "enrolment__project_idea",
        )
        .order_by("enrolment__person__full_name", "pk")
    )


def mentor_home(person: Person, *, today: date | None = None) -> MentorHome:
    """Everything on the mentor's home page in a fixed number of queries (eight)."""
    today = today or timezone.localdate()
    placements = list(mentee_placements(person))
    ids = [p.enrolment_id for p in placements]
    progress = progress_for([p.enrolment for p in placements], today=today)
    waiting_q = HourEntry.objects.filter(
        enrolment_id__in=ids, mode=LearningMode.WORK_BASED, status=HourEntry.Status.SUBMITTED
    )
    counts = {
        row["enrolment_id"]: row
        for row in waiting_q.values("enrolment_id")
        .annotate(n=Count("pk"), minutes=Sum("minutes"), oldest=Min("date"))
        .order_by()
    }
    waiting = list(
        waiting_q.select_related("activity", "enrolment__person").order_by("date", "pk")[:WAITING_SHOWN]
    )
    overdue = list(
        ProjectActivity.objects.filter(
            idea__enrolment_id__in=ids, idea__status__in=ACTIVE_IDEA, due__lt=today
        )
        .exclude(status=ProjectActivity.Status.DONE)
        .select_related("idea__enrolment__person")
        .order_by("due", "pk")
    )
    mentees = []
    for placement in placements:
        row = counts.get(placement.enrolment_id, {})
        mentees.append(
            Mentee(
                placement=placement,
                progress=progress[placement.enrolment_id].mode(LearningMode.WORK_BASED),
                waiting_count=row.get("n", 0),
                waiting_minutes=row.get("minutes") or 0,
                oldest_waiting=row.get("oldest"),
                overdue=[a for a in overdue if a.idea.enrolment_id == placement.enrolment_id],
            )
        )
    return MentorHome(
        mentees=mentees,
        waiting=waiting,
        waiting_total=sum(m.waiting_count for m in mentees),
        overdue=overdue,
        today=today,
    )
