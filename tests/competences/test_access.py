"""Who may read and change self-assessments, skills pages, learning paths and cohort gains:
a table of role × action, own cohort and other cohort. Missing and forbidden look the same (404)."""

from __future__ import annotations

import pytest

from biblio.accounts.models import Role
from tests.factories import CohortFactory, EnrolmentFactory, PersonFactory, staff

from .scale import course

pytestmark = pytest.mark.django_db

ROLES = [
    "owner",
    "classmate",
    "other_cohort_participant",
    "mentor",
    "trainer",
    "moderator",
    "coordinator",
    "other_trainer",
    "other_coordinator",
    "admin",
    "anonymous",
]


@pytest.fixture
def world():
    c = course(competences=3, participants=2)
    other = CohortFactory()
    people = {
        "owner": c.enrolment.person,
        "classmate": c.cohort.enrolments.exclude(pk=c.enrolment.pk).first().person,
        "other_cohort_participant": EnrolmentFactory(cohort=other).person,
        "mentor": c.mentor,
        "trainer": c.trainer,
        "moderator": staff(c.cohort, Role.MODERATOR),
        "coordinator": c.coordinator,
        "other_trainer": staff(other, Role.TRAINER),
        "other_coordinator": staff(other, Role.COORDINATOR),
        "admin": PersonFactory(is_staff=True),
        "anonymous": None,
    }
    pre = c.enrolment.person.self_assessments.get(moment="pre")
    return c, people, pre


def as_(client, person):
    client.logout()
    if person is not None:
        client.force_login(person)
    return client


READ = {"owner": 200, "trainer": 200, "moderator": 200, "coordinator": 200, "admin": 200}


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_self_assessment_page_and_api(client, world, role):
    _c, people, pre = world
    page = as_(client, people[role]).get(f"/competences/self-assessment/{pre.pk}/")
    api = client.get(f"/api/v1/competences/self-assessments/{pre.pk}")
    if role == "anonymous":
        assert page.status_code == 302 and page["Location"].startswith("/login/")
        assert api.status_code == 401
        return
    expected = READ.get(role, 404)
    assert (page.status_code, api.status_code) == (expected, expected)
    if expected == 404:
        assert api.json() == {"message": "Not found.", "extra": {"fields": {}}}


WRITE = {"owner": 200, "admin": 200, "trainer": 403, "moderator": 403, "coordinator": 403}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_changing_a_draft_through_the_api(client, world, role):
    c, people, _pre = world
    competence = c.profile.requirements.first().competence
    response = as_(client, people[role]).patch(
        f"/api/v1/competences/self-assessments/{c.draft.pk}",
        {"ratings": [{"competence": competence.pk, "level": 2}]},
        content_type="application/json",
    )
    assert response.status_code == WRITE.get(role, 404)
    if response.status_code == 403:
        assert (
            response.json()["message"]
            == "You may read this self-assessment but only its owner can change it."
        )


@pytest.mark.parametrize("role", ROLES)
def test_skills_page_and_path_api(client, world, role):
    c, people, _pre = world
    page = as_(client, people[role]).get(f"/competences/skills/{c.enrolment.pk}/")
    api = client.get(f"/api/v1/competences/enrolments/{c.enrolment.pk}/path")
    if role == "anonymous":
        assert (page.status_code, api.status_code) == (302, 401)
    else:
        assert (page.status_code, api.status_code) == (READ.get(role, 404),) * 2


ADJUST = {"trainer": 302, "moderator": 302, "coordinator": 302, "admin": 302, "owner": 403}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_adjusting_a_path(client, world, role):
    c, people, _pre = world
    module = c.programme.programme_modules.filter(mandatory=False).last().module
    response = as_(client, people[role]).post(
        f"/competences/skills/{c.enrolment.pk}/adjust/",
        {"module": module.pk, "kind": "recommend", "reason": "Good for your project."},
    )
    assert response.status_code == ADJUST.get(role, 404)
    api = client.post(
        f"/api/v1/competences/enrolments/{c.enrolment.pk}/path/adjustments",
        {"module": module.code, "kind": "skip", "reason": "Done at work."},
        content_type="application/json",
    )
    assert api.status_code == {302: 201}.get(ADJUST.get(role, 404), ADJUST.get(role, 404))


STAFF = {"trainer": 200, "moderator": 200, "coordinator": 200, "admin": 200}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_cohort_pages_and_gains_api(client, world, role):
    c, people, _pre = world
    client = as_(client, people[role])
    statuses = [
        client.get(f"/competences/cohorts/{c.cohort.pk}/").status_code,
        client.get(f"/competences/cohorts/{c.cohort.pk}/gains/").status_code,
        client.get(f"/api/v1/competences/cohorts/{c.cohort.pk}/gains").status_code,
    ]
    assert statuses == [STAFF.get(role, 404)] * 3


def test_a_participant_cannot_list_anothers_self_assessments(client, world):
    _c, people, pre = world
    body = as_(client, people["classmate"]).get("/api/v1/competences/self-assessments").json()
    assert pre.pk not in [a["id"] for a in body]
    assert {a["person_id"] for a in body} == {people["classmate"].pk}


def test_the_cohort_list_shows_only_the_cohort(client, world):
    c, people, _pre = world
    page = as_(client, people["trainer"]).get(f"/competences/cohorts/{c.cohort.pk}/")
    names = {e.person.full_name for e in c.cohort.enrolments.all()}
    assert names and all(name in page.content.decode() for name in names)
    assert people["other_cohort_participant"].full_name not in page.content.decode()
