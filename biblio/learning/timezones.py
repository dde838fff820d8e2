"""Local times of a cohort ↔ UTC. Sessions are stored in UTC, entered and shown in the cohort's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext_lazy as _

from biblio.core.errors import DomainError

TIME_DOES_NOT_EXIST = _(
    "%(time)s does not exist on %(date)s in %(zone)s (the clocks go forward): choose another time."
)


def zone(name: str) -> ZoneInfo:
    """The cohort's zone; UTC if the stored name is unknown (never a 500)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_to_utc(day: date, at: time, zone_name: str, *, field: str) -> datetime:
    """`day` `at` o'clock in `zone_name` as an aware UTC datetime.

    A wall time skipped by the spring change raises DomainError on `field`; one repeated by the autumn
    change means its first occurrence (summer time), as people read a timetable.
    """
    tz = zone(zone_name)
    local = datetime.combine(day, at.replace(tzinfo=None), tzinfo=tz)
    back = local.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        message = TIME_DOES_NOT_EXIST % {
            "time": at.strftime("%H:%M"),
            "date": day.isoformat(),
            "zone": zone_name,
        }
        raise DomainError(message, fields={field: [message]})
    return local.astimezone(UTC)


def aware_to_utc(value: datetime, zone_name: str, *, field: str) -> datetime:
    """An API datetime as UTC: with an offset it is taken as given, without one in the cohort's zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        return local_to_utc(value.date(), value.time(), zone_name, field=field)
    return value.astimezone(UTC)


def in_zone(value: datetime, zone_name: str) -> datetime:
    return value.astimezone(zone(zone_name))
