"""Placements: the coordinator assigns host and mentor; defaults, rules and the mentor history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from biblio.accounts.models import AuditEvent, Membership, Role
from biblio.accounts.permissions import Action, allows_on_enrolment
from biblio.core.errors import DomainError, PermissionDenied
from biblio.workplace.models import MentorAssignment, Placement
from biblio.workplace.services import placements as svc
from tests.factories import EnrolmentFactory, OrganisationFactory, PersonFactory, staff
from tests.workplace.factories import mentee, today

pytestmark = pytest.mark.django_db


def assign(enrolment, actor=None, **kwargs):
    values = {"host": OrganisationFactory(), "mentor": PersonFactory()}
    values.update(kwargs)
    return svc.placement_assign(actor=actor or staff(enrolment.cohort), enrolment=enrolment, **values)


def test_defaults_come_from_the_cohort_and_the_mentor_joins_it():
    enrolment = EnrolmentFactory()
    mentor = PersonFactory()
    placement = assign(enrolment, mentor=mentor)
    cohort = enrolment.cohort
    assert (placement.start, placement.end, placement.planned_hours) == (
        cohort.wb_start,
        cohort.wb_end,
        Decimal("165"),
    )
    assert Membership.objects.filter(person=mentor, cohort=cohort, role=Role.MENTOR).exists()
    assert allows_on_enrolment(mentor, Action.SIGN_OFF_WORK, Placement.objects.get(pk=placement.pk).enrolment)
    spell = MentorAssignment.objects.get(placement=placement)
    assert (spell.mentor_id, spell.ended_at) == (mentor.pk, None)
    assert AuditEvent.objects.filter(verb="placement.assigned").count() == 1


def test_a_change_of_mentor_keeps_the_history():
    enrolment = EnrolmentFactory()
    first, second = PersonFactory(), PersonFactory()
    coordinator = staff(enrolment.cohort)
    placement = assign(enrolment, actor=coordinator, mentor=first)
    assign(enrolment, actor=coordinator, mentor=second, host=placement.host, note="Mentor on leave")
    spells = list(MentorAssignment.objects.filter(placement=placement).order_by("started_at", "pk"))
    assert [s.mentor_id for s in spells] == [first.pk, second.pk]
    assert spells[0].ended_at is not None and spells[1].ended_at is None
    assert spells[1].note == "Mentor on leave"
    placement.refresh_from_db()
    assert placement.mentor_id == second.pk
    # The old mentor no longer sees or signs the participant's work.
    enrolment.refresh_from_db()
    assert not allows_on_enrolment(first, Action.SIGN_OFF_WORK, enrolment)


def test_a_placement_made_before_histories_gets_its_first_mentor_recorded():
    m = mentee()  # the factory makes no history row
    assign(m.enrolment, mentor=PersonFactory(), host=m.placement.host)
    history = MentorAssignment.objects.filter(placement=m.placement).order_by("pk")
    assert list(history.values_list("mentor_id", flat=True))[:1] == [m.mentor.pk]
    assert history.count() == 2


def test_same_mentor_again_adds_no_history():
    enrolment = EnrolmentFactory()
    mentor = PersonFactory()
    placement = assign(enrolment, mentor=mentor)
    assign(enrolment, mentor=mentor, host=placement.host, planned_hours=Decimal("160"))
    assert MentorAssignment.objects.filter(placement=placement).count() == 1
    placement.refresh_from_db()
    assert placement.planned_hours == Decimal("160")


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"start": "wb_end", "end": "wb_start"}, "end", svc.END_BEFORE_START),
        ({"start": "before_course"}, "start", svc.OUTSIDE_COURSE),
        ({"planned_hours": Decimal("0")}, "planned_hours", svc.HOURS_POSITIVE),
        ({"mentor": "self"}, "mentor", svc.MENTOR_SELF),
    ],
)
def test_bad_placements_are_explained_and_change_nothing(kwargs, field, message):
    enrolment = EnrolmentFactory()
    cohort = enrolment.cohort
    resolved = {}
    for key, value in kwargs.items():
        resolved[key] = (
            {
                "wb_end": cohort.wb_end,
                "wb_start": cohort.wb_start,
                "before_course": cohort.start - dt.timedelta(days=1),
                "self": enrolment.person,
            }.get(value, value)
            if isinstance(value, str)
            else value
        )
    with pytest.raises(DomainError) as caught:
        assign(enrolment, **resolved)
    assert caught.value.message == str(svc.PLACEMENT_INVALID)
    expected = str(message % {"start": cohort.start.isoformat(), "end": cohort.end.isoformat()})
    assert caught.value.fields[field] == [expected]
    assert not Placement.objects.exists() and not AuditEvent.objects.exists()


def test_no_window_needs_dates():
    enrolment = EnrolmentFactory(cohort__wb_start=None, cohort__wb_end=None)
    with pytest.raises(DomainError) as caught:
        assign(enrolment)
    assert caught.value.fields["start"] == [str(svc.DATES_REQUIRED)]
    placement = assign(enrolment, start=today(), end=today() + dt.timedelta(days=30))
    assert placement.end == today() + dt.timedelta(days=30)


def test_moving_dates_away_from_logged_entries_is_refused():
    m = mentee()
    m.entry(date=today() - dt.timedelta(days=20))
    with pytest.raises(DomainError) as caught:
        assign(m.enrolment, mentor=m.mentor, host=m.placement.host, start=today() - dt.timedelta(days=10))
    assert caught.value.fields["start"] == [str(svc.ENTRIES_OUTSIDE % {"count": 1})]


def test_a_signed_off_placement_is_locked():
    m = mentee()
    Placement.objects.filter(pk=m.placement.pk).update(signed_off_at=dt.datetime.now(dt.UTC))
    with pytest.raises(DomainError) as caught:
        assign(m.enrolment, mentor=PersonFactory(), host=m.placement.host)
    assert caught.value.message == str(svc.SIGNED_OFF)


@pytest.mark.parametrize(
    ("role", "same_cohort", "allowed"),
    [
        (Role.COORDINATOR, True, True),
        (Role.COORDINATOR, False, False),
        (Role.TRAINER, True, False),
        (Role.MODERATOR, True, False),
        (Role.MENTOR, True, False),
        (Role.PARTICIPANT, True, False),
    ],
)
def test_only_the_cohorts_coordinator_assigns(role, same_cohort, allowed):
    enrolment = EnrolmentFactory()
    actor = staff(enrolment.cohort if same_cohort else EnrolmentFactory().cohort, role)
    if allowed:
        assert assign(enrolment, actor=actor).pk
    else:
        with pytest.raises(PermissionDenied):
            assign(enrolment, actor=actor)
        assert not Placement.objects.exists()
