"""The shared sanity rules for any hour entry (learning and the workplace logbook call them)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from biblio.core.errors import DomainError
from biblio.learning import rules
from biblio.learning.models import Enrolment, HourEntry
from tests.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    HourEntryFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def _errors(**kwargs) -> dict:
    with pytest.raises(DomainError) as caught:
        rules.check_entry(**kwargs)
    assert caught.value.message == str(rules.ENTRY_INVALID)
    return caught.value.fields


def test_a_sane_entry_passes():
    e = EnrolmentFactory()
    rules.check_entry(enrolment=e, date=timezone.localdate(), minutes=90)


@pytest.mark.parametrize(
    ("days", "field", "message"),
    [
        (1, "date", rules.DATE_IN_FUTURE),
        (-121, "date", None),  # before the cohort: the message names the start date
    ],
)
def test_dates_outside_are_refused(days, field, message):
    e = EnrolmentFactory()
    fields = _errors(enrolment=e, date=timezone.localdate() + dt.timedelta(days=days), minutes=60)
    expected = message or rules.DATE_BEFORE_COHORT % {"start": e.cohort.start.isoformat()}
    assert fields == {field: [str(expected)]}


def test_after_the_cohort_is_refused():
    cohort = CohortFactory(
        start=timezone.localdate() - dt.timedelta(days=300),
        end=timezone.localdate() - dt.timedelta(days=10),
        wb_start=None,
        wb_end=None,
    )
    e = EnrolmentFactory(cohort=cohort)
    fields = _errors(enrolment=e, date=timezone.localdate() - dt.timedelta(days=2), minutes=60)
    assert fields == {"date": [str(rules.DATE_AFTER_COHORT % {"end": cohort.end.isoformat()})]}


@pytest.mark.parametrize(
    ("minutes", "message"),
    [(0, rules.MINUTES_NOT_POSITIVE), (-5, rules.MINUTES_NOT_POSITIVE), (721, rules.MINUTES_OVER_DAY)],
)
def test_duration_must_be_positive_and_at_most_a_day(minutes, message):
    e = EnrolmentFactory()
    assert _errors(enrolment=e, date=timezone.localdate(), minutes=minutes) == {"minutes": [str(message)]}


def test_twelve_hours_a_day_across_entries_enrolments_and_attendance():
    day = timezone.localdate() - dt.timedelta(days=1)
    e = EnrolmentFactory()
    other = EnrolmentFactory(person=e.person)  # a second course of the same person
    HourEntryFactory(enrolment=e, date=day, minutes=300)
    HourEntryFactory(enrolment=other, date=day, minutes=200, status=HourEntry.Status.APPROVED)
    HourEntryFactory(enrolment=e, date=day, minutes=600, status=HourEntry.Status.REJECTED)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    AttendanceFactory(
        enrolment=e, session=SessionFactory(cohort=e.cohort, start=start, end=start + dt.timedelta(hours=2))
    )  # 120 min: 300 + 200 + 120 = 620, rejected entries do not count
    rules.check_entry(enrolment=e, date=day, minutes=100)
    fields = _errors(enrolment=e, date=day, minutes=101)
    assert fields == {"minutes": [str(rules.DAY_FULL % {"total": "12.02", "date": day.isoformat()})]}


def test_editing_an_entry_does_not_count_it_twice():
    day = timezone.localdate()
    e = EnrolmentFactory()
    entry = HourEntryFactory(enrolment=e, date=day, minutes=700)
    rules.check_entry(enrolment=e, date=day, minutes=720, exclude_entry_id=entry.pk)
    _errors(enrolment=e, date=day, minutes=30)


def test_a_session_counts_on_its_local_day():
    """22:30 UTC is already the next day in Riga (UTC+2 or +3): the session fills that day."""
    e = EnrolmentFactory()
    day = timezone.localdate() - dt.timedelta(days=5)
    start = dt.datetime.combine(day, dt.time(22, 30), tzinfo=dt.UTC)
    AttendanceFactory(
        enrolment=e,
        session=SessionFactory(cohort=e.cohort, start=start, end=start + dt.timedelta(hours=11)),
    )
    local_day = day + dt.timedelta(days=1)
    assert rules.minutes_logged_on(person_id=e.person_id, date=local_day) == 660
    assert rules.minutes_logged_on(person_id=e.person_id, date=day) == 0


def test_withdrawn_enrolment_cannot_log():
    e = EnrolmentFactory(status=Enrolment.Status.WITHDRAWN)
    with pytest.raises(DomainError) as caught:
        rules.check_entry(enrolment=e, date=timezone.localdate(), minutes=30)
    assert caught.value.message == str(rules.ENTRY_NOT_ACTIVE)
