"""Progress equals a hand-computed sum, with entries in every state, attendance and exemptions."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from biblio.accounts.models import AuditEvent, Role
from biblio.core.errors import DomainError
from biblio.learning.models import Exemption, HourEntry
from biblio.learning.progress import progress_for
from biblio.learning.selectors.enrolments import roster
from biblio.learning.services import entries as entry_svc
from biblio.learning.services import exemptions as exemption_svc
from biblio.learning.services import sessions as session_svc
from tests.factories import (
    EnrolmentFactory,
    ExemptionFactory,
    HourEntryFactory,
    SessionFactory,
    staff,
)
from tests.learning.factories import offered_module

A, S, R = HourEntry.Status.APPROVED, HourEntry.Status.SUBMITTED, HourEntry.Status.REJECTED


@pytest.mark.django_db
def test_progress_equals_the_hand_computed_sum():
    e = EnrolmentFactory()
    trainer = staff(e.cohort, Role.TRAINER)
    for mode, minutes, status in [
        ("online", 120, A),
        ("online", 45, A),
        ("online", 60, S),
        ("online", 300, R),
        ("project", 90, A),
        ("project", 30, S),
        ("f2f", 100, R),
        ("assessment", 15, S),
        ("work_based", 480, A),
        ("work_based", 240, S),
    ]:
        HourEntryFactory(enrolment=e, mode=mode, minutes=minutes, status=status)
    HourEntryFactory(mode="online", minutes=700, status=A)  # someone else's
    seminar = SessionFactory(cohort=e.cohort, mode="f2f")  # 4 h, 10 days ago
    session_svc.attendance_record(actor=trainer, session=seminar, present=[e.pk])
    module = offered_module(e.cohort, hours=20, mode="online")
    approved = ExemptionFactory(enrolment=e, module=module)
    exemption_svc.exemption_approve(actor=staff(e.cohort, Role.COORDINATOR), exemption=approved, note="ok")
    ExemptionFactory(enrolment=e, module=offered_module(e.cohort, hours=30, mode="online"))

    progress = progress_for([e])[e.pk]
    online, project, f2f = progress.mode("online"), progress.mode("project"), progress.mode("f2f")
    assessment, wb = progress.mode("assessment"), progress.mode("work_based")
    assert (online.approved_minutes, online.pending_minutes, online.recognised_minutes) == (165, 60, 20 * 60)
    assert online.credited_minutes == 165 + 1200
    assert (project.approved_minutes, project.pending_minutes) == (90, 30)
    assert (f2f.approved_minutes, f2f.pending_minutes) == (240, 0)  # attendance, not the rejected
    assert (assessment.approved_minutes, assessment.pending_minutes) == (0, 15)
    assert (wb.approved_minutes, wb.pending_minutes) == (480, 240)

    session_svc.attendance_record(actor=trainer, session=seminar, present=[])
    assert progress_for([e])[e.pk].mode("f2f").approved_minutes == 0  # removing it removes them


@pytest.mark.django_db
def test_roster_rows_show_waiting_entries_and_exemptions(django_assert_max_num_queries):
    e = EnrolmentFactory()
    HourEntryFactory(enrolment=e, minutes=60)
    HourEntryFactory(enrolment=e, minutes=30)
    HourEntryFactory(enrolment=e, minutes=30, mode="work_based")  # the mentor's, not counted here
    ExemptionFactory(
        enrolment=e,
        status=Exemption.Status.APPROVED,
        recognised_minutes=600,
        module=offered_module(e.cohort),
    )
    [row] = roster(e.cohort)
    assert (row.waiting, row.waiting_minutes) == (2, 90)
    assert [x.minutes for x in row.exempted] == [600]
    for _ in range(20):
        HourEntryFactory(enrolment=EnrolmentFactory(cohort=e.cohort))
    with django_assert_max_num_queries(7):
        assert len(roster(e.cohort)) == 21


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_of_the_same_entry_count_once():
    entry = HourEntryFactory(minutes=120, date=timezone.localdate() - dt.timedelta(days=1))
    reviewers = [staff(entry.enrolment.cohort, Role.TRAINER) for _ in range(4)]
    barrier = threading.Barrier(len(reviewers))
    outcomes: list[str] = []

    def approve(reviewer):
        try:
            barrier.wait()
            entry_svc.hour_entry_approve(actor=reviewer, entry=entry)
            outcomes.append("approved")
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=approve, args=(r,)) for r in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("approved") == 1
    assert outcomes.count(str(entry_svc.ALREADY_REVIEWED)) == 3
    assert AuditEvent.objects.filter(verb="hour_entry.approve").count() == 1
    assert progress_for([entry.enrolment])[entry.enrolment_id].mode("online").approved_minutes == 120


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_bulk_approvals_count_each_entry_once():
    first = HourEntryFactory()
    cohort = first.enrolment.cohort
    entries = [first] + [HourEntryFactory(enrolment__cohort=cohort) for _ in range(5)]
    ids = [e.pk for e in entries]
    reviewers = [staff(cohort, Role.MODERATOR) for _ in range(3)]
    barrier = threading.Barrier(len(reviewers))
    results: list[tuple[int, int]] = []

    def bulk(reviewer):
        try:
            barrier.wait()
            results.append(entry_svc.hour_entries_approve_bulk(actor=reviewer, entry_ids=ids))
        finally:
            connection.close()

    threads = [threading.Thread(target=bulk, args=(r,)) for r in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(approved for approved, _ in results) == len(entries)
    assert AuditEvent.objects.filter(verb="hour_entry.approve").count() == len(entries)
