"""Geometry for server-rendered SVG charts: numbers in, coordinates out; templates draw them.

No JavaScript library and no inline styles (the CSP forbids them): colours come from CSS classes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 680, 480
CX, CY = WIDTH / 2, HEIGHT / 2
RADIUS = 172
RINGS = 4


@dataclass(frozen=True)
class Point:
    x: float
    y: float

    def __str__(self) -> str:
        return f"{self.x:.1f},{self.y:.1f}"

    # Preformatted: template filters would localise the decimal point ("12,5" in Latvian).
    @property
    def sx(self) -> str:
        return f"{self.x:.1f}"

    @property
    def sy(self) -> str:
        return f"{self.y:.1f}"


@dataclass
class RadarAxis:
    label: str
    sublabel: str
    end: Point
    label_at: Point
    anchor: str  # SVG text-anchor


@dataclass
class RadarSeries:
    name: str
    css: str
    points: str
    dots: list[Point]
    dashed: bool = False


@dataclass
class Radar:
    width: int
    height: int
    centre: Point
    axes: list[RadarAxis]
    rings: list[str]
    series: list[RadarSeries] = field(default_factory=list)


def _at(index: int, count: int, share: float) -> Point:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return Point(CX + RADIUS * share * math.cos(angle), CY + RADIUS * share * math.sin(angle))


def _short(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def radar(
    axes: list[tuple[str, str, int]],
    series: list[tuple[str, str, list[float | None]]],
) -> Radar:
    """`axes`: (label, sublabel, scale maximum); `series`: (name, css class, one value per axis).
    Each axis has its own scale (DigComp has 8 levels, e-CF 5); a series with a missing value is
    left out of the picture (the data table still shows what there is)."""
    count = max(len(axes), 3)
    chart_axes = []
    for i, (label, sublabel, _maximum) in enumerate(axes):
        end = _at(i, count, 1.0)
        outer = _at(i, count, 1.12)
        # Two lines of text: above the tip at the top, below it at the bottom.
        shift = -16 if outer.y < CY - 8 else (8 if outer.y > CY + 8 else -4)
        outer = Point(outer.x, outer.y + shift)
        anchor = "middle" if abs(outer.x - CX) < 8 else ("start" if outer.x > CX else "end")
        chart_axes.append(RadarAxis(label, _short(sublabel), end, outer, anchor))
    rings = [" ".join(str(_at(i, count, ring / RINGS)) for i in range(count)) for ring in range(1, RINGS + 1)]
    chart = Radar(WIDTH, HEIGHT, Point(CX, CY), chart_axes, rings)
    for name, css, values in series:
        if not values or any(v is None for v in values):
            continue
        points = [
            _at(i, count, max(0.0, min(1.0, (value or 0) / max(axes[i][2], 1))))
            for i, value in enumerate(values)
        ]
        chart.series.append(
            RadarSeries(name, css, " ".join(str(p) for p in points), points, dashed=css == "target")
        )
    return chart


def _f(value: float) -> str:
    return f"{value:.1f}"


@dataclass
class Bar:
    label: str
    value: float
    x: str
    width: str
    y: str
    text_y: str
    text_x: str
    negative: bool
    label_y: str


@dataclass
class Bars:
    width: int
    height: int
    zero_x: str
    axis_y: str
    label_x: str
    bars: list[Bar]
    ticks: list[tuple[str, str]]


def gain_bars(rows: list[tuple[str, float]], *, width: int = 640) -> Bars:
    """Bars around zero for average gains (in levels), one row each: the label above its bar, so
    the chart uses the whole width on a phone as on a desktop."""
    row_height = 58
    span = math.ceil(max([abs(v) for _label, v in rows] + [1.0]))
    has_negative = any(v < 0 for _label, v in rows)
    plot = width - 70
    left = 12 + (plot / 2 if has_negative else 0)
    scale = (plot / 2 if has_negative else plot) / span
    bars = []
    for n, (label, value) in enumerate(rows):
        length = abs(value) * scale
        x = left - length if value < 0 else left
        y = n * row_height + 30
        bars.append(
            Bar(
                label=_short(label, 44),
                value=value,
                x=_f(x),
                width=_f(max(length, 1.0)),
                y=_f(y),
                text_y=_f(y + 15),
                text_x=_f((x - 6) if value < 0 else (x + length + 6)),
                negative=value < 0,
                label_y=_f(y - 7),
            )
        )
    height = len(rows) * row_height + 34
    ticks = [
        (_f(left + t * scale), f"{t:+d}" if t else "0") for t in range(-span if has_negative else 0, span + 1)
    ]
    return Bars(width, height, _f(left), _f(height - 20), "12", bars, ticks)
