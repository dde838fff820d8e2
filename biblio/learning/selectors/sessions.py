"""Reading sessions and attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from biblio.accounts.models import Membership, Person
from biblio.accounts.permissions import STAFF_ROLES, is_admin, roles_by_cohort
from biblio.programmes.models import Cohort, Module

from ..models import Attendance, Enrolment, Session


def cohort_sessions(cohort: Cohort, *, upcoming: bool | None = None) -> QuerySet[Session]:
    """A cohort's sessions with their attendance count (1 query)."""
    qs = (
        Session.objects.filter(cohort=cohort)
        .select_related("module", "trainer")
        .annotate(present=Count("attendances"))
    )
    now = timezone.now()
    if upcoming is True:
        qs = qs.filter(end__gte=now)
    elif upcoming is False:
        qs = qs.filter(end__lt=now)
    return qs.order_by("start", "pk") if upcoming is not False else qs.order_by("-start", "-pk")


def upcoming_for(person: Person, *, limit: int = 5, module: Module | None = None) -> list[Session]:
    """The next sessions in every cohort the person belongs to (1 query)."""
    cohort_ids = list(roles_by_cohort(person))
    qs = Session.objects.filter(end__gte=timezone.now()).select_related("cohort", "module", "trainer")
    if not (is_admin(person) and module is not None):  # admins see every cohort's module sessions
        qs = qs.filter(cohort_id__in=cohort_ids)
    if module is not None:
        qs = qs.filter(module=module)
    return list(qs.order_by("start", "pk")[:limit])


@dataclass
class SheetRow:
    enrolment: Enrolment
    present: bool


def attendance_sheet(session: Session) -> list[SheetRow]:
    """Every active participant of the session's cohort and whether they were present (1 query)."""
    enrolments = (
        Enrolment.objects.filter(cohort_id=session.cohort_id, status=Enrolment.Status.ACTIVE)
        .select_related("person", "programme__profile")
        .annotate(present=Exists(Attendance.objects.filter(session=session, enrolment=OuterRef("pk"))))
        .order_by("person__full_name", "pk")
    )
    return [SheetRow(e, e.present) for e in enrolments]


def trainer_choices(cohort: Cohort) -> QuerySet[Person]:
    """People who may lead a session of the cohort: its trainers, moderators and coordinators."""
    return Person.objects.filter(
        pk__in=Membership.objects.filter(cohort=cohort, role__in=STAFF_ROLES).values("person_id")
    ).order_by("full_name")


def attended_by(enrolment: Enrolment) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(enrolment=enrolment)
        .select_related("session__module")
        .order_by("-session__start")
    )


def is_future(session: Session, now: datetime | None = None) -> bool:
    return session.start > (now or timezone.now())
