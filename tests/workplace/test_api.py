"""The workplace API: the same rules as the pages, as JSON, through a session or a personal token."""

from __future__ import annotations

import datetime as dt

import pytest

from biblio.accounts.models import ApiToken, Role
from biblio.learning.models import HourEntry
from biblio.learning.rules import ENTRY_INVALID
from biblio.workplace.models import MentorAssignment, Placement, ProjectIdea
from biblio.workplace.policy import OWN_SIGN_OFF
from biblio.workplace.services import logbook as svc
from biblio.workplace.services import projects
from tests.factories import EnrolmentFactory, OrganisationFactory, PersonFactory, staff
from tests.workplace.factories import mentee, today

pytestmark = pytest.mark.django_db
API = "/api/v1/workplace"
St = HourEntry.Status


def body(m, **overrides):
    values = {
        "date": (today() - dt.timedelta(days=2)).isoformat(),
        "minutes": 90,
        "activity_id": m.activity.pk,
        "note": "Catalogued photos.",
    }
    values.update(overrides)
    return values


def test_openapi_lists_the_workplace_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/placements/{enrolment_id}",
        "/logbooks/{enrolment_id}/entries",
        "/entries/{entry_id}/review",
        "/logbooks/{enrolment_id}/weeks/{week}/review",
        "/projects/{idea_id}/activities",
        "/mentees",
    ]:
        assert f"{API}{path}" in paths


def test_log_edit_sign_through_the_api(login, client):
    m = mentee()
    participant = login(m.participant)
    created = participant.post(
        f"{API}/logbooks/{m.enrolment.pk}/entries", body(m), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    entry_id = created.json()["id"]
    assert created.json()["status"] == St.SUBMITTED
    changed = participant.put(
        f"{API}/entries/{entry_id}", body(m, minutes=120), content_type="application/json"
    )
    assert changed.json()["minutes"] == 120
    client.logout()
    mentor = login(m.mentor)
    signed = mentor.post(
        f"{API}/entries/{entry_id}/review", {"decision": "approve"}, content_type="application/json"
    )
    assert signed.json()["status"] == St.APPROVED
    book = mentor.get(f"{API}/logbooks/{m.enrolment.pk}").json()
    assert (book["approved_minutes"], book["budget_minutes"]) == (120, 165 * 60)
    assert [e["id"] for e in book["entries"]] == [entry_id]
    mentees = mentor.get(f"{API}/mentees").json()
    assert [(x["enrolment_id"], x["approved_minutes"]) for x in mentees] == [(m.enrolment.pk, 120)]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "outside"}, "date", svc.OUTSIDE_PLACEMENT),
        ({"activity_id": "other"}, "activity", svc.ACTIVITY_NOT_OWN),
        ({"minutes": 720, "date": "full day"}, "minutes", None),
    ],
)
def test_bad_entries_get_field_messages_and_change_nothing(login, overrides, field, message):
    m = mentee()
    day = today() - dt.timedelta(days=2)
    if overrides.get("date") == "outside":
        overrides["date"] = (m.placement.start - dt.timedelta(days=1)).isoformat()
    if overrides.get("date") == "full day":
        m.entry(date=day, minutes=60)
        overrides["date"] = day.isoformat()
    if overrides.get("activity_id") == "other":
        overrides["activity_id"] = mentee().activity.pk
    before = HourEntry.objects.count()
    response = login(m.participant).post(
        f"{API}/logbooks/{m.enrolment.pk}/entries", body(m, **overrides), content_type="application/json"
    )
    assert response.status_code == 400
    payload = response.json()
    assert payload["message"] == str(ENTRY_INVALID)
    expected = (
        str(message % {"start": m.placement.start.isoformat(), "end": m.placement.end.isoformat()})
        if message
        else f"With this entry you would have 13 hours on {day.isoformat()}: "
        "no more than 12 hours can be logged in one day."
    )
    assert payload["extra"]["fields"][field] == [expected]
    assert HourEntry.objects.count() == before


@pytest.mark.parametrize("payload", [{"minutes": 0}, {"minutes": 721}, {"date": "yesterday"}, {"note": None}])
def test_malformed_input_is_a_422_not_a_500(login, payload):
    m = mentee()
    response = login(m.participant).post(
        f"{API}/logbooks/{m.enrolment.pk}/entries", body(m, **payload), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["message"] == "Some of the input is not valid."


def test_a_mentor_cannot_see_or_sign_another_mentors_mentees(login):
    mine = mentee()
    theirs = mentee(cohort=mine.cohort)
    entry = theirs.entry()
    client = login(mine.mentor)
    monday = (entry.date - dt.timedelta(days=entry.date.weekday())).isoformat()
    for method, url, data in [
        ("get", f"{API}/placements/{theirs.enrolment.pk}", None),
        ("get", f"{API}/logbooks/{theirs.enrolment.pk}", None),
        ("get", f"{API}/projects/{theirs.idea.pk}", None),
        ("post", f"{API}/entries/{entry.pk}/review", {"decision": "approve"}),
        ("post", f"{API}/logbooks/{theirs.enrolment.pk}/weeks/{monday}/review", {"decision": "approve"}),
        ("post", f"{API}/projects/{theirs.idea.pk}/comments", {"text": "Hello"}),
    ]:
        response = (
            getattr(client, method)(url, data, content_type="application/json") if data else client.get(url)
        )
        assert response.status_code == 404, url
        assert response.json()["message"] == "Not found."
    assert [p["enrolment_id"] for p in client.get(f"{API}/placements").json()] == [mine.enrolment.pk]
    assert [x["enrolment_id"] for x in client.get(f"{API}/mentees").json()] == [mine.enrolment.pk]
    entry.refresh_from_db()
    assert entry.status == St.SUBMITTED


def test_a_participant_cannot_sign_their_own_entries(login):
    m = mentee()
    entry = m.entry()
    response = login(m.participant).post(
        f"{API}/entries/{entry.pk}/review", {"decision": "approve"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["message"] == str(OWN_SIGN_OFF)
    entry.refresh_from_db()
    assert entry.status == St.SUBMITTED


def test_a_signed_entry_cannot_be_edited_or_withdrawn(login):
    m = mentee()
    entry = m.entry(status=St.APPROVED, reviewed_by=m.mentor)
    client = login(m.participant)
    response = client.put(f"{API}/entries/{entry.pk}", body(m), content_type="application/json")
    assert (response.status_code, response.json()["message"]) == (400, str(svc.ENTRY_SIGNED))
    assert client.delete(f"{API}/entries/{entry.pk}").status_code == 400
    entry.refresh_from_db()
    assert (entry.status, entry.minutes) == (St.APPROVED, 120)


def test_returning_needs_a_comment_and_withdrawing_works(login):
    m = mentee()
    entry = m.entry()
    mentor = login(m.mentor)
    response = mentor.post(
        f"{API}/entries/{entry.pk}/review", {"decision": "return"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"comment": [str(svc.RETURN_NEEDS_COMMENT)]}
    response = mentor.post(
        f"{API}/entries/{entry.pk}/review",
        {"decision": "return", "comment": "Details?"},
        content_type="application/json",
    )
    assert response.json()["status"] == St.REJECTED
    assert login(m.participant).delete(f"{API}/entries/{entry.pk}").status_code == 204
    assert not HourEntry.objects.exists()


def test_week_review_through_a_personal_token(client):
    m = mentee()
    monday = today() - dt.timedelta(days=today().weekday() + 7)
    m.entry(date=monday)
    m.entry(date=monday + dt.timedelta(days=3))
    secret = ApiToken.new_secret()
    ApiToken.objects.create(
        person=m.mentor, name="laptop", key_hash=ApiToken.hash_key(secret), key_prefix=secret[:8]
    )
    response = client.post(
        f"{API}/logbooks/{m.enrolment.pk}/weeks/{monday.isoformat()}/review",
        {"decision": "approve"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200
    assert [e["status"] for e in response.json()] == [St.APPROVED, St.APPROVED]
    bad = client.post(
        f"{API}/logbooks/{m.enrolment.pk}/weeks/{(monday + dt.timedelta(days=1)).isoformat()}/review",
        {"decision": "approve"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert (bad.status_code, bad.json()["message"]) == (400, str(svc.NOT_A_WEEK))


def test_placements_through_the_api(login, client):
    enrolment = EnrolmentFactory()
    host, mentor = OrganisationFactory(), PersonFactory()
    coordinator = login(staff(enrolment.cohort))
    response = coordinator.put(
        f"{API}/placements/{enrolment.pk}",
        {"host_id": host.pk, "mentor_id": mentor.pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["planned_hours"], data["start"], data["mentors"][0]["mentor_id"]) == (
        "165.0",
        enrolment.cohort.wb_start.isoformat(),
        mentor.pk,
    )
    missing = coordinator.put(
        f"{API}/placements/{enrolment.pk}",
        {"host_id": 999999, "mentor_id": mentor.pk},
        content_type="application/json",
    )
    assert missing.status_code == 404 and missing.json()["extra"]["fields"] == {"host_id": ["Not found."]}
    client.logout()
    trainer = login(staff(enrolment.cohort, Role.TRAINER))
    denied = trainer.put(
        f"{API}/placements/{enrolment.pk}",
        {"host_id": host.pk, "mentor_id": PersonFactory().pk},
        content_type="application/json",
    )
    assert denied.status_code == 403
    assert Placement.objects.get().mentor_id == mentor.pk
    assert MentorAssignment.objects.count() == 1


def test_project_lifecycle_through_the_api(login, client):
    m = mentee()
    m.idea.delete()
    participant = login(m.participant)
    created = participant.post(
        f"{API}/projects",
        {"title": "Local history online", "category": "digitisation", "goals": "Publish 200 photos."},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    idea_id = created.json()["id"]
    early = participant.post(f"{API}/projects/{idea_id}/submit")
    assert early.status_code == 400 and early.json()["extra"]["fields"] == {
        "__all__": [str(projects.PLAN_REQUIRED)]
    }
    activity = participant.post(
        f"{API}/projects/{idea_id}/activities",
        {"title": "Select photos", "due": today().isoformat()},
        content_type="application/json",
    )
    assert activity.status_code == 201
    assert (
        participant.post(f"{API}/projects/{idea_id}/submit").json()["status"] == ProjectIdea.Status.SUBMITTED
    )
    client.logout()
    trainer = login(staff(m.cohort, Role.TRAINER))
    approved = trainer.post(
        f"{API}/projects/{idea_id}/review", {"decision": "approve"}, content_type="application/json"
    )
    assert approved.json()["status"] == ProjectIdea.Status.APPROVED
    assert trainer.post(f"{API}/projects/{idea_id}/start").status_code == 403
    listed = trainer.get(f"{API}/projects?status=approved").json()
    assert [i["id"] for i in listed] == [idea_id]
    client.logout()
    participant = login(m.participant)
    assert (
        participant.post(f"{API}/projects/{idea_id}/start").json()["status"] == ProjectIdea.Status.IN_PROGRESS
    )
    done = participant.post(
        f"{API}/projects/{idea_id}/complete",
        {"outcome_report": "Published.", "in_practice": True},
        content_type="application/json",
    )
    assert done.json()["status"] == ProjectIdea.Status.COMPLETED
    published = participant.post(
        f"{API}/projects/{idea_id}/publish", {"published": True}, content_type="application/json"
    )
    assert published.json()["published"] is True


def test_anonymous_callers_get_401(client):
    assert client.get(f"{API}/mentees").status_code == 401
