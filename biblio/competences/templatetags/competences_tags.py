"""Template helpers for the competences pages. No queries here."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def field_errors(form, name: str) -> list[str]:
    """The errors of one field of a form built at run time (self-assessment radio groups)."""
    if form is None or not form.is_bound:
        return []
    return list(form.errors.get(name, []))


@register.filter
def level(value) -> str:
    """A level or an average of levels, in the active language's number format ("—" when missing)."""
    if value is None:
        return "—"
    value = round(float(value), 1)
    if value == int(value):
        return str(int(value))
    return number_format(value, decimal_pos=1)


@register.filter
def signed(value) -> str:
    """A gain with its sign: +1.5, −0.5, 0."""
    if value is None:
        return "—"
    text = level(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")
