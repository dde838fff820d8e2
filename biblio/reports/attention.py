"""Who needs attention today: participants behind the expected pace or waiting too long for a review,
and the review queues of mentors (work-based hours) and trainers (blended hours)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from biblio.learning.models import Enrolment, HourEntry
from biblio.learning.progress import Progress, progress_for
from biblio.programmes.models import LearningMode
from biblio.workplace.models import Placement

WAITING_DAYS = 7  # an entry waiting longer than this for a review puts its participant on the list
PACE_TOLERANCE = 0.9  # behind = credited hours below 90 % of where a steady pace would be by today
AT_RISK_SHOWN = 100
CHUNK = 1000


def expected_minutes(progress: Progress) -> int:
    """Where a steady pace would have the participant by today, over all budgets."""
    return sum(min(m.expected_minutes, m.budget_minutes) for m in progress.modes)


def is_behind(progress: Progress) -> bool:
    """Credited hours (each budget counted up to its size) below PACE_TOLERANCE of the pace."""
    expected = expected_minutes(progress)
    return bool(expected) and progress.credited_minutes < expected * PACE_TOLERANCE


@dataclass
class AtRiskRow:
    enrolment_id: int
    name: str
    email: str
    cohort_code: str
    cohort_name: str
    track: str
    percent: int
    expected_percent: int
    behind_modes: list[str] = field(default_factory=list)
    oldest_waiting: datetime | None = None
    waiting_days: int | None = None
    behind: bool = False


@dataclass
class AtRisk:
    rows: list[AtRiskRow]  # the first AT_RISK_SHOWN, furthest behind first
    total: int


def _waiting_since(enrolments, before: datetime) -> dict[int, datetime]:
    return {
        row["enrolment_id"]: row["oldest"]
        for row in HourEntry.objects.filter(
            enrolment__in=enrolments, status=HourEntry.Status.SUBMITTED, created_at__lt=before
        )
        .values("enrolment_id")
        .annotate(oldest=Min("created_at"))
        .order_by()
    }


def at_risk(scope, *, now: datetime | None = None) -> AtRisk:
    """Active participants behind the expected pace for today, or with an entry waiting more than
    WAITING_DAYS days. Progress comes from `progress_for`, in chunks: 2 + 4 queries per CHUNK."""
    now = now or timezone.now()
    active = scope.enrolments().filter(status=Enrolment.Status.ACTIVE)
    waiting = _waiting_since(active, now - timedelta(days=WAITING_DAYS))
    rows: list[AtRiskRow] = []
    iterator = (
        active.select_related("person", "cohort", "programme__profile")
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )
    while chunk := list(islice(iterator, CHUNK)):
        progress = progress_for(chunk, today=scope.today)
        for enrolment in chunk:
            p = progress[enrolment.pk]
            expected = expected_minutes(p)
            behind = is_behind(p)
            if not behind and enrolment.pk not in waiting:
                continue
            profile = enrolment.programme.profile
            rows.append(
                AtRiskRow(
                    enrolment_id=enrolment.pk,
                    name=enrolment.person.full_name,
                    email=enrolment.person.email,
                    cohort_code=enrolment.cohort.code,
                    cohort_name=enrolment.cohort.name,
                    track=profile.code if profile else "",
                    percent=p.percent,
                    expected_percent=round(expected * 100 / p.budget_minutes) if p.budget_minutes else 0,
                    behind_modes=[str(m.label) for m in p.modes if m.behind] if behind else [],
                    oldest_waiting=waiting.get(enrolment.pk),
                    waiting_days=(now - waiting[enrolment.pk]).days if enrolment.pk in waiting else None,
                    behind=behind,
                )
            )
    rows.sort(key=lambda r: (r.percent - r.expected_percent, r.name))
    return AtRisk(rows=rows[:AT_RISK_SHOWN], total=len(rows))


@dataclass
class MentorQueue:
    mentor_id: int
    name: str
    email: str
    mentees: int
    waiting: int
    waiting_minutes: int
    oldest: datetime | None
    to_sign_off: int  # placements ended but not yet signed off


def mentor_queues(scope) -> list[MentorQueue]:
    """Per mentor: mentees, work-based entries waiting for sign-off, placements ended but not
    signed off. One query."""
    waiting = Q(
        enrolment__hour_entries__status=HourEntry.Status.SUBMITTED,
        enrolment__hour_entries__mode=LearningMode.WORK_BASED,
    )
    rows = (
        Placement.objects.filter(
            enrolment__in=scope.enrolments().exclude(status=Enrolment.Status.WITHDRAWN),
            mentor__isnull=False,
        )
        .values("mentor_id", "mentor__full_name", "mentor__email")
        .annotate(
            mentees=Count("pk", distinct=True),
            waiting=Count("enrolment__hour_entries", filter=waiting),
            waiting_minutes=Sum("enrolment__hour_entries__minutes", filter=waiting),
            oldest=Min("enrolment__hour_entries__created_at", filter=waiting),
            to_sign_off=Count("pk", distinct=True, filter=Q(signed_off_at__isnull=True, end__lt=scope.today)),
        )
        .order_by("-waiting", "-to_sign_off", "mentor__full_name")
    )
    return [
        MentorQueue(
            mentor_id=r["mentor_id"],
            name=r["mentor__full_name"],
            email=r["mentor__email"],
            mentees=r["mentees"],
            waiting=r["waiting"],
            waiting_minutes=r["waiting_minutes"] or 0,
            oldest=r["oldest"],
            to_sign_off=r["to_sign_off"],
        )
        for r in rows
    ]


@dataclass
class BlendedQueue:
    waiting: int
    waiting_minutes: int
    overdue: int  # waiting longer than WAITING_DAYS
    oldest: datetime | None


def blended_queue(scope, *, now: datetime | None = None) -> BlendedQueue:
    """Blended-mode entries waiting for a trainer or coordinator. One query."""
    now = now or timezone.now()
    row = (
        HourEntry.objects.filter(enrolment__in=scope.enrolments(), status=HourEntry.Status.SUBMITTED)
        .exclude(mode=LearningMode.WORK_BASED)
        .aggregate(
            waiting=Count("pk"),
            minutes=Sum("minutes"),
            overdue=Count("pk", filter=Q(created_at__lt=now - timedelta(days=WAITING_DAYS))),
            oldest=Min("created_at"),
        )
    )
    return BlendedQueue(row["waiting"], row["minutes"] or 0, row["overdue"], row["oldest"])
