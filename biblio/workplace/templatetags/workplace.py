"""Presentation helpers for the workplace pages. No queries here."""

from __future__ import annotations

from django import template

from biblio.core.templatetags.biblio import progress_bar

register = template.Library()


@register.inclusion_tag("workplace/_wb_bar.html")
def wb_bar(mode_progress) -> dict:
    """A compact work-based hours bar for tables: the figures and the bar, without the mode's name."""
    return progress_bar(mode_progress)
