"""Constant query counts: every page and endpoint asks the database the same number of times whether a
mentor has one mentee or many, and a logbook one entry or a season of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from biblio.accounts.models import Role
from biblio.workplace.models import ProjectComment
from tests.factories import PersonFactory, ProjectActivityFactory, staff
from tests.workplace.factories import mentee, today

pytestmark = pytest.mark.django_db
CEILING = 20


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(m, entries: int) -> None:
    """Give a mentee `entries` work-based entries (in every state), activities and comments."""
    for i in range(entries):
        status = ["submitted", "approved", "rejected"][i % 3]
        m.entry(
            date=today() - dt.timedelta(days=1 + i % 25),
            minutes=30,
            status=status,
            reviewed_by=None if status == "submitted" else m.mentor,
        )
    for i in range(entries // 3):
        ProjectActivityFactory(idea=m.idea, due=today() - dt.timedelta(days=i))
        ProjectComment.objects.create(idea=m.idea, author=m.mentor, text=f"Note {i}")


def sizes(build):
    """Counts for a small and a large world built by `build(n)` → (client, url)."""
    return [count(*build(n)) for n in (1, 6)]


def test_mentor_home(login):
    mentor = PersonFactory()

    def build(n):
        for _ in range(n):
            m = mentee(mentor=mentor)
            grow(m, 3 * n)
        return login(mentor), reverse("workplace:mentor")

    small, large = sizes(build)
    assert small == large <= CEILING


def test_logbook_page(login):
    m = mentee()

    def build(n):
        grow(m, 3 * n)
        return login(m.mentor), reverse("workplace:logbook", args=[m.enrolment.pk])

    small, large = sizes(build)
    assert small == large <= CEILING


def test_placements_roster(login):
    first = mentee()
    coordinator = staff(first.cohort)

    def build(n):
        for _ in range(n):
            grow(mentee(cohort=first.cohort), 3)
        return login(coordinator), reverse("workplace:placements") + f"?cohort={first.cohort.pk}"

    small, large = sizes(build)
    assert small == large <= CEILING


def test_ideas_list_and_detail(login):
    first = mentee()
    trainer = staff(first.cohort, Role.TRAINER)

    def build_list(n):
        for _ in range(n):
            grow(mentee(cohort=first.cohort), 3)
        return login(trainer), reverse("workplace:ideas")

    small, large = sizes(build_list)
    assert small == large <= CEILING

    def build_detail(n):
        grow(first, 3 * n)
        return login(trainer), reverse("workplace:idea", args=[first.idea.pk])

    small, large = sizes(build_detail)
    assert small == large <= CEILING


def test_placement_page(login):
    m = mentee()

    def build(n):
        grow(m, 3 * n)
        return login(staff(m.cohort)), reverse("workplace:placement", args=[m.enrolment.pk])

    small, large = sizes(build)
    assert small == large <= CEILING


@pytest.mark.parametrize("endpoint", ["mentees", "placements", "logbook", "projects", "project"])
def test_api_endpoints(login, endpoint):
    mentor = PersonFactory()
    first = mentee(mentor=mentor)

    def build(n):
        for _ in range(n):
            grow(mentee(mentor=mentor, cohort=first.cohort), 3 * n)
        grow(first, 3 * n)
        url = {
            "mentees": "/api/v1/workplace/mentees",
            "placements": "/api/v1/workplace/placements",
            "logbook": f"/api/v1/workplace/logbooks/{first.enrolment.pk}",
            "projects": "/api/v1/workplace/projects",
            "project": f"/api/v1/workplace/projects/{first.idea.pk}",
        }[endpoint]
        return login(mentor), url

    small, large = sizes(build)
    assert small == large <= CEILING
