"""The recognition API: public verification, completion, assessments, certificates, bulk jobs."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from biblio.accounts.models import Role
from biblio.recognition.issuing import credential_issue
from biblio.recognition.models import Assessment, Credential
from tests.factories import CohortFactory, EnrolmentFactory, staff

from .factories import coordinator_of, eligible_enrolment, programme_with_modules

pytestmark = pytest.mark.django_db
API = "/api/v1/recognition"


@pytest.fixture
def cohort(key):
    return CohortFactory(programme=programme_with_modules())


def post(client, path, data):
    return client.post(f"{API}{path}", json.dumps(data), content_type="application/json")


def test_anyone_can_verify_a_credential(cohort, client):
    enrolment = eligible_enrolment(cohort=cohort, full_name="Мария Иванова")
    credential = credential_issue(actor=coordinator_of(cohort), enrolment=enrolment)
    body = post(client, "/verify", credential.signed_json).json()
    assert body["outcome"] == "valid" and body["valid"] is True and body["holder"] == "Мария Иванова"
    assert body["number"] == credential.number
    assert all(check["passed"] for check in body["checks"])
    tampered = post(client, "/verify", {**credential.signed_json, "validFrom": "2001-01-01T00:00:00Z"}).json()
    assert tampered["outcome"] == "tampered" and tampered["valid"] is False
    by_id = client.get(f"{API}/verify/{credential.public_id}").json()
    assert by_id["outcome"] == "valid"


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "{not json"])
def test_verify_rejects_what_is_not_an_object(client, key, body):
    response = client.post(f"{API}/verify", body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert "message" in response.json()


def test_verify_a_foreign_object_says_what_it_is(client, key):
    body = post(client, "/verify", {"hello": "world"}).json()
    assert body["outcome"] == "malformed"
    assert (
        body["explanation"]
        == "This is not an Open Badges credential: it lacks the credential types or the issuer."
    )


def test_unknown_verify_id_is_404(client, key):
    assert client.get(f"{API}/verify/00000000-0000-0000-0000-000000000000").status_code == 404


def test_the_issuer_profile_is_public(client, key):
    body = client.get(f"{API}/issuer").json()
    assert body["verificationMethod"][0]["publicKeyMultibase"] == key.multikey


def test_cohort_completion(cohort, login):
    eligible_enrolment(cohort=cohort, full_name="Ready")
    EnrolmentFactory(cohort=cohort)
    body = login(staff(cohort, Role.TRAINER)).get(f"{API}/cohorts/{cohort.pk}/completion").json()
    ready = next(row for row in body if row["person"] == "Ready")
    assert ready["eligible"] and ready["reasons"] == []
    assert ready["modules"][0]["state"] == "passed" and ready["modes"][0]["met"] is True
    other = next(row for row in body if row["person"] != "Ready")
    assert "No work-based learning placement has been arranged." in other["reasons"]


def test_cohort_completion_is_not_found_for_strangers(cohort, login):
    assert (
        login(coordinator_of(CohortFactory())).get(f"{API}/cohorts/{cohort.pk}/completion").status_code == 404
    )


def test_recording_assessments_through_the_api(cohort, login):
    enrolment = EnrolmentFactory(cohort=cohort)
    code = enrolment.programme.programme_modules.get(order=0).module.code
    client = login(staff(cohort, Role.TRAINER))
    today = timezone.localdate().isoformat()
    created = post(
        client,
        f"/enrolments/{enrolment.pk}/assessments",
        {"module": code, "method": "test", "result": "pass", "date": today, "score": 90},
    )
    assert created.status_code == 201 and created.json()["module"] == code
    assessment_id = created.json()["id"]
    changed = client.put(
        f"{API}/assessments/{assessment_id}",
        json.dumps({"module": code, "method": "test", "result": "fail", "date": today}),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["result"] == "fail"
    listed = client.get(f"{API}/enrolments/{enrolment.pk}/assessments").json()
    assert [a["id"] for a in listed] == [assessment_id]
    assert client.delete(f"{API}/assessments/{assessment_id}").status_code == 204
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "status", "fields"),
    [
        ({"module": "NOPE"}, 400, {"module": ["This module is not part of the participant's course."]}),
        ({"date": "2999-01-01"}, 400, {"date": ["The date cannot be in the future."]}),
        ({"score": 150}, 400, {"score": ["The score must be between 0 and 100."]}),
        ({"result": "maybe"}, 422, None),
    ],
)
def test_bad_assessments_are_explained(cohort, login, changes, status, fields):
    enrolment = EnrolmentFactory(cohort=cohort)
    code = enrolment.programme.programme_modules.get(order=0).module.code
    data = {
        "module": code,
        "method": "test",
        "result": "pass",
        "date": timezone.localdate().isoformat(),
        **changes,
    }
    response = post(login(coordinator_of(cohort)), f"/enrolments/{enrolment.pk}/assessments", data)
    assert response.status_code == status
    if fields:
        assert response.json()["extra"]["fields"] == fields


def test_participants_cannot_record(cohort, login):
    enrolment = EnrolmentFactory(cohort=cohort)
    code = enrolment.programme.programme_modules.get(order=0).module.code
    data = {"module": code, "method": "test", "result": "pass", "date": timezone.localdate().isoformat()}
    response = post(login(enrolment.person), f"/enrolments/{enrolment.pk}/assessments", data)
    assert response.status_code == 403
    assert response.json()["message"] == "Only the cohort's trainers and coordinators can record assessments."


def test_issue_revoke_and_the_wallet(cohort, login):
    enrolment = eligible_enrolment(cohort=cohort)
    client = login(coordinator_of(cohort))
    issued = client.post(f"{API}/enrolments/{enrolment.pk}/credential", content_type="application/json")
    assert issued.status_code == 201
    body = issued.json()
    assert body["verify_url"].endswith(f"/recognition/verify/{body['id']}/")
    again = client.post(f"{API}/enrolments/{enrolment.pk}/credential", content_type="application/json")
    assert again.status_code == 400 and "already in force" in again.json()["message"]
    blank = post(client, f"/credentials/{body['id']}/revoke", {"reason": " "})
    assert blank.status_code == 400 and blank.json()["extra"]["fields"]["reason"]
    revoked = post(client, f"/credentials/{body['id']}/revoke", {"reason": "Issued by mistake."})
    assert revoked.status_code == 200 and revoked.json()["revoked_reason"] == "Issued by mistake."
    mine = login(enrolment.person).get(f"{API}/credentials").json()
    assert [c["number"] for c in mine] == [body["number"]]
    signed = login(enrolment.person).get(f"{API}/credentials/{body['id']}").json()
    assert signed["id"] == f"urn:uuid:{body['id']}"


def test_issue_with_an_expiry_and_a_bad_one(cohort, login):
    enrolment = eligible_enrolment(cohort=cohort)
    client = login(coordinator_of(cohort))
    bad = post(client, f"/enrolments/{enrolment.pk}/credential", {"expires_at": "2001-01-01T00:00:00Z"})
    assert bad.status_code == 400 and bad.json()["extra"]["fields"] == {
        "expires_at": ["The expiry date must be in the future."]
    }
    good = post(client, f"/enrolments/{enrolment.pk}/credential", {"expires_at": "2099-01-01T00:00:00Z"})
    assert good.status_code == 201 and good.json()["expires_at"].startswith("2099-01-01")


def test_issuing_someone_not_ready_lists_every_open_rule(cohort, login):
    enrolment = EnrolmentFactory(cohort=cohort)
    response = login(coordinator_of(cohort)).post(
        f"{API}/enrolments/{enrolment.pk}/credential", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"] == "The participant has not completed the course yet."
    assert len(response.json()["extra"]["fields"]["__all__"]) >= 4


def test_bulk_issuing_job(cohort, login, django_capture_on_commit_callbacks):
    eligible_enrolment(cohort=cohort)
    client = login(coordinator_of(cohort))
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{API}/cohorts/{cohort.pk}/credentials")
    assert started.status_code == 202
    job = client.get(f"{API}/jobs/{started.json()['id']}").json()
    assert job["status"] == "done" and job["report"]["issued"] == 1
    assert Credential.objects.count() == 1
    trainer = login(staff(cohort, Role.TRAINER))
    assert trainer.post(f"{API}/cohorts/{cohort.pk}/credentials").status_code == 403


@pytest.mark.parametrize("size", [2, 8])
def test_cohort_completion_runs_a_constant_number_of_queries(
    cohort, login, size, django_assert_max_num_queries
):
    for _ in range(size):
        eligible_enrolment(cohort=cohort)
    client = login(coordinator_of(cohort))
    with django_assert_max_num_queries(17):
        assert len(client.get(f"{API}/cohorts/{cohort.pk}/completion").json()) == size
