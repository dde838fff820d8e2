"""Geometry for the logbook's weekly chart (server-rendered SVG: no script, no inline styles)."""

from __future__ import annotations

from dataclasses import dataclass

from .selectors.logbook import Logbook, Week

HEIGHT = 160  # plot area
TOP = 10
LEFT = 44
BAR_SLOT = 36
BAR_WIDTH = 24


@dataclass
class Bar:
    week: Week
    x: float
    approved_y: float
    approved_h: float
    waiting_y: float
    waiting_h: float
    target_y: float
    label_x: float


@dataclass
class Tick:
    y: float
    hours: int


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    target_points: str  # polyline through each week's steady-pace target
    plan_y: float
    baseline: float


def _y(minutes: int, top: int) -> float:
    return round(TOP + HEIGHT - HEIGHT * minutes / top, 1)


def weekly_chart(book: Logbook) -> Chart | None:
    """Cumulative approved hours per week (bars), this week's waiting hours on top, the pace as a line."""
    if not book.weeks:
        return None
    top = book.chart_max
    bars = []
    for i, week in enumerate(book.weeks):
        x = LEFT + i * BAR_SLOT + (BAR_SLOT - BAR_WIDTH) / 2
        approved_y = _y(week.cumulative, top)
        waiting_y = _y(week.cumulative + week.waiting, top)
        bars.append(
            Bar(
                week=week,
                x=x,
                approved_y=approved_y,
                approved_h=round(TOP + HEIGHT - approved_y, 1),
                waiting_y=waiting_y,
                waiting_h=round(approved_y - waiting_y, 1),
                target_y=_y(week.target, top),
                label_x=x + BAR_WIDTH / 2,
            )
        )
    step = max(1, round(top / 60 / 4 / 5) * 5)  # four or five ticks at round hours
    ticks = [Tick(_y(h * 60, top), h) for h in range(0, int(top / 60) + 1, step)]
    points = " ".join(f"{b.label_x},{b.target_y}" for b in bars)
    return Chart(
        width=LEFT + len(bars) * BAR_SLOT + 8,
        height=TOP + HEIGHT + 24,
        bars=bars,
        ticks=ticks,
        target_points=points,
        plan_y=_y(book.planned_minutes, top),
        baseline=TOP + HEIGHT,
    )
