"""Geometry of the server-rendered SVG charts: horizontal bars, stacked, with an optional target mark.

Each bar is its own small SVG (scaled to the width of the page, so it reads on a phone) with a
`<title>`; the figures are always also in a data table beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext


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


def render(chart: Chart, chart_id: str) -> SafeString:
    """The chart as HTML: a figure with a hidden caption, the legend, and a small SVG per bar (what
    reports/_bars.html rendered; built here because a dashboard draws some fifty bars, and a template
    loop per bar and segment cost more than the figures' arithmetic)."""
    e = conditional_escape
    out = [
        f'<figure class="bars" aria-labelledby="{e(chart_id)}-title">\n'
        f'  <figcaption id="{e(chart_id)}-title" class="bars__caption visually-hidden">{e(chart.title)}</figcaption>\n'
    ]
    if len(chart.series) > 1 or chart.target_label:
        out.append('  <ul class="legend">\n    ')
        out.extend(f'<li class="legend-{e(key)}">{e(label)}</li>' for key, label in chart.series)
        if chart.target_label:
            out.append(f'\n    <li class="legend-target">{e(chart.target_label)}</li>')
        out.append("\n  </ul>\n")
    for b in chart.bars:
        title = e(b.title)
        out.append(
            '  <div class="bars__row">\n'
            f'    <div class="bars__label"><span>{e(b.label)}</span> <span class="bars__total">{e(b.total_text)}</span></div>\n'
            '    <svg class="bars__svg" viewBox="0 0 100 10" preserveAspectRatio="none" role="img"'
            f' aria-label="{title}" focusable="false">\n'
            f"      <title>{title}</title>\n"
            '      <rect class="bars__track" x="0" y="0" width="100" height="10"/>\n      '
        )
        out.extend(
            f'<rect class="seg-{e(seg.key)}" x="{seg.x:.2f}" y="0" width="{seg.width:.2f}" height="10">'
            f"<title>{e(seg.label)}: {e(seg.text)}</title></rect>"
            for seg in b.segments
            if seg.width > 0
        )
        if b.target_x:
            out.append(
                f'\n      <rect class="bars__target" x="{b.target_x:.2f}" y="0" width="0.7" height="10"'
                ' transform="translate(-0.7 0)"/>'
            )
        out.append("\n    </svg>\n  </div>\n")
    if not chart.bars:
        out.append(f'  <p class="muted">{e(gettext("No data for this selection."))}</p>\n')
    out.append("</figure>")
    return mark_safe("".join(out))  # every value above is escaped
