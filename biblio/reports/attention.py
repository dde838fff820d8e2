"""Who needs attention today: participants behind the expected pace or waiting too long for a review,
and the review queues of mentors (work-based hours) and trainers (blended hours)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.db.models import Count, F, Min, Q, Sum
from django.utils import timezone

from biblio.learning.models import Attendance, Enrolment, Exemption, HourEntry
from biblio.learning.progress import Progress, progress_for
from biblio.programmes.models import Cohort, LearningMode
from biblio.workplace.models import Placement

from . import sql

WAITING_DAYS = 7  # an entry waiting longer than this for a review puts its participant on the list
PACE_TOLERANCE = 0.9  # behind = credited hours below 90 % of where a steady pace would be by today
AT_RISK_SHOWN = 100


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


def _credits(enrolments) -> tuple[str, tuple]:
    """Credited minutes as rows (e, p, md, m): approved entries, attendance, recognised learning."""
    approved = HourEntry.objects.filter(enrolment__in=enrolments, status=HourEntry.Status.APPROVED)
    attended = Attendance.objects.filter(enrolment__in=enrolments)
    recognised = Exemption.objects.filter(enrolment__in=enrolments, status=Exemption.Status.APPROVED)
    columns = ("e", "p", "md", "m")
    return sql.union_all(
        approved.annotate(
            e=F("enrolment_id"), p=F("enrolment__programme_id"), md=F("mode"), m=F("minutes")
        ).values_list(*columns),
        attended.annotate(
            e=F("enrolment_id"), p=F("enrolment__programme_id"), md=F("session__mode"), m=F("minutes")
        ).values_list(*columns),
        recognised.annotate(
            e=F("enrolment_id"),
            p=F("enrolment__programme_id"),
            md=F("module__mode"),
            m=F("recognised_minutes"),
        ).values_list(*columns),
    )


def _paces(scope, active) -> dict[tuple[int, int], Progress]:
    """The pace of each (cohort, programme) of the scope: `progress_for` of an enrolment with no
    hours gives each budget and where a steady pace would be today (five queries)."""
    combos = list(active.order_by().values_list("cohort_id", "programme_id").distinct())
    cohorts = {c.pk: c for c in Cohort.objects.filter(pk__in={c for c, _p in combos})}
    blanks = [SimpleNamespace(pk=-i, programme_id=p, cohort=cohorts[c]) for i, (c, p) in enumerate(combos, 1)]
    paces = progress_for(blanks, today=scope.today)
    return {(b.cohort.pk, b.programme_id): paces[b.pk] for b in blanks}


def at_risk(scope, *, now: datetime | None = None) -> AtRisk:
    """Active participants behind the expected pace for today, or with an entry waiting more than
    WAITING_DAYS days, furthest behind first. Credited minutes per participant come from one grouped
    query (sql.credited_per_enrolment); names and per-mode progress only for the rows shown.
    A fixed number of queries (about thirteen) whatever the size."""
    now = now or timezone.now()
    active = scope.enrolments().filter(status=Enrolment.Status.ACTIVE)
    waiting = _waiting_since(active, now - timedelta(days=WAITING_DAYS))
    # (expected minutes by today, budget minutes) per cohort and programme: a handful of pairs.
    paces = {key: (expected_minutes(p), p.budget_minutes or 1) for key, p in _paces(scope, active).items()}
    found: list[tuple[float, int, bool]] = []  # (credited − expected as a share of budget, id, behind)
    for pk, cohort_id, programme_id, credited in sql.credited_per_enrolment(
        sql.compiled(active.order_by().values_list("id", "cohort_id", "programme_id")), _credits(active)
    ):
        expected, budget = paces[(cohort_id, programme_id)]
        behind = bool(expected) and credited < expected * PACE_TOLERANCE
        if behind or pk in waiting:
            found.append(((credited - expected) / budget, pk, behind))
    found.sort()
    shown = found[:AT_RISK_SHOWN]
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.filter(pk__in=[pk for _d, pk, _b in shown]).select_related(
            "person", "cohort", "programme__profile"
        )
    }
    progress = progress_for(list(enrolments.values()), today=scope.today)
    rows = []
    for _deficit, pk, behind in shown:
        e, p = enrolments[pk], progress[pk]
        profile = e.programme.profile
        rows.append(
            AtRiskRow(
                enrolment_id=pk,
                name=e.person.full_name,
                email=e.person.email,
                cohort_code=e.cohort.code,
                cohort_name=e.cohort.name,
                track=profile.code if profile else "",
                percent=p.percent,
                expected_percent=round(expected_minutes(p) * 100 / p.budget_minutes)
                if p.budget_minutes
                else 0,
                behind_modes=[str(m.label) for m in p.modes if m.behind] if behind else [],
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
    signed off. Two grouped queries (placements, then waiting entries), merged by mentor."""
    enrolments = scope.enrolments().exclude(status=Enrolment.Status.WITHDRAWN)
    queues = {
        r["mentor_id"]: MentorQueue(
            mentor_id=r["mentor_id"],
            name=r["mentor__full_name"],
            email=r["mentor__email"],
            mentees=r["mentees"],
            waiting=0,
            waiting_minutes=0,
            oldest=None,
            to_sign_off=r["to_sign_off"],
        )
        for r in Placement.objects.filter(enrolment__in=enrolments, mentor__isnull=False)
        .values("mentor_id", "mentor__full_name", "mentor__email")
        .annotate(
            mentees=Count("pk"),
            to_sign_off=Count("pk", filter=Q(signed_off_at__isnull=True, end__lt=scope.today)),
        )
        .order_by()
    }
    waiting = (
        HourEntry.objects.filter(
            enrolment__in=enrolments,
            status=HourEntry.Status.SUBMITTED,
            mode=LearningMode.WORK_BASED,
            enrolment__placement__mentor_id__in=list(queues),
        )
        .values("enrolment__placement__mentor_id")
        .annotate(n=Count("pk"), minutes=Sum("minutes"), oldest=Min("created_at"))
        .order_by()
    )
    for r in waiting:
        queue = queues[r["enrolment__placement__mentor_id"]]
        queue.waiting, queue.waiting_minutes, queue.oldest = r["n"], r["minutes"] or 0, r["oldest"]
    return sorted(queues.values(), key=lambda q: (-q.waiting, -q.to_sign_off, q.name))


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
