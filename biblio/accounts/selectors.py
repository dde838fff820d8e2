"""Reads for the accounts pages: the audit log as a coordinator or administrator may see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.core.errors import NotFound
from biblio.programmes.models import Cohort

from .models import AuditEvent, Person
from .permissions import Action, cohort_ids_with, cohort_q, is_admin

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilters:
    cohort_id: int | None = None
    verb: str = ""
    object_type: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None


def audit_cohorts(person: Person) -> QuerySet[Cohort]:
    """The cohorts whose audit log `person` may read; NotFound when there are none (and not an admin)."""
    if is_admin(person):
        return Cohort.objects.order_by("-start", "code")
    ids = cohort_ids_with(person, Action.READ_AUDIT)
    if not ids:
        raise NotFound(_("Not found."))
    return Cohort.objects.filter(id__in=ids).order_by("-start", "code")


def audit_events(person: Person, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Events the person may read (their cohorts' events; all, for administrators), filtered."""
    events = AuditEvent.objects.filter(cohort_q(person, Action.READ_AUDIT)).select_related("actor", "cohort")
    if filters.cohort_id:
        events = events.filter(cohort_id=filters.cohort_id)
    if filters.verb:
        events = events.filter(verb=filters.verb)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.actor:
        events = events.filter(
            Q(actor__email__icontains=filters.actor) | Q(actor__full_name__icontains=filters.actor)
        )
    tz = timezone.get_current_timezone()
    if filters.since:
        events = events.filter(at__gte=datetime.combine(filters.since, time.min, tzinfo=tz))
    if filters.until:
        events = events.filter(
            at__lt=datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=tz)
        )
    return events.order_by("-at", "-id")


def audit_vocabulary(person: Person) -> tuple[list[str], list[str]]:
    """The verbs and object types that occur in the events the person may read (2 queries)."""
    visible = AuditEvent.objects.filter(cohort_q(person, Action.READ_AUDIT))
    verbs = list(visible.order_by("verb").values_list("verb", flat=True).distinct())
    types = list(visible.order_by("object_type").values_list("object_type", flat=True).distinct())
    return verbs, types


def audit_page(person: Person, filters: AuditFilters, number: int | str | None) -> Page:
    return Paginator(audit_events(person, filters), PER_PAGE).get_page(number)


def change_rows(changes: dict) -> list[tuple[str, object, object]]:
    """`changes` as (field, before, after) rows; values that are not a [before, after] pair go in `after`."""
    rows = []
    for name, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            rows.append((name, value[0], value[1]))
        else:
            rows.append((name, None, value))
    return rows
