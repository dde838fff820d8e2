"""Races that row locks settle: two writers of one person's day, two reviewers of one entry."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from biblio.accounts.models import AuditEvent
from biblio.core.errors import DomainError
from biblio.learning.models import HourEntry
from biblio.workplace.services import logbook as svc
from tests.factories import staff
from tests.workplace.factories import mentee, today

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def race(*calls) -> list:
    """Run the calls at once in threads; return each one's result or DomainError."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except DomainError as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_entries_racing_for_one_day_keep_the_twelve_hour_rule():
    m = mentee()
    day = today() - dt.timedelta(days=2)

    def log():
        return svc.work_entry_log(
            actor=m.participant,
            enrolment=m.enrolment,
            date=day,
            minutes=420,
            activity_id=m.activity.pk,
            note="A long day at the library.",
        )

    results = race(log, log)
    assert sum(isinstance(r, HourEntry) for r in results) == 1
    assert sum(isinstance(r, DomainError) for r in results) == 1
    assert HourEntry.objects.filter(date=day).count() == 1


def test_two_reviewers_sign_an_entry_once():
    m = mentee()
    entry = m.entry()
    coordinator = staff(m.cohort)
    results = race(
        lambda: svc.work_entry_review(actor=m.mentor, entry=entry, approve=True),
        lambda: svc.work_entry_review(actor=coordinator, entry=entry, approve=False, comment="Too short"),
    )
    assert sum(isinstance(r, DomainError) for r in results) == 1
    assert AuditEvent.objects.filter(verb__startswith="work_entry.").count() == 1
