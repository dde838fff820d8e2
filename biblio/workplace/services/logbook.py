"""The work-based logbook: the participant logs, edits and withdraws entries; the mentor signs them off.

An entry is `submitted` (waiting), `approved` (signed off: final) or `rejected` (returned with a comment).
Editing a returned entry puts it back to waiting: the mentor's comment stays on it until the next review,
so they see what they asked for. Withdrawing deletes a waiting or returned entry; a signed one never changes.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit, diff
from biblio.accounts.models import Person
from biblio.accounts.permissions import Action
from biblio.core.errors import DomainError
from biblio.learning.models import Enrolment, HourEntry
from biblio.learning.rules import ENTRY_INVALID, check_entry, lock_person_day
from biblio.programmes.models import LearningMode

from ..dates import cohort_today, week_start
from ..models import Placement, ProjectActivity
from ..policy import require, require_sign_off

NO_PLACEMENT = _("Work-based hours can be logged once your coordinator has assigned you a placement.")
PLACEMENT_SIGNED_OFF = _("Your work-based learning has been signed off: no more hours can be logged.")
OUTSIDE_PLACEMENT = _("The date must fall within your placement, %(start)s to %(end)s.")
ACTIVITY_REQUIRED = _("Choose the project activity this work served.")
ACTIVITY_NOT_OWN = _("Choose an activity of your own project.")
NOTE_REQUIRED = _("Say what you did.")
ENTRY_SIGNED = _("This entry has been signed off and can no longer be changed.")
ENTRY_NOT_WAITING = _("This entry is not waiting for sign-off.")
RETURN_NEEDS_COMMENT = _("Say what should change when you return hours.")
NOT_A_WEEK = _("A week starts on a Monday.")
WEEK_NOTHING_WAITING = _("No entries are waiting for sign-off in this week.")

EDITABLE = (HourEntry.Status.SUBMITTED, HourEntry.Status.REJECTED)
ENTRY_FIELDS = ["date", "minutes", "activity_id", "note", "status"]


def _placement(enrolment: Enrolment) -> Placement:
    try:
        placement = enrolment.placement
    except Placement.DoesNotExist:
        placement = None
    if placement is None:
        raise DomainError(NO_PLACEMENT)
    if placement.signed_off_at is not None:
        raise DomainError(PLACEMENT_SIGNED_OFF)
    return placement


def _check(
    *,
    enrolment: Enrolment,
    placement: Placement,
    day: date,
    minutes: int,
    activity_id: int | None,
    note: str,
    exclude_entry_id: int | None = None,
) -> ProjectActivity:
    """All the rules at once, so a form shows every problem together; nothing is saved on failure."""
    fields: dict[str, list[str]] = {}
    lock_person_day(enrolment.person_id)
    try:
        check_entry(
            enrolment=enrolment,
            date=day,
            minutes=minutes,
            exclude_entry_id=exclude_entry_id,
            today=cohort_today(enrolment.cohort),
        )
    except DomainError as exc:
        if not exc.fields:
            raise
        fields.update(exc.fields)
    if "date" not in fields and not placement.start <= day <= placement.end:
        fields["date"] = [
            str(OUTSIDE_PLACEMENT % {"start": placement.start.isoformat(), "end": placement.end.isoformat()})
        ]
    activity = None
    if activity_id is None:
        fields["activity"] = [str(ACTIVITY_REQUIRED)]
    else:
        activity = ProjectActivity.objects.filter(pk=activity_id, idea__enrolment_id=enrolment.pk).first()
        if activity is None:
            fields["activity"] = [str(ACTIVITY_NOT_OWN)]
    if not note.strip():
        fields["note"] = [str(NOTE_REQUIRED)]
    if fields:
        raise DomainError(ENTRY_INVALID, fields=fields)
    return activity


@transaction.atomic
def work_entry_log(
    *, actor: Person, enrolment: Enrolment, date: date, minutes: int, activity_id: int | None, note: str
) -> HourEntry:
    """The participant logs work-based hours: what they did and which project activity it served."""
    require(actor, Action.LOG_HOURS, enrolment)
    placement = _placement(enrolment)
    activity = _check(
        enrolment=enrolment,
        placement=placement,
        day=date,
        minutes=minutes,
        activity_id=activity_id,
        note=note,
    )
    entry = HourEntry.objects.create(
        enrolment=enrolment,
        mode=LearningMode.WORK_BASED,
        date=date,
        minutes=minutes,
        activity=activity,
        note=note.strip(),
    )
    audit(
        actor=actor,
        verb="work_entry.logged",
        obj=entry,
        cohort_id=enrolment.cohort_id,
        changes={"date": [None, date], "minutes": [None, minutes], "activity_id": [None, activity.pk]},
    )
    return entry


def _editable(entry: HourEntry) -> None:
    if entry.status not in EDITABLE:
        raise DomainError(ENTRY_SIGNED)


@transaction.atomic
def work_entry_edit(
    *, actor: Person, entry: HourEntry, date: date, minutes: int, activity_id: int | None, note: str
) -> HourEntry:
    """The participant corrects a waiting or returned entry; a returned one goes back to waiting."""
    enrolment = entry.enrolment
    require(actor, Action.LOG_HOURS, enrolment)
    entry = HourEntry.objects.select_for_update().get(pk=entry.pk)
    _editable(entry)
    placement = _placement(enrolment)
    activity = _check(
        enrolment=enrolment,
        placement=placement,
        day=date,
        minutes=minutes,
        activity_id=activity_id,
        note=note,
        exclude_entry_id=entry.pk,
    )
    before = {f: getattr(entry, f) for f in ENTRY_FIELDS}
    entry.date, entry.minutes, entry.activity, entry.note = date, minutes, activity, note.strip()
    entry.status, entry.reviewed_at, entry.reviewed_by = HourEntry.Status.SUBMITTED, None, None
    entry.save(update_fields=["date", "minutes", "activity", "note", "status", "reviewed_at", "reviewed_by"])
    audit(
        actor=actor,
        verb="work_entry.edited",
        obj=entry,
        cohort_id=enrolment.cohort_id,
        changes=diff(before, entry, ENTRY_FIELDS),
    )
    return entry


@transaction.atomic
def work_entry_withdraw(*, actor: Person, entry: HourEntry) -> None:
    """The participant deletes a waiting or returned entry."""
    enrolment = entry.enrolment
    require(actor, Action.LOG_HOURS, enrolment)
    entry = HourEntry.objects.select_for_update().get(pk=entry.pk)
    _editable(entry)
    audit(
        actor=actor,
        verb="work_entry.withdrawn",
        obj=entry,
        cohort_id=enrolment.cohort_id,
        changes={"date": [entry.date, None], "minutes": [entry.minutes, None]},
    )
    entry.delete()


def _decide(entries: list[HourEntry], *, actor: Person, approve: bool, comment: str) -> None:
    now = timezone.now()
    for entry in entries:
        entry.status = HourEntry.Status.APPROVED if approve else HourEntry.Status.REJECTED
        entry.reviewed_by, entry.reviewed_at, entry.review_comment = actor, now, comment
    HourEntry.objects.bulk_update(entries, ["status", "reviewed_by", "reviewed_at", "review_comment"])


@transaction.atomic
def work_entry_review(*, actor: Person, entry: HourEntry, approve: bool, comment: str = "") -> HourEntry:
    """The mentor (or coordinator) signs one waiting entry off, or returns it with a comment."""
    enrolment = entry.enrolment
    require_sign_off(actor, enrolment)
    comment = comment.strip()
    if not approve and not comment:
        raise DomainError(RETURN_NEEDS_COMMENT, fields={"comment": [RETURN_NEEDS_COMMENT]})
    entry = HourEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != HourEntry.Status.SUBMITTED:
        raise DomainError(ENTRY_NOT_WAITING)
    _decide([entry], actor=actor, approve=approve, comment=comment)
    audit(
        actor=actor,
        verb="work_entry.approved" if approve else "work_entry.returned",
        obj=entry,
        cohort_id=enrolment.cohort_id,
        changes={"status": [HourEntry.Status.SUBMITTED, entry.status], "review_comment": [None, comment]},
    )
    return entry


@transaction.atomic
def work_week_review(
    *, actor: Person, enrolment: Enrolment, week: date, approve: bool, comment: str = ""
) -> list[HourEntry]:
    """Sign off (or return) every waiting entry of one ISO week at once."""
    require_sign_off(actor, enrolment)
    if week != week_start(week):
        raise DomainError(NOT_A_WEEK)
    comment = comment.strip()
    if not approve and not comment:
        raise DomainError(RETURN_NEEDS_COMMENT, fields={"comment": [RETURN_NEEDS_COMMENT]})
    entries = list(
        HourEntry.objects.select_for_update()
        .filter(
            enrolment_id=enrolment.pk,
            mode=LearningMode.WORK_BASED,
            status=HourEntry.Status.SUBMITTED,
            date__gte=week,
            date__lte=week + timedelta(days=6),
        )
        .order_by("date", "pk")
    )
    if not entries:
        raise DomainError(WEEK_NOTHING_WAITING)
    _decide(entries, actor=actor, approve=approve, comment=comment)
    audit(
        actor=actor,
        verb="work_week.approved" if approve else "work_week.returned",
        obj=enrolment,
        cohort_id=enrolment.cohort_id,
        changes={
            "week": [None, week],
            "entries": [None, [e.pk for e in entries]],
            "minutes": [None, sum(e.minutes for e in entries)],
            "review_comment": [None, comment],
        },
    )
    return entries
