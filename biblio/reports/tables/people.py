"""Tables of people: the roster (with progress) and the applications."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from types import SimpleNamespace

from django.db.models import Count, Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from biblio.learning.models import Application, Enrolment
from biblio.learning.progress import MODE_ORDER, Progress, progress_for
from biblio.programmes.models import Cohort, LearningMode

from ..attention import is_behind
from ..figures import hours_by_mode
from ..scope import Scope
from .base import (
    CHUNK,
    Column,
    Table,
    Total,
    local_date,
    minutes_to_hours,
    person_cells,
    person_columns,
    person_paths,
    yes_no,
)


class RosterTable(Table):
    name = "roster"
    title = _("Roster")
    description = _(
        "Every participant with credited hours per mode (approved and recognised, all time) and "
        "progress against the budget."
    )
    columns = [
        *person_columns(),
        Column("organisation", _("Organisation")),
        Column("host", _("Host library")),
        Column("mentor", _("Mentor")),
        Column("status", _("Status")),
        Column("enrolled", _("Enrolled"), "date"),
        Column("completed", _("Completed"), "date"),
        *[
            Column(f"h_{mode}", format_lazy("{} (h)", LearningMode(mode).label), "number")
            for mode in MODE_ORDER
        ],
        Column("credited", _("Credited hours"), "number"),
        Column("pending", _("Hours waiting"), "number"),
        Column("budget", _("Budget hours"), "number"),
        Column("percent", _("Progress %"), "int"),
        Column("behind", _("Behind pace"), "bool"),
    ]

    _fields = (
        "pk",
        "cohort_id",
        "programme_id",
        "status",
        "enrolled_at",
        "completed_at",
        *person_paths(),
        "person__organisation__name",
        "placement__host__name",
        "placement__mentor__full_name",
    )
    _status = dict(Enrolment.Status.choices)

    def queryset(self, scope: Scope) -> QuerySet:
        # Plain rows, not model instances: a national roster is read 2000 rows at a time.
        return (
            scope.enrolments().order_by("cohort__code", "person__full_name", "pk").values_list(*self._fields)
        )

    def rows(self, scope: Scope, *, offset: int = 0, limit: int | None = None) -> Iterator[list]:
        qs = self.queryset(scope)
        if limit is not None:
            chunks: Iterator[list[tuple]] = iter([list(qs[offset : offset + limit])])
        else:
            iterator = qs.iterator(chunk_size=CHUNK)
            chunks = iter(lambda: list(islice(iterator, CHUNK)), [])
        cohorts = {c.pk: c for c in Cohort.objects.filter(pk__in=scope.cohort_ids)}
        for chunk in chunks:
            # progress_for reads an enrolment's pk, programme_id and cohort (for the pace) only.
            light = [SimpleNamespace(pk=r[0], programme_id=r[2], cohort=cohorts[r[1]]) for r in chunk]
            progress = progress_for(light, today=scope.today)
            for raw in chunk:
                yield self._row(raw, progress[raw[0]])

    def _row(self, raw: tuple, p: Progress) -> list:
        _pk, _cohort, _programme, status, enrolled, completed = raw[:6]
        organisation, host, mentor = raw[11:]
        per_mode = {m.mode: m for m in p.modes}
        return [
            *person_cells(raw[6:11]),
            organisation or "",
            host or "",
            mentor or "",
            str(self._status.get(status, status)),
            local_date(enrolled),
            local_date(completed),
            *[
                minutes_to_hours(per_mode[mode].credited_minutes) if mode in per_mode else None
                for mode in MODE_ORDER
            ],
            minutes_to_hours(sum(m.credited_minutes for m in p.modes)),
            minutes_to_hours(sum(m.pending_minutes for m in p.modes)),
            minutes_to_hours(p.budget_minutes),
            p.percent,
            yes_no(status == Enrolment.Status.ACTIVE and is_behind(p)),
        ]

    def totals(self, scope: Scope) -> list[Total]:
        counts = scope.enrolments().aggregate(
            rows=Count("pk"),
            **{s: Count("pk", filter=Q(status=s)) for s in Enrolment.Status.values},
        )
        # Progress is all-time: the hours total ignores the period, as the rows do.
        all_time = replace(scope, filters=replace(scope.filters, date_from=None, date_to=None))
        credited = sum(m.credited_minutes for m in hours_by_mode(all_time))
        return [
            Total(str(_("Participants")), counts["rows"]),
            *[Total(str(label), counts[value]) for value, label in Enrolment.Status.choices],
            Total(str(_("Credited hours")), minutes_to_hours(credited)),
        ]


class ApplicationsTable(Table):
    name = "applications"
    title = _("Applications")
    description = _("Every application to the cohorts, with the selection decision.")
    columns = [
        *person_columns("applicant", _("Applicant")),
        Column("applied", _("Applied"), "date"),
        Column("host", _("Host library")),
        Column("host_agreed", _("Host agreed"), "bool"),
        Column("rating", _("Project idea rating (0–5)"), "int"),
        Column("status", _("Decision")),
        Column("decided", _("Decided"), "date"),
    ]
    _status = dict(Application.Status.choices)

    def queryset(self, scope: Scope) -> QuerySet:
        return (
            scope.applications()
            .order_by("cohort__code", "person__full_name", "pk")
            .values_list(
                *person_paths(),
                "created_at",
                "host__name",
                "proposed_host",
                "host_agreed",
                "idea_rating",
                "status",
                "decided_at",
            )
        )

    def convert(self, raw: tuple) -> list:
        created, host, proposed, agreed, rating, status, decided = raw[5:]
        return [
            *person_cells(raw),
            local_date(created),
            host or proposed,
            yes_no(agreed),
            rating,
            str(self._status.get(status, status)),
            local_date(decided),
        ]

    def totals(self, scope: Scope) -> list[Total]:
        counts = scope.applications().aggregate(
            rows=Count("pk"),
            **{s: Count("pk", filter=Q(status=s)) for s in Application.Status.values},
        )
        return [
            Total(str(_("Applications")), counts["rows"]),
            *[Total(str(label), counts[value]) for value, label in Application.Status.choices],
        ]
