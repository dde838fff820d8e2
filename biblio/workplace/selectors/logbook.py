"""The logbook of one enrolment: its work-based entries by ISO week against a steady pace to the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from biblio.learning.models import Enrolment, HourEntry
from biblio.learning.progress import ModeProgress, progress_for
from biblio.programmes.models import LearningMode

from ..dates import cohort_today, steady_pace_minutes, week_start, weeks_between
from ..models import Placement, ProjectActivity

St = HourEntry.Status


@dataclass
class Week:
    start: date  # Monday
    first: date  # first day of the week inside the placement
    last: date
    approved: int = 0
    waiting: int = 0
    returned: int = 0
    cumulative: int = 0  # approved minutes up to the end of this week
    target: int = 0  # where a steady pace to the planned hours would be by then
    current: bool = False
    entries: list[HourEntry] = field(default_factory=list)

    @property
    def iso(self) -> tuple[int, int]:
        year, number, _day = self.start.isocalendar()
        return year, number

    @property
    def number(self) -> int:
        return self.iso[1]

    @property
    def anchor(self) -> str:
        return f"week-{self.start.isoformat()}"

    @property
    def logged(self) -> int:
        return self.approved + self.waiting

    @property
    def behind(self) -> bool:
        return self.cumulative < self.target


@dataclass
class Logbook:
    enrolment: Enrolment
    placement: Placement | None
    weeks: list[Week]
    progress: ModeProgress | None
    activities: list[ProjectActivity]
    today: date
    outside: list[HourEntry] = field(default_factory=list)  # entries no week holds (placement moved)

    @property
    def planned_minutes(self) -> int:
        return int(self.placement.planned_hours * 60) if self.placement else 0

    @property
    def waiting(self) -> int:
        return sum(w.waiting for w in self.weeks)

    @property
    def approved(self) -> int:
        return sum(w.approved for w in self.weeks)

    @property
    def has_entries(self) -> bool:
        return bool(self.outside) or any(w.entries for w in self.weeks)

    @property
    def chart_max(self) -> int:
        """The top of the chart's scale, in minutes."""
        top = max([self.planned_minutes, *(w.cumulative + w.waiting for w in self.weeks)], default=0)
        return max(top, 60)


def _placement(enrolment: Enrolment) -> Placement | None:
    try:
        return enrolment.placement
    except Placement.DoesNotExist:
        return None


def logbook(enrolment: Enrolment, *, today: date | None = None) -> Logbook:
    """Weeks, entries, progress and the activities to choose from (a fixed number of queries)."""
    today = today or cohort_today(enrolment.cohort)
    placement = _placement(enrolment)
    entries = list(
        HourEntry.objects.filter(enrolment_id=enrolment.pk, mode=LearningMode.WORK_BASED)
        .select_related("activity", "reviewed_by")
        .order_by("date", "pk")
    )
    activities = list(
        ProjectActivity.objects.filter(idea__enrolment_id=enrolment.pk).order_by("due", "order", "pk")
    )
    progress = progress_for([enrolment], today=today)[enrolment.pk].mode(LearningMode.WORK_BASED)
    if placement is None:
        return Logbook(enrolment, None, [], progress, activities, today, outside=entries)
    weeks = {
        monday: Week(
            start=monday,
            first=max(monday, placement.start),
            last=min(monday + timedelta(days=6), placement.end),
            current=monday <= today <= monday + timedelta(days=6),
        )
        for monday in weeks_between(placement.start, placement.end)
    }
    outside = []
    for entry in entries:
        week = weeks.get(week_start(entry.date))
        if week is None:
            outside.append(entry)
            continue
        week.entries.append(entry)
        if entry.status == St.APPROVED:
            week.approved += entry.minutes
        elif entry.status == St.SUBMITTED:
            week.waiting += entry.minutes
        else:
            week.returned += entry.minutes
    running = 0
    planned = int(placement.planned_hours * 60)
    for week in weeks.values():
        running += week.approved
        week.cumulative = running
        week.target = steady_pace_minutes(
            planned_minutes=planned, start=placement.start, end=placement.end, until=week.last
        )
    return Logbook(enrolment, placement, list(weeks.values()), progress, activities, today, outside)
