"""A report table: its columns, the rows of a scope (a page of them, or all of them streamed), and the
totals shown above it. Pages, CSV and XLSX exports read the same `rows()`, so they always agree."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from biblio.accounts.permissions import Action

from ..scope import Scope

CHUNK = 2000  # rows fetched per round trip when streaming an export


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise | str
    kind: str = "text"  # text | int | number | date | datetime | bool

    @property
    def numeric(self) -> bool:
        return self.kind in {"int", "number"}


WHERE_COLUMNS = [
    Column("cohort", _("Cohort")),
    Column("country", _("Country")),
    Column("track", _("Track")),
]

PARTICIPANT = _("Participant")
PERSON_PATHS = (
    "cohort__code",
    "cohort__country",
    "programme__profile__code",
    "person__full_name",
    "person__email",
)


def person_columns(key: str = "participant", label: Promise | str = PARTICIPANT) -> list[Column]:
    """Where (cohort, country, track) and who (name, e-mail): the first five columns of the people's and
    records' tables."""
    return [*WHERE_COLUMNS, Column(key, label), Column("email", _("E-mail"))]


def person_paths(prefix: str = "") -> tuple[str, ...]:
    """The `values_list` paths of `person_columns`, from an enrolment or application (or, with `prefix`
    "enrolment__", from a record of one)."""
    return tuple(prefix + path for path in PERSON_PATHS)


def person_cells(raw: Sequence) -> list:
    """The five cells of `person_columns` from the first five values of a row read with `person_paths`."""
    code, country, track, name, email = raw[:5]
    return [code, country, track or "", name, email]


@dataclass
class Total:
    label: str
    value: Any


def yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


def minutes_to_hours(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.01"))


def local_date(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


class Table:
    """Subclasses set `name`, `title`, `columns` and implement `queryset` (ordered `values_list`) and
    `convert` (one raw row → one cell per column); or override `rows` altogether."""

    name: str
    title: Promise
    description: Promise | str = ""
    action: Action = Action.VIEW_COHORT
    columns: list[Column]
    filters_used = ("cohort", "country", "track", "library", "period")

    def queryset(self, scope: Scope) -> QuerySet:
        raise NotImplementedError

    def convert(self, raw: tuple) -> list:
        return list(raw)

    def count(self, scope: Scope) -> int:
        return self.queryset(scope).count()

    def rows(self, scope: Scope, *, offset: int = 0, limit: int | None = None) -> Iterator[list]:
        """The rows, converted: a page (`limit`) or every row, streamed in chunks."""
        qs = self.queryset(scope)
        raws: Iterable[tuple] = (
            list(qs[offset : offset + limit]) if limit is not None else qs.iterator(chunk_size=CHUNK)
        )
        for raw in raws:
            yield self.convert(raw)

    def totals(self, scope: Scope) -> list[Total]:
        """Figures shown above the table and compared with the dashboard; aggregated in the database."""
        return [Total(str(_("Rows")), self.count(scope))]

    def header(self) -> list[str]:
        return [str(c.label) for c in self.columns]
