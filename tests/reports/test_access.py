"""Who may read dashboards, tables, the audit trail and exports: role × action × own/other cohort."""

from __future__ import annotations

import pytest

from biblio.accounts.models import Role
from biblio.reports.scope import CANNOT_EXPORT, NO_COHORTS
from tests.factories import CohortFactory, MembershipFactory, PersonFactory, staff

from .factories import participant

pytestmark = pytest.mark.django_db

PAGES = {
    "dashboard": "/reports/",
    "at_risk": "/reports/attention/at-risk/",
    "mentors": "/reports/attention/mentors/",
    "roster": "/reports/tables/roster/",
    "audit": "/reports/tables/audit/",
    "export_csv": "/reports/export/hours.csv",
    "export_xlsx": "/reports/export/roster.xlsx",
}
STAFF_READ = {"dashboard", "at_risk", "mentors", "roster"}
COORDINATOR_ONLY = {"audit", "export_csv", "export_xlsx"}


@pytest.fixture
def cohorts():
    own = CohortFactory(code="own", name="Own cohort")
    other = CohortFactory(code="other", name="Other cohort")
    participant(own, full_name="Anna Own")
    participant(other, full_name="Otto Other")
    return own, other


def person_with(role: str, cohort):
    if role == "admin":
        return PersonFactory(is_staff=True)
    if role == "participant":
        return participant(cohort).person
    person = PersonFactory()
    MembershipFactory(person=person, cohort=cohort, role=role)
    return person


def expected_status(role: str, page: str, where: str) -> int:
    if role == "admin":
        return 200
    if where == "other" or role in {Role.PARTICIPANT, Role.MENTOR}:
        return 403  # no reports role at all in the cohort that has data (or anywhere)
    if page in STAFF_READ:
        return 200
    return 200 if role == Role.COORDINATOR else 403


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize(
    "role", [Role.PARTICIPANT, Role.MENTOR, Role.TRAINER, Role.MODERATOR, Role.COORDINATOR, "admin"]
)
def test_role_table(cohorts, login, read, role, page):
    own, _other = cohorts
    client = login(person_with(role, own))
    response = client.get(PAGES[page] + "?cohort=own")
    assert response.status_code == expected_status(role, page, "own")
    if response.status_code == 200 and page in {"dashboard", "roster"}:
        text = read(response).decode()
        assert "Anna Own" in text or page == "dashboard"
        assert "Otto Other" not in text


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", [Role.TRAINER, Role.COORDINATOR])
def test_staff_of_another_cohort_see_nothing_of_this_one(cohorts, login, read, role, page):
    _own, other = cohorts
    client = login(person_with(role, other))
    response = client.get(PAGES[page] + "?cohort=own")
    if response.status_code == 200:
        text = read(response).decode()
        assert "Anna Own" not in text
    if page in {"dashboard", "roster"}:
        # The unknown cohort is an invalid choice (as if it did not exist): the filter is dropped.
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    elif page.startswith("export"):
        assert response.status_code in {400, 403}


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/reports/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_no_reports_role_is_refused_with_a_reason(login):
    client = login(PersonFactory())
    response = client.get("/api/v1/reports/dashboard")
    assert response.status_code == 403
    assert response.json()["message"] == str(NO_COHORTS)


def test_export_of_a_view_with_cohorts_one_may_not_export_is_refused(login, read):
    coordinated, trained = CohortFactory(code="coord"), CohortFactory(code="trained")
    person = staff(coordinated, Role.COORDINATOR)
    MembershipFactory(person=person, cohort=trained, role=Role.TRAINER)
    participant(coordinated, full_name="Carla Coordinated")
    participant(trained, full_name="Tom Trained")
    client = login(person)

    # The page shows both cohorts, so an export of the same view would hold a cohort they only train.
    page = client.get("/reports/")
    assert "/reports/export/" not in page.content.decode()
    refused = client.get("/reports/export/roster.csv")
    assert refused.status_code == 403

    narrowed = client.get("/reports/export/roster.csv?cohort=coord")
    assert narrowed.status_code == 200
    text = read(narrowed).decode("utf-8-sig")
    assert "Carla Coordinated" in text
    assert "Tom Trained" not in text


def test_cannot_export_message_is_the_constant(rf):
    from biblio.core.errors import PermissionDenied
    from biblio.reports.scope import ReportFilters, Scope, check_export

    cohort = CohortFactory()
    trainer = staff(cohort, Role.TRAINER)
    scope = Scope(cohorts={cohort.pk: None})
    with pytest.raises(PermissionDenied) as exc:
        check_export(trainer, scope)
    assert exc.value.message == str(CANNOT_EXPORT)
    assert ReportFilters().query() == {}
