"""The logbook's services: logging, editing, withdrawing and signing off work-based hours."""

from __future__ import annotations

import datetime as dt

import pytest

from biblio.accounts.models import AuditEvent
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning.models import HourEntry
from biblio.learning.rules import DATE_IN_FUTURE, DAY_FULL, ENTRY_INVALID, ENTRY_NOT_ACTIVE
from biblio.programmes.models import LearningMode
from biblio.workplace.policy import OWN_SIGN_OFF
from biblio.workplace.services import logbook as svc
from tests.factories import HourEntryFactory, staff
from tests.workplace.factories import mentee, today

pytestmark = pytest.mark.django_db
St = HourEntry.Status


def log(m, **overrides):
    values = {
        "date": today() - dt.timedelta(days=2),
        "minutes": 180,
        "activity_id": m.activity.pk,
        "note": "Planned the reading club posts.",
    }
    values.update(overrides)
    return svc.work_entry_log(actor=m.participant, enrolment=m.enrolment, **values)


def refused(call) -> DomainError:
    """Run `call`, expect a DomainError, and check that nothing was written."""
    entries, events = HourEntry.objects.count(), AuditEvent.objects.count()
    with pytest.raises(DomainError) as caught:
        call()
    assert (HourEntry.objects.count(), AuditEvent.objects.count()) == (entries, events)
    return caught.value


def test_participant_logs_an_entry_that_waits_for_the_mentor():
    m = mentee()
    entry = log(m)
    assert (entry.mode, entry.status, entry.minutes, entry.activity_id) == (
        LearningMode.WORK_BASED,
        St.SUBMITTED,
        180,
        m.activity.pk,
    )
    assert AuditEvent.objects.filter(verb="work_entry.logged", object_id=str(entry.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "before"}, "date", svc.OUTSIDE_PLACEMENT),
        ({"date": "future"}, "date", DATE_IN_FUTURE),
        ({"activity_id": None}, "activity", svc.ACTIVITY_REQUIRED),
        ({"activity_id": "other"}, "activity", svc.ACTIVITY_NOT_OWN),
        ({"note": "   "}, "note", svc.NOTE_REQUIRED),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(overrides, field, message):
    m = mentee()
    if overrides.get("date") == "before":
        overrides["date"] = m.placement.start - dt.timedelta(days=1)
    elif overrides.get("date") == "future":
        overrides["date"] = today() + dt.timedelta(days=1)
    if overrides.get("activity_id") == "other":
        overrides["activity_id"] = mentee().activity.pk
    error = refused(lambda: log(m, **overrides))
    assert error.message == str(ENTRY_INVALID)
    expected = message % {"start": m.placement.start.isoformat(), "end": m.placement.end.isoformat()}
    assert error.fields[field] == [str(expected)]


def test_twelve_hours_a_day_counts_every_entry_of_the_person():
    m = mentee()
    day = today() - dt.timedelta(days=2)
    HourEntryFactory(enrolment=m.enrolment, mode=LearningMode.ONLINE, date=day, minutes=600)
    error = refused(lambda: log(m, date=day, minutes=180))
    assert error.fields["minutes"] == [str(DAY_FULL % {"total": "13", "date": day.isoformat()})]
    assert log(m, date=day, minutes=120).minutes == 120  # exactly twelve is fine


def test_a_returned_entry_does_not_count_toward_the_day():
    m = mentee()
    day = today() - dt.timedelta(days=2)
    m.entry(date=day, minutes=600, status=St.REJECTED)
    assert log(m, date=day, minutes=480).minutes == 480


def test_no_placement_no_logbook():
    m = mentee()
    m.placement.delete()
    m.enrolment.refresh_from_db()
    assert refused(lambda: log(m)).message == str(svc.NO_PLACEMENT)


def test_a_signed_off_placement_takes_no_more_hours():
    m = mentee()
    m.placement.signed_off_at = dt.datetime.now(dt.UTC)
    m.placement.save()
    assert refused(lambda: log(m)).message == str(svc.PLACEMENT_SIGNED_OFF)


def test_an_enrolment_that_is_not_active_takes_no_hours():
    m = mentee()
    m.enrolment.status = "withdrawn"
    m.enrolment.save()
    assert refused(lambda: log(m)).message == str(ENTRY_NOT_ACTIVE)


@pytest.mark.parametrize("who", ["mentor", "coordinator", "trainer", "other participant"])
def test_only_the_participant_logs_their_hours(who):
    m = mentee()
    actor = {
        "mentor": lambda: m.mentor,
        "coordinator": lambda: staff(m.cohort),
        "trainer": lambda: staff(m.cohort, "trainer"),
        "other participant": lambda: mentee(cohort=m.cohort).participant,
    }[who]()
    error = refused(
        lambda: svc.work_entry_log(
            actor=actor, enrolment=m.enrolment, date=today(), minutes=60, activity_id=m.activity.pk, note="x"
        )
    )
    assert isinstance(error, PermissionDenied)


def test_editing_a_returned_entry_sends_it_back_to_the_mentor():
    m = mentee()
    entry = m.entry(status=St.REJECTED, review_comment="Say which posts.", reviewed_by=m.mentor)
    edited = svc.work_entry_edit(
        actor=m.participant,
        entry=entry,
        date=entry.date,
        minutes=90,
        activity_id=m.activity.pk,
        note="Wrote three posts about the reading club.",
    )
    edited.refresh_from_db()
    assert (edited.status, edited.minutes, edited.reviewed_at, edited.reviewed_by_id) == (
        St.SUBMITTED,
        90,
        None,
        None,
    )
    assert edited.review_comment == "Say which posts."  # the mentor sees what they asked for


def test_a_signed_entry_cannot_be_edited_or_withdrawn():
    m = mentee()
    entry = m.entry(status=St.APPROVED, reviewed_by=m.mentor)
    error = refused(
        lambda: svc.work_entry_edit(
            actor=m.participant, entry=entry, date=entry.date, minutes=60, activity_id=m.activity.pk, note="x"
        )
    )
    assert error.message == str(svc.ENTRY_SIGNED)
    assert refused(lambda: svc.work_entry_withdraw(actor=m.participant, entry=entry)).message == str(
        svc.ENTRY_SIGNED
    )
    entry.refresh_from_db()
    assert (entry.status, entry.minutes) == (St.APPROVED, 120)


def test_withdrawing_a_waiting_entry_deletes_it():
    m = mentee()
    entry = m.entry()
    svc.work_entry_withdraw(actor=m.participant, entry=entry)
    assert not HourEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEvent.objects.filter(verb="work_entry.withdrawn").count() == 1


def test_edit_checks_the_rules_without_counting_the_entry_itself():
    m = mentee()
    day = today() - dt.timedelta(days=2)
    entry = m.entry(date=day, minutes=600)
    svc.work_entry_edit(
        actor=m.participant, entry=entry, date=day, minutes=720, activity_id=m.activity.pk, note="x"
    )
    other = mentee().activity
    error = refused(
        lambda: svc.work_entry_edit(
            actor=m.participant, entry=entry, date=day, minutes=60, activity_id=other.pk, note="x"
        )
    )
    assert error.fields["activity"] == [str(svc.ACTIVITY_NOT_OWN)]


@pytest.mark.parametrize("reviewer", ["mentor", "coordinator"])
def test_mentor_or_coordinator_signs_off_an_entry(reviewer):
    m = mentee()
    actor = m.mentor if reviewer == "mentor" else staff(m.cohort)
    entry = svc.work_entry_review(actor=actor, entry=m.entry(), approve=True)
    entry.refresh_from_db()
    assert (entry.status, entry.reviewed_by_id) == (St.APPROVED, actor.pk)
    assert entry.reviewed_at is not None


def test_returning_needs_a_comment():
    m = mentee()
    entry = m.entry()
    with pytest.raises(DomainError) as caught:
        svc.work_entry_review(actor=m.mentor, entry=entry, approve=False, comment=" ")
    assert caught.value.fields == {"comment": [str(svc.RETURN_NEEDS_COMMENT)]}
    svc.work_entry_review(actor=m.mentor, entry=entry, approve=False, comment="Which posts?")
    entry.refresh_from_db()
    assert (entry.status, entry.review_comment) == (St.REJECTED, "Which posts?")


def test_only_waiting_entries_are_signed():
    m = mentee()
    entry = m.entry(status=St.APPROVED, reviewed_by=m.mentor)
    assert refused(lambda: svc.work_entry_review(actor=m.mentor, entry=entry, approve=True)).message == str(
        svc.ENTRY_NOT_WAITING
    )


def test_a_participant_never_signs_their_own_entries_even_as_coordinator():
    m = mentee()
    from biblio.accounts.models import Membership

    Membership.objects.create(person=m.participant, cohort=m.cohort, role="coordinator")
    entry = m.entry()
    error = refused(lambda: svc.work_entry_review(actor=m.participant, entry=entry, approve=True))
    assert isinstance(error, PermissionDenied) and error.message == str(OWN_SIGN_OFF)
    with pytest.raises(PermissionDenied):
        svc.work_week_review(actor=m.participant, enrolment=m.enrolment, week=entry.date, approve=True)


@pytest.mark.parametrize("who", ["other mentor", "trainer", "coordinator elsewhere"])
def test_others_cannot_sign(who):
    m = mentee()
    actor = {
        "other mentor": lambda: mentee(cohort=m.cohort).mentor,
        "trainer": lambda: staff(m.cohort, "trainer"),
        "coordinator elsewhere": lambda: staff(mentee().cohort),
    }[who]()
    entry = m.entry()
    assert isinstance(
        refused(lambda: svc.work_entry_review(actor=actor, entry=entry, approve=True)), PermissionDenied
    )


def test_a_week_at_a_time():
    m = mentee()
    monday = today() - dt.timedelta(days=today().weekday() + 7)  # last week's Monday
    inside = [m.entry(date=monday + dt.timedelta(days=d), minutes=60) for d in (0, 2, 6)]
    before = m.entry(date=monday - dt.timedelta(days=1))
    signed = m.entry(date=monday + dt.timedelta(days=1), status=St.APPROVED, reviewed_by=m.mentor)
    decided = svc.work_week_review(actor=m.mentor, enrolment=m.enrolment, week=monday, approve=True)
    assert sorted(e.pk for e in decided) == sorted(e.pk for e in inside)
    assert set(HourEntry.objects.filter(pk__in=[e.pk for e in inside]).values_list("status", flat=True)) == {
        St.APPROVED
    }
    before.refresh_from_db()
    assert before.status == St.SUBMITTED
    assert AuditEvent.objects.filter(verb="work_week.approved").count() == 1
    assert signed.pk not in [e.pk for e in decided]


def test_returning_a_week_and_bad_weeks():
    m = mentee()
    monday = today() - dt.timedelta(days=today().weekday() + 7)
    m.entry(date=monday)
    with pytest.raises(DomainError) as caught:
        svc.work_week_review(
            actor=m.mentor, enrolment=m.enrolment, week=monday + dt.timedelta(days=1), approve=True
        )
    assert caught.value.message == str(svc.NOT_A_WEEK)
    with pytest.raises(DomainError) as caught:
        svc.work_week_review(
            actor=m.mentor, enrolment=m.enrolment, week=monday - dt.timedelta(days=7), approve=True
        )
    assert caught.value.message == str(svc.WEEK_NOTHING_WAITING)
    decided = svc.work_week_review(
        actor=m.mentor, enrolment=m.enrolment, week=monday, approve=False, comment="More detail"
    )
    assert [e.status for e in decided] == [St.REJECTED]


def test_blended_entries_are_not_the_logbooks_business():
    """The workplace access selector only finds work-based entries: a mentor cannot reach blended ones."""
    from biblio.core.errors import NotFound
    from biblio.workplace.selectors.access import work_entry_for

    m = mentee()
    online = HourEntryFactory(enrolment=m.enrolment, mode=LearningMode.ONLINE)
    with pytest.raises(NotFound):
        work_entry_for(m.mentor, online.pk)
