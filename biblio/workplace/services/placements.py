"""Placements: the coordinator assigns a host library and a mentor; a change of mentor keeps the history."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit, diff
from biblio.accounts.models import Membership, Person, Role
from biblio.accounts.permissions import Action, forget_roles
from biblio.core.errors import DomainError
from biblio.learning.models import Enrolment, HourEntry
from biblio.programmes.models import LearningMode, Organisation

from ..models import MentorAssignment, Placement
from ..policy import require

PLACEMENT_INVALID = _("The placement could not be saved: please correct the marked fields.")
DATES_REQUIRED = _("This cohort has no work-based window: give the start and the end.")
END_BEFORE_START = _("The end must be after the start.")
OUTSIDE_COURSE = _("The placement must fall within the course, %(start)s to %(end)s.")
HOURS_POSITIVE = _("Planned hours must be more than zero.")
MENTOR_SELF = _("A participant cannot be their own mentor.")
MENTOR_INACTIVE = _("This person's account is not active.")
ENTRIES_OUTSIDE = _("%(count)s logged entries fall outside these dates: move or withdraw them first.")
SIGNED_OFF = _("The work-based learning has been signed off: the placement can no longer change.")

FIELDS = ["host_id", "mentor_id", "start", "end", "planned_hours"]
DEFAULT_HOURS = Decimal("165")


def _check(
    *,
    enrolment: Enrolment,
    placement: Placement | None,
    mentor: Person,
    start: date | None,
    end: date | None,
    planned_hours: Decimal,
) -> None:
    cohort = enrolment.cohort
    fields: dict[str, list[str]] = {}
    if start is None or end is None:
        fields["start"] = [str(DATES_REQUIRED)]
    elif end <= start:
        fields["end"] = [str(END_BEFORE_START)]
    elif start < cohort.start or end > cohort.end:
        fields["start"] = [
            str(OUTSIDE_COURSE % {"start": cohort.start.isoformat(), "end": cohort.end.isoformat()})
        ]
    if planned_hours is None or planned_hours <= 0:
        fields["planned_hours"] = [str(HOURS_POSITIVE)]
    if mentor.pk == enrolment.person_id:
        fields["mentor"] = [str(MENTOR_SELF)]
    elif not mentor.is_active:
        fields["mentor"] = [str(MENTOR_INACTIVE)]
    if placement is not None and not fields:
        outside = (
            HourEntry.objects.filter(enrolment_id=enrolment.pk, mode=LearningMode.WORK_BASED)
            .exclude(date__gte=start, date__lte=end)
            .count()
        )
        if outside:
            fields["start"] = [str(ENTRIES_OUTSIDE % {"count": outside})]
    if fields:
        raise DomainError(PLACEMENT_INVALID, fields=fields)


@transaction.atomic
def placement_assign(
    *,
    actor: Person,
    enrolment: Enrolment,
    host: Organisation,
    mentor: Person,
    start: date | None = None,
    end: date | None = None,
    planned_hours: Decimal | None = None,
    note: str = "",
) -> Placement:
    """Create or change a participant's placement; dates default to the cohort's work-based window."""
    require(actor, Action.ASSIGN_PLACEMENT, enrolment)
    cohort = enrolment.cohort
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()  # one writer per enrolment
    placement = Placement.objects.select_for_update().filter(enrolment_id=enrolment.pk).first()
    if placement is not None and placement.signed_off_at is not None:
        raise DomainError(SIGNED_OFF)
    start = start or (placement.start if placement else cohort.wb_start)
    end = end or (placement.end if placement else cohort.wb_end)
    if planned_hours is None:
        planned_hours = placement.planned_hours if placement else DEFAULT_HOURS
    _check(
        enrolment=enrolment,
        placement=placement,
        mentor=mentor,
        start=start,
        end=end,
        planned_hours=planned_hours,
    )
    before = {f: getattr(placement, f) for f in FIELDS} if placement else dict.fromkeys(FIELDS)
    old_mentor_id = placement.mentor_id if placement else None
    if placement is None:
        placement = Placement(enrolment=enrolment)
    placement.host, placement.mentor = host, mentor
    placement.start, placement.end, placement.planned_hours = start, end, planned_hours
    if placement.pk is None:
        placement.save()
    else:
        placement.save(update_fields=["host", "mentor", "start", "end", "planned_hours"])
    if old_mentor_id != mentor.pk:
        _record_mentor_change(placement, old_mentor_id=old_mentor_id, actor=actor, note=note)
    _, joined = Membership.objects.get_or_create(person=mentor, cohort=cohort, role=Role.MENTOR)
    if joined:
        forget_roles(mentor)
    audit(
        actor=actor,
        verb="placement.assigned" if before["host_id"] is None else "placement.changed",
        obj=placement,
        cohort_id=cohort.pk,
        changes=diff(before, placement, FIELDS),
    )
    return placement


def _record_mentor_change(
    placement: Placement, *, old_mentor_id: int | None, actor: Person, note: str
) -> None:
    now = timezone.now()
    closed = MentorAssignment.objects.filter(placement=placement, ended_at__isnull=True).update(ended_at=now)
    if not closed and old_mentor_id is not None:
        # A placement made before histories were kept: record its first mentor from the placement's start.
        since = datetime.combine(
            placement.start, time.min, tzinfo=ZoneInfo(placement.enrolment.cohort.timezone)
        )
        MentorAssignment.objects.create(
            placement=placement, mentor_id=old_mentor_id, started_at=min(since, now), ended_at=now
        )
    MentorAssignment.objects.create(
        placement=placement, mentor=placement.mentor, assigned_by=actor, started_at=now, note=note.strip()
    )
