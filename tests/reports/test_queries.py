"""Every page, export and endpoint runs the same number of queries at two data sizes."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biblio.accounts.models import Role
from biblio.competences.models import SelfAssessment, SelfRating
from biblio.learning.models import Application, HourEntry
from biblio.programmes.models import LearningMode
from tests.factories import (
    ApplicationFactory,
    AssessmentFactory,
    AttendanceFactory,
    CompetenceFactory,
    CredentialFactory,
    HourEntryFactory,
    ProjectIdeaFactory,
    SessionFactory,
    staff,
)

from .conftest import body
from .factories import FeedbackFactory, cohort_with_tracks, library, participant, tracks

pytestmark = pytest.mark.django_db

URLS = [
    "/reports/",
    "/reports/?track=DIGY&from=2020-01-01",
    "/reports/?library=lib-0",  # the library filter, by its code
    "/reports/attention/at-risk/",
    "/reports/attention/mentors/",
    *[f"/reports/tables/{t}/" for t in ("roster", "hours", "applications", "assessments", "credentials")],
    "/reports/tables/feedback/",
    "/reports/tables/audit/",
    *[f"/reports/export/{t}.csv" for t in ("roster", "hours", "applications", "assessments", "credentials")],
    *[f"/reports/export/{t}.xlsx" for t in ("roster", "hours", "feedback")],
    "/api/v1/reports/dashboard",
    "/map/",
    "/map/list/",
    "/map/libraries.geojson",
    "/api/v1/reports/map",
]


def grow(cohort, ceco, digy, competences, n: int) -> None:
    """n more participants with a bit of everything the reports read."""
    session = SessionFactory(cohort=cohort, mode=LearningMode.F2F)
    for i in range(n):
        e = participant(cohort, (ceco, digy)[i % 2], host=library(), organisation=library())
        HourEntryFactory(enrolment=e, status=HourEntry.Status.APPROVED)
        HourEntryFactory(enrolment=e, mode=LearningMode.WORK_BASED)
        AttendanceFactory(session=session, enrolment=e)
        ApplicationFactory(
            person=e.person, cohort=cohort, programme=e.programme, status=Application.Status.ACCEPTED
        )
        AssessmentFactory(enrolment=e)
        CredentialFactory(enrolment=e)
        FeedbackFactory(enrolment=e)
        ProjectIdeaFactory(enrolment=e, published=True)
        for moment in ("pre", "post"):
            a = SelfAssessment.objects.create(
                person=e.person,
                profile=e.programme.profile,
                moment=moment,
                status="submitted",
                submitted_at=session.start,
            )
            SelfRating.objects.bulk_create(
                SelfRating(assessment=a, competence=c, level=2 if moment == "pre" else 4) for c in competences
            )


def counts(client) -> dict[str, int]:
    found = {}
    for url in URLS:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
            body(response)
        assert response.status_code == 200, url
        found[url] = len(ctx.captured_queries)
    return found


def test_constant_queries_as_data_grows(login):
    ceco, digy = tracks()
    cohort = cohort_with_tracks(ceco, digy)
    competences = [CompetenceFactory() for _ in range(3)]
    client = login(staff(cohort, Role.COORDINATOR))

    participant(cohort, ceco, host=library(key="lib-0", name="The library of the query count"))
    grow(cohort, ceco, digy, competences, 3)
    small = counts(client)
    grow(cohort, ceco, digy, competences, 12)
    cache.clear()  # the public GeoJSON and the dashboard's figures are cached: count what builds them
    large = counts(client)

    assert large == small
    assert small["/reports/"] <= 40
