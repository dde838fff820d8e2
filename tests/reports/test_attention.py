"""The at-risk list and the review queues."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from biblio.learning.models import Enrolment, HourEntry
from biblio.programmes.models import LearningMode
from biblio.reports.attention import WAITING_DAYS, at_risk, blended_queue, mentor_queues
from biblio.reports.scope import ReportFilters, report_scope
from tests.factories import CohortFactory, HourEntryFactory, PersonFactory, ProgrammeFactory

from .factories import library, participant

pytestmark = pytest.mark.django_db


def scope():
    return report_scope(PersonFactory(is_staff=True), ReportFilters())


def backdate(entry: HourEntry, days: int) -> None:
    HourEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


@pytest.fixture
def small_cohort():
    """A one-hour online budget, so an approved hour puts a participant on pace."""
    return CohortFactory(programme=ProgrammeFactory(budget={"online": 1}))


def test_behind_the_pace_is_listed_and_on_pace_is_not(small_cohort):
    behind = participant(small_cohort, full_name="Bea Behind")
    on_pace = participant(small_cohort, full_name="Olga On-pace")
    HourEntryFactory(enrolment=on_pace, minutes=60, status=HourEntry.Status.APPROVED)
    participant(small_cohort, full_name="Cleo Completed", status=Enrolment.Status.COMPLETED)

    result = at_risk(scope())

    assert [r.name for r in result.rows] == ["Bea Behind"]
    assert result.total == 1
    row = result.rows[0]
    assert (row.percent, row.behind, row.behind_modes, row.waiting_days) == (
        0,
        True,
        ["Online study and self-study"],
        None,
    )
    assert behind.pk == row.enrolment_id


def test_an_entry_waiting_longer_than_a_week_lists_a_participant_on_pace(small_cohort):
    on_pace = participant(small_cohort, full_name="Olga On-pace")
    HourEntryFactory(enrolment=on_pace, minutes=60, status=HourEntry.Status.APPROVED)
    waiting = HourEntryFactory(enrolment=on_pace, minutes=30, status=HourEntry.Status.SUBMITTED)
    backdate(waiting, WAITING_DAYS - 1)
    assert at_risk(scope()).total == 0

    backdate(waiting, WAITING_DAYS + 2)
    rows = at_risk(scope()).rows
    assert [(r.name, r.behind, r.waiting_days) for r in rows] == [("Olga On-pace", False, WAITING_DAYS + 2)]


def test_mentor_queues_count_work_based_entries_and_placements_to_sign_off():
    cohort = CohortFactory()
    host = library()
    first = participant(cohort, host=host)
    second = participant(cohort, host=host)
    mentor = first.placement.mentor
    second.placement.mentor = mentor
    second.placement.end = timezone.localdate() - dt.timedelta(days=1)
    second.placement.save(update_fields=["mentor", "end"])
    for minutes in (60, 90):
        HourEntryFactory(enrolment=first, mode=LearningMode.WORK_BASED, minutes=minutes)
    HourEntryFactory(enrolment=first, mode=LearningMode.ONLINE, minutes=30)  # a trainer's, not the mentor's
    HourEntryFactory(
        enrolment=second, mode=LearningMode.WORK_BASED, minutes=45, status=HourEntry.Status.APPROVED
    )

    [queue] = mentor_queues(scope())

    assert (queue.name, queue.mentees, queue.waiting, queue.waiting_minutes, queue.to_sign_off) == (
        mentor.full_name,
        2,
        2,
        150,
        1,
    )
    blended = blended_queue(scope())
    assert (blended.waiting, blended.waiting_minutes, blended.overdue) == (1, 30, 0)


def test_mentor_queues_in_one_query_list_mentors_with_nothing_waiting_and_skip_withdrawn_mentees(
    django_assert_num_queries,
):
    cohort = CohortFactory()
    busy = participant(cohort, host=library())
    idle = participant(cohort, host=library())
    gone = participant(cohort, host=library())
    gone.placement.mentor = busy.placement.mentor
    gone.placement.save(update_fields=["mentor"])
    gone.status = Enrolment.Status.WITHDRAWN
    gone.save(update_fields=["status"])
    HourEntryFactory(enrolment=busy, mode=LearningMode.WORK_BASED, minutes=60)
    HourEntryFactory(enrolment=gone, mode=LearningMode.WORK_BASED, minutes=90)
    HourEntryFactory(
        enrolment=idle, mode=LearningMode.WORK_BASED, minutes=30, status=HourEntry.Status.APPROVED
    )
    report = scope()

    with django_assert_num_queries(1):
        queues = mentor_queues(report)

    assert [(q.mentor_id, q.mentees, q.waiting, q.waiting_minutes, q.oldest is None) for q in queues] == [
        (busy.placement.mentor_id, 1, 1, 60, False),
        (idle.placement.mentor_id, 1, 0, 0, True),
    ]


def test_pace_counts_each_budget_only_up_to_its_size_and_every_source_of_hours():
    from biblio.learning.models import Exemption
    from tests.factories import AttendanceFactory, ExemptionFactory, ModuleFactory, SessionFactory

    cohort = CohortFactory(programme=ProgrammeFactory(budget={"online": 1, "f2f": 1}))
    over = participant(cohort, full_name="Oscar Overdone")  # three online hours, no seminar: behind
    HourEntryFactory(enrolment=over, minutes=180, status=HourEntry.Status.APPROVED)
    seminar = participant(cohort, full_name="Sara Seminar")  # an hour of each, one at a session
    HourEntryFactory(enrolment=seminar, minutes=60, status=HourEntry.Status.APPROVED)
    AttendanceFactory(
        session=SessionFactory(cohort=cohort, mode=LearningMode.F2F), enrolment=seminar, minutes=60
    )
    prior = participant(cohort, full_name="Paula Prior")  # the seminar hour recognised from before
    HourEntryFactory(enrolment=prior, minutes=60, status=HourEntry.Status.APPROVED)
    ExemptionFactory(
        enrolment=prior,
        module=ModuleFactory(mode=LearningMode.F2F),
        status=Exemption.Status.APPROVED,
        recognised_minutes=60,
    )

    result = at_risk(scope())

    assert [(r.name, r.percent, r.expected_percent) for r in result.rows] == [("Oscar Overdone", 50, 100)]
