"""Bulk approval is set-based: the same statements for 5 entries or 500, and one audit event per entry,
written together (`audit_many`)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biblio.accounts.audit import audit_many
from biblio.accounts.models import AuditEvent, Role
from biblio.learning.models import HourEntry
from biblio.learning.services import entries as svc
from tests.factories import CohortFactory, EnrolmentFactory, HourEntryFactory, staff

pytestmark = pytest.mark.django_db


def waiting(cohort, n: int) -> list[int]:
    enrolment = EnrolmentFactory(cohort=cohort)
    template = HourEntryFactory.build(enrolment=enrolment)
    made = HourEntry.objects.bulk_create(
        [
            HourEntry(
                enrolment=enrolment,
                mode=template.mode,
                date=template.date,
                minutes=30 + i % 60,
                note=template.note,
                status=HourEntry.Status.SUBMITTED,
            )
            for i in range(n)
        ]
    )
    return [e.pk for e in made]


def test_the_same_statements_for_five_entries_or_five_hundred():
    cohort = CohortFactory()
    trainer = staff(cohort, Role.TRAINER)
    svc.hour_entries_approve_bulk(actor=trainer, entry_ids=[0])  # the reviewer's roles, read once
    counts = []
    for n in (5, 500):
        ids = waiting(cohort, n)
        with CaptureQueriesContext(connection) as queries:
            assert svc.hour_entries_approve_bulk(actor=trainer, entry_ids=[*ids, 0]) == (n, 1)
        counts.append(len(queries))
    # One locking SELECT, one UPDATE, one audit INSERT (SQLite: 111 rows per INSERT, its 999 variables).
    assert counts[1] - counts[0] == (4 if connection.vendor == "sqlite" else 0)
    assert counts[0] <= 6
    assert HourEntry.objects.filter(status="approved", reviewed_by=trainer).count() == 505


def test_each_approved_entry_is_audited_with_its_cohort():
    cohort = CohortFactory()
    trainer = staff(cohort, Role.TRAINER)
    ids = waiting(cohort, 3)
    svc.hour_entries_approve_bulk(actor=trainer, entry_ids=ids)
    events = AuditEvent.objects.filter(verb="hour_entry.approve").order_by("object_id")
    assert [e.object_id for e in events] == [str(i) for i in sorted(ids)]
    entry = HourEntry.objects.get(pk=ids[0])
    first = events.get(object_id=str(ids[0]))
    assert (first.actor, first.cohort_id, first.object_type) == (trainer, cohort.pk, "learning.hourentry")
    assert first.object_repr == str(entry)
    assert first.changes == {"status": ["submitted", "approved"], "bulk": [None, True]}
    assert len({e.at for e in events}) == 1
    assert not svc.hour_entries_approve_bulk(actor=trainer, entry_ids=ids)[0]  # nothing waits any more
    assert events.count() == 3


def test_audit_many_writes_what_audit_writes():
    cohort = CohortFactory()
    coordinator = staff(cohort)
    assert audit_many(actor=coordinator, verb="test.bulk", events=[]) == 0
    written = audit_many(
        actor=coordinator,
        verb="test.bulk",
        events=[(cohort, cohort.pk, {"when": cohort.start}), (coordinator, None, None)],
    )
    assert written == 2
    one, two = AuditEvent.objects.filter(verb="test.bulk").order_by("id")
    assert (one.object_type, one.object_id, one.changes) == (
        "programmes.cohort",
        str(cohort.pk),
        {"when": str(cohort.start)},
    )
    assert (two.object_type, two.cohort_id, two.changes, two.actor) == (
        "accounts.person",
        None,
        {},
        coordinator,
    )
