"""Dashboard figures aggregated in the database: participants by status, hours against budget, the
completion funnel. Each function runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.learning.models import Application, Attendance, Enrolment, Exemption, HourEntry, HourTotal
from biblio.learning.progress import MODE_ORDER
from biblio.programmes.models import HourBudget, LearningMode
from biblio.recognition.models import Credential

from .scope import Scope

Status = Enrolment.Status


def valid_credentials() -> Q:
    """Credentials that still certify: not revoked and not expired."""
    return Q(revoked_at__isnull=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


def certified() -> Exists:
    """An enrolment holds a valid credential."""
    return Exists(Credential.objects.filter(valid_credentials(), enrolment=OuterRef("pk")))


# --- Enrolment counts: what the status table, the funnel, the budgets and the indicators share ----


@dataclass(frozen=True)
class EnrolmentCount:
    """Enrolments of one (cohort, programme, status) in the scope."""

    cohort_id: int
    programme_id: int
    track: str | None  # the programme's role profile code
    status: str
    n: int
    certified: int  # completed and holding a valid credential
    work_based: int  # not withdrawn, placement started by today


def enrolment_counts(scope: Scope) -> list[EnrolmentCount]:
    """One grouped pass over the scope's enrolments, from which participants by status, the funnel,
    the budgets per mode and the quality indicators are summed in Python (a few dozen groups)."""
    not_withdrawn = ~Q(status=Status.WITHDRAWN)
    rows = (
        scope.enrolments()
        .values_list("cohort_id", "programme_id", "programme__profile__code", "status")
        .annotate(
            n=Count("pk"),
            certified=Count("pk", filter=Q(status=Status.COMPLETED) & Q(certified())),
            work_based=Count("pk", filter=not_withdrawn & Q(placement__start__lte=scope.today)),
        )
        .order_by()
    )
    return [EnrolmentCount(*row) for row in rows]


# --- Participants by status, broken down by country, cohort or track -----------------------------


@dataclass
class StatusRow:
    key: str
    label: str
    active: int = 0
    completed: int = 0
    withdrawn: int = 0
    certified: int = 0

    @property
    def total(self) -> int:
        return self.active + self.completed + self.withdrawn


BREAKDOWN_LABELS = {
    "country": _("Country"),
    "cohort": _("Cohort"),
    "track": _("Track"),
}


def breakdown_by(scope: Scope) -> str:
    """Programme-wide figures break down by country, a country's by cohort, a cohort's by track."""
    return {"programme": "country", "country": "cohort", "cohort": "track"}[scope.level]


def participants_by_status(
    scope: Scope, counts: list[EnrolmentCount] | None = None
) -> tuple[list[StatusRow], StatusRow]:
    """Enrolments per status (and how many hold a valid credential) per group, and the totals."""
    by = breakdown_by(scope)
    groups: dict = {}
    for c in enrolment_counts(scope) if counts is None else counts:
        key = {"country": scope.cohorts[c.cohort_id].country, "cohort": c.cohort_id, "track": c.track}[by]
        row = groups.get(key)
        if row is None:
            if by == "cohort":
                label, code = scope.cohorts[key].name, scope.cohorts[key].code
            else:
                label, code = key or (_("No track") if by == "track" else "—"), key
            row = groups[key] = StatusRow(key=str(code or ""), label=str(label))
        if c.status in (Status.ACTIVE, Status.COMPLETED, Status.WITHDRAWN):
            setattr(row, c.status, getattr(row, c.status) + c.n)
        row.certified += c.certified
    result = sorted(groups.values(), key=lambda r: r.key)
    result.sort(key=lambda r: r.label)
    total = StatusRow(key="", label=str(_("Total")))
    for r in result:
        total.active += r.active
        total.completed += r.completed
        total.withdrawn += r.withdrawn
        total.certified += r.certified
    return result, total


# --- Hours by learning mode against the budget ---------------------------------------------------


@dataclass
class ModeHours:
    mode: str
    budget_minutes: int = 0
    approved_minutes: int = 0  # approved entries + attendance at sessions
    recognised_minutes: int = 0  # approved exemptions (recognition of prior learning)
    pending_minutes: int = 0  # entries waiting for approval
    rejected_minutes: int = 0

    @property
    def label(self) -> str:
        return str(LearningMode(self.mode).label)

    @property
    def credited_minutes(self) -> int:
        return self.approved_minutes + self.recognised_minutes

    @property
    def percent(self) -> int:
        return round(self.credited_minutes * 100 / self.budget_minutes) if self.budget_minutes else 0


@dataclass(frozen=True)
class Waiting:
    """Entries waiting for a review in one mode: how many, their minutes, the oldest's timestamp."""

    entries: int
    minutes: int
    oldest: datetime | None


def hours_by_mode(
    scope: Scope,
    counts: list[EnrolmentCount] | None = None,
    *,
    waiting: dict[str, Waiting] | None = None,
) -> list[ModeHours]:
    """Credited, recognised and waiting minutes per mode, against the budget of every participant
    who has not withdrawn (each programme's budget per mode × its participants, from the enrolment
    counts). Three queries (two with `counts`): the counts, the budgets and the hour totals the database keeps per enrolment (biblio/learning/totals/); for a
    period, which those totals cannot narrow, the entries, attendance and exemptions dated in it."""
    enrolments = scope.enrolments()
    modes = {mode: ModeHours(mode) for mode in MODE_ORDER}
    participants: dict[int, int] = {}  # not withdrawn, per programme
    for c in enrolment_counts(scope) if counts is None else counts:
        if c.status != Status.WITHDRAWN:
            participants[c.programme_id] = participants.get(c.programme_id, 0) + c.n
    budgets = HourBudget.objects.filter(programme_id__in=list(participants)).values_list(
        "programme_id", "mode", "hours"
    )
    for programme_id, mode, hours in budgets.order_by():
        modes[mode].budget_minutes += (hours or 0) * 60 * participants[programme_id]
    _add_hours(modes, scope, enrolments, waiting)
    return [
        m
        for m in modes.values()
        if m.budget_minutes or m.credited_minutes or m.pending_minutes or m.rejected_minutes
    ]


def _add_hours(
    modes: dict[str, ModeHours], scope: Scope, enrolments, waiting: dict[str, Waiting] | None
) -> None:
    if not scope.filters.has_period:
        totals = (
            HourTotal.objects.filter(enrolment__in=enrolments)
            .values("mode")
            .annotate(
                approved=Sum("approved_minutes") + Sum("attended_minutes"),
                recognised=Sum("recognised_minutes"),
                pending=Sum("submitted_minutes"),
                rejected=Sum("rejected_minutes"),
                waiting_entries=Sum("submitted_entries"),
                oldest=Min("oldest_waiting"),
            )
            .order_by()
        )
        for row in totals:
            if waiting is not None:
                waiting[row["mode"]] = Waiting(
                    row["waiting_entries"] or 0, row["pending"] or 0, row["oldest"]
                )
            m = modes[row["mode"]]
            m.approved_minutes += row["approved"] or 0
            m.recognised_minutes += row["recognised"] or 0
            m.pending_minutes += row["pending"] or 0
            m.rejected_minutes += row["rejected"] or 0
        return
    entries = (
        HourEntry.objects.filter(scope.dated("date"), enrolment__in=enrolments)
        .values("mode")
        .annotate(
            approved=Sum("minutes", filter=Q(status=HourEntry.Status.APPROVED)),
            pending=Sum("minutes", filter=Q(status=HourEntry.Status.SUBMITTED)),
            rejected=Sum("minutes", filter=Q(status=HourEntry.Status.REJECTED)),
        )
        .order_by()
    )
    for row in entries:
        m = modes[row["mode"]]
        m.approved_minutes += row["approved"] or 0
        m.pending_minutes += row["pending"] or 0
        m.rejected_minutes += row["rejected"] or 0
    attended = (
        Attendance.objects.filter(scope.dated("session__start__date"), enrolment__in=enrolments)
        .values("session__mode")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    for row in attended:
        modes[row["session__mode"]].approved_minutes += row["total"] or 0
    recognised = (
        Exemption.objects.filter(
            scope.dated("decided_at__date"),
            enrolment__in=enrolments,
            status=Exemption.Status.APPROVED,
        )
        .values("module__mode")
        .annotate(total=Sum("recognised_minutes"))
        .order_by()
    )
    for row in recognised:
        modes[row["module__mode"]].recognised_minutes += row["total"] or 0


# --- The completion funnel -----------------------------------------------------------------------


@dataclass
class FunnelStage:
    key: str
    label: str
    count: int
    help: str = ""


def funnel(scope: Scope, counts: list[EnrolmentCount] | None = None) -> list[FunnelStage]:
    """Applied → accepted → active → work-based → completed → certified. Two queries (one with
    `counts`)."""
    apps = scope.applications().aggregate(
        applied=Count("pk"),
        accepted=Count("pk", filter=Q(status=Application.Status.ACCEPTED)),
    )
    rows = enrolment_counts(scope) if counts is None else counts
    counts = {
        "active": sum(c.n for c in rows if c.status != Status.WITHDRAWN),
        "work_based": sum(c.work_based for c in rows),
        "completed": sum(c.n for c in rows if c.status == Status.COMPLETED),
        "certified": sum(c.certified for c in rows),
    }
    return [
        FunnelStage("applied", str(_("Applied")), apps["applied"], str(_("applications"))),
        FunnelStage("accepted", str(_("Accepted")), apps["accepted"], str(_("applications accepted"))),
        FunnelStage("active", str(_("Active")), counts["active"], str(_("enrolled, not withdrawn"))),
        FunnelStage(
            "work_based",
            str(_("Work-based")),
            counts["work_based"],
            str(_("placement started")),
        ),
        FunnelStage("completed", str(_("Completed")), counts["completed"], str(_("course completed"))),
        FunnelStage("certified", str(_("Certified")), counts["certified"], str(_("hold a valid credential"))),
    ]


def enrolment_totals(scope: Scope, counts: list[EnrolmentCount] | None = None) -> dict[str, int]:
    """Enrolled, completed and certified participants; places of the cohorts. Used by indicators."""
    rows = enrolment_counts(scope) if counts is None else counts
    ended = {c.pk for c in scope.cohorts.values() if c.end < scope.today}
    completed = [c for c in rows if c.status == Status.COMPLETED]
    return {
        "enrolled": sum(c.n for c in rows),
        "not_withdrawn": sum(c.n for c in rows if c.status != Status.WITHDRAWN),
        "completed": sum(c.n for c in completed),
        "certified": sum(c.certified for c in rows),
        "enrolled_ended": sum(c.n for c in rows if c.cohort_id in ended),
        "completed_ended": sum(c.n for c in completed if c.cohort_id in ended),
        "places": sum(c.places for c in scope.cohorts.values()),
    }
