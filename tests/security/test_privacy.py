"""GDPR: a person downloads all their data; erasure anonymises them and clears their data while
statistics and issued credentials survive; retention periods are applied by a command."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from biblio.accounts.models import ApiToken, AuditEvent, ErasureRequest, Person, TotpDevice
from biblio.core.errors import DomainError, NotFound
from biblio.core.privacy import erasure
from biblio.core.privacy.registry import ERASED
from biblio.core.privacy.retention import apply_retention
from biblio.learning.models import Application, HourEntry
from biblio.recognition.models import Credential
from biblio.reports.models import Feedback
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CohortFactory,
    EnrolmentFactory,
    HourEntryFactory,
    PersonFactory,
)

from .privacy_world import NAME, build, signed

pytestmark = pytest.mark.django_db


def every_text_in_the_database() -> str:
    """All text and JSON values of every row of every Biblio model, as one string."""
    chunks = []
    for model in apps.get_models():
        if not model.__module__.startswith("biblio"):
            continue
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField | models.FileField)
        ]
        if names:
            manager = model._base_manager
            chunks += [json.dumps(row, default=str, ensure_ascii=False) for row in manager.values(*names)]
    return "\n".join(chunks)


def download(client) -> tuple[dict, zipfile.ZipFile]:
    response = client.get(reverse("data_export"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return json.loads(archive.read("data.json")), archive


def test_the_export_holds_every_record_and_file_of_the_person_and_nobody_else(login):
    world, _other = build("SECRET"), build("OTHER")
    data, archive = download(login(world.person))
    text = json.dumps(data, ensure_ascii=False)
    for marker in world.markers:
        assert marker in text, marker
    assert "OTHER" not in text
    for model in [
        "accounts.Person",
        "accounts.Membership",
        "learning.Application",
        "learning.Enrolment",
        "learning.HourEntry",
        "learning.Exemption",
        "learning.Attendance",
        "workplace.Placement",
        "workplace.ProjectIdea",
        "workplace.ProjectActivity",
        "workplace.ProjectComment",
        "workplace.FinalEvaluation",
        "workplace.ProjectAttachment",
        "recognition.Assessment",
        "recognition.Credential",
        "competences.SelfAssessment",
        "competences.SelfRating",
        "reports.Feedback",
        "accounts.ApiToken",
    ]:
        assert data["records"].get(model), model
    assert "password" not in data["records"]["accounts.Person"][0]
    assert "key_hash" not in data["records"]["accounts.ApiToken"][0]
    assert "secret" not in json.dumps(data["records"].get("accounts.TotpDevice", []))
    assert sorted(data["files"]) == sorted(f"files/{name}" for name in world.files)
    for name in world.files:
        assert archive.read(f"files/{name}").startswith(b"%PDF")
    assert not any(name.startswith("files/") and "OTHER" in name for name in archive.namelist())
    assert AuditEvent.objects.filter(verb="person.data_exported", object_id=str(world.person.pk)).exists()


def test_the_mentor_export_lists_what_they_did_without_the_mentees_records(login):
    world = build("SECRET")
    data, _archive = download(login(world.mentor))
    assert "workplace.ProjectComment.author" in data["acted_on"]
    assert data["acted_on"]["workplace.ProjectComment.author"][0]["text"] == "COMMENT-SECRET"
    assert "learning.HourEntry" not in data["records"]
    assert "NOTE-SECRET" not in json.dumps(data["records"], ensure_ascii=False)


def test_anonymous_cannot_export(client):
    assert client.get(reverse("data_export"))["Location"].startswith("/login/")


def test_asking_for_erasure_needs_the_password_and_can_be_cancelled(login, settings):
    settings.BIBLIO_ERASURE_GRACE_DAYS = 30
    person = PersonFactory()
    client = login(person)
    wrong = client.post(reverse("my_data"), {"password": "nope", "reason": ""})
    assert wrong.context["form"].errors["password"] == [erasure.PASSWORD_WRONG]
    assert client.post(reverse("my_data"), {"password": PASSWORD, "reason": "Leaving"})[
        "Location"
    ] == reverse("my_data")
    pending = ErasureRequest.objects.get(person=person)
    assert pending.status == "pending" and (pending.due_at - pending.requested_at) == timedelta(days=30)
    assert "Cancel my request" in client.get(reverse("my_data")).content.decode()
    again = client.post(reverse("my_data"), {"password": PASSWORD})
    assert again.context["form"].non_field_errors() == [erasure.ALREADY_REQUESTED]
    client.post(reverse("erasure_cancel"))
    assert ErasureRequest.objects.get(person=person).status == "cancelled"
    with pytest.raises(DomainError, match=str(erasure.NOTHING_PENDING)):
        erasure.erasure_cancel(person=person)


def test_erasure_leaves_no_personal_text_but_keeps_statistics_and_credentials(
    django_capture_on_commit_callbacks,
):
    world, other = build("SECRET"), build("OTHER")
    admin = PersonFactory(is_staff=True)
    hours_before = sorted(HourEntry.objects.values_list("enrolment_id", "minutes", "status"))
    with django_capture_on_commit_callbacks(execute=True):
        summary = erasure.erase_person(person=world.person, actor=admin)
    everything = every_text_in_the_database()
    credential = Credential.objects.get(enrolment=world.enrolment)
    # The signed credential is the one thing kept with the name in it: it must keep verifying.
    assert credential.signed_json == signed("SECRET")
    assert everything.count(f"{NAME}-SECRET") == 1
    for marker in world.markers[1:]:
        assert marker not in everything, marker
    for marker in other.markers:
        assert marker in everything, marker
    person = Person.objects.get(pk=world.person.pk)
    assert person.full_name == erasure.ERASED_NAME and person.email == f"erased-{person.pk}@erased.invalid"
    assert not person.is_active and not person.has_usable_password() and person.erased_at
    assert not ApiToken.objects.filter(person=person).exists()
    assert not TotpDevice.objects.filter(person=person).exists()
    for name in world.files:
        assert not default_storage.exists(name), name
    assert not credential.pdf
    assert sorted(HourEntry.objects.values_list("enrolment_id", "minutes", "status")) == hours_before
    assert Feedback.objects.get(enrolment=world.enrolment).overall == 5
    assert world.enrolment.__class__.objects.filter(pk=world.enrolment.pk).exists()
    redacted = AuditEvent.objects.filter(
        verb="hour_entry.approve",
        object_id=str(HourEntry.objects.filter(enrolment=world.enrolment).first().pk),
    )
    assert redacted.get().object_repr == ERASED and redacted.get().changes == {}
    done = ErasureRequest.objects.get(person=person)
    assert done.status == "done" and done.done_by == admin and summary["files"] == 4
    assert AuditEvent.objects.filter(verb="person.erased", actor=admin).exists()
    # The erased person cannot log in any more.
    assert not person.check_password(PASSWORD)


def test_only_an_administrator_erases_someone_else_and_not_themself():
    person, admin = PersonFactory(), PersonFactory(is_staff=True)
    with pytest.raises(NotFound):
        erasure.erase_person(person=person, actor=PersonFactory())
    with pytest.raises(DomainError, match="cannot erase their own"):
        erasure.erase_person(person=admin, actor=admin)


def test_the_admin_action_carries_out_a_request(client, django_capture_on_commit_callbacks):
    person = PersonFactory()
    request = erasure.erasure_request(person=person, password=PASSWORD)
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_erasurerequest_changelist"),
            {"action": "carry_out", "_selected_action": [request.pk]},
        )
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).erased_at is not None


def test_apply_retention_removes_what_is_past_its_period(settings, django_capture_on_commit_callbacks):
    settings.BIBLIO_RETENTION_DAYS_AUDIT = 100
    settings.BIBLIO_RETENTION_DAYS_APPLICATIONS = 100
    settings.BIBLIO_RETENTION_DAYS_EVIDENCE = 100
    now = timezone.now()
    long_ago = now - timedelta(days=101)
    old_event = AuditEvent.objects.create(verb="x", object_type="t", object_id="1", at=long_ago)
    new_event = AuditEvent.objects.create(verb="x", object_type="t", object_id="2")
    rejected = ApplicationFactory(status=Application.Status.REJECTED, motivation="old")
    accepted = ApplicationFactory(status=Application.Status.ACCEPTED, motivation="kept-then-cleared")
    recent = ApplicationFactory(status=Application.Status.REJECTED)
    Application.objects.filter(pk__in=[rejected.pk, accepted.pk]).update(created_at=long_ago)
    ended = CohortFactory(
        start=(now - timedelta(days=400)).date(),
        end=(now - timedelta(days=101)).date(),
        wb_start=None,
        wb_end=None,
    )
    evidence = default_storage.save("evidence/old.pdf", io.BytesIO(b"%PDF-1.4"))
    old_entry = HourEntryFactory(enrolment=EnrolmentFactory(cohort=ended), evidence=evidence)
    due = erasure.erasure_request(person=PersonFactory(), password=PASSWORD)
    ErasureRequest.objects.filter(pk=due.pk).update(due_at=now - timedelta(minutes=1))
    not_due = erasure.erasure_request(person=PersonFactory(), password=PASSWORD)

    dry = apply_retention(dry_run=True)
    assert (dry.audit_events, dry.applications_deleted, dry.evidence_files, dry.erasures) == (1, 1, 1, 1)
    assert AuditEvent.objects.filter(pk=old_event.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("apply_retention", stdout=out)
    assert "audit events: 1" in out.getvalue()
    assert not AuditEvent.objects.filter(pk=old_event.pk).exists()
    assert AuditEvent.objects.filter(pk=new_event.pk).exists()
    assert not Application.objects.filter(pk=rejected.pk).exists()
    assert Application.objects.get(pk=accepted.pk).motivation == ""
    assert Application.objects.filter(pk=recent.pk).exists()
    old_entry.refresh_from_db()
    assert not old_entry.evidence and not default_storage.exists(evidence)
    assert ErasureRequest.objects.get(pk=due.pk).status == "done"
    assert ErasureRequest.objects.get(pk=not_due.pk).status == "pending"
