"""Issuing and revoking: numbers, permissions, audit, e-mail, what is refused and why."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from biblio.accounts.models import AuditEvent, Role
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning.models import Enrolment
from biblio.recognition import issuing, services
from biblio.recognition.issuing import credential_issue, issue_many
from biblio.recognition.models import Credential
from biblio.recognition.services import credential_revoke
from tests.factories import CohortFactory, EnrolmentFactory, PersonFactory, staff

from .factories import coordinator_of, eligible_enrolment, programme_with_modules

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(key):
    return CohortFactory(code="lv-2026", programme=programme_with_modules())


def test_numbers_run_per_cohort_and_year(cohort):
    other = CohortFactory(code="bg-2026", programme=cohort.programme)
    coordinator = coordinator_of(cohort)
    staff(other, Role.COORDINATOR, email="both@example.org")
    enrolments = [eligible_enrolment(cohort=cohort) for _ in range(3)]
    report = issue_many(enrolments, actor=coordinator, at=dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC))
    assert [c.number for c in report.issued] == ["LV-2026-0001", "LV-2026-0002", "LV-2026-0003"]
    Credential.objects.filter(enrolment=enrolments[0]).update(
        revoked_at=timezone.now(), revoked_reason="test"
    )
    again = issue_many([enrolments[0]], actor=coordinator, at=dt.datetime(2027, 1, 5, tzinfo=dt.UTC))
    assert [c.number for c in again.issued] == ["LV-2026-2027-0001"]
    bg = eligible_enrolment(cohort=other)
    [first_bg] = issue_many(
        [bg], actor=coordinator_of(other), at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    ).issued
    assert first_bg.number == "BG-2026-0001"
    assert len({c.status_index for c in Credential.objects.all()}) == Credential.objects.count()


def test_issuing_completes_the_enrolment_audits_and_tells_the_participant(
    cohort, django_capture_on_commit_callbacks
):
    enrolment = eligible_enrolment(cohort=cohort, email="liga@example.org", preferred_language="lv")
    coordinator = coordinator_of(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        credential = credential_issue(actor=coordinator, enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED and enrolment.completed_at == credential.issued_at
    event = AuditEvent.objects.get(verb="credential.issued")
    assert (event.actor, event.object_id, event.cohort_id) == (coordinator, str(credential.pk), cohort.pk)
    assert event.changes["number"] == [None, credential.number]
    assert credential.language == "lv" and credential.key_id and credential.pdf and credential.transcript_pdf
    [message] = mail.outbox
    assert message.to == ["liga@example.org"] and credential.number in message.subject
    assert str(credential.public_id) in message.body


def test_a_participant_who_has_not_completed_gets_the_reasons(cohort):
    enrolment = EnrolmentFactory(cohort=cohort)
    with pytest.raises(DomainError) as error:
        credential_issue(actor=coordinator_of(cohort), enrolment=enrolment)
    assert error.value.message == str(issuing.NOT_ELIGIBLE)
    reasons = error.value.fields["__all__"]
    assert "The mentor has not signed off the work-based learning yet." not in reasons
    assert "No work-based learning placement has been arranged." in reasons
    assert not Credential.objects.exists()


def test_one_reason_is_the_message(cohort):
    enrolment = eligible_enrolment(cohort=cohort)
    enrolment.placement.signed_off_at = None
    enrolment.placement.save(update_fields=["signed_off_at"])
    with pytest.raises(
        DomainError, match=re.escape("The mentor has not signed off the work-based learning yet.")
    ):
        credential_issue(actor=coordinator_of(cohort), enrolment=enrolment)


def test_no_second_certificate_while_one_is_in_force_but_one_after_revocation(cohort):
    enrolment = eligible_enrolment(cohort=cohort)
    coordinator = coordinator_of(cohort)
    first = credential_issue(actor=coordinator, enrolment=enrolment)
    with pytest.raises(DomainError) as error:
        credential_issue(actor=coordinator, enrolment=enrolment)
    assert error.value.message == f"A certificate is already in force for this participant ({first.number})."
    credential_revoke(actor=coordinator, credential=first, reason="Wrong name on it.")
    second = credential_issue(actor=coordinator, enrolment=enrolment)
    assert second.number != first.number


def test_issue_many_reports_what_it_left_out(cohort):
    ready = [eligible_enrolment(cohort=cohort) for _ in range(2)]
    not_ready = EnrolmentFactory(cohort=cohort)
    report = issue_many([*ready, not_ready], actor=coordinator_of(cohort))
    assert {c.enrolment_id for c in report.issued} == {e.pk for e in ready}
    assert list(report.skipped) == [not_ready.pk] and report.skipped[not_ready.pk]


def test_expiry_must_be_after_the_issue_date(cohort):
    enrolment = eligible_enrolment(cohort=cohort)
    with pytest.raises(DomainError) as error:
        credential_issue(actor=coordinator_of(cohort), enrolment=enrolment, expires_at=timezone.now())
    assert error.value.fields == {"expires_at": ["The expiry date must be in the future."]}


ROLES = [Role.COORDINATOR, Role.TRAINER, Role.MODERATOR, Role.MENTOR, Role.PARTICIPANT]


@pytest.mark.parametrize(
    ("role", "own_cohort", "allowed"),
    [(role, True, role == Role.COORDINATOR) for role in ROLES]
    + [(role, False, False) for role in ROLES]
    + [("admin", False, True), ("self", True, False), ("nobody", False, False)],
)
def test_who_may_issue_and_revoke(cohort, role, own_cohort, allowed):
    enrolment = eligible_enrolment(cohort=cohort)
    if role == "admin":
        actor = PersonFactory(is_staff=True)
    elif role == "self":
        actor = enrolment.person
    elif role == "nobody":
        actor = PersonFactory()
    else:
        actor = staff(cohort if own_cohort else CohortFactory(programme=cohort.programme), role)
    if not allowed:
        with pytest.raises(
            PermissionDenied, match=re.escape("Only the cohort's coordinators can issue certificates.")
        ):
            credential_issue(actor=actor, enrolment=enrolment)
        credential = credential_issue(actor=coordinator_of(cohort), enrolment=enrolment)
        with pytest.raises(
            PermissionDenied, match=re.escape("Only the cohort's coordinators can revoke certificates.")
        ):
            credential_revoke(actor=actor, credential=credential, reason="No.")
        assert Credential.objects.get().revoked_at is None
    else:
        credential = credential_issue(actor=actor, enrolment=enrolment)
        credential_revoke(actor=actor, credential=credential, reason="Because.")
        assert Credential.objects.get().revoked_at is not None


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Say why the certificate is revoked: the reason is published on the verify page."),
        ("   ", "Say why the certificate is revoked: the reason is published on the verify page."),
        ("x" * 501, "Keep the reason under 500 characters."),
    ],
)
def test_revocation_needs_a_reason(cohort, reason, message):
    enrolment = eligible_enrolment(cohort=cohort)
    coordinator = coordinator_of(cohort)
    credential = credential_issue(actor=coordinator, enrolment=enrolment)
    with pytest.raises(DomainError) as error:
        credential_revoke(actor=coordinator, credential=credential, reason=reason)
    assert error.value.fields == {"reason": [message]}


def test_revoking_twice_and_the_audit_trail(cohort, django_capture_on_commit_callbacks):
    enrolment = eligible_enrolment(cohort=cohort)
    coordinator = coordinator_of(cohort)
    credential = credential_issue(actor=coordinator, enrolment=enrolment)
    with django_capture_on_commit_callbacks(execute=True):
        credential_revoke(actor=coordinator, credential=credential, reason="Typo in the name.")
    event = AuditEvent.objects.get(verb="credential.revoked")
    assert event.actor == coordinator and event.changes["revoked_reason"] == ["", "Typo in the name."]
    assert "revoked" in mail.outbox[-1].subject
    with pytest.raises(DomainError, match="This certificate was already revoked on"):
        credential_revoke(actor=coordinator, credential=credential, reason="Again.")
    assert services.REASON_REQUIRED  # the constants tests import


def test_bulk_issuing_runs_as_a_task_and_reports_to_its_job(cohort, django_capture_on_commit_callbacks):
    ready = [eligible_enrolment(cohort=cohort) for _ in range(3)]
    EnrolmentFactory(cohort=cohort)
    coordinator = coordinator_of(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        job = issuing.cohort_issue_start(actor=coordinator, cohort=cohort)
    job.refresh_from_db()
    assert (job.status, job.total, job.done, job.percent) == ("done", 4, 4, 100)
    assert job.report["issued"] == 3 and job.report["skipped"] == 1
    assert Credential.objects.filter(enrolment__in=ready).count() == 3
    with pytest.raises(PermissionDenied):
        issuing.cohort_issue_start(actor=staff(cohort, Role.TRAINER), cohort=cohort)


def test_the_issue_certificates_command(cohort, capsys):
    from django.core.management import call_command

    eligible_enrolment(cohort=cohort, full_name="Līga Bērziņa")
    coordinator = coordinator_of(cohort)
    call_command("issue_certificates", cohort.code, "--as", coordinator.email)
    out = capsys.readouterr().out
    assert "Issued 1 certificates." in out and "LV-" in out and "Līga Bērziņa" in out


def test_large_batches_are_crunched_in_worker_processes(cohort, monkeypatch):
    """Above the threshold the hashes and PDFs come from other processes: the result is the same."""
    from biblio.recognition import workers
    from biblio.recognition.verification import verify_stored

    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    used = []
    real_start = workers.Workers.start

    def start(self, batch_size):
        found = real_start(self, batch_size)
        used.append(found.pool is not None)
        return found

    monkeypatch.setattr(workers.Workers, "start", start)
    enrolments = [eligible_enrolment(cohort=cohort, full_name=f"Ελένη {i}") for i in range(3)]
    report = issue_many(enrolments, actor=coordinator_of(cohort))
    assert used == [(__import__("os").cpu_count() or 1) > 1]
    assert len(report.issued) == 3
    for credential in report.issued:
        assert verify_stored(credential).is_valid
        credential.pdf.open("rb")
        assert credential.pdf.read(5) == b"%PDF-"
        credential.pdf.close()
