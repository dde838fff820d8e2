"""Each role's home page and the roster show real data, to the right people, in constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from biblio.accounts.models import Role
from biblio.learning.models import HourEntry
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    HourEntryFactory,
    PersonFactory,
    PlacementFactory,
    staff,
)

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/").headers["Location"] == reverse("catalogue")


def test_participant_sees_progress_bars(login):
    e = EnrolmentFactory()
    HourEntryFactory(enrolment=e, mode="online", minutes=600, status=HourEntry.Status.APPROVED)
    HourEntryFactory(enrolment=e, mode="online", minutes=90, status=HourEntry.Status.SUBMITTED)
    body = login(e.person).get(reverse("home")).content.decode()
    assert "10 of 160 h" in body
    assert "1.5 h waiting" in body
    assert body.count('class="progress__bar"') == 5


def test_mentor_sees_mentees_with_work_based_hours(login):
    placement = PlacementFactory()
    HourEntryFactory(
        enrolment=placement.enrolment, mode="work_based", minutes=480, status=HourEntry.Status.APPROVED
    )
    other = PlacementFactory(enrolment__cohort=placement.enrolment.cohort)
    body = login(placement.mentor).get(reverse("home")).content.decode()
    assert placement.enrolment.person.full_name in body
    assert "8 of 165 h" in body
    assert other.enrolment.person.full_name not in body


@pytest.mark.parametrize("role", [Role.TRAINER, Role.MODERATOR, Role.COORDINATOR])
def test_staff_see_their_cohort_roster_only(login, role):
    e = EnrolmentFactory()
    foreign = EnrolmentFactory()
    person = staff(e.cohort, role)
    client = login(person)
    home = client.get(reverse("home")).content.decode()
    assert reverse("roster", args=[e.cohort.code]) in home
    assert foreign.cohort.name not in home
    roster = client.get(reverse("roster", args=[e.cohort.code]))
    assert roster.status_code == 200 and e.person.full_name in roster.content.decode()
    assert client.get(reverse("roster", args=[foreign.cohort.code])).status_code == 404


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.MENTOR])
def test_participants_and_mentors_cannot_open_a_roster(login, role):
    cohort = CohortFactory()
    person = staff(cohort, role)
    assert login(person).get(reverse("roster", args=[cohort.code])).status_code == 404


def test_admin_sees_every_roster(login):
    e = EnrolmentFactory()
    admin = PersonFactory(is_staff=True)
    assert login(admin).get(reverse("roster", args=[e.cohort.code])).status_code == 200


def test_roster_filters_by_track(login):
    from tests.factories import ProgrammeFactory, RoleProfileFactory

    ceco = ProgrammeFactory(profile=RoleProfileFactory(code="CECO"))
    digy = ProgrammeFactory(profile=RoleProfileFactory(code="DIGY"))
    cohort = CohortFactory(programme=ceco, tracks=[ceco, digy])
    e = EnrolmentFactory(cohort=cohort, programme=digy)
    other = EnrolmentFactory(cohort=cohort, programme=ceco)
    coordinator = staff(e.cohort)
    body = login(coordinator).get(reverse("roster", args=[e.cohort.code]) + "?track=DIGY").content.decode()
    assert e.person.full_name in body and other.person.full_name not in body


def _fill(cohort, n):
    for _ in range(n):
        placement = PlacementFactory(enrolment__cohort=cohort)
        HourEntryFactory.create_batch(2, enrolment=placement.enrolment, status=HourEntry.Status.APPROVED)


@pytest.mark.parametrize("size", [3, 15])
def test_roster_constant_queries(login, size, django_assert_max_num_queries):
    cohort = CohortFactory()
    _fill(cohort, size)
    client = login(staff(cohort))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("roster", args=[cohort.code]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 10])
def test_mentor_home_constant_queries(login, size, django_assert_max_num_queries):
    cohort = CohortFactory()
    mentor = staff(cohort, Role.MENTOR)
    for _ in range(size):
        p = PlacementFactory(enrolment__cohort=cohort, mentor=mentor)
        HourEntryFactory(enrolment=p.enrolment, mode="work_based", status=HourEntry.Status.APPROVED)
    client = login(mentor)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_participant_home_constant_queries(login, size, django_assert_max_num_queries):
    e = EnrolmentFactory()
    HourEntryFactory.create_batch(size * 5, enrolment=e, status=HourEntry.Status.APPROVED)
    client = login(e.person)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("home")).status_code == 200


def test_catalogue_and_programme_pages(client, django_assert_max_num_queries):
    from tests.factories import ProgrammeFactory, ProgrammeModuleFactory

    p = ProgrammeFactory(title="Digital Transformation", topic="Digital skills", difficulty="intermediate")
    ProgrammeModuleFactory(programme=p)
    ProgrammeFactory(title="Engagement", topic="Communication")
    with django_assert_max_num_queries(6):
        body = client.get(reverse("catalogue")).content.decode()
    assert "Digital Transformation" in body and "Engagement" in body
    filtered = client.get(reverse("catalogue") + "?topic=Communication").content.decode()
    assert "Engagement" in filtered and "Digital Transformation" not in filtered
    with django_assert_max_num_queries(8):
        detail = client.get(reverse("programme_detail", args=[p.slug]))
    assert detail.status_code == 200
    pdf = client.get(reverse("course_description", args=[p.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("programme_detail", args=["nope"])).status_code == 404


def test_security_headers(client):
    response = client.get(reverse("catalogue"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
