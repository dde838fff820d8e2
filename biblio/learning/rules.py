"""Sanity rules every hour entry obeys, whichever page or app records it.

`check_entry` is shared: the learning app calls it for blended-mode entries and the workplace
logbook for work-based ones. It raises one `DomainError` whose `fields` name what is wrong, so a
form ties each message to its input and the API returns them under `extra.fields`.
"""

from __future__ import annotations

from datetime import date as date_type
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.core.errors import DomainError
from biblio.programmes.models import LearningMode

from .models import MAX_MINUTES_PER_DAY, Attendance, Enrolment, HourEntry

# Modes logged and reviewed in the learning app; work-based hours live in the workplace logbook.
BLENDED_MODES = (
    LearningMode.F2F,
    LearningMode.ONLINE,
    LearningMode.PROJECT,
    LearningMode.ASSESSMENT,
)

ENTRY_INVALID = _("The entry could not be saved: please correct the marked fields.")
ENTRY_NOT_ACTIVE = _("Hours can only be logged while the enrolment is active.")
DATE_IN_FUTURE = _("The date cannot be in the future.")
DATE_BEFORE_COHORT = _("The date is before the course starts (%(start)s).")
DATE_AFTER_COHORT = _("The date is after the course ends (%(end)s).")
MINUTES_NOT_POSITIVE = _("The duration must be more than zero minutes.")
MINUTES_OVER_DAY = _("No more than 12 hours can be logged in one day.")
DAY_FULL = _(
    "With this entry you would have %(total)s hours on %(date)s: "
    "no more than 12 hours can be logged in one day."
)


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".")


def minutes_logged_on(*, person_id: int, date: date_type, exclude_entry_id: int | None = None) -> int:
    """Minutes a person has on `date`: entries not rejected (any enrolment), attended sessions."""
    entries = HourEntry.objects.filter(enrolment__person_id=person_id, date=date).exclude(
        status=HourEntry.Status.REJECTED
    )
    if exclude_entry_id is not None:
        entries = entries.exclude(pk=exclude_entry_id)
    total = entries.aggregate(total=Sum("minutes"))["total"] or 0
    # Sessions are stored in UTC; the day they count for is the day in the cohort's time zone, so
    # look a day either side in SQL and decide in Python (a handful of rows at most).
    around = datetime.combine(date, time.min, tzinfo=ZoneInfo("UTC"))
    for minutes, start, tz in Attendance.objects.filter(
        enrolment__person_id=person_id,
        session__start__gte=around - timedelta(days=1),
        session__start__lt=around + timedelta(days=2),
    ).values_list("minutes", "session__start", "session__cohort__timezone"):
        if start.astimezone(ZoneInfo(tz)).date() == date:
            total += minutes
    return total


def lock_person_day(person_id: int) -> None:
    """Serialise writers of one person's hours (inside a transaction) so the 12-hour rule holds."""
    list(Enrolment.objects.select_for_update().filter(person_id=person_id).values_list("pk", flat=True))


def check_entry(
    *,
    enrolment: Enrolment,
    date: date_type,
    minutes: int,
    exclude_entry_id: int | None = None,
    today: date_type | None = None,
) -> None:
    """Raise DomainError (fields "date"/"minutes") unless an entry of `minutes` on `date` is sane.

    Rules: the enrolment is active; 0 < minutes ≤ 12 h; the date is not in the future and lies
    within the cohort's start and end; the person's total on that day (entries not rejected, in any
    enrolment, plus attended sessions; `exclude_entry_id` is the entry being edited) stays ≤ 12 h.
    `enrolment.cohort` should be loaded (select_related) to save a query. For the daily total to
    hold under concurrent writes, call it inside the saving transaction after
    `lock_person_day(enrolment.person_id)`.
    """
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise DomainError(ENTRY_NOT_ACTIVE)
    today = today or timezone.localdate()
    cohort = enrolment.cohort
    fields: dict[str, list[str]] = {}
    if date > today:
        fields["date"] = [DATE_IN_FUTURE]
    elif date < cohort.start:
        fields["date"] = [DATE_BEFORE_COHORT % {"start": cohort.start.isoformat()}]
    elif date > cohort.end:
        fields["date"] = [DATE_AFTER_COHORT % {"end": cohort.end.isoformat()}]
    if minutes is None or minutes <= 0:
        fields["minutes"] = [MINUTES_NOT_POSITIVE]
    elif minutes > MAX_MINUTES_PER_DAY:
        fields["minutes"] = [MINUTES_OVER_DAY]
    elif "date" not in fields:
        already = minutes_logged_on(
            person_id=enrolment.person_id, date=date, exclude_entry_id=exclude_entry_id
        )
        if already + minutes > MAX_MINUTES_PER_DAY:
            fields["minutes"] = [DAY_FULL % {"total": _hours(already + minutes), "date": date.isoformat()}]
    if fields:
        raise DomainError(ENTRY_INVALID, fields=fields)
