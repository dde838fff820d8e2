"""Calendar helpers for the logbook: a cohort's "today" and ISO weeks (Monday to Sunday)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone


def cohort_today(cohort) -> date:
    """Today's date where the cohort is (a Latvian evening is already tomorrow in Athens)."""
    return timezone.localdate(timezone=ZoneInfo(cohort.timezone))


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def weeks_between(start: date, end: date) -> list[date]:
    """Mondays of every ISO week that overlaps start..end."""
    first, last = week_start(start), week_start(end)
    return [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def steady_pace_minutes(*, planned_minutes: int, start: date, end: date, until: date) -> int:
    """Minutes a steady pace from `start` to `end` (inclusive) would have reached by the end of `until`."""
    if until < start:
        return 0
    if until >= end:
        return planned_minutes
    total_days = (end - start).days + 1
    return round(planned_minutes * ((until - start).days + 1) / total_days)
