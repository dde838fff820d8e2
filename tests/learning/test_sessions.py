"""Sessions in the cohort's time zone, attendance for the whole list, and the iCalendar feeds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from biblio.accounts.models import AuditEvent, Role
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning.models import Attendance, Enrolment, Session
from biblio.learning.progress import progress_for
from biblio.learning.services import calendar as calendar_svc
from biblio.learning.services import sessions as svc
from biblio.learning.timezones import TIME_DOES_NOT_EXIST, local_to_utc
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    MembershipFactory,
    PersonFactory,
    SessionFactory,
    staff,
)
from tests.learning.factories import offered_module

pytestmark = pytest.mark.django_db
RIGA = ZoneInfo("Europe/Riga")


def _values(cohort, **kwargs):
    start = timezone.now() - dt.timedelta(days=1)
    values = {
        "kind": "seminar",
        "mode": "f2f",
        "title": "Social media for libraries",
        "start": start,
        "end": start + dt.timedelta(hours=3),
        "place": "Rīga, room 2",
    }
    values.update(kwargs)
    return values


def test_local_times_become_utc_on_both_sides_of_daylight_saving():
    winter = local_to_utc(dt.date(2025, 3, 29), dt.time(10, 0), "Europe/Riga", field="start")
    summer = local_to_utc(dt.date(2025, 3, 31), dt.time(10, 0), "Europe/Riga", field="start")
    assert (winter.hour, summer.hour) == (8, 7)
    autumn = local_to_utc(dt.date(2025, 10, 26), dt.time(3, 30), "Europe/Riga", field="start")
    assert autumn == dt.datetime(2025, 10, 26, 0, 30, tzinfo=dt.UTC)  # the first 03:30 (summer)


def test_a_time_skipped_by_the_spring_change_is_refused():
    with pytest.raises(DomainError) as caught:
        local_to_utc(dt.date(2025, 3, 30), dt.time(3, 30), "Europe/Riga", field="start_time")
    message = TIME_DOES_NOT_EXIST % {"time": "03:30", "date": "2025-03-30", "zone": "Europe/Riga"}
    assert caught.value.fields == {"start_time": [str(message)]}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", svc.TITLE_REQUIRED),
        ({"place": ""}, "place", svc.PLACE_REQUIRED),
        ({"kind": "webinar", "link": ""}, "link", svc.LINK_REQUIRED),
        ({"mode": "work_based"}, "mode", svc.MODE_INVALID),
        ({"end": timezone.now() - dt.timedelta(days=2)}, "end", svc.END_BEFORE_START),
        ({"start": timezone.now() - dt.timedelta(days=400)}, "start", svc.OUTSIDE_COHORT),
    ],
)
def test_bad_sessions_are_explained(changes, field, message):
    cohort = CohortFactory()
    with pytest.raises(DomainError) as caught:
        svc.session_create(actor=staff(cohort, Role.TRAINER), cohort=cohort, **_values(cohort, **changes))
    assert caught.value.fields[field] == [str(message)]
    assert not Session.objects.exists()


def test_module_and_trainer_must_belong_to_the_cohort():
    cohort = CohortFactory()
    with pytest.raises(DomainError) as caught:
        svc.session_create(
            actor=staff(cohort, Role.TRAINER),
            cohort=cohort,
            **_values(cohort, module=offered_module(CohortFactory()), trainer=PersonFactory()),
        )
    assert set(caught.value.fields) == {"module", "trainer"}


@pytest.mark.parametrize(
    ("role", "same", "allowed"),
    [
        (Role.TRAINER, True, True),
        (Role.MODERATOR, True, True),
        (Role.COORDINATOR, True, True),
        (Role.MENTOR, True, False),
        (Role.PARTICIPANT, True, False),
        (Role.TRAINER, False, False),
    ],
)
def test_session_and_attendance_permission_table(role, same, allowed):
    cohort = CohortFactory()
    actor = staff(cohort if same else CohortFactory(), role)
    session = SessionFactory(cohort=cohort)
    e = EnrolmentFactory(cohort=cohort)
    if allowed:
        svc.session_create(actor=actor, cohort=cohort, **_values(cohort))
        assert svc.attendance_record(actor=actor, session=session, present=[e.pk]) == (1, 0)
    else:
        with pytest.raises(PermissionDenied):
            svc.session_create(actor=actor, cohort=cohort, **_values(cohort))
        with pytest.raises(PermissionDenied):
            svc.attendance_record(actor=actor, session=session, present=[e.pk])


def test_attendance_for_the_whole_list_credits_and_removes_hours():
    cohort = CohortFactory()
    trainer = staff(cohort, Role.TRAINER)
    session = SessionFactory(cohort=cohort)  # 4 hours, f2f
    a, b, c = (EnrolmentFactory(cohort=cohort) for _ in range(3))
    assert svc.attendance_record(actor=trainer, session=session, present=[a.pk, b.pk]) == (2, 0)
    assert svc.attendance_record(actor=trainer, session=session, present=[b.pk, c.pk]) == (1, 1)
    progress = progress_for([a, b, c])
    assert [progress[x.pk].mode("f2f").approved_minutes for x in (a, b, c)] == [0, 240, 240]
    assert AuditEvent.objects.filter(verb="session.attendance").count() == 2


def test_attendance_refuses_strangers_and_future_sessions():
    cohort = CohortFactory()
    trainer = staff(cohort, Role.TRAINER)
    session = SessionFactory(cohort=cohort)
    stranger = EnrolmentFactory()
    gone = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WITHDRAWN)
    for present in ([stranger.pk], [gone.pk]):
        with pytest.raises(DomainError) as caught:
            svc.attendance_record(actor=trainer, session=session, present=present)
        assert caught.value.message == str(svc.NOT_IN_COHORT)
    future = SessionFactory(cohort=cohort, start=timezone.now() + dt.timedelta(days=2))
    with pytest.raises(DomainError) as caught:
        svc.attendance_record(actor=trainer, session=future, present=[])
    assert caught.value.message == str(svc.NOT_STARTED)
    assert not Attendance.objects.exists()


def test_changing_a_session_length_changes_credited_hours():
    cohort = CohortFactory()
    trainer = staff(cohort, Role.TRAINER)
    session = SessionFactory(cohort=cohort)
    e = EnrolmentFactory(cohort=cohort)
    svc.attendance_record(actor=trainer, session=session, present=[e.pk])
    svc.session_update(
        actor=trainer,
        session=session,
        **_values(cohort, start=session.start, end=session.start + dt.timedelta(hours=2)),
    )
    assert Attendance.objects.get().minutes == 120
    svc.session_delete(actor=trainer, session=session)
    assert not Attendance.objects.exists()


# --- iCalendar ------------------------------------------------------------------------------------


def _dst_sessions(cohort):
    """One session before and one after the spring change, entered as 10:00 local time."""
    year = timezone.localdate().year
    days = [dt.date(year, 3, 20), dt.date(year, 4, 10)]
    return [
        SessionFactory(
            cohort=cohort,
            title=f"Seminar {d:%b}",
            start=local_to_utc(d, dt.time(10), cohort.timezone, field="start"),
            end=local_to_utc(d, dt.time(13, 30), cohort.timezone, field="start"),
            link="https://meet.example.org/x" if d.month == 4 else "",
            kind="webinar" if d.month == 4 else "seminar",
        )
        for d in days
    ]


def _parse(body: bytes):
    cal = Calendar.from_ical(body)
    return cal, {str(ev["summary"]): ev for ev in cal.walk("VEVENT")}


def test_cohort_feed_parses_back_into_the_same_sessions_and_times(login):
    year = timezone.localdate().year
    cohort = CohortFactory(start=dt.date(year, 1, 10), end=dt.date(year, 12, 1))
    sessions = _dst_sessions(cohort)
    member = EnrolmentFactory(cohort=cohort).person
    response = login(member).get(reverse("learning:cohort_feed", args=[cohort.code]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal, events = _parse(response.content)
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/Riga"]
    for session in sessions:
        event = events[session.title]
        assert event.start == session.start and event.end == session.end  # the same instants
        assert str(event.start.tzinfo) == "Europe/Riga"
        assert event.start.astimezone(RIGA).hour == 10  # 10:00 wall time before and after DST
    assert sessions[0].start.hour != sessions[1].start.hour  # UTC differs by the DST hour
    assert events["Seminar Apr"]["url"] == "https://meet.example.org/x"


def test_cohort_feed_is_for_members_only(login):
    cohort = CohortFactory()
    url = reverse("learning:cohort_feed", args=[cohort.code])
    assert login(PersonFactory()).get(url).status_code == 404
    mentor = MembershipFactory(cohort=cohort, role=Role.MENTOR).person
    assert login(mentor).get(url).status_code == 200


def test_private_feed_by_secret_and_reset(client):
    year = timezone.localdate().year
    cohort = CohortFactory(start=dt.date(year, 1, 10), end=dt.date(year, 12, 1))
    sessions = _dst_sessions(cohort)
    other_cohort_session = SessionFactory(title="Elsewhere")
    person = EnrolmentFactory(cohort=cohort).person
    token = calendar_svc.calendar_token_ensure(actor=person)
    url = reverse("learning:person_feed", args=[person.pk, token])
    response = client.get(url)  # no login: calendar apps fetch it
    assert response.status_code == 200
    _cal, events = _parse(response.content)
    assert set(events) == {s.title for s in sessions}
    assert other_cohort_session.title not in events
    # Another person's feed with my secret, a guessed secret, an empty one: all refused alike.
    someone = PersonFactory()
    calendar_svc.calendar_token_ensure(actor=someone)
    for bad in (
        reverse("learning:person_feed", args=[someone.pk, token]),
        reverse("learning:person_feed", args=[person.pk, "x" * 43]),
        reverse("learning:person_feed", args=[PersonFactory().pk, "x" * 43]),
    ):
        assert client.get(bad).status_code == 404
    new = calendar_svc.calendar_token_reset(actor=person)
    assert new != token
    assert client.get(url).status_code == 404
    assert client.get(reverse("learning:person_feed", args=[person.pk, new])).status_code == 200


def test_calendar_page_shows_and_resets_the_address(login):
    person = EnrolmentFactory().person
    client = login(person)
    body = client.get(reverse("learning:my_calendar")).content.decode()
    person.refresh_from_db()
    assert person.calendar_token and person.calendar_token in body
    old = person.calendar_token
    assert client.post(reverse("learning:my_calendar"), {}).status_code == 200  # must confirm
    person.refresh_from_db()
    assert person.calendar_token == old
    client.post(reverse("learning:my_calendar"), {"confirm": "on"})
    person.refresh_from_db()
    assert person.calendar_token != old


# --- pages ----------------------------------------------------------------------------------------


def test_trainer_schedules_in_local_time_through_the_form(login):
    year = timezone.localdate().year
    cohort = CohortFactory(start=dt.date(year, 1, 10), end=dt.date(year, 12, 1))
    client = login(staff(cohort, Role.TRAINER))
    response = client.post(
        reverse("learning:session_create", args=[cohort.code]),
        {
            "title": "Webinar on data",
            "kind": "webinar",
            "mode": "online",
            "date": f"{year}-07-01",
            "start_time": "18:00",
            "end_time": "19:30",
            "link": "https://meet.example.org/data",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.start == dt.datetime(year, 7, 1, 15, 0, tzinfo=dt.UTC)  # Riga is UTC+3 in July
    assert session.minutes == 90


def test_form_shows_the_nonexistent_time_error(login):
    year = timezone.localdate().year
    cohort = CohortFactory(start=dt.date(year, 1, 10), end=dt.date(year, 12, 1))
    client = login(staff(cohort, Role.TRAINER))
    march_change = max(
        d for d in (dt.date(year, 3, 31) - dt.timedelta(days=i) for i in range(7)) if d.weekday() == 6
    )
    response = client.post(
        reverse("learning:session_create", args=[cohort.code]),
        {
            "title": "x",
            "kind": "seminar",
            "mode": "f2f",
            "date": march_change.isoformat(),
            "start_time": "03:15",
            "end_time": "05:00",
            "place": "Rīga",
        },
    )
    assert "does not exist" in response.content.decode()
    assert not Session.objects.exists()


def test_attendance_page_saves_the_list(login, django_assert_max_num_queries):
    cohort = CohortFactory()
    trainer = staff(cohort, Role.TRAINER)
    session = SessionFactory(cohort=cohort)
    people = [EnrolmentFactory(cohort=cohort) for _ in range(3)]
    client = login(trainer)
    url = reverse("learning:session", args=[session.pk])
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for _ in range(20):
        EnrolmentFactory(cohort=cohort)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    client.post(url, {"present": [people[0].pk, people[2].pk, "junk"]})
    assert set(Attendance.objects.values_list("enrolment_id", flat=True)) == {people[0].pk, people[2].pk}


@pytest.mark.parametrize(("role", "status"), [(Role.PARTICIPANT, 200), (Role.MENTOR, 200), (None, 404)])
def test_session_pages_for_members(login, role, status):
    session = SessionFactory()
    person = staff(session.cohort, role) if role else PersonFactory()
    client = login(person)
    assert client.get(reverse("learning:session", args=[session.pk])).status_code == status
    assert client.get(reverse("learning:cohort_sessions", args=[session.cohort.code])).status_code == status
    if role:  # members who may not take attendance cannot post it
        assert client.post(reverse("learning:session", args=[session.pk]), {}).status_code == 404
        assert client.get(reverse("learning:session_edit", args=[session.pk])).status_code == 403
