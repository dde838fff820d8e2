"""Small presentation helpers: hours, progress bars, local times. No queries here."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.formats import number_format
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


@register.inclusion_tag("includes/progress_bar.html")
def progress_bar(mode_progress, label: str = "") -> dict:
    """A stacked bar: approved (+ recognised) and pending against the budget, with a text equivalent."""
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
