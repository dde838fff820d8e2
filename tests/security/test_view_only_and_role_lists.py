"""Remarks of the security read, mended: forms shown only to whom may act, staff lists answer 404 to people
with no role there (like every other page about others' records), and API integers are bounded (422)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from biblio.accounts.models import Role
from biblio.accounts.permissions import forget_roles
from biblio.api.routers._bounds import MAX_ID, MAX_IDS
from tests.factories import CohortFactory, PersonFactory, staff
from tests.workplace.factories import mentee

pytestmark = pytest.mark.django_db


# --- The logbook's return forms ------------------------------------------------------------------------


def _return_urls(m):
    entry = m.entry()
    monday = entry.date - dt.timedelta(days=entry.date.weekday())
    return [
        reverse("workplace:entry_return", args=[entry.pk]),
        reverse("workplace:week_return", args=[m.enrolment.pk, monday.isoformat()]),
    ]


@pytest.mark.parametrize("who", ["participant", "trainer", "moderator"])
def test_people_who_may_only_view_the_logbook_get_no_return_form(login, who):
    m = mentee()
    person = m.participant if who == "participant" else staff(m.cohort, getattr(Role, who.upper()))
    client = login(person)
    assert client.get(reverse("workplace:logbook", args=[m.enrolment.pk])).status_code == 200
    for url in _return_urls(m):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b'name="comment"' not in response.content


@pytest.mark.parametrize("who", ["mentor", "coordinator"])
def test_who_signs_off_gets_the_return_form(login, who):
    m = mentee()
    person = m.mentor if who == "mentor" else staff(m.cohort, Role.COORDINATOR)
    client = login(person)
    for url in _return_urls(m):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'name="comment"' in response.content


# --- Lists of others' records: 404 without a role, 200 with one -----------------------------------------

LISTS = {
    "learning:review": {Role.TRAINER, Role.MODERATOR, Role.COORDINATOR},
    "workplace:mentor": {Role.MENTOR},
    "recognition:index": {Role.TRAINER, Role.MODERATOR, Role.COORDINATOR},
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_staff_lists_are_not_found_for_people_without_the_role(login, name):
    cohort = CohortFactory()
    outsider = PersonFactory()
    assert login(outsider).get(reverse(name)).status_code == 404
    for role in set(Role.values) - LISTS[name]:
        person = staff(cohort, role)
        assert login(person).get(reverse(name)).status_code == 404, f"{name} as {role}"
    for role in LISTS[name]:
        person = staff(cohort, role)
        forget_roles(person)
        assert login(person).get(reverse(name)).status_code == 200, f"{name} as {role}"
    assert login(PersonFactory(is_staff=True, is_superuser=True)).get(reverse(name)).status_code == 200


def test_a_mentor_sees_their_mentees_and_nobody_else_gets_the_page(login):
    m = mentee()
    body = login(m.mentor).get(reverse("workplace:mentor")).content.decode()
    assert m.participant.full_name in body
    assert login(m.participant).get(reverse("workplace:mentor")).status_code == 404


# --- API integers ------------------------------------------------------------------------------------


@pytest.fixture
def admin_api(client):
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/learning/review/approve", {"ids": [MAX_ID + 1]}),
        ("post", "/api/v1/learning/review/approve", {"ids": [0]}),
        ("post", "/api/v1/learning/review/approve", {"ids": [-5]}),
        ("post", "/api/v1/learning/review/approve", {"ids": list(range(1, MAX_IDS + 2))}),
        ("get", f"/api/v1/workplace/placements?cohort_id={MAX_ID + 1}", None),
        ("get", "/api/v1/workplace/placements?cohort_id=0", None),
        ("get", f"/api/v1/recognition/cohorts/{2**70}/completion", None),
    ],
)
def test_out_of_range_integers_are_refused_with_a_clear_message(admin_api, method, path, body):
    if body is None:
        response = admin_api.get(path)
    else:
        response = admin_api.post(path, body, content_type="application/json")
    assert response.status_code == 422, response.content
    data = response.json()
    assert data["message"] == "Some of the input is not valid."
    assert data["extra"]["fields"], data  # names the field and says what is wrong


def test_the_bounds_are_in_the_openapi_document(client):
    schema = client.get("/api/v1/openapi.json").json()
    bulk = schema["components"]["schemas"]["BulkIn"]["properties"]["ids"]
    assert bulk["maxItems"] == MAX_IDS
    assert bulk["items"]["minimum"] == 1 and bulk["items"]["maximum"] == MAX_ID
