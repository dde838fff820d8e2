"""What a report covers: the cohorts a person may see, narrowed by the filters kept in the URL.

The filters mean the same on every dashboard, table, export and API call:
- cohort, country: which cohorts (only among those the person may see for the action); MOOC
  editions only when chosen as the cohort;
- period (from/to): cohorts running during it, and activity records dated in it (hours, assessments,
  credentials, the audit trail);
- track: the enrolment's programme's role profile (CECO, DIGY); for applications, the track applied for;
- library: the participant's host library (placement) or their own organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, cohort_ids_with, is_admin
from biblio.core.errors import PermissionDenied
from biblio.learning.models import Application, Enrolment
from biblio.programmes.models import Cohort, Organisation, Programme

NO_COHORTS = _("You do not hold a role that shows reports of any cohort.")
CANNOT_EXPORT = _("You may export only cohorts you coordinate: filter to those cohorts and export again.")


@dataclass(frozen=True)
class ReportFilters:
    cohort: Cohort | None = None
    country: str = ""
    track: str = ""
    library: Organisation | None = None
    date_from: date | None = None
    date_to: date | None = None

    def query(self) -> dict[str, str]:
        """The filters as URL parameters, so a link or an export repeats the same view."""
        params = {
            "cohort": self.cohort.code if self.cohort else "",
            "country": self.country,
            "track": self.track,
            "library": self.library.key if self.library else "",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        return {k: v for k, v in params.items() if v}

    def querystring(self) -> str:
        return urlencode(self.query())

    @property
    def has_period(self) -> bool:
        return bool(self.date_from or self.date_to)


@dataclass(frozen=True)
class CohortInfo:
    pk: int
    code: str
    name: str
    country: str
    places: int
    start: date
    end: date


@dataclass(frozen=True)
class Scope:
    """The cohorts and filters of one report, as seen on `today`."""

    cohorts: dict[int, CohortInfo]
    filters: ReportFilters = field(default_factory=ReportFilters)
    today: date = field(default_factory=timezone.localdate)

    @property
    def cohort_ids(self) -> frozenset[int]:
        return frozenset(self.cohorts)

    @property
    def countries(self) -> list[str]:
        return sorted({c.country for c in self.cohorts.values()})

    @property
    def level(self) -> str:
        """What the report is about: one "cohort", one "country", or the "programme" (several)."""
        if len(self.cohorts) == 1:
            return "cohort"
        return "country" if len(self.countries) == 1 else "programme"

    def enrolments(self) -> QuerySet[Enrolment]:
        """Every enrolment the report covers (all statuses)."""
        qs = Enrolment.objects.filter(cohort_id__in=self.cohort_ids)
        if self.filters.track:
            qs = qs.filter(programme__profile__code=self.filters.track)
        if self.filters.library:
            lib = self.filters.library
            qs = qs.filter(Q(placement__host=lib) | Q(person__organisation=lib))
        return qs

    def applications(self) -> QuerySet[Application]:
        qs = Application.objects.filter(cohort_id__in=self.cohort_ids)
        if self.filters.track:
            qs = qs.filter(programme__profile__code=self.filters.track)
        if self.filters.library:
            lib = self.filters.library
            qs = qs.filter(Q(host=lib) | Q(person__organisation=lib))
        return qs

    def dated(self, lookup: str) -> Q:
        """Records whose date at `lookup` (a DateField, or `<datetime>__date`) lies in the period."""
        q = Q()
        if self.filters.date_from:
            q &= Q(**{f"{lookup}__gte": self.filters.date_from})
        if self.filters.date_to:
            q &= Q(**{f"{lookup}__lte": self.filters.date_to})
        return q

    @property
    def single_cohort_id(self) -> int | None:
        return next(iter(self.cohorts)) if len(self.cohorts) == 1 else None


def visible_cohorts(person: Person, action: Action = Action.VIEW_COHORT) -> QuerySet[Cohort]:
    """Cohorts whose reports the person may read for `action` (admins: all)."""
    qs = Cohort.objects.order_by("-start", "country", "code")
    return qs if is_admin(person) else qs.filter(id__in=cohort_ids_with(person, action))


def may_read_reports(person: Person, action: Action = Action.VIEW_COHORT) -> bool:
    return is_admin(person) or bool(cohort_ids_with(person, action))


def report_scope(
    person: Person,
    filters: ReportFilters,
    *,
    action: Action = Action.VIEW_COHORT,
    today: date | None = None,
) -> Scope:
    """The scope of a report for `person`; PermissionDenied when they may read no cohort's reports."""
    if not may_read_reports(person, action):
        raise PermissionDenied(NO_COHORTS)
    cohorts = visible_cohorts(person, action)
    if filters.cohort:
        cohorts = cohorts.filter(pk=filters.cohort.pk)
    else:
        # A MOOC edition has no selection, placements or budget like a course's: its hundreds of
        # enrolments would swamp the funnel. It is reported when chosen as the cohort.
        cohorts = cohorts.exclude(programme__kind=Programme.Kind.MOOC)
    if filters.country:
        cohorts = cohorts.filter(country=filters.country)
    if filters.date_from:
        cohorts = cohorts.filter(end__gte=filters.date_from)
    if filters.date_to:
        cohorts = cohorts.filter(start__lte=filters.date_to)
    infos = {
        row[0]: CohortInfo(*row)
        for row in cohorts.values_list("pk", "code", "name", "country", "places", "start", "end")
    }
    return Scope(cohorts=infos, filters=filters, today=today or timezone.localdate())


def check_export(person: Person, scope: Scope) -> None:
    """An export must hold exactly what the page shows: every cohort in it must be exportable."""
    if not can_export(person, scope):
        raise PermissionDenied(CANNOT_EXPORT)


def can_export(person: Person, scope: Scope) -> bool:
    if is_admin(person):
        return True
    exportable = cohort_ids_with(person, Action.EXPORT_REPORTS)
    return bool(exportable) and scope.cohort_ids <= exportable
