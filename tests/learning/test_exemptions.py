"""Recognition of prior learning: request with a certificate, the coordinator decides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from biblio.accounts.models import Role
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning.models import Exemption
from biblio.learning.progress import progress_for
from biblio.learning.services import exemptions as svc
from tests.factories import CohortFactory, EnrolmentFactory, ExemptionFactory, PersonFactory, staff
from tests.learning.factories import PDF, offered_module, upload

pytestmark = pytest.mark.django_db


def _request(enrolment, module, **kwargs):
    values = {"reason": "MSc in Library Science, 2019, 6 ECTS", "evidence": upload("diploma.pdf", PDF)}
    values.update(kwargs)
    return svc.exemption_request(actor=enrolment.person, enrolment=enrolment, module=module, **values)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reason": ""}, "reason", svc.REASON_REQUIRED),
        ({"evidence": None}, "evidence", svc.EVIDENCE_REQUIRED),
        ({"evidence": upload("diploma.pdf", b"GIF89a....")}, "evidence", "Upload a PDF, PNG or JPEG file."),
    ],
)
def test_bad_requests_are_explained(changes, field, message):
    e = EnrolmentFactory()
    with pytest.raises(DomainError) as caught:
        _request(e, offered_module(e.cohort), **changes)
    assert caught.value.message == str(svc.EXEMPTION_INVALID)
    assert caught.value.fields[field] == [str(message)]
    assert not Exemption.objects.exists()


def test_module_of_the_track_and_only_once():
    e = EnrolmentFactory()
    with pytest.raises(DomainError) as caught:
        _request(e, offered_module(CohortFactory()))
    assert caught.value.fields == {"module": [str(svc.MODULE_NOT_IN_TRACK)]}
    module = offered_module(e.cohort)
    _request(e, module)
    with pytest.raises(DomainError) as caught:
        _request(e, module)
    assert caught.value.fields == {"module": [str(svc.ALREADY_REQUESTED)]}


def test_approval_recognises_the_module_hours(mailoutbox, django_capture_on_commit_callbacks):
    e = EnrolmentFactory()
    module = offered_module(e.cohort, hours=25, mode="online")
    exemption = _request(e, module)
    coordinator = staff(e.cohort, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        svc.exemption_approve(actor=coordinator, exemption=exemption, note="Diploma checked.")
    assert progress_for([e])[e.pk].mode("online").recognised_minutes == 25 * 60
    assert "counts as passed" in mailoutbox[0].body


def test_partial_recognition_and_its_limits():
    e = EnrolmentFactory()
    exemption = _request(e, offered_module(e.cohort, hours=10))
    coordinator = staff(e.cohort, Role.COORDINATOR)
    with pytest.raises(DomainError) as caught:
        svc.exemption_approve(actor=coordinator, exemption=exemption, minutes=11 * 60)
    assert caught.value.fields == {"recognised_minutes": [str(svc.MINUTES_INVALID % {"hours": 10})]}
    svc.exemption_approve(actor=coordinator, exemption=exemption, minutes=300)
    exemption.refresh_from_db()
    assert exemption.recognised_minutes == 300
    with pytest.raises(DomainError) as caught:
        svc.exemption_reject(actor=coordinator, exemption=exemption, note="Too late")
    assert caught.value.message == str(svc.NOT_PENDING)


@pytest.mark.parametrize(
    ("role", "same", "allowed"),
    [
        (Role.COORDINATOR, True, True),
        (Role.TRAINER, True, False),
        (Role.MODERATOR, True, False),
        (Role.MENTOR, True, False),
        (Role.COORDINATOR, False, False),
    ],
)
def test_decision_permission_table(role, same, allowed):
    exemption = ExemptionFactory()
    actor = staff(exemption.enrolment.cohort if same else CohortFactory(), role)
    if allowed:
        svc.exemption_reject(actor=actor, exemption=exemption, note="Not equivalent.")
        exemption.refresh_from_db()
        assert exemption.status == "rejected"
    else:
        with pytest.raises(PermissionDenied):
            svc.exemption_approve(actor=actor, exemption=exemption)


def test_reject_needs_a_note():
    exemption = ExemptionFactory()
    with pytest.raises(DomainError) as caught:
        svc.exemption_reject(actor=staff(exemption.enrolment.cohort), exemption=exemption, note="")
    assert caught.value.fields == {"note": [str(svc.DECISION_REASON_REQUIRED)]}


def test_participant_withdraws_only_pending_requests():
    e = EnrolmentFactory()
    exemption = _request(e, offered_module(e.cohort))
    with pytest.raises(PermissionDenied):
        svc.exemption_withdraw(actor=PersonFactory(), exemption=exemption)
    svc.exemption_withdraw(actor=e.person, exemption=exemption)
    assert not Exemption.objects.exists()


def test_certificate_is_served_only_to_those_allowed(login):
    e = EnrolmentFactory()
    exemption = _request(e, offered_module(e.cohort))
    url = reverse("learning:exemption_evidence", args=[exemption.pk])
    response = login(e.person).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    assert login(staff(e.cohort, Role.COORDINATOR)).get(url).status_code == 200
    assert login(staff(CohortFactory(), Role.COORDINATOR)).get(url).status_code == 404
    assert login(PersonFactory()).get(url).status_code == 404


def test_pages_request_and_decide(login):
    e = EnrolmentFactory()
    module = offered_module(e.cohort, hours=8)
    client = login(e.person)
    response = client.post(
        reverse("learning:exemption_create"),
        {"enrolment": e.pk, "module": module.pk, "reason": "", "evidence": upload()},
    )
    assert str(svc.REASON_REQUIRED) in response.content.decode()
    client.post(
        reverse("learning:exemption_create"),
        {"enrolment": e.pk, "module": module.pk, "reason": "Course", "evidence": upload()},
    )
    exemption = Exemption.objects.get()
    coordinator = login(staff(e.cohort, Role.COORDINATOR))
    queue = coordinator.get(reverse("learning:cohort_exemptions", args=[e.cohort.code]))
    assert module.code in queue.content.decode()
    url = reverse("learning:exemption", args=[exemption.pk])
    response = coordinator.post(url, {"decision": "reject", "note": ""})
    assert response.status_code == 400 and str(svc.DECISION_REASON_REQUIRED) in response.content.decode()
    coordinator.post(url, {"decision": "approve", "note": "", "hours": ""})
    exemption.refresh_from_db()
    assert (exemption.status, exemption.recognised_minutes) == ("approved", 480)
    progress_page = login(e.person).get(reverse("learning:my_progress")).content.decode()
    assert "Exempted modules" in progress_page and module.code in progress_page
