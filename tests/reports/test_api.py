"""The reports API: the dashboard's figures as JSON for the same filters, and the public map."""

from __future__ import annotations

import pytest

from biblio.accounts.models import Role
from biblio.learning.models import HourEntry
from tests.factories import ApplicationFactory, CohortFactory, HourEntryFactory, staff

from .factories import cohort_with_tracks, participant, tracks

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ceco, digy = tracks()
    cohort = cohort_with_tracks(ceco, digy, code="lv-x")
    for i in range(4):
        e = participant(cohort, (ceco, digy)[i % 2])
        HourEntryFactory(enrolment=e, minutes=60 * (i + 1), status=HourEntry.Status.APPROVED)
        ApplicationFactory(person=e.person, cohort=cohort, programme=e.programme)
    participant(CohortFactory(code="elsewhere"), full_name="Someone Elsewhere")
    return {"cohort": cohort, "trainer": staff(cohort, Role.TRAINER)}


def test_dashboard_json_equals_the_page(world, login):
    client = login(world["trainer"])
    page = client.get("/reports/?track=DIGY").context["d"]

    data = client.get("/api/v1/reports/dashboard?track=DIGY").json()

    assert data["scope"] == {"level": "cohort", "cohorts": ["lv-x"], "filters": {"track": "DIGY"}}
    assert data["participants_by_status"]["total"]["total"] == page.status_total.total == 2
    assert data["hours_totals"] == page.hours_totals
    assert {h["mode"]: h["approved_minutes"] for h in data["hours"]} == {
        h.mode: h.approved_minutes for h in page.hours
    }
    assert [(s["key"], s["count"]) for s in data["funnel"]] == [(s.key, s.count) for s in page.funnel]
    assert data["hours_totals"]["approved"] == 60 * (2 + 4)
    assert {i["key"] for i in data["indicators"]} >= {
        "participation",
        "completion",
        "satisfaction",
        "in_practice",
    }
    assert data["at_risk"]["total"] == page.at_risk.total
    assert "Someone Elsewhere" not in str(data)


@pytest.mark.parametrize(
    ("query", "field"),
    [("?from=yesterday", "from"), ("?cohort=elsewhere", "cohort"), ("?from=2026-05-02&to=2026-05-01", "to")],
)
def test_bad_filters_are_explained(world, login, query, field):
    response = login(world["trainer"]).get(f"/api/v1/reports/dashboard{query}")
    assert response.status_code in {400, 422}
    body = response.json()
    assert body["message"] == "Some of the input is not valid."
    assert field in body["extra"]["fields"]


def test_dashboard_needs_a_login(client):
    assert client.get("/api/v1/reports/dashboard").status_code == 401


def test_openapi_documents_both_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/reports/dashboard" in paths
    assert "/api/v1/reports/map" in paths
    assert not paths["/api/v1/reports/map"]["get"].get("security")
