"""One dashboard (a cohort's, a country's or the whole programme's): every figure, and its charts."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import charts
from .attention import (
    AT_RISK_SHOWN,
    AtRisk,
    BlendedQueue,
    MentorQueue,
    at_risk,
    blended_queue,
    mentor_queues,
)
from .figures import (
    BREAKDOWN_LABELS,
    FunnelStage,
    ModeHours,
    StatusRow,
    Waiting,
    breakdown_by,
    enrolment_counts,
    funnel,
    hours_by_mode,
    participants_by_status,
)
from .quality import (
    FeedbackSummary,
    Gain,
    Indicator,
    competence_gains,
    feedback_summary,
    indicators,
)
from .scope import Scope


@dataclass
class Dashboard:
    scope: Scope
    breakdown: str
    status_rows: list[StatusRow]
    status_total: StatusRow
    hours: list[ModeHours]
    funnel: list[FunnelStage]
    gains: list[Gain]
    at_risk: AtRisk
    mentors: list[MentorQueue]  # the longest queues first (the first `shown` when given)
    mentors_total: int
    blended: BlendedQueue
    feedback: FeedbackSummary
    indicators: list[Indicator]

    @property
    def breakdown_label(self) -> str:
        return str(BREAKDOWN_LABELS[self.breakdown])

    @property
    def hours_totals(self) -> dict[str, int]:
        keys = ("budget", "approved", "recognised", "credited", "pending", "rejected")
        return {k: sum(getattr(m, f"{k}_minutes") for m in self.hours) for k in keys}

    def charts(self) -> dict[str, charts.Chart]:
        return {
            "status": status_chart(self.status_rows),
            "hours": hours_chart(self.hours),
            "funnel": funnel_chart(self.funnel),
            "gains": gains_chart(self.gains),
        }


def dashboard(scope: Scope, *, shown: int | None = None) -> Dashboard:
    """All figures of a dashboard: a fixed number of queries (about twenty) whatever the size. With
    `shown`, the at-risk list and the mentors' queues keep only their first `shown` rows (a page's
    tables have a bounded length; their totals stay whole)."""
    counts = enrolment_counts(scope)  # shared by the status table, the funnel, budgets, indicators
    rows, total = participants_by_status(scope, counts)
    summary = feedback_summary(scope)
    mentors = mentor_queues(scope)
    waiting: dict[str, Waiting] = {}  # per mode, read with the hours (without a period)
    hours = hours_by_mode(scope, counts, waiting=waiting)
    return Dashboard(
        scope=scope,
        breakdown=breakdown_by(scope),
        status_rows=rows,
        status_total=total,
        hours=hours,
        funnel=funnel(scope, counts),
        gains=competence_gains(scope),
        at_risk=at_risk(scope, limit=shown or AT_RISK_SHOWN),
        mentors=mentors[:shown] if shown else mentors,
        mentors_total=len(mentors),
        blended=blended_queue(scope, waiting=None if scope.filters.has_period else waiting),
        feedback=summary,
        indicators=indicators(scope, summary, counts),
    )


def status_chart(rows: list[StatusRow]) -> charts.Chart:
    scale = max((r.total for r in rows), default=0)
    series = [("active", _("Active")), ("completed", _("Completed")), ("withdrawn", _("Withdrawn"))]
    chart = charts.Chart(title=_("Participants by status"), series=series)
    for r in rows:
        chart.bars.append(
            charts.bar(
                r.label,
                [(key, label, getattr(r, key), str(getattr(r, key))) for key, label in series],
                scale=scale,
                total_text=str(r.total),
            )
        )
    return chart


def hours_chart(modes: list[ModeHours]) -> charts.Chart:
    series = [
        ("approved", _("Approved")),
        ("recognised", _("Recognised prior learning")),
        ("pending", _("Waiting for approval")),
    ]
    chart = charts.Chart(
        title=_("Hours by learning mode against the budget"), series=series, target_label=_("Budget")
    )
    for m in modes:
        values = [m.approved_minutes, m.recognised_minutes, m.pending_minutes]
        scale = max(m.budget_minutes, sum(values))
        chart.bars.append(
            charts.bar(
                m.label,
                [
                    (
                        key,
                        label,
                        v,
                        pgettext("hours, abbreviated", "%(hours)s h") % {"hours": charts.hours_text(v)},
                    )
                    for (key, label), v in zip(series, values, strict=True)
                ],
                scale=scale,
                total_text=_("%(done)s of %(budget)s h")
                % {
                    "done": charts.hours_text(m.credited_minutes),
                    "budget": charts.hours_text(m.budget_minutes),
                },
                target=m.budget_minutes,
                target_text=_("budget %(h)s h") % {"h": charts.hours_text(m.budget_minutes)},
            )
        )
    return chart


def funnel_chart(stages: list[FunnelStage]) -> charts.Chart:
    scale = max((s.count for s in stages), default=0)
    chart = charts.Chart(title=_("From application to certificate"), series=[("stage", "")])
    first = stages[0].count if stages else 0
    for s in stages:
        share = f" ({round(s.count * 100 / first)} %)" if first else ""
        chart.bars.append(
            charts.bar(
                s.label,
                [("stage", s.help, s.count, str(s.count))],
                scale=scale,
                total_text=f"{s.count}{share}",
            )
        )
    return chart


def gains_chart(gains: list[Gain]) -> charts.Chart:
    series = [("pre", _("Before the course")), ("gain", _("Gain after the course"))]
    chart = charts.Chart(title=_("Self-assessed competence, before and after"), series=series)
    for g in gains:
        gain = max(0.0, g.post - g.pre)
        chart.bars.append(
            charts.bar(
                f"{g.code} {g.title}",
                [
                    ("pre", series[0][1], g.pre, _level(g.pre)),
                    ("gain", series[1][1], gain, "+" + _level(gain)),
                ],
                scale=g.max_level,
                total_text=f"{_level(g.pre)} → {_level(g.post)}",
            )
        )
    return chart


def _level(value: float) -> str:
    return number_format(value, decimal_pos=1)
