"""Sessions (seminars with a place, webinars with a link) and attendance for the whole list at once.

Presence creates an Attendance row crediting the session's length to its mode (progress counts it as
approved hours); absence removes it. Times arrive as UTC datetimes (see `timezones`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit, diff
from biblio.accounts.models import Membership, Person
from biblio.accounts.permissions import STAFF_ROLES, Action, allows
from biblio.core.errors import DomainError, PermissionDenied
from biblio.programmes.models import Cohort, Module, ProgrammeModule

from ..models import Attendance, Enrolment, Session
from ..rules import BLENDED_MODES
from ..timezones import in_zone

SESSION_INVALID = _("The session could not be saved: please correct the marked fields.")
END_BEFORE_START = _("The session must end after it starts.")
TOO_LONG = _("A session cannot last more than 12 hours.")
OUTSIDE_COHORT = _("The session must take place between the course's start and end.")
PLACE_REQUIRED = _("A face-to-face seminar needs a place.")
LINK_REQUIRED = _("A webinar needs a link.")
MODE_INVALID = _("Sessions credit one of the blended modes.")
MODULE_NOT_OFFERED = _("Choose a module this cohort offers.")
TRAINER_NOT_STAFF = _("Choose a trainer, moderator or coordinator of this cohort.")
TITLE_REQUIRED = _("Give the session a title.")
NOT_STARTED = _("Attendance can be recorded once the session has started.")
NOT_IN_COHORT = _("Only active participants of this cohort can be marked present.")
NOT_ALLOWED = _("You are not allowed to do this.")

SESSION_MODES = BLENDED_MODES


def _validate(
    cohort: Cohort,
    *,
    kind: str,
    mode: str,
    title: str,
    start: datetime,
    end: datetime,
    place: str,
    link: str,
    module: Module | None,
    trainer: Person | None,
) -> None:
    fields: dict[str, list] = {}
    if not (title or "").strip():
        fields["title"] = [TITLE_REQUIRED]
    if end <= start:
        fields["end"] = [END_BEFORE_START]
    elif (end - start).total_seconds() > 12 * 3600:
        fields["end"] = [TOO_LONG]
    local_day = in_zone(start, cohort.timezone).date()
    if not cohort.start <= local_day <= cohort.end:
        fields["start"] = [OUTSIDE_COHORT]
    if kind == Session.Kind.SEMINAR and not (place or "").strip():
        fields["place"] = [PLACE_REQUIRED]
    if kind == Session.Kind.WEBINAR and not (link or "").strip():
        fields["link"] = [LINK_REQUIRED]
    if mode not in SESSION_MODES:
        fields["mode"] = [MODE_INVALID]
    if (
        module is not None
        and not ProgrammeModule.objects.filter(programme__track_cohorts=cohort, module=module).exists()
    ):
        fields["module"] = [MODULE_NOT_OFFERED]
    if (
        trainer is not None
        and not Membership.objects.filter(person=trainer, cohort=cohort, role__in=STAFF_ROLES).exists()
    ):
        fields["trainer"] = [TRAINER_NOT_STAFF]
    if fields:
        raise DomainError(SESSION_INVALID, fields=fields)


@transaction.atomic
def session_create(
    *,
    actor: Person,
    cohort: Cohort,
    kind: str,
    mode: str,
    title: str,
    start: datetime,
    end: datetime,
    place: str = "",
    link: str = "",
    module: Module | None = None,
    trainer: Person | None = None,
) -> Session:
    """Staff schedule a seminar or webinar of their cohort (times in UTC)."""
    if not allows(actor, Action.MANAGE_SESSIONS, cohort_id=cohort.pk):
        raise PermissionDenied(NOT_ALLOWED)
    _validate(
        cohort,
        kind=kind,
        mode=mode,
        title=title,
        start=start,
        end=end,
        place=place,
        link=link,
        module=module,
        trainer=trainer,
    )
    session = Session.objects.create(
        cohort=cohort,
        kind=kind,
        mode=mode,
        title=title.strip(),
        start=start,
        end=end,
        place=(place or "").strip(),
        link=(link or "").strip(),
        module=module,
        trainer=trainer,
    )
    audit(actor=actor, verb="session.create", obj=session, cohort_id=cohort.pk)
    return session


@transaction.atomic
def session_update(
    *,
    actor: Person,
    session: Session,
    kind: str,
    mode: str,
    title: str,
    start: datetime,
    end: datetime,
    place: str = "",
    link: str = "",
    module: Module | None = None,
    trainer: Person | None = None,
) -> Session:
    """Change a session; attendance already recorded follows its new length and mode."""
    if not allows(actor, Action.MANAGE_SESSIONS, cohort_id=session.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    session = Session.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=session.pk)
    _validate(
        session.cohort,
        kind=kind,
        mode=mode,
        title=title,
        start=start,
        end=end,
        place=place,
        link=link,
        module=module,
        trainer=trainer,
    )
    fields = ["kind", "mode", "title", "start", "end", "place", "link", "module_id", "trainer_id"]
    before = {f: getattr(session, f) for f in fields}
    session.kind, session.mode, session.title = kind, mode, title.strip()
    session.start, session.end = start, end
    session.place, session.link = (place or "").strip(), (link or "").strip()
    session.module, session.trainer = module, trainer
    session.save()
    if session.minutes != before_minutes(before):
        Attendance.objects.filter(session=session).update(minutes=session.minutes)
    audit(
        actor=actor,
        verb="session.update",
        obj=session,
        cohort_id=session.cohort_id,
        changes=diff(before, session, fields),
    )
    return session


def before_minutes(before: dict) -> int:
    return int((before["end"] - before["start"]).total_seconds() // 60)


@transaction.atomic
def session_delete(*, actor: Person, session: Session) -> None:
    """Cancel a session; any attendance recorded for it (and the hours it credited) goes with it."""
    if not allows(actor, Action.MANAGE_SESSIONS, cohort_id=session.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    attended = Attendance.objects.filter(session=session).count()
    audit(
        actor=actor,
        verb="session.delete",
        obj=session,
        cohort_id=session.cohort_id,
        changes={"title": [session.title, None], "attendances": [attended, 0]},
    )
    session.delete()


@transaction.atomic
def attendance_record(*, actor: Person, session: Session, present: Iterable[int]) -> tuple[int, int]:
    """Set who was present, for the whole list at once; returns (added, removed)."""
    if not allows(actor, Action.RECORD_ATTENDANCE, cohort_id=session.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.start > timezone.now():
        raise DomainError(NOT_STARTED)
    wanted = {int(i) for i in present}
    valid = set(
        Enrolment.objects.filter(
            pk__in=wanted, cohort_id=session.cohort_id, status=Enrolment.Status.ACTIVE
        ).values_list("pk", flat=True)
    )
    if wanted - valid:
        raise DomainError(NOT_IN_COHORT, fields={"present": [NOT_IN_COHORT]})
    existing = set(  # participants who left keep the hours they attended
        Attendance.objects.filter(session=session, enrolment__status=Enrolment.Status.ACTIVE).values_list(
            "enrolment_id", flat=True
        )
    )
    added, removed = sorted(wanted - existing), sorted(existing - wanted)
    if removed:
        Attendance.objects.filter(session=session, enrolment_id__in=removed).delete()
    Attendance.objects.bulk_create(
        Attendance(session=session, enrolment_id=e, minutes=session.minutes, recorded_by=actor) for e in added
    )
    audit(
        actor=actor,
        verb="session.attendance",
        obj=session,
        cohort_id=session.cohort_id,
        changes={"present": [sorted(existing), sorted(wanted)]},
    )
    return len(added), len(removed)
