"""The competences API: public frameworks and profiles; own self-assessments; learning path; gains."""

from __future__ import annotations

import pytest

from tests.factories import PersonFactory

from .scale import course

pytestmark = pytest.mark.django_db


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/competences/frameworks",
        "/api/v1/competences/frameworks/{slug}/{version}",
        "/api/v1/competences/frameworks/{slug}/{version}/case",
        "/api/v1/competences/profiles/{code}",
        "/api/v1/competences/self-assessments",
        "/api/v1/competences/self-assessments/{assessment_id}/submit",
        "/api/v1/competences/enrolments/{enrolment_id}/path",
        "/api/v1/competences/cohorts/{cohort_id}/gains",
    ]:
        assert path in paths


def test_frameworks_and_profiles_are_public(client, bundled):
    frameworks = {f["slug"]: f for f in client.get("/api/v1/competences/frameworks").json()}
    assert (frameworks["digcomp"]["competence_count"], frameworks["digcomp"]["level_count"]) == (21, 8)
    assert (frameworks["entrecomp"]["competence_count"], frameworks["ecf"]["competence_count"]) == (15, 41)
    assert frameworks["ecf"]["unverified_titles"] is True
    detail = client.get("/api/v1/competences/frameworks/digcomp/2.2").json()
    one = next(c for c in detail["competences"] if c["code"] == "1.1")
    assert one["parent_code"] == "1" and one["level_descriptors"]["5"]
    profile = client.get("/api/v1/competences/profiles/DIGY").json()
    assert len(profile["requirements"]) == 17
    assert client.get("/api/v1/competences/profiles/nope").status_code == 404
    assert client.get("/api/v1/competences/frameworks/digcomp/0").json() == {
        "message": "Not found.",
        "extra": {"fields": {}},
    }
    moodle = client.get("/api/v1/competences/frameworks/digcomp/2.2/moodle")
    assert moodle["Content-Type"].startswith("text/csv") and b"digcomp-2.2" in moodle.content


def test_create_update_and_submit(client):
    c = course(competences=3, participants=2)
    applicant = PersonFactory()
    client.force_login(applicant)
    created = client.post(
        "/api/v1/competences/self-assessments",
        {"profile": c.profile.code.lower(), "moment": "pre"},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["rated"], body["total"]) == ("draft", 0, 3)
    url = f"/api/v1/competences/self-assessments/{body['id']}"
    ids = [r["competence_id"] for r in body["ratings"]]

    patched = client.patch(
        url, {"ratings": [{"competence": ids[0], "level": 3}]}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["rated"] == 1

    too_high = client.patch(
        url, {"ratings": [{"competence": ids[1], "level": 9}]}, content_type="application/json"
    )
    assert too_high.status_code == 400
    assert too_high.json() == {
        "message": "Choose a level from 0 to 8.",
        "extra": {"fields": {f"competence_{ids[1]}": ["Choose a level from 0 to 8."]}},
    }
    negative = client.patch(
        url, {"ratings": [{"competence": ids[1], "level": -1}]}, content_type="application/json"
    )
    assert negative.status_code == 422 and negative.json()["message"] == "Some of the input is not valid."
    garbage = client.patch(url, "not json", content_type="application/json")
    assert garbage.status_code in (400, 422)

    incomplete = client.post(f"{url}/submit", {"ratings": []}, content_type="application/json")
    assert incomplete.status_code == 400
    assert incomplete.json()["message"] == "Rate every competence before submitting: 2 still without a level."
    done = client.post(
        f"{url}/submit",
        {"ratings": [{"competence": i, "level": 2} for i in ids[1:]]},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    locked = client.patch(
        url, {"ratings": [{"competence": ids[0], "level": 1}]}, content_type="application/json"
    )
    assert locked.status_code == 400
    assert locked.json()["message"] == "This self-assessment has been submitted; it can no longer be changed."
    assert [a["id"] for a in client.get("/api/v1/competences/self-assessments").json()] == [body["id"]]


def test_bad_start_requests(client):
    c = course(competences=3, participants=2)
    client.force_login(PersonFactory())
    unknown = client.post(
        "/api/v1/competences/self-assessments",
        {"profile": "NOPE", "moment": "pre"},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert unknown.json() == {
        "message": "There is no role profile with this code.",
        "extra": {"fields": {"profile": ["There is no role profile with this code."]}},
    }
    moment = client.post(
        "/api/v1/competences/self-assessments",
        {"profile": c.profile.code, "moment": "later"},
        content_type="application/json",
    )
    assert moment.status_code == 422 and "moment" in moment.json()["extra"]["fields"]


def test_learning_path_and_adjustments(client):
    c = course(competences=6, participants=2)
    client.force_login(c.trainer)
    path = client.get(f"/api/v1/competences/enrolments/{c.enrolment.pk}/path").json()
    assert path["based_on"] == "pre" and path["profile"] == c.profile.code
    assert [s["module"] for s in path["steps"]][:2] == [
        pm.module.code for pm in c.programme.programme_modules.filter(mandatory=True).order_by("order")[:2]
    ]
    assert path["total_gap"] >= path["covered"] > 0
    elective = c.programme.programme_modules.filter(mandatory=False).last().module
    url = f"/api/v1/competences/enrolments/{c.enrolment.pk}/path/adjustments"
    skipped = client.post(
        url,
        {"module": elective.code, "kind": "skip", "reason": "Done at work."},
        content_type="application/json",
    )
    assert skipped.status_code == 201 and [s["module"] for s in skipped.json()["left_out"]] == [elective.code]
    unknown = client.post(
        url, {"module": "NOPE", "kind": "skip", "reason": "x"}, content_type="application/json"
    )
    assert unknown.status_code == 400 and unknown.json()["extra"]["fields"] == {
        "module": ["This module is not part of the participant's course."]
    }
    assert client.delete(f"{url}/{elective.code}").status_code == 204
    assert (
        client.delete(f"{url}/{elective.code}").json()["message"]
        == "There is no adjustment for this module to remove."
    )


def test_cohort_gains(client):
    c = course(competences=3, participants=5)
    client.force_login(c.coordinator)
    gains = client.get(f"/api/v1/competences/cohorts/{c.cohort.pk}/gains").json()
    assert len(gains) == 3 and all(g["participants"] == 2 for g in gains)
    assert all(g["gain"] == round(g["average_post"] - g["average_pre"], 2) for g in gains)
