"""Dashboard figures aggregated in the database: participants by status, hours against budget, the
completion funnel. Each function runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
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


def participants_by_status(scope: Scope) -> tuple[list[StatusRow], StatusRow]:
    """Enrolments per status (and how many hold a valid credential) per group, and the totals."""
    by = breakdown_by(scope)
    field = {"country": "cohort__country", "cohort": "cohort_id", "track": "programme__profile__code"}[by]
    rows = (
        scope.enrolments()
        .values(field)
        .annotate(
            active=Count("pk", filter=Q(status=Status.ACTIVE)),
            completed=Count("pk", filter=Q(status=Status.COMPLETED)),
            withdrawn=Count("pk", filter=Q(status=Status.WITHDRAWN)),
            certified=Count("pk", filter=Q(status=Status.COMPLETED) & Q(certified())),
        )
        .order_by(field)
    )
    result = []
    for row in rows:
        key = row[field]
        if by == "cohort":
            label = scope.cohorts[key].name
            key = scope.cohorts[key].code
        else:
            label = key or (_("No track") if by == "track" else "—")
        result.append(
            StatusRow(
                key=str(key or ""),
                label=str(label),
                active=row["active"],
                completed=row["completed"],
                withdrawn=row["withdrawn"],
                certified=row["certified"],
            )
        )
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


def hours_by_mode(scope: Scope) -> list[ModeHours]:
    """Credited, recognised and waiting minutes per mode, against the budget of every participant
    who has not withdrawn (each programme's budget per mode × its participants). Two queries: the
    budgets and the hour totals the database keeps per enrolment (biblio/learning/totals.py); for a
    period, which those totals cannot narrow, the entries, attendance and exemptions dated in it."""
    enrolments = scope.enrolments()
    modes = {mode: ModeHours(mode) for mode in MODE_ORDER}
    budgets = (
        HourBudget.objects.filter(programme__enrolments__in=enrolments.exclude(status=Status.WITHDRAWN))
        .values("mode")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    for row in budgets:
        modes[row["mode"]].budget_minutes = (row["hours"] or 0) * 60
    _add_hours(modes, scope, enrolments)
    return [
        m
        for m in modes.values()
        if m.budget_minutes or m.credited_minutes or m.pending_minutes or m.rejected_minutes
    ]


def _add_hours(modes: dict[str, ModeHours], scope: Scope, enrolments) -> None:
    if not scope.filters.has_period:
        totals = (
            HourTotal.objects.filter(enrolment__in=enrolments)
            .values("mode")
            .annotate(
                approved=Sum("approved_minutes") + Sum("attended_minutes"),
                recognised=Sum("recognised_minutes"),
                pending=Sum("submitted_minutes"),
                rejected=Sum("rejected_minutes"),
            )
            .order_by()
        )
        for row in totals:
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


def funnel(scope: Scope) -> list[FunnelStage]:
    """Applied → accepted → active → work-based → completed → certified. Two queries."""
    apps = scope.applications().aggregate(
        applied=Count("pk"),
        accepted=Count("pk", filter=Q(status=Application.Status.ACCEPTED)),
    )
    not_withdrawn = ~Q(status=Status.WITHDRAWN)
    counts = scope.enrolments().aggregate(
        active=Count("pk", filter=not_withdrawn),
        work_based=Count("pk", filter=not_withdrawn & Q(placement__start__lte=scope.today)),
        completed=Count("pk", filter=Q(status=Status.COMPLETED)),
        certified=Count("pk", filter=Q(status=Status.COMPLETED) & Q(certified())),
    )
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


def enrolment_totals(scope: Scope) -> dict[str, int]:
    """Enrolled, completed and certified participants; places of the cohorts. Used by indicators."""
    ended = [c.pk for c in scope.cohorts.values() if c.end < scope.today]
    return {
        **scope.enrolments().aggregate(
            enrolled=Count("pk"),
            not_withdrawn=Count("pk", filter=~Q(status=Status.WITHDRAWN)),
            completed=Count("pk", filter=Q(status=Status.COMPLETED)),
            certified=Count("pk", filter=Q(status=Status.COMPLETED) & Q(certified())),
            enrolled_ended=Count("pk", filter=Q(cohort_id__in=ended)),
            completed_ended=Count("pk", filter=Q(cohort_id__in=ended, status=Status.COMPLETED)),
        ),
        "places": sum(c.places for c in scope.cohorts.values()),
    }
