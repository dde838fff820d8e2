"""The recognition pages: who sees what, forms that explain, constant queries."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from biblio.accounts.models import Role
from biblio.recognition.issuing import credential_issue
from biblio.recognition.models import Assessment, Credential
from tests.factories import CohortFactory, EnrolmentFactory, PersonFactory, PlacementFactory, staff

from .factories import coordinator_of, eligible_enrolment, programme_with_modules

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(key):
    return CohortFactory(programme=programme_with_modules())


def url(name, *args):
    return reverse(f"recognition:{name}", args=args)


# ---- The cohort page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("trainer", 200),
        ("moderator", 200),
        ("other-coordinator", 404),
        ("participant", 404),
    ],
)
def test_who_sees_the_cohort_page(cohort, login, who, status):
    enrolment = eligible_enrolment(cohort=cohort)
    person = {
        "coordinator": lambda: coordinator_of(cohort),
        "trainer": lambda: staff(cohort, Role.TRAINER),
        "moderator": lambda: staff(cohort, Role.MODERATOR),
        "other-coordinator": lambda: coordinator_of(CohortFactory()),
        "participant": lambda: enrolment.person,
    }[who]()
    response = login(person).get(url("cohort", cohort.pk))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert enrolment.person.full_name in html and "Eligible" in html
        assert ("Issue certificate" in html) is (who == "coordinator")


def test_anonymous_people_are_sent_to_log_in(cohort, client):
    response = client.get(url("cohort", cohort.pk))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_cohort_page_filters_and_lists_open_reasons(cohort, login):
    ready = eligible_enrolment(cohort=cohort, full_name="Ready Person")
    EnrolmentFactory(cohort=cohort, person=PersonFactory(full_name="Busy Person"))
    client = login(coordinator_of(cohort))
    html = client.get(url("cohort", cohort.pk) + "?show=open").content.decode()
    assert "Busy Person" in html and "Ready Person" not in html
    assert "No work-based learning placement has been arranged." in html
    html = client.get(url("cohort", cohort.pk) + "?show=eligible").content.decode()
    assert "Ready Person" in html and "Busy Person" not in html
    assert "1 participant is eligible and has no certificate yet." in html
    credential_issue(actor=coordinator_of(cohort), enrolment=ready)
    html = client.get(url("cohort", cohort.pk) + "?show=issued").content.decode()
    assert "Ready Person" in html and Credential.objects.get().number in html


@pytest.mark.parametrize("size", [2, 10])
def test_the_cohort_page_runs_a_constant_number_of_queries(
    cohort, login, size, django_assert_max_num_queries
):
    for i in range(size):
        enrolment = eligible_enrolment(cohort=cohort)
        if i % 2:
            credential_issue(actor=coordinator_of(cohort), enrolment=enrolment)
    client = login(coordinator_of(cohort))
    with django_assert_max_num_queries(17):
        assert client.get(url("cohort", cohort.pk)).status_code == 200


# ---- One participant: completion, assessments


def test_participants_see_their_own_checklist_not_others(cohort, login):
    mine = EnrolmentFactory(cohort=cohort)
    theirs = EnrolmentFactory(cohort=cohort)
    client = login(mine.person)
    html = client.get(url("enrolment", mine.pk)).content.decode()
    assert "No work-based learning placement has been arranged." in html
    assert "Record an assessment" not in html and "Issue certificate" not in html
    assert client.get(url("enrolment", theirs.pk)).status_code == 404


def test_a_mentor_sees_a_mentees_checklist(cohort, login):
    placement = PlacementFactory(enrolment=EnrolmentFactory(cohort=cohort))
    assert login(placement.mentor).get(url("enrolment", placement.enrolment_id)).status_code == 200


def test_a_trainer_records_an_assessment(cohort, login):
    enrolment = EnrolmentFactory(cohort=cohort)
    module = enrolment.programme.programme_modules.get(order=0).module
    client = login(staff(cohort, Role.TRAINER))
    response = client.post(
        url("enrolment", enrolment.pk),
        {
            "module": module.pk,
            "method": "test",
            "result": "pass",
            "score": "77",
            "date": timezone.localdate(),
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.module, assessment.result, assessment.score) == (module, "pass", 77)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2999-01-01"}, "The date cannot be in the future."),
        ({"score": "101"}, "Ensure this value is less than or equal to 100."),
        ({"result": ""}, "This field is required."),
        ({"module": "999999"}, "Select a valid choice. 999999 is not one of the available choices."),
        ({"date": "yesterday"}, "Enter a valid date."),
    ],
)
def test_the_assessment_form_explains(cohort, login, data, message):
    enrolment = EnrolmentFactory(cohort=cohort)
    module = enrolment.programme.programme_modules.get(order=0).module
    fields = {"module": module.pk, "method": "test", "result": "pass", "date": timezone.localdate(), **data}
    response = login(coordinator_of(cohort)).post(url("enrolment", enrolment.pk), fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Assessment.objects.exists()


def test_only_trainers_and_coordinators_may_post_an_assessment(cohort, login):
    enrolment = EnrolmentFactory(cohort=cohort)
    module = enrolment.programme.programme_modules.get(order=0).module
    fields = {"module": module.pk, "method": "test", "result": "pass", "date": timezone.localdate()}
    assert (
        login(staff(cohort, Role.MODERATOR)).post(url("enrolment", enrolment.pk), fields).status_code == 403
    )
    assert not Assessment.objects.exists()


def test_correcting_and_deleting_an_assessment(cohort, login):
    enrolment = EnrolmentFactory(cohort=cohort)
    module = enrolment.programme.programme_modules.get(order=0).module
    assessment = Assessment.objects.create(
        enrolment=enrolment, module=module, method="test", result="pass", date=timezone.localdate()
    )
    client = login(staff(cohort, Role.TRAINER))
    page = client.get(url("assessment_edit", assessment.pk))
    assert page.status_code == 200 and "Correct an assessment" in page.content.decode()
    fields = {"module": module.pk, "method": "portfolio", "result": "fail", "date": timezone.localdate()}
    assert client.post(url("assessment_edit", assessment.pk), fields).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.method, assessment.result) == ("portfolio", "fail")
    bad = client.post(url("assessment_edit", assessment.pk), {**fields, "date": "2999-01-01"})
    assert bad.status_code == 400 and "The date cannot be in the future." in bad.content.decode()
    assert client.post(url("assessment_edit", assessment.pk), {"delete": "1"}).status_code == 302
    assert not Assessment.objects.exists()


def test_assessments_of_other_cohorts_are_not_found(cohort, login):
    enrolment = EnrolmentFactory(cohort=cohort)
    module = enrolment.programme.programme_modules.get(order=0).module
    assessment = Assessment.objects.create(
        enrolment=enrolment, module=module, method="test", result="pass", date=timezone.localdate()
    )
    stranger = staff(CohortFactory(), Role.TRAINER)
    assert login(stranger).get(url("assessment_edit", assessment.pk)).status_code == 404


# ---- Issuing and revoking from the page


def test_issue_then_revoke_from_the_participant_page(cohort, login):
    enrolment = eligible_enrolment(cohort=cohort)
    client = login(coordinator_of(cohort))
    response = client.post(url("credential_issue", enrolment.pk), follow=True)
    credential = Credential.objects.get()
    html = response.content.decode()
    assert f"Certificate {credential.number} has been issued." in html
    assert url("verify_credential", credential.public_id) in html
    blank = client.post(url("credential_revoke", credential.public_id), {"reason": ""})
    assert blank.status_code == 400 and "Say why the certificate is revoked." in blank.content.decode()
    done = client.post(
        url("credential_revoke", credential.public_id), {"reason": "Wrong programme."}, follow=True
    )
    assert f"Certificate {credential.number} has been revoked." in done.content.decode()
    credential.refresh_from_db()
    assert credential.revoked_reason == "Wrong programme."


def test_issuing_someone_not_ready_lists_the_reasons(cohort, login):
    enrolment = EnrolmentFactory(cohort=cohort)
    response = login(coordinator_of(cohort)).post(url("credential_issue", enrolment.pk), follow=True)
    assert "No work-based learning placement has been arranged." in response.content.decode()
    assert not Credential.objects.exists()


def test_trainers_cannot_issue_or_revoke(cohort, login):
    enrolment = eligible_enrolment(cohort=cohort)
    client = login(staff(cohort, Role.TRAINER))
    assert client.post(url("credential_issue", enrolment.pk)).status_code == 403
    credential = credential_issue(actor=coordinator_of(cohort), enrolment=enrolment)
    assert client.post(url("credential_revoke", credential.public_id), {"reason": "x"}).status_code == 403
    assert client.get(url("credential_issue", enrolment.pk)).status_code == 405


def test_bulk_issuing_page_shows_the_jobs_progress(cohort, login, django_capture_on_commit_callbacks):
    for _ in range(2):
        eligible_enrolment(cohort=cohort)
    client = login(coordinator_of(cohort))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("cohort_issue", cohort.pk))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Done: 2 certificates issued." in page.content.decode()
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="job-progress"') and "hx-trigger" not in fragment
    assert Credential.objects.count() == 2
    stranger = login(coordinator_of(CohortFactory()))
    assert stranger.get(response["Location"]).status_code == 404


# ---- The wallet and downloads


def test_the_wallet_offers_the_files_and_a_public_link(cohort, login):
    enrolment = eligible_enrolment(cohort=cohort)
    credential = credential_issue(actor=coordinator_of(cohort), enrolment=enrolment)
    client = login(enrolment.person)
    html = client.get(url("wallet")).content.decode()
    assert credential.number in html
    assert (
        f"http://127.0.0.1:8000{url('verify_credential', credential.public_id)}" in html or "verify/" in html
    )
    pdf = client.get(url("certificate_pdf", credential.public_id))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    transcript = client.get(url("transcript_pdf", credential.public_id))
    assert transcript.status_code == 200
    document = json.loads(client.get(url("credential_json", credential.public_id)).content)
    assert document == credential.signed_json and next(iter(document)) == "@context"


@pytest.mark.parametrize("name", ["certificate_pdf", "transcript_pdf", "credential_json"])
def test_other_people_cannot_download(cohort, login, client, name):
    enrolment = eligible_enrolment(cohort=cohort)
    credential = credential_issue(actor=coordinator_of(cohort), enrolment=enrolment)
    other = EnrolmentFactory(cohort=cohort).person
    assert login(other).get(url(name, credential.public_id)).status_code == 404
    client.logout()
    assert client.get(url(name, credential.public_id)).status_code == 302
    assert login(coordinator_of(cohort)).get(url(name, credential.public_id)).status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_the_wallet_runs_a_constant_number_of_queries(cohort, login, size, django_assert_max_num_queries):
    person = PersonFactory()
    for _ in range(size):
        other = CohortFactory(programme=cohort.programme)
        enrolment = eligible_enrolment(cohort=other, person=person)
        credential_issue(actor=coordinator_of(other), enrolment=enrolment)
    client = login(person)
    with django_assert_max_num_queries(8):
        assert client.get(url("wallet")).content.decode().count("In force") == size


# ---- Public verification


def test_the_verify_page_checks_a_pasted_credential(cohort, client):
    enrolment = eligible_enrolment(cohort=cohort, full_name="Līga Bērziņa")
    credential = credential_issue(actor=coordinator_of(cohort), enrolment=enrolment)
    assert client.get(url("verify")).status_code == 200
    good = client.post(url("verify"), {"text": json.dumps(credential.signed_json)}).content.decode()
    assert 'data-outcome="valid"' in good and "Līga Bērziņa" in good and credential.number in good
    changed = {**credential.signed_json, "name": "A far better certificate"}
    bad = client.post(url("verify"), {"text": json.dumps(changed)}).content.decode()
    assert 'data-outcome="tampered"' in bad and "Do not rely on it." in bad


def test_the_verify_page_takes_a_file(cohort, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    enrolment = eligible_enrolment(cohort=cohort)
    credential = credential_issue(actor=coordinator_of(cohort), enrolment=enrolment)
    upload = SimpleUploadedFile(
        "credential.json", json.dumps(credential.signed_json).encode(), "application/json"
    )
    html = client.post(url("verify"), {"file": upload}).content.decode()
    assert 'data-outcome="valid"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Paste the credential or choose its file."),
        ({"text": "{not json"}, "This is not a credential: the text is not valid JSON."),
    ],
)
def test_the_verify_page_explains_bad_input(client, key, data, message):
    response = client.post(url("verify"), data)
    assert message in response.content.decode()


def test_the_verify_link_says_valid_then_revoked(cohort, client, django_assert_max_num_queries):
    enrolment = eligible_enrolment(cohort=cohort)
    coordinator = coordinator_of(cohort)
    credential = credential_issue(actor=coordinator, enrolment=enrolment)
    with django_assert_max_num_queries(4):
        html = client.get(url("verify_credential", credential.public_id)).content.decode()
    assert "<h2" in html and ">Valid<" in html
    from biblio.recognition.services import credential_revoke

    credential_revoke(actor=coordinator, credential=credential, reason="Wrong name.")
    html = client.get(url("verify_credential", credential.public_id)).content.decode()
    assert ">Revoked<" in html and "Wrong name." in html


@pytest.mark.parametrize("public_id", ["00000000-0000-0000-0000-000000000000", "not-a-uuid"])
def test_an_unknown_verify_link(client, public_id):
    response = client.get(url("verify_credential", public_id))
    assert (
        response.status_code == 404
        and "There is no certificate at this address." in response.content.decode()
    )


# ---- The issuer, keys, status list, achievement


def test_the_issuer_profile_for_machines_and_people(client, key):
    document = client.get(url("issuer"), headers={"Accept": "application/json"})
    assert (
        document["Content-Type"] == "application/ld+json" and document["Access-Control-Allow-Origin"] == "*"
    )
    profile = json.loads(document.content)
    assert profile["verificationMethod"][0]["publicKeyMultibase"] == key.multikey
    assert profile["assertionMethod"] == [f"{profile['id']}#{key.multikey}"]
    page = client.get(url("issuer"), headers={"Accept": "text/html"})
    assert page["Content-Type"].startswith("text/html") and key.multikey in page.content.decode()
    jwks = json.loads(client.get(url("issuer_jwks")).content)
    assert jwks["keys"][0]["kid"] == key.multikey and jwks["keys"][0]["crv"] == "Ed25519"
    multikey = json.loads(client.get(url("issuer_key", key.multikey)).content)
    assert multikey["type"] == "Multikey" and multikey["controller"] == profile["id"]
    assert client.get(url("issuer_key", "z6MkNotOurs")).status_code == 404


def test_the_status_list_is_public_json(client, key):
    response = client.get(url("status_list", 0))
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert client.get(url("status_list", 10_001)).status_code == 404


def test_the_achievement_page_has_the_anchors_credentials_point_at(cohort, client):
    enrolment = eligible_enrolment(cohort=cohort)
    credential = credential_issue(actor=coordinator_of(cohort), enrolment=enrolment)
    achievement = credential.signed_json["credentialSubject"]["achievement"]
    html = client.get(url("achievement", cohort.programme.slug)).content.decode()
    for alignment in achievement["alignment"][1:]:
        assert f'id="{alignment["targetUrl"].rpartition("#")[2]}"' in html
    for description in achievement["resultDescription"]:
        assert f'id="{description["id"].rpartition("#")[2]}"' in html
    assert client.get(url("achievement", "no-such-programme")).status_code == 404


def test_index_lists_the_cohorts_a_person_works_in(cohort, login):
    other = CohortFactory(name="Somewhere else")
    html = login(staff(cohort, Role.TRAINER)).get(url("index")).content.decode()
    assert cohort.name in html and other.name not in html


@pytest.mark.parametrize("assessments", [1, 9])
def test_the_participant_page_runs_a_constant_number_of_queries(
    cohort, login, assessments, django_assert_max_num_queries
):
    enrolment = eligible_enrolment(cohort=cohort)
    module = enrolment.programme.programme_modules.get(order=3).module
    for _ in range(assessments):
        Assessment.objects.create(
            enrolment=enrolment, module=module, method="test", result="fail", date=timezone.localdate()
        )
    if assessments > 1:
        credential_issue(actor=coordinator_of(cohort), enrolment=enrolment)
    client = login(coordinator_of(cohort))
    with django_assert_max_num_queries(18):
        assert client.get(url("enrolment", enrolment.pk)).status_code == 200
