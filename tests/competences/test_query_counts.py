"""Every page and endpoint keeps a constant number of queries as competences and participants grow."""

from __future__ import annotations

import pytest

from .scale import course

pytestmark = pytest.mark.django_db

# name: (who, url template, max queries) — who: None (anonymous), participant, trainer, coordinator
PAGES = {
    "index": (None, "/competences/", 3),
    "framework": (None, "/competences/frameworks/{slug}/2.2/", 4),
    "moodle_csv": (None, "/competences/frameworks/{slug}/2.2/moodle.csv", 4),
    "case_json": (None, "/competences/frameworks/{slug}/2.2/case.json", 4),
    "profile": (None, "/competences/profiles/{profile}/", 3),
    "my_assessments": ("participant", "/competences/self-assessment/", 6),
    "assessment_draft": ("participant", "/competences/self-assessment/{draft}/", 7),
    "skills": ("participant", "/competences/skills/{enrolment}/", 11),
    "skills_for_trainer": ("trainer", "/competences/skills/{enrolment}/", 11),
    "cohort": ("trainer", "/competences/cohorts/{cohort}/", 5),
    "gains": ("coordinator", "/competences/cohorts/{cohort}/gains/", 8),
    "api_frameworks": (None, "/api/v1/competences/frameworks", 1),
    "api_framework": (None, "/api/v1/competences/frameworks/{slug}/2.2", 4),
    "api_case": (None, "/api/v1/competences/frameworks/{slug}/2.2/case", 4),
    "api_profiles": (None, "/api/v1/competences/profiles", 2),
    "api_profile": (None, "/api/v1/competences/profiles/{profile}", 3),
    "api_self_assessments": ("participant", "/api/v1/competences/self-assessments", 5),
    "api_self_assessment": ("participant", "/api/v1/competences/self-assessments/{draft}", 7),
    "api_path": ("trainer", "/api/v1/competences/enrolments/{enrolment}/path", 11),
    "api_gains": ("coordinator", "/api/v1/competences/cohorts/{cohort}/gains", 8),
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("competences", "participants"), [(3, 3), (15, 30)], ids=["small", "large"])
def test_constant_queries(client, django_assert_max_num_queries, name, competences, participants):
    c = course(competences=competences, participants=participants)
    who, template, limit = PAGES[name]
    people = {"participant": c.enrolment.person, "trainer": c.trainer, "coordinator": c.coordinator}
    if who:
        client.force_login(people[who])
    url = template.format(
        slug=c.framework.slug,
        profile=c.profile.code,
        draft=c.draft.pk,
        enrolment=c.enrolment.pk,
        cohort=c.cohort.pk,
    )
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
