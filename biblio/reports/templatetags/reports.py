"""Template helpers for the reports' pages and home snippets (no queries)."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils import timezone

from biblio.learning.models import Enrolment

from ..charts import Chart, hours_text
from ..charts import render as render_chart
from ..services import FEEDBACK_OPENS_DAYS_BEFORE_END

register = template.Library()


@register.simple_tag
def feedback_is_open(enrolment, progress) -> bool:
    """`services.feedback_open` with the progress the page already has (the cohort must be loaded)."""
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        return False
    if enrolment.status == Enrolment.Status.COMPLETED or (progress and progress.budgets_met):
        return True
    end = enrolment.cohort.end
    return timezone.localdate() >= end - timedelta(days=FEEDBACK_OPENS_DAYS_BEFORE_END)


@register.filter
def rhours(minutes) -> str:
    """Minutes as hours, rounded (not truncated) to one decimal, in the reader's number format."""
    return hours_text(minutes)


@register.simple_tag
def bars(chart: Chart, chart_id: str):
    """A chart of horizontal bars (charts.render)."""
    return render_chart(chart, chart_id)
