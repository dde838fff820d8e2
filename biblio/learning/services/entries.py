"""Hour entries of the blended modes: log, edit or withdraw while submitted; approve or reject.

Work-based entries belong to the workplace logbook (mentors sign them off there); this module
refuses them. Approved hours never change: an entry is editable only while it waits for review.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as date_type

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit, audit_many, diff
from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, allows, allows_on_enrolment, enrolment_q
from biblio.core.errors import DomainError, PermissionDenied
from biblio.programmes.models import HourBudget, LearningMode, Module, ProgrammeModule

from ..files import EVIDENCE_KINDS, check_upload, safe_name
from ..mail import send_after_commit
from ..models import Enrolment, HourEntry
from ..rules import BLENDED_MODES, ENTRY_INVALID, check_entry, lock_person_day

MODULE_OPTIONAL_MODES = (LearningMode.ONLINE,)

WORK_BASED_IN_LOGBOOK = _("Work-based hours are logged in the logbook, where your mentor signs them off.")
WORK_BASED_NOT_HERE = _("Work-based hours are signed off by the mentor in the logbook.")
MODE_INVALID = _("Choose one of the learning modes.")
MODE_NO_BUDGET = _("Your track has no hours for this mode.")
MODULE_REQUIRED = _("Choose the module these hours were for.")
MODULE_NOT_IN_TRACK = _("Choose a module of your track.")
NOT_EDITABLE = _("Only an entry that is waiting for approval can be changed or withdrawn.")
ALREADY_REVIEWED = _("This entry has already been reviewed.")
REASON_REQUIRED = _("Say why the entry is rejected, so the participant can put it right.")
OWN_ENTRY = _("You cannot review your own hours.")
NOT_ALLOWED = _("You are not allowed to do this.")
NOTE_TOO_LONG = _("Keep the note under 2,000 characters.")


def _validate(
    *,
    enrolment: Enrolment,
    mode: str,
    module: Module | None,
    date: date_type,
    minutes: int,
    note: str,
    exclude_entry_id: int | None = None,
) -> None:
    """All field errors at once: mode and module first, then the shared sanity rules."""
    fields: dict[str, list] = {}
    if mode == LearningMode.WORK_BASED:
        fields["mode"] = [WORK_BASED_IN_LOGBOOK]
    elif mode not in BLENDED_MODES:
        fields["mode"] = [MODE_INVALID]
    elif not HourBudget.objects.filter(programme_id=enrolment.programme_id, mode=mode).exists():
        fields["mode"] = [MODE_NO_BUDGET]
    if module is None:
        if mode in BLENDED_MODES and mode not in MODULE_OPTIONAL_MODES:
            fields["module"] = [MODULE_REQUIRED]
    elif not ProgrammeModule.objects.filter(programme_id=enrolment.programme_id, module=module).exists():
        fields["module"] = [MODULE_NOT_IN_TRACK]
    if len(note or "") > 2000:
        fields["note"] = [NOTE_TOO_LONG]
    try:
        check_entry(enrolment=enrolment, date=date, minutes=minutes, exclude_entry_id=exclude_entry_id)
    except DomainError as error:
        if not error.fields:
            raise
        for name, messages in error.fields.items():
            fields.setdefault(name, []).extend(messages)
    if fields:
        raise DomainError(ENTRY_INVALID, fields=fields)


@transaction.atomic
def hour_entry_create(
    *,
    actor: Person,
    enrolment: Enrolment,
    mode: str,
    date: date_type,
    minutes: int,
    module: Module | None = None,
    note: str = "",
    evidence: UploadedFile | None = None,
) -> HourEntry:
    """A participant logs blended-mode hours; they wait for a trainer's or moderator's approval."""
    if not allows_on_enrolment(actor, Action.LOG_HOURS, enrolment):
        raise PermissionDenied(NOT_ALLOWED)
    lock_person_day(enrolment.person_id)
    _validate(enrolment=enrolment, mode=mode, module=module, date=date, minutes=minutes, note=note)
    kind = check_upload(evidence, kinds=EVIDENCE_KINDS, field="evidence") if evidence else None
    entry = HourEntry(
        enrolment=enrolment, mode=mode, module=module, date=date, minutes=minutes, note=note.strip()
    )
    if evidence is not None and kind is not None:
        entry.evidence.save(safe_name(evidence, kind), evidence, save=False)
    entry.save()
    audit(
        actor=actor,
        verb="hour_entry.create",
        obj=entry,
        cohort_id=enrolment.cohort_id,
        changes={"minutes": [None, minutes], "mode": [None, mode], "date": [None, date]},
    )
    return entry


def _locked_own_submitted(actor: Person, entry: HourEntry) -> HourEntry:
    if not allows_on_enrolment(actor, Action.LOG_HOURS, entry.enrolment):
        raise PermissionDenied(NOT_ALLOWED)
    if entry.mode == LearningMode.WORK_BASED:
        raise DomainError(WORK_BASED_IN_LOGBOOK)
    locked = (
        HourEntry.objects.select_for_update(of=("self",)).select_related("enrolment__cohort").get(pk=entry.pk)
    )
    if locked.status != HourEntry.Status.SUBMITTED:
        raise DomainError(NOT_EDITABLE)
    return locked


@transaction.atomic
def hour_entry_update(
    *,
    actor: Person,
    entry: HourEntry,
    mode: str,
    date: date_type,
    minutes: int,
    module: Module | None = None,
    note: str = "",
    evidence: UploadedFile | None = None,
    remove_evidence: bool = False,
) -> HourEntry:
    """The participant corrects an entry that still waits for approval."""
    lock_person_day(entry.enrolment.person_id)
    entry = _locked_own_submitted(actor, entry)
    _validate(
        enrolment=entry.enrolment,
        mode=mode,
        module=module,
        date=date,
        minutes=minutes,
        note=note,
        exclude_entry_id=entry.pk,
    )
    kind = check_upload(evidence, kinds=EVIDENCE_KINDS, field="evidence") if evidence else None
    before = {f: getattr(entry, f) for f in ("mode", "module_id", "date", "minutes", "note")}
    old_file = entry.evidence.name if entry.evidence else ""
    entry.mode, entry.module, entry.date, entry.minutes = mode, module, date, minutes
    entry.note = (note or "").strip()
    if evidence is not None and kind is not None:
        entry.evidence.save(safe_name(evidence, kind), evidence, save=False)
    elif remove_evidence:
        entry.evidence = ""
    entry.save(update_fields=["mode", "module", "date", "minutes", "note", "evidence"])
    changes = diff(before, entry, ["mode", "module_id", "date", "minutes", "note"])
    if old_file and old_file != (entry.evidence.name if entry.evidence else ""):
        changes["evidence"] = [old_file, entry.evidence.name if entry.evidence else ""]
        storage = entry.evidence.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    audit(
        actor=actor,
        verb="hour_entry.update",
        obj=entry,
        cohort_id=entry.enrolment.cohort_id,
        changes=changes,
    )
    return entry


@transaction.atomic
def hour_entry_withdraw(*, actor: Person, entry: HourEntry) -> None:
    """The participant withdraws an entry that still waits for approval (it is deleted)."""
    entry = _locked_own_submitted(actor, entry)
    audit(
        actor=actor,
        verb="hour_entry.withdraw",
        obj=entry,
        cohort_id=entry.enrolment.cohort_id,
        changes={"minutes": [entry.minutes, None], "date": [entry.date, None]},
    )
    if entry.evidence:
        name, storage = entry.evidence.name, entry.evidence.storage
        transaction.on_commit(lambda: storage.delete(name))
    entry.delete()


def _review(actor: Person, entry: HourEntry, status: str, comment: str) -> HourEntry:
    """Lock the row, check it still waits, and decide it. The lock makes a double approval count once."""
    if not allows(actor, Action.REVIEW_HOURS, cohort_id=entry.enrolment.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    if entry.mode == LearningMode.WORK_BASED:
        raise DomainError(WORK_BASED_NOT_HERE)
    if entry.enrolment.person_id == actor.pk:
        raise PermissionDenied(OWN_ENTRY)
    locked = (
        HourEntry.objects.select_for_update(of=("self",))
        .select_related("enrolment__person", "enrolment__cohort", "module")
        .get(pk=entry.pk)
    )
    if locked.status != HourEntry.Status.SUBMITTED:
        raise DomainError(ALREADY_REVIEWED)
    locked.status = status
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.review_comment = comment
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    audit(
        actor=actor,
        verb=f"hour_entry.{'approve' if status == HourEntry.Status.APPROVED else 'reject'}",
        obj=locked,
        cohort_id=locked.enrolment.cohort_id,
        changes={"status": [HourEntry.Status.SUBMITTED, status], "comment": [None, comment]},
    )
    return locked


@transaction.atomic
def hour_entry_approve(*, actor: Person, entry: HourEntry, comment: str = "") -> HourEntry:
    """A trainer, moderator or coordinator of the cohort approves a blended-mode entry."""
    return _review(actor, entry, HourEntry.Status.APPROVED, (comment or "").strip())


@transaction.atomic
def hour_entry_reject(*, actor: Person, entry: HourEntry, reason: str) -> HourEntry:
    """Reject with a reason; the participant is e-mailed and can log a corrected entry."""
    if not (reason or "").strip():
        raise DomainError(REASON_REQUIRED, fields={"reason": [REASON_REQUIRED]})
    entry = _review(actor, entry, HourEntry.Status.REJECTED, reason.strip())
    send_after_commit(entry.enrolment.person, "entry_rejected", {"entry": entry})
    return entry


@transaction.atomic
def hour_entries_approve_bulk(*, actor: Person, entry_ids: Iterable[int]) -> tuple[int, int]:
    """Approve every listed entry the reviewer may approve and that still waits; (approved, skipped).

    Set-based: one locking read of what may be approved, one UPDATE (which checks the state again), one
    audit INSERT. Rows are locked in id order, so two reviewers approving overlapping lists count each
    entry once: the second waits for the first's commit and then finds those entries no longer waiting.
    """
    ids = sorted({int(i) for i in entry_ids})
    locked = list(
        HourEntry.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, status=HourEntry.Status.SUBMITTED, mode__in=BLENDED_MODES)
        .filter(enrolment_q(actor, Action.REVIEW_HOURS, "enrolment__"))
        .exclude(enrolment__person_id=actor.pk)
        .order_by("pk")
        .values_list("pk", "enrolment_id", "enrolment__cohort_id", "date", "minutes", "mode")
    )
    if not locked:
        return 0, len(ids)
    approved = HourEntry.objects.filter(
        pk__in=[row[0] for row in locked], status=HourEntry.Status.SUBMITTED
    ).update(status=HourEntry.Status.APPROVED, reviewed_by=actor, reviewed_at=timezone.now())
    if approved != len(locked):  # cannot happen under the locks; never audit what was not approved
        raise RuntimeError(f"bulk approval: {approved} of {len(locked)} locked entries updated")
    audit_many(
        actor=actor,
        verb="hour_entry.approve",
        events=(
            (
                HourEntry(pk=pk, enrolment_id=enrolment_id, date=day, minutes=minutes, mode=mode),
                cohort_id,
                {"status": [HourEntry.Status.SUBMITTED, HourEntry.Status.APPROVED], "bulk": [None, True]},
            )
            for pk, enrolment_id, cohort_id, day, minutes, mode in locked
        ),
    )
    return approved, len(ids) - approved
