"""progress_for: approved + attended + recognised hours per mode against the budget, in 4 queries."""

from __future__ import annotations

import pytest

from biblio.learning.models import Exemption, HourEntry
from biblio.learning.progress import progress_for
from tests.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    ExemptionFactory,
    HourEntryFactory,
    ModuleFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def test_hand_computed_sum_with_entries_in_every_state():
    e = EnrolmentFactory()
    HourEntryFactory(enrolment=e, mode="online", minutes=120, status=HourEntry.Status.APPROVED)
    HourEntryFactory(enrolment=e, mode="online", minutes=90, status=HourEntry.Status.APPROVED)
    HourEntryFactory(enrolment=e, mode="online", minutes=60, status=HourEntry.Status.SUBMITTED)
    HourEntryFactory(enrolment=e, mode="online", minutes=600, status=HourEntry.Status.REJECTED)
    HourEntryFactory(enrolment=e, mode="project", minutes=45, status=HourEntry.Status.APPROVED)
    session = SessionFactory(cohort=e.cohort, mode="f2f")  # 4 h
    AttendanceFactory(session=session, enrolment=e)
    module = ModuleFactory(mode="online", hours=20)
    ExemptionFactory(enrolment=e, module=module, status=Exemption.Status.APPROVED, recognised_minutes=1200)
    ExemptionFactory(enrolment=e, status=Exemption.Status.REQUESTED)
    other = EnrolmentFactory(cohort=e.cohort)
    HourEntryFactory(enrolment=other, mode="online", minutes=300, status=HourEntry.Status.APPROVED)

    p = progress_for([e])[e.pk]
    online, f2f, project = p.mode("online"), p.mode("f2f"), p.mode("project")
    assert (online.approved_minutes, online.pending_minutes, online.recognised_minutes) == (210, 60, 1200)
    assert online.credited_minutes == 1410
    assert f2f.approved_minutes == 240
    assert project.approved_minutes == 45
    assert p.mode("work_based").credited_minutes == 0
    assert [m.mode for m in p.modes] == ["f2f", "online", "project", "assessment", "work_based"]
    assert p.budget_minutes == (20 + 160 + 40 + 20 + 165) * 60
    assert not p.budgets_met


def test_budget_met_when_credited_reaches_it():
    e = EnrolmentFactory(cohort__programme__budget={"assessment": 2})
    HourEntryFactory(enrolment=e, mode="assessment", minutes=120, status=HourEntry.Status.APPROVED)
    p = progress_for([e])[e.pk]
    assert p.budgets_met and p.percent == 100


@pytest.mark.parametrize("size", [2, 12])
def test_constant_queries(size, django_assert_max_num_queries):
    enrolments = []
    for _ in range(size):
        e = EnrolmentFactory()
        HourEntryFactory.create_batch(3, enrolment=e, status=HourEntry.Status.APPROVED)
        enrolments.append(e)
    with django_assert_max_num_queries(4):
        result = progress_for(enrolments)
    assert len(result) == size
