"""Database constraints hold the invariants whatever code path writes the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from biblio.accounts.models import AuditEvent, Membership, Person, Role
from biblio.learning.models import Enrolment, HourEntry
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    HourBudget,
    HourEntryFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    PlacementFactory,
    ProgrammeFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def violates(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_entry_minutes_positive_and_at_most_12_hours():
    assert violates(lambda: HourEntryFactory(minutes=0))
    assert violates(lambda: HourEntryFactory(minutes=12 * 60 + 1))
    assert not violates(lambda: HourEntryFactory(minutes=12 * 60))


def test_reviewed_entry_needs_a_review_date():
    assert violates(lambda: HourEntryFactory(status=HourEntry.Status.APPROVED, reviewed_at=None))


def test_cohort_end_after_start():
    today = timezone.localdate()
    assert violates(lambda: CohortFactory(start=today, end=today))
    assert violates(lambda: CohortFactory(wb_start=today, wb_end=today - dt.timedelta(days=1)))


def test_session_end_after_start():
    now = timezone.now()
    assert violates(lambda: SessionFactory(start=now, end=now))


def test_placement_end_after_start_and_hours_positive():
    assert violates(lambda: PlacementFactory(end=dt.date(2020, 1, 1), start=dt.date(2020, 2, 1)))
    assert violates(lambda: PlacementFactory(planned_hours=0))


def test_one_membership_per_person_cohort_role():
    m = MembershipFactory(role=Role.TRAINER)
    assert violates(lambda: Membership.objects.create(person=m.person, cohort=m.cohort, role=Role.TRAINER))
    assert not violates(lambda: Membership.objects.create(person=m.person, cohort=m.cohort, role=Role.MENTOR))


def test_one_enrolment_per_person_cohort():
    e = EnrolmentFactory()
    assert violates(lambda: Enrolment.objects.create(person=e.person, cohort=e.cohort, programme=e.programme))


def test_budget_once_per_mode_and_positive():
    p = ProgrammeFactory()
    assert violates(lambda: HourBudget.objects.create(programme=p, mode="f2f", hours=5))
    q = ProgrammeFactory(budget={})
    assert violates(lambda: HourBudget.objects.create(programme=q, mode="f2f", hours=0))


def test_eqf_level_in_range():
    assert violates(lambda: ProgrammeFactory(eqf_level=9))


def test_coordinates_in_range():
    assert violates(lambda: OrganisationFactory(lat=91))


def test_email_unique_case_insensitive():
    PersonFactory(email="ilze@example.org")
    assert violates(lambda: Person.objects.create(email="ILZE@example.org", full_name="Ilze"))


def test_completed_enrolment_has_a_date():
    assert violates(lambda: EnrolmentFactory(status=Enrolment.Status.COMPLETED, completed_at=None))


def test_audit_events_are_append_only():
    person = PersonFactory()
    event = AuditEvent.objects.create(actor=person, verb="x", object_type="t", object_id="1")
    event.verb = "changed"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_login_by_email_manager():
    person = Person.objects.create_user("Ieva@Example.org", "pw-123456789", full_name="Ieva")
    assert person.email == "ieva@example.org"
    assert Person.objects.get_by_natural_key("IEVA@example.org") == person
    admin = Person.objects.create_superuser("root@example.org", "pw-123456789", full_name="Root")
    assert admin.is_staff and admin.is_superuser
