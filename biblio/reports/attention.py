"""Who needs attention today: participants behind the expected pace or waiting too long for a review,
and the review queues of mentors (work-based hours) and trainers (blended hours)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, FilteredRelation, Min, Q, Sum
from django.utils import timezone

from biblio.learning.models import Enrolment, HourEntry, HourTotal
from biblio.learning.progress import Progress, budgets_for, hours_for, progress_of
from biblio.programmes.models import Cohort, LearningMode
from biblio.workplace.models import Placement

from . import sql
from .figures import Waiting

WAITING_DAYS = 7  # an entry waiting longer than this for a review puts its participant on the list
PACE_TOLERANCE = 0.9  # behind = credited hours below 90 % of where a steady pace would be by today
AT_RISK_SHOWN = 100  # rows of the at-risk list the API gives
SHOWN_ON_DASHBOARD = 20  # rows of each list the dashboard page shows (the rest on their own pages)


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


def _paces(keys: set[tuple[int, int]], today) -> tuple[dict, dict, dict[tuple[int, int], tuple[int, int]]]:
    """The cohorts, the budgets per programme, and (expected minutes by today, budget minutes) per
    (cohort, programme): a steady pace over each budget. Two queries."""
    cohorts = {c.pk: c for c in Cohort.objects.filter(pk__in={c for c, _p in keys})}
    budgets = budgets_for(p for _c, p in keys)
    paces = {}
    for c, p in keys:
        blank = progress_of(0, budgets[p], cohorts[c], {}, today)
        paces[(c, p)] = (expected_minutes(blank), blank.budget_minutes or 1)
    return cohorts, budgets, paces


def at_risk(scope, *, now: datetime | None = None, offset: int = 0, limit: int = AT_RISK_SHOWN) -> AtRisk:
    """Active participants behind the expected pace for today, or with an entry waiting more than
    WAITING_DAYS days, furthest behind first. Credited minutes and the oldest waiting entry per
    participant come from one grouped query over the hour totals (sql.credited_per_enrolment); names
    and per-mode progress only for the rows shown (`limit` of them from `offset`). Five queries
    whatever the size."""
    now = now or timezone.now()
    active = scope.enrolments().filter(status=Enrolment.Status.ACTIVE)
    credited = sql.credited_per_enrolment(
        sql.compiled(active.order_by().values_list("id", "cohort_id", "programme_id")),
        now - timedelta(days=WAITING_DAYS),
    )
    waiting = {pk: oldest for pk, _c, _p, _m, oldest in credited if oldest is not None}
    cohorts, budgets, paces = _paces({(c, p) for _pk, c, p, _m, _w in credited}, scope.today)
    found: list[tuple[float, int, bool]] = []  # (credited − expected as a share of budget, id, behind)
    for pk, cohort_id, programme_id, minutes, _oldest in credited:
        expected, budget = paces[(cohort_id, programme_id)]
        behind = bool(expected) and minutes < expected * PACE_TOLERANCE
        if behind or pk in waiting:
            found.append(((minutes - expected) / budget, pk, behind))
    found.sort()
    shown = found[offset : offset + limit]
    people = {
        row[0]: row[1:]
        for row in Enrolment.objects.filter(pk__in=[pk for _d, pk, _b in shown])
        .values_list(
            "pk",
            "person__full_name",
            "person__email",
            "cohort_id",
            "programme_id",
            "programme__profile__code",
        )
        .order_by()
    }
    hours = hours_for(people)
    labels = {mode.value: str(mode.label) for mode in LearningMode}
    rows = []
    for _deficit, pk, behind in shown:
        name, email, cohort_id, programme_id, track = people[pk]
        cohort = cohorts[cohort_id]
        p = progress_of(pk, budgets[programme_id], cohort, hours, scope.today)
        rows.append(
            AtRiskRow(
                enrolment_id=pk,
                name=name,
                email=email,
                cohort_code=cohort.code,
                cohort_name=cohort.name,
                track=track or "",
                percent=p.percent,
                expected_percent=round(expected_minutes(p) * 100 / p.budget_minutes)
                if p.budget_minutes
                else 0,
                behind_modes=[labels[m.mode] for m in p.modes if m.behind] if behind else [],
                oldest_waiting=waiting.get(pk),
                waiting_days=(now - waiting[pk]).days if pk in waiting else None,
                behind=behind,
            )
        )
    return AtRisk(rows=rows, total=len(found))


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
    signed off. One grouped pass over the placements, each with its mentee's work-based hour total
    when entries wait in it (an enrolment has at most one per mode: no fan-out)."""
    enrolments = scope.enrolments().exclude(status=Enrolment.Status.WITHDRAWN)
    totals = "enrolment__hour_totals"
    waiting = FilteredRelation(
        totals,
        condition=Q(**{f"{totals}__mode": LearningMode.WORK_BASED, f"{totals}__submitted_entries__gt": 0}),
    )
    rows = (
        Placement.objects.filter(enrolment__in=enrolments, mentor__isnull=False)
        .annotate(waiting=waiting)
        .values("mentor_id", "mentor__full_name", "mentor__email")
        .annotate(
            mentees=Count("pk"),
            to_sign_off=Count("pk", filter=Q(signed_off_at__isnull=True, end__lt=scope.today)),
            n=Sum("waiting__submitted_entries"),
            minutes=Sum("waiting__submitted_minutes"),
            oldest=Min("waiting__oldest_waiting"),
        )
        .order_by()
    )
    queues = [
        MentorQueue(
            mentor_id=r["mentor_id"],
            name=r["mentor__full_name"],
            email=r["mentor__email"],
            mentees=r["mentees"],
            waiting=r["n"] or 0,
            waiting_minutes=r["minutes"] or 0,
            oldest=r["oldest"],
            to_sign_off=r["to_sign_off"],
        )
        for r in rows
    ]
    return sorted(queues, key=lambda q: (-q.waiting, -q.to_sign_off, q.name))


@dataclass
class BlendedQueue:
    waiting: int
    waiting_minutes: int
    overdue: int  # waiting longer than WAITING_DAYS
    oldest: datetime | None


def blended_queue(
    scope, *, now: datetime | None = None, waiting: dict[str, Waiting] | None = None
) -> BlendedQueue:
    """Blended-mode entries waiting for a trainer or coordinator. Two queries: the hour totals (none
    when `waiting` gives them per mode, as figures.hours_by_mode reads them in passing), then the
    entries waiting too long, only of the participants whose oldest waiting entry is that old."""
    now = now or timezone.now()
    overdue_before = now - timedelta(days=WAITING_DAYS)
    blended = HourTotal.objects.filter(enrolment__in=scope.enrolments()).exclude(mode=LearningMode.WORK_BASED)
    if waiting is None:
        row = blended.aggregate(
            waiting=Sum("submitted_entries"), minutes=Sum("submitted_minutes"), oldest=Min("oldest_waiting")
        )
    else:
        modes = [w for mode, w in waiting.items() if mode != LearningMode.WORK_BASED]
        oldest = [w.oldest for w in modes if w.oldest is not None]
        row = {
            "waiting": sum(w.entries for w in modes),
            "minutes": sum(w.minutes for w in modes),
            "oldest": min(oldest) if oldest else None,
        }
    overdue = (
        HourEntry.objects.filter(
            enrolment_id__in=blended.filter(oldest_waiting__lt=overdue_before).values("enrolment_id"),
            status=HourEntry.Status.SUBMITTED,
            created_at__lt=overdue_before,
        )
        .exclude(mode=LearningMode.WORK_BASED)
        .count()
    )
    return BlendedQueue(row["waiting"] or 0, row["minutes"] or 0, overdue, row["oldest"])
