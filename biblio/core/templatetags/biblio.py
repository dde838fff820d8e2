"""Small presentation helpers: hours, progress bars, local times. No queries here."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

register = template.Library()


@register.filter
def hours(minutes: int | float | None) -> str:
    """Minutes as hours in the active language's number format: 90 → "1.5" (or "1,5")."""
    value = round((minutes or 0) / 60, 1)  # number_format truncates; round first so pages and exports agree
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def _hours_value(value, unit: str) -> float:
    if unit == "h":  # the value is already in hours (a budget, a module's study hours)
        return round(float(value or 0), 1)
    return round((value or 0) / 60, 1)


def _hours_figure(hours: float) -> str:
    return number_format(hours, decimal_pos=0 if hours == int(hours) else 1)


def hours_unit_text(hours: float) -> str:
    """ "1 hour", "2.5 hours" in the active language, with its plural forms (Latvian: "1 stunda",
    "2 stundas", "0 stundu"; a fraction takes the general plural, as in "1,5 stundas")."""
    count = int(hours) if hours == int(hours) else 2
    return ngettext("%(hours)s hour", "%(hours)s hours", count) % {"hours": _hours_figure(hours)}


def hours_abbr_text(hours: float) -> str:
    """ "12 h" with the active language's symbol, for tables and charts."""
    return pgettext("hours, abbreviated", "%(hours)s h") % {"hours": _hours_figure(hours)}


@register.filter
def hours_unit(value, unit: str = "min") -> str:
    """Minutes (or hours, with `:"h"`) as words: `{{ entry.minutes|hours_unit }}` → "1.5 hours"."""
    return hours_unit_text(_hours_value(value, unit))


@register.filter
def hours_abbr(value, unit: str = "min") -> str:
    """Minutes (or hours, with `:"h"`) with the unit's symbol: `{{ minutes|hours_abbr }}` → "1.5 h"."""
    return hours_abbr_text(_hours_value(value, unit))


_BAR = (
    '<div class="progress">\n'
    '  <div class="progress__label"><span>{}</span>\n'
    '    <span class="progress__figures">{}</span></div>\n'
    '  <svg class="progress__bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="{}">\n'
    '    <rect class="progress__track" x="0" y="0" width="100" height="8"/>\n'
    '    <rect class="progress__approved" x="0" y="0" width="{}" height="8"/>\n'
    '    <rect class="progress__recognised" x="{}" y="0" width="{}" height="8"/>\n'
    '    <rect class="progress__pending" x="{}" y="0" width="{}" height="8"/>\n'
    "    {}\n"
    "  </svg>\n"
    "</div>\n"
)
_EXPECTED = '<rect class="progress__expected" x="{}" y="0" width="0.6" height="8"/>'


def _translated(message: str, **values) -> str:
    """What {% blocktranslate %} gives: the translation, its placeholders filled with escaped values."""
    return _(message) % {name: conditional_escape(value) for name, value in values.items()}


def progress_bar(mode_progress, label: str = "") -> dict:
    """A bar's figures: widths and positions in percent of the budget (workplace's `wb_bar` draws them too)."""
    mp = mode_progress
    budget = mp.budget_minutes or 1
    approved = min(100.0, mp.approved_minutes * 100 / budget)
    recognised = min(100.0 - approved, mp.recognised_minutes * 100 / budget)
    pending = min(100.0 - approved - recognised, mp.pending_minutes * 100 / budget)
    expected = min(100.0, mp.expected_minutes * 100 / budget)
    return {
        "mp": mp,
        "label": label or mp.label,
        "approved": round(approved, 2),
        "recognised": round(recognised, 2),
        "recognised_x": round(approved, 2),
        "pending": round(pending, 2),
        "pending_x": round(approved + recognised, 2),
        "expected": round(expected, 2),
    }


@register.simple_tag(name="progress_bar")
def draw_progress_bar(mode_progress, label: str = "") -> str:
    """`{% progress_bar mp %}`: a stacked bar, approved (+ recognised) and pending against the budget,
    with a text equivalent.

    Drawn here rather than by a template include (it is on every participant page, once per mode): the
    HTML the include gave, the same translations."""
    bar = progress_bar(mode_progress, label)
    mp = mode_progress
    done, total = hours(mp.credited_minutes), hours(mp.budget_minutes)
    figures = _translated("%(done)s of %(budget)s h", done=done, budget=total)
    if mp.pending_minutes:
        figures += " · " + _translated("%(pending)s h waiting", pending=hours(mp.pending_minutes))
    if mp.recognised_minutes:
        figures += " · " + _translated("%(rec)s h recognised", rec=hours(mp.recognised_minutes))
    expected = bar["expected"]
    return format_html(
        _BAR,
        bar["label"],
        mark_safe(figures),  # our translations, the values in them escaped
        mark_safe(_translated("%(done)s of %(budget)s hours", done=done, budget=total)),
        f"{bar['approved']:.2f}",
        f"{bar['recognised_x']:.2f}",
        f"{bar['recognised']:.2f}",
        f"{bar['pending_x']:.2f}",
        f"{bar['pending']:.2f}",
        format_html(_EXPECTED, f"{expected:.2f}") if 0 < expected < 100 else "",
    )


@register.filter
def percent_of(value: float, total: float) -> int:
    return round(value * 100 / total) if total else 0


@register.simple_tag
def yesno_label(value: bool) -> str:
    return _("Yes") if value else _("No")


@register.filter
def tr(obj, field: str) -> str:
    """Translated content a coordinator entered: `{{ programme|tr:"title" }}`, falling back to English."""
    if hasattr(obj, "tr"):
        return obj.tr(field)
    return obj.get(field, "") if isinstance(obj, dict) else getattr(obj, field, "")


@register.filter
def mode_of(progress, mode: str):
    """`{{ progress|mode_of:"work_based" }}` — one mode's figures, or None when the budget has none."""
    return progress.mode(mode) if progress is not None else None


@register.filter
def split(value: str, sep: str = " ") -> list[str]:
    return value.split(sep)


_MODE_ORDER = ["f2f", "online", "project", "assessment", "work_based"]


@register.filter
def by_mode(budgets) -> list:
    """Hour budgets in the order of the learning path (seminars first, work-based last)."""
    return sorted(budgets, key=lambda b: _MODE_ORDER.index(b.mode) if b.mode in _MODE_ORDER else 99)


# Where the pilots' people live; anyone else sees the site's time zone.
COUNTRY_TIME_ZONES = {
    "LV": "Europe/Riga",
    "BG": "Europe/Sofia",
    "GR": "Europe/Athens",
    "IT": "Europe/Rome",
    "SE": "Europe/Stockholm",
}


@register.filter
def country_timezone(country: str | None) -> str:
    """The time zone to show a person's own times in: `{% timezone user.country|country_timezone %}`."""
    return COUNTRY_TIME_ZONES.get((country or "").upper(), settings.TIME_ZONE)
