"""The learning API: the same rules as the pages, JSON errors with field messages, constant queries."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone
from icalendar import Calendar

from biblio.accounts.models import ApiToken, Role
from biblio.learning.models import Application, Attendance, HourEntry, Session
from biblio.learning.services import entries as entry_svc
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    EnrolmentFactory,
    ExemptionFactory,
    HourEntryFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    SessionFactory,
    staff,
)
from tests.learning.factories import PDF, MaterialFactory, offered_module, upload

pytestmark = pytest.mark.django_db
API = "/api/v1/learning"


def _json(client, method, url, data=None):
    if method == "get":
        response = client.get(f"{API}/{url}")
    else:
        response = getattr(client, method)(
            f"{API}/{url}", data=json.dumps(data or {}), content_type="application/json"
        )
    return response.status_code, (response.json() if response.content else None)


def test_log_hours_and_field_errors(login):
    e = EnrolmentFactory()
    client = login(e.person)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    status, body = _json(
        client,
        "post",
        "entries",
        {
            "enrolment_id": e.pk,
            "mode": "work_based",
            "date": tomorrow,
            "minutes": 0,
        },
    )
    assert status == 400
    assert body["message"] == "The entry could not be saved: please correct the marked fields."
    assert body["extra"]["fields"] == {
        "mode": [str(entry_svc.WORK_BASED_IN_LOGBOOK)],
        "date": ["The date cannot be in the future."],
        "minutes": ["The duration must be more than zero minutes."],
    }
    status, body = _json(client, "post", "entries", {"enrolment_id": e.pk, "mode": "online"})
    assert status == 422 and "date" in body["extra"]["fields"]
    status, body = _json(
        client,
        "post",
        "entries",
        {
            "enrolment_id": e.pk,
            "mode": "online",
            "date": timezone.localdate().isoformat(),
            "minutes": 45,
        },
    )
    assert status == 201 and body["status"] == "submitted"
    entry_id = body["id"]
    status, body = _json(
        client,
        "put",
        f"entries/{entry_id}",
        {
            "mode": "online",
            "date": timezone.localdate().isoformat(),
            "minutes": 60,
            "note": "x",
        },
    )
    assert (status, body["minutes"]) == (200, 60)
    response = client.post(f"{API}/entries/{entry_id}/evidence", {"file": upload("a.pdf", PDF)})
    assert response.status_code == 200 and response.json()["evidence_url"]
    response = client.post(f"{API}/entries/{entry_id}/evidence", {"file": upload("a.pdf", b"text")})
    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"evidence": ["Upload a PDF, PNG or JPEG file."]}
    assert client.delete(f"{API}/entries/{entry_id}").status_code == 204
    assert not HourEntry.objects.exists()


def test_other_peoples_entries_are_not_found(login):
    entry = HourEntryFactory()
    client = login(PersonFactory())
    assert (
        _json(
            client,
            "put",
            f"entries/{entry.pk}",
            {
                "mode": "online",
                "date": entry.date.isoformat(),
                "minutes": 60,
            },
        )[0]
        == 404
    )
    assert _json(client, "post", f"entries/{entry.pk}/approve")[0] == 404
    assert (
        _json(
            client,
            "post",
            "entries",
            {
                "enrolment_id": entry.enrolment_id,
                "mode": "online",
                "date": entry.date.isoformat(),
                "minutes": 10,
            },
        )[0]
        == 404
    )


def test_review_with_a_bearer_token(client, django_assert_max_num_queries):
    cohort = CohortFactory()
    trainer = staff(cohort, Role.TRAINER)
    secret = ApiToken.new_secret()
    ApiToken.objects.create(
        person=trainer, name="t", key_hash=ApiToken.hash_key(secret), key_prefix=secret[:8]
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    entries = [HourEntryFactory(enrolment__cohort=cohort) for _ in range(3)]
    with django_assert_max_num_queries(8) as small:
        assert len(client.get(f"{API}/review?cohort={cohort.code}", **auth).json()) == 3
    for _ in range(25):
        HourEntryFactory(enrolment__cohort=cohort)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(f"{API}/review?cohort={cohort.code}&limit=100", **auth).json()) == 28
    response = client.post(
        f"{API}/entries/{entries[0].pk}/reject", data="{}", content_type="application/json", **auth
    )
    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"reason": [str(entry_svc.REASON_REQUIRED)]}
    response = client.post(
        f"{API}/review/approve",
        data=json.dumps({"ids": [e.pk for e in entries]}),
        content_type="application/json",
        **auth,
    )
    assert response.json() == {"approved": 3, "skipped": 0}
    response = client.post(f"{API}/entries/{entries[0].pk}/approve", **auth)
    assert response.status_code == 400
    assert response.json()["message"] == str(entry_svc.ALREADY_REVIEWED)


def test_applications_through_the_api(login):
    cohort = CohortFactory()
    person = PersonFactory()
    host = OrganisationFactory(country=cohort.country)
    client = login(person)
    status, body = _json(
        client,
        "post",
        f"cohorts/{cohort.code}/applications",
        {
            "track": "nope",
            "motivation": "",
            "project_idea": "",
            "host_id": host.pk,
        },
    )
    assert status == 400 and set(body["extra"]["fields"]) == {"programme", "motivation", "project_idea"}
    status, body = _json(
        client,
        "post",
        f"cohorts/{cohort.code}/applications",
        {
            "track": cohort.programme.slug,
            "motivation": "Yes",
            "project_idea": "A blog",
            "host_id": host.pk,
        },
    )
    assert status == 201
    assert _json(client, "get", f"cohorts/{cohort.code}/applications")[0] == 404  # not staff
    coordinator = login(staff(cohort, Role.COORDINATOR))
    status, ranked = _json(coordinator, "get", f"cohorts/{cohort.code}/applications")
    assert status == 200 and ranked[0]["score"] == 0 and ranked[0]["mooc_completed"] is False
    status, body = _json(coordinator, "post", f"applications/{body['id']}/decision", {"decision": "maybe"})
    assert status == 400
    status, body = _json(
        coordinator, "post", f"applications/{ranked[0]['id']}/decision", {"decision": "accept"}
    )
    assert (status, body["status"]) == (200, "accepted")


def test_sessions_attendance_and_calendar_through_the_api(login):
    year = timezone.localdate().year
    cohort = CohortFactory(start=dt.date(year, 1, 10), end=dt.date(year, 12, 1))
    trainer = login(staff(cohort, Role.TRAINER))
    status, body = _json(
        trainer,
        "post",
        f"cohorts/{cohort.code}/sessions",
        {
            "title": "Spring seminar",
            "kind": "seminar",
            "mode": "f2f",
            "start": f"{year}-04-02T10:00:00",
            "end": f"{year}-04-02T12:00:00",
            "place": "Cēsis",
        },
    )
    assert status == 201
    session = Session.objects.get()
    assert session.start == dt.datetime(year, 4, 2, 7, 0, tzinfo=dt.UTC)  # naive = cohort's zone
    status, body = _json(
        trainer,
        "post",
        f"cohorts/{cohort.code}/sessions",
        {
            "title": "x",
            "kind": "seminar",
            "mode": "f2f",
            "start": f"{year}-03-29T03:30:00",
            "end": f"{year}-03-29T05:00:00",
            "place": "Cēsis",
        },
    )
    march_change = max(dt.date(year, 3, d) for d in range(25, 32) if dt.date(year, 3, d).weekday() == 6)
    if march_change == dt.date(year, 3, 29):
        assert status == 400 and "does not exist" in body["extra"]["fields"]["start"][0]
    e = EnrolmentFactory(cohort=cohort)
    status, sheet = _json(trainer, "put", f"sessions/{session.pk}/attendance", {"present": [e.pk]})
    assert status == 200 and sheet == [
        {"enrolment_id": e.pk, "participant": e.person.full_name, "present": True}
    ]
    assert Attendance.objects.get().minutes == 120
    participant = login(e.person)
    assert _json(participant, "put", f"sessions/{session.pk}/attendance", {"present": []})[0] == 403
    status, body = _json(participant, "get", "me/calendar")
    feed = participant.get(body["url"].replace("http://testserver", ""))
    [event] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert event.start == session.start


def test_exemptions_materials_and_module_through_the_api(login):
    e = EnrolmentFactory()
    module = offered_module(e.cohort, hours=10)
    client = login(e.person)
    response = client.post(
        f"{API}/exemptions",
        {"enrolment_id": e.pk, "module_id": module.pk, "reason": "MA", "evidence": upload()},
    )
    assert response.status_code == 201
    coordinator = login(staff(e.cohort, Role.COORDINATOR))
    status, body = _json(
        coordinator,
        "post",
        f"exemptions/{response.json()['id']}/decision",
        {
            "decision": "approve",
            "recognised_minutes": 600,
        },
    )
    assert (status, body["status"]) == (200, "approved")
    status, progress = _json(client, "get", f"enrolments/{e.pk}/progress")
    assert progress["exempted_modules"] == [
        {"code": module.code, "title": module.title, "recognised_hours": 10.0}
    ]
    trainer = login(staff(e.cohort, Role.TRAINER))
    response = trainer.post(
        f"{API}/cohorts/{e.cohort.code}/materials",
        {"module_id": module.pk, "title": "Slides", "minutes": 20, "kind": "file", "file": upload()},
    )
    assert response.status_code == 201
    MaterialFactory(cohort=e.cohort, module=module)
    status, page = _json(login(e.person), "get", f"modules/{module.code}")
    assert status == 200 and len(page["materials"]) == 2
    assert _json(login(PersonFactory()), "get", f"modules/{module.code}")[0] == 404


def test_mooc_import_through_the_api(login, django_capture_on_commit_callbacks):
    """202 and the job; the job says what happened (tests/learning/test_mooc_jobs.py has the rest)."""
    mooc = CohortFactory(programme=ProgrammeFactory(kind="mooc"), call_open=False)
    PersonFactory(email="liga@example.org")
    client = login(staff(mooc))
    csv = b"Email address,Course complete,Course complete Date\nliga@example.org,Completed,2021-12-01\nx,Completed,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{API}/cohorts/{mooc.code}/mooc/import", {"file": upload("r.csv", csv)})
    assert response.status_code == 202
    job = client.get(response.json()["url"]).json()
    assert job["status"] == "failed" and job["report"]["errors"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}/cohorts/{mooc.code}/mooc/import", {"file": upload("r.csv", csv.rsplit(b"x,", 1)[0])}
        )
    assert response.status_code == 202
    job = client.get(response.json()["url"]).json()
    assert job["status"] == "done" and job["report"]["created"] == 1


def test_withdraw_my_application(login):
    application = ApplicationFactory()
    status, body = _json(login(application.person), "post", f"applications/{application.pk}/withdraw")
    assert (status, body["status"]) == (200, Application.Status.WITHDRAWN)
    assert _json(login(PersonFactory()), "post", f"applications/{application.pk}/withdraw")[0] == 404


def test_anonymous_gets_401_but_calls_are_public(client):
    CohortFactory()
    assert client.get(f"{API}/calls").status_code == 200
    response = client.get(f"{API}/entries")
    assert response.status_code == 401 and response.json()["message"]


def test_attendance_for_a_session_elsewhere_is_not_found(login):
    session = SessionFactory()
    assert (
        _json(login(staff(CohortFactory(), Role.TRAINER)), "get", f"sessions/{session.pk}/attendance")[0]
        == 404
    )


@pytest.mark.parametrize(
    "path",
    [
        "entries",
        "cohorts/{code}/applications",
        "cohorts/{code}/sessions",
        "cohorts/{code}/exemptions",
        "calls",
    ],
)
def test_list_endpoints_keep_constant_queries(login, path, django_assert_max_num_queries):
    cohort = CohortFactory()
    person = staff(cohort, Role.COORDINATOR)
    own = EnrolmentFactory(person=PersonFactory(), cohort=cohort)

    def grow(n):
        for _ in range(n):
            e = EnrolmentFactory(cohort=cohort)
            HourEntryFactory(enrolment=own)
            ApplicationFactory(cohort=cohort)
            SessionFactory(cohort=cohort)
            offered = offered_module(cohort)
            ExemptionFactory(enrolment=e, module=offered)
            CohortFactory()

    client = login(own.person if path == "entries" else person)
    url = f"{API}/{path.format(code=cohort.code)}"
    grow(2)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    grow(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
