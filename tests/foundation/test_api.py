"""The foundation's API: programmes, cohorts with roster for staff, me, me/progress, tokens."""

from __future__ import annotations

import pytest

from biblio.accounts.models import ApiToken, Role
from biblio.accounts.services import TOKEN_NAME_REQUIRED
from biblio.learning.models import HourEntry
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    HourEntryFactory,
    PersonFactory,
    PlacementFactory,
    ProgrammeFactory,
    staff,
)

pytestmark = pytest.mark.django_db


def test_openapi_document_is_served(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "Biblio API"
    for path in ["/api/v1/programmes", "/api/v1/me", "/api/v1/me/progress", "/api/v1/cohorts/{code}/roster"]:
        assert path in doc["paths"]


def test_programmes_are_public(client):
    ProgrammeFactory(slug="biblio-digy", title="DIGY")
    body = client.get("/api/v1/programmes").json()
    assert [p["slug"] for p in body] == ["biblio-digy"]
    assert {b["mode"]: b["hours"] for b in body[0]["budgets"]}["work_based"] == 165
    missing = client.get("/api/v1/programmes/nope")
    assert missing.status_code == 404 and missing.json() == {"message": "Not found.", "extra": {"fields": {}}}


def test_me_needs_authentication(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["message"] == "Log in or send a valid API token."


def test_me_progress(login):
    e = EnrolmentFactory()
    HourEntryFactory(enrolment=e, mode="online", minutes=150, status=HourEntry.Status.APPROVED)
    body = login(e.person).get("/api/v1/me/progress").json()
    online = next(m for m in body[0]["modes"] if m["mode"] == "online")
    assert online["approved_hours"] == 2.5 and online["budget_hours"] == 160


def test_token_lifecycle_and_bearer_auth(client, login):
    person = PersonFactory()
    c = login(person)
    created = c.post("/api/v1/me/tokens", {"name": "Moodle sync"}, content_type="application/json")
    assert created.status_code == 201
    secret = created.json()["secret"]
    token = ApiToken.objects.get(person=person)
    assert token.key_hash == ApiToken.hash_key(secret) and secret not in token.key_hash
    c.logout()
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200 and me.json()["email"] == person.email
    c = login(person)
    assert c.post(f"/api/v1/me/tokens/{token.pk}/revoke").status_code == 200
    c.logout()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


@pytest.mark.parametrize(
    "payload, status, field, message",
    [
        ({}, 422, "name", "Field required"),
        ({"name": "   "}, 400, "name", str(TOKEN_NAME_REQUIRED)),
        ({"name": ["x"]}, 422, "name", None),
    ],
)
def test_token_bad_input(login, payload, status, field, message):
    response = login(PersonFactory()).post("/api/v1/me/tokens", payload, content_type="application/json")
    assert response.status_code == status
    body = response.json()
    assert field in body["extra"]["fields"]
    if message:
        assert message in body["extra"]["fields"][field]


def test_malformed_json_is_a_4xx(login):
    response = login(PersonFactory()).post("/api/v1/me/tokens", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert "message" in response.json()


def test_other_persons_token_cannot_be_revoked(login):
    owner = PersonFactory()
    token = ApiToken.objects.create(person=owner, name="x", key_hash="h" * 64, key_prefix="bib_x")
    assert login(PersonFactory()).post(f"/api/v1/me/tokens/{token.pk}/revoke").status_code == 404


@pytest.mark.parametrize(
    "role, expected",
    [(Role.COORDINATOR, 200), (Role.TRAINER, 200), (Role.MENTOR, 404), (Role.PARTICIPANT, 404)],
)
def test_roster_endpoint_by_role(login, role, expected):
    e = EnrolmentFactory()
    person = staff(e.cohort, role)
    response = login(person).get(f"/api/v1/cohorts/{e.cohort.code}/roster")
    assert response.status_code == expected
    other = CohortFactory()
    assert login(person).get(f"/api/v1/cohorts/{other.code}/roster").status_code == 404


def test_cohorts_lists_only_mine(login):
    e = EnrolmentFactory()
    CohortFactory()
    body = login(e.person).get("/api/v1/cohorts").json()
    assert [c["code"] for c in body] == [e.cohort.code]
    assert body[0]["my_roles"] == ["participant"]


@pytest.mark.parametrize("size", [3, 15])
def test_roster_endpoint_constant_queries(login, size, django_assert_max_num_queries):
    cohort = CohortFactory()
    for _ in range(size):
        p = PlacementFactory(enrolment__cohort=cohort)
        HourEntryFactory(enrolment=p.enrolment, status=HourEntry.Status.APPROVED)
    client = login(staff(cohort))
    with django_assert_max_num_queries(12):
        response = client.get(f"/api/v1/cohorts/{cohort.code}/roster")
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [1, 5])
def test_me_progress_constant_queries(login, size, django_assert_max_num_queries):
    person = PersonFactory()
    for _ in range(size):
        e = EnrolmentFactory(person=person)
        HourEntryFactory.create_batch(3, enrolment=e, status=HourEntry.Status.APPROVED)
    client = login(person)
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/v1/me/progress").json()) == size
