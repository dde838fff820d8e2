"""Hour entries: logging, editing and withdrawing while submitted; review with reasons; bulk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from biblio.accounts.models import AuditEvent, Membership, Role
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning import rules
from biblio.learning.models import HourEntry
from biblio.learning.services import entries as svc
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    HourEntryFactory,
    PersonFactory,
    PlacementFactory,
    ProgrammeFactory,
    ProgrammeModuleFactory,
    staff,
)
from tests.learning.factories import JPEG, PDF, offered_module, upload

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _log(enrolment, **kwargs):
    values = {"mode": "online", "date": TODAY(), "minutes": 90, "note": "Read chapter 2"}
    values.update(kwargs)
    return svc.hour_entry_create(actor=enrolment.person, enrolment=enrolment, **values)


def test_participant_logs_online_hours_without_module():
    e = EnrolmentFactory()
    entry = _log(e)
    assert (entry.status, entry.minutes, entry.module) == ("submitted", 90, None)
    assert AuditEvent.objects.filter(verb="hour_entry.create", object_id=str(entry.pk)).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"mode": "work_based"}, "mode", svc.WORK_BASED_IN_LOGBOOK),
        ({"mode": "dancing"}, "mode", svc.MODE_INVALID),
        ({"mode": "f2f"}, "module", svc.MODULE_REQUIRED),
        ({"mode": "assessment"}, "module", svc.MODULE_REQUIRED),
        ({"date": TODAY() + dt.timedelta(days=1)}, "date", rules.DATE_IN_FUTURE),
        ({"minutes": 0}, "minutes", rules.MINUTES_NOT_POSITIVE),
        ({"minutes": 13 * 60}, "minutes", rules.MINUTES_OVER_DAY),
        ({"note": "x" * 2001}, "note", svc.NOTE_TOO_LONG),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(changes, field, message):
    e = EnrolmentFactory()
    with pytest.raises(DomainError) as caught:
        _log(e, **changes)
    assert caught.value.message == str(rules.ENTRY_INVALID)
    assert caught.value.fields[field] == [str(message)]
    assert not HourEntry.objects.exists()


def test_module_must_belong_to_the_track():
    e = EnrolmentFactory()
    stranger = offered_module(CohortFactory())
    with pytest.raises(DomainError) as caught:
        _log(e, mode="f2f", module=stranger)
    assert caught.value.fields == {"module": [str(svc.MODULE_NOT_IN_TRACK)]}
    _log(e, mode="f2f", module=offered_module(e.cohort))


def test_mode_without_budget_is_refused():
    programme = ProgrammeFactory(budget={"online": 100})
    e = EnrolmentFactory(programme=programme)
    module = ProgrammeModuleFactory(programme=programme).module
    with pytest.raises(DomainError) as caught:
        _log(e, mode="project", module=module)
    assert caught.value.fields["mode"] == [str(svc.MODE_NO_BUDGET)]


def test_evidence_is_checked_by_content():
    e = EnrolmentFactory()
    entry = _log(e, evidence=upload("shot.png", JPEG))
    assert entry.evidence.name.endswith(".jpg")  # the extension follows the content
    with pytest.raises(DomainError) as caught:
        _log(e, evidence=upload("fake.pdf", b"MZ\x90\x00 not a pdf"))
    assert caught.value.fields == {"evidence": ["Upload a PDF, PNG or JPEG file."]}
    assert HourEntry.objects.count() == 1


def test_evidence_size_limit(settings):
    settings.BIBLIO_MAX_UPLOAD_BYTES = 1024 * 1024
    e = EnrolmentFactory()
    with pytest.raises(DomainError) as caught:
        _log(e, evidence=upload("big.pdf", PDF + b"0" * (1024 * 1024)))
    assert caught.value.fields == {"evidence": ["The file is too big: the limit is 1 MB."]}


def test_only_the_participant_logs_their_own_hours():
    e = EnrolmentFactory()
    for intruder in (staff(e.cohort, Role.COORDINATOR), PersonFactory()):
        with pytest.raises(PermissionDenied):
            svc.hour_entry_create(actor=intruder, enrolment=e, mode="online", date=TODAY(), minutes=30)


def test_edit_and_withdraw_only_while_submitted():
    e = EnrolmentFactory()
    entry = _log(e)
    svc.hour_entry_update(actor=e.person, entry=entry, mode="online", date=TODAY(), minutes=120, note="More")
    entry.refresh_from_db()
    assert entry.minutes == 120
    svc.hour_entry_approve(actor=staff(e.cohort, Role.TRAINER), entry=entry)
    with pytest.raises(DomainError) as caught:
        svc.hour_entry_update(actor=e.person, entry=entry, mode="online", date=TODAY(), minutes=600)
    assert caught.value.message == str(svc.NOT_EDITABLE)
    with pytest.raises(DomainError):
        svc.hour_entry_withdraw(actor=e.person, entry=entry)
    entry.refresh_from_db()
    assert (entry.minutes, entry.status) == (120, "approved")  # approved hours never change


def test_withdraw_deletes_a_submitted_entry(django_capture_on_commit_callbacks):
    e = EnrolmentFactory()
    entry = _log(e, evidence=upload())
    name, storage = entry.evidence.name, entry.evidence.storage
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        svc.hour_entry_withdraw(actor=e.person, entry=entry)
    assert not HourEntry.objects.exists()
    assert AuditEvent.objects.filter(verb="hour_entry.withdraw").count() == 1
    assert not storage.exists(name)


# role × action × own/other cohort
@pytest.mark.parametrize(
    ("role", "same_cohort", "allowed"),
    [
        (Role.TRAINER, True, True),
        (Role.MODERATOR, True, True),
        (Role.COORDINATOR, True, True),
        (Role.MENTOR, True, False),
        (Role.PARTICIPANT, True, False),
        (Role.TRAINER, False, False),
        (Role.COORDINATOR, False, False),
    ],
)
def test_review_permission_table(role, same_cohort, allowed):
    entry = HourEntryFactory()
    cohort = entry.enrolment.cohort if same_cohort else CohortFactory()
    reviewer = staff(cohort, role)
    if allowed:
        svc.hour_entry_approve(actor=reviewer, entry=entry)
        entry.refresh_from_db()
        assert (entry.status, entry.reviewed_by) == ("approved", reviewer)
    else:
        with pytest.raises(PermissionDenied):
            svc.hour_entry_approve(actor=reviewer, entry=entry)
        with pytest.raises(PermissionDenied):
            svc.hour_entry_reject(actor=reviewer, entry=entry, reason="No")


def test_review_refuses_work_based_entries_even_for_coordinators():
    entry = HourEntryFactory(mode="work_based")
    coordinator = staff(entry.enrolment.cohort, Role.COORDINATOR)
    with pytest.raises(DomainError) as caught:
        svc.hour_entry_approve(actor=coordinator, entry=entry)
    assert caught.value.message == str(svc.WORK_BASED_NOT_HERE)
    approved, skipped = svc.hour_entries_approve_bulk(actor=coordinator, entry_ids=[entry.pk])
    assert (approved, skipped) == (0, 1)


def test_reject_needs_a_reason_and_mails_the_participant(mailoutbox, django_capture_on_commit_callbacks):
    entry = HourEntryFactory()
    trainer = staff(entry.enrolment.cohort, Role.TRAINER)
    with pytest.raises(DomainError) as caught:
        svc.hour_entry_reject(actor=trainer, entry=entry, reason="  ")
    assert caught.value.fields == {"reason": [str(svc.REASON_REQUIRED)]}
    with django_capture_on_commit_callbacks(execute=True):
        svc.hour_entry_reject(actor=trainer, entry=entry, reason="Add what you read, please.")
    entry.refresh_from_db()
    assert (entry.status, entry.review_comment) == ("rejected", "Add what you read, please.")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [entry.enrolment.person.email]
    assert "Add what you read, please." in mailoutbox[0].body


def test_reviewing_twice_is_refused():
    entry = HourEntryFactory()
    trainer = staff(entry.enrolment.cohort, Role.TRAINER)
    svc.hour_entry_approve(actor=trainer, entry=entry)
    with pytest.raises(DomainError) as caught:
        svc.hour_entry_approve(actor=trainer, entry=entry)
    assert caught.value.message == str(svc.ALREADY_REVIEWED)
    assert AuditEvent.objects.filter(verb="hour_entry.approve").count() == 1


def test_nobody_reviews_their_own_hours():
    entry = HourEntryFactory()
    staff_member = entry.enrolment.person
    Membership.objects.create(person=staff_member, cohort=entry.enrolment.cohort, role=Role.TRAINER)
    with pytest.raises(PermissionDenied):
        svc.hour_entry_approve(actor=staff_member, entry=entry)


def test_bulk_approval_takes_only_what_the_reviewer_may():
    cohort = CohortFactory()
    trainer = staff(cohort, Role.TRAINER)
    mine = [HourEntryFactory(enrolment__cohort=cohort) for _ in range(3)]
    done = HourEntryFactory(enrolment__cohort=cohort, status=HourEntry.Status.REJECTED)
    foreign = HourEntryFactory()
    work = PlacementFactory(enrolment__cohort=cohort).enrolment
    wb = HourEntryFactory(enrolment=work, mode="work_based")
    ids = [e.pk for e in mine] + [done.pk, foreign.pk, wb.pk, 999999]
    assert svc.hour_entries_approve_bulk(actor=trainer, entry_ids=ids) == (3, 4)
    assert set(HourEntry.objects.filter(status="approved").values_list("pk", flat=True)) == {
        e.pk for e in mine
    }
    assert AuditEvent.objects.filter(verb="hour_entry.approve").count() == 3
