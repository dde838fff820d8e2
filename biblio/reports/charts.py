"""Geometry of the server-rendered SVG charts: horizontal bars, stacked, with an optional target mark.

Each bar is its own small SVG (scaled to the width of the page, so it reads on a phone) with a
`<title>`; the figures are always also in a data table beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


@dataclass
class Segment:
    key: str
    label: str
    value: float
    text: str
    x: float = 0.0
    width: float = 0.0


@dataclass
class Bar:
    label: str
    total_text: str
    segments: list[Segment]
    title: str = ""
    target_x: float | None = None


@dataclass
class Chart:
    title: str
    series: list[tuple[str, str]]  # (css key, legend label)
    bars: list[Bar] = field(default_factory=list)
    target_label: str = ""


def hours_text(minutes: float | None) -> str:
    """Minutes as hours with one decimal, rounded half up (Django's number_format only truncates,
    and a total must read the same here as in a spreadsheet of the export)."""
    value = (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(value, decimal_pos=0 if value == value.to_integral_value() else 1)


def bar(
    label: str,
    segments: Sequence[tuple[str, str, float, str]],
    *,
    scale: float,
    total_text: str = "",
    target: float | None = None,
    target_text: str = "",
) -> Bar:
    """A bar of stacked `segments` (key, label, value, text) on a 0..`scale` axis (0..100 in SVG)."""
    scale = scale or 1
    x = 0.0
    parts = []
    for key, seg_label, value, text in segments:
        width = max(0.0, min(100.0 - x, value * 100 / scale))
        parts.append(Segment(key, seg_label, value, text, round(x, 2), round(width, 2)))
        x += width
    title = "; ".join(f"{s.label}: {s.text}" for s in parts if s.value)
    if target is not None and target_text:
        title = f"{title}; {target_text}" if title else target_text
    return Bar(
        label=label,
        total_text=total_text,
        segments=parts,
        title=f"{label} — {title}" if title else label,
        target_x=round(min(100.0, target * 100 / scale), 2) if target else None,
    )
