"""Progress: approved, pending and recognised hours per learning mode against each budget.

One function computes it for any number of enrolments in one query (the budgets and the hour totals
the database keeps per enrolment and mode, see totals/, read together). The participant's home,
the roster, the API, reports and completion rules all use it.
Attendance at a session counts as approved hours of the session's mode; an approved exemption counts
its recognised minutes toward the module's mode.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.utils import timezone

from biblio.programmes.models import HourBudget, LearningMode

from .models import Enrolment, HourTotal
from .rules import BLENDED_MODES

MODE_ORDER = [m.value for m in LearningMode]


@dataclass
class ModeProgress:
    mode: str
    budget_minutes: int
    approved_minutes: int = 0  # approved entries + attendance
    pending_minutes: int = 0
    recognised_minutes: int = 0
    expected_minutes: int = 0  # where a steady pace would be by today

    @property
    def label(self) -> str:
        return LearningMode(self.mode).label

    @property
    def credited_minutes(self) -> int:
        return self.approved_minutes + self.recognised_minutes

    @property
    def met(self) -> bool:
        return self.credited_minutes >= self.budget_minutes

    @property
    def percent(self) -> int:
        if not self.budget_minutes:
            return 100
        return min(100, round(self.credited_minutes * 100 / self.budget_minutes))

    @property
    def pending_percent(self) -> int:
        if not self.budget_minutes:
            return 0
        return min(100 - self.percent, round(self.pending_minutes * 100 / self.budget_minutes))

    @property
    def behind(self) -> bool:
        return self.credited_minutes < self.expected_minutes

    @property
    def budget_hours(self) -> float:
        return self.budget_minutes / 60

    @property
    def credited_hours(self) -> float:
        return self.credited_minutes / 60

    @property
    def approved_hours(self) -> float:
        return self.approved_minutes / 60

    @property
    def pending_hours(self) -> float:
        return self.pending_minutes / 60

    @property
    def recognised_hours(self) -> float:
        return self.recognised_minutes / 60

    @property
    def expected_hours(self) -> float:
        return self.expected_minutes / 60


@dataclass
class Progress:
    enrolment_id: int
    modes: list[ModeProgress] = field(default_factory=list)
    waiting_entries: int = 0  # entries waiting for approval in the blended modes (progress_for)
    waiting_minutes: int = 0
    has_exemptions: bool = False  # any approved exemption: their minutes are in the totals (progress_for)

    def mode(self, mode: str) -> ModeProgress | None:
        return next((m for m in self.modes if m.mode == mode), None)

    @property
    def budgets_met(self) -> bool:
        return all(m.met for m in self.modes)

    @property
    def budget_minutes(self) -> int:
        return sum(m.budget_minutes for m in self.modes)

    @property
    def credited_minutes(self) -> int:
        return sum(min(m.credited_minutes, m.budget_minutes) for m in self.modes)

    @property
    def percent(self) -> int:
        return round(self.credited_minutes * 100 / self.budget_minutes) if self.budget_minutes else 0

    @property
    def behind(self) -> bool:
        return any(m.behind for m in self.modes)


def _expected(mode: str, budget: int, cohort, today: date) -> int:
    """A steady pace: blended modes over the course before work-based learning, work-based over its window."""
    if mode == LearningMode.WORK_BASED and cohort.wb_start and cohort.wb_end:
        start, end = cohort.wb_start, cohort.wb_end
    else:
        start, end = cohort.start, cohort.wb_start or cohort.end
    if today <= start:
        return 0
    if today >= end:
        return budget
    return round(budget * (today - start).days / max((end - start).days, 1))


# More ids than this go in several statements (SQLite and PostgreSQL bound a statement's parameters).
_IDS_PER_STATEMENT = 10_000


def _select(
    model, fields: tuple[str, ...], key: str, ids: list[int], *, prefix: str = "", pad: int = 0
) -> str:
    """`SELECT <prefix><fields>[, 0 …] FROM <model's table> WHERE <key> IN (%s, …)`: identifiers from the
    model, quoted; the ids are parameters."""
    meta, quote = model._meta, connection.ops.quote_name
    columns = ", ".join([*(quote(meta.get_field(f).column) for f in fields), *["0"] * pad])
    return (
        f"SELECT {prefix}{columns} FROM {quote(meta.db_table)} "  # noqa: S608
        f"WHERE {quote(meta.get_field(key).column)} IN ({', '.join(['%s'] * len(ids))})"
    )


def _rows(model, fields: tuple[str, ...], key: str, ids: Iterable[int]) -> list[tuple]:
    """`model.objects.filter(<key>__in=ids).values_list(*fields)`, written out: these statements run on
    every participant page and API call, and compiling them cost ten times running them."""
    ids = list(ids)
    found: list[tuple] = []
    for start in range(0, len(ids), _IDS_PER_STATEMENT):
        chunk = ids[start : start + _IDS_PER_STATEMENT]
        with connection.cursor() as cursor:
            cursor.execute(_select(model, fields, key, chunk), chunk)
            found += cursor.fetchall()
    return found


_BUDGETS = ("programme", "mode", "hours")


def _budgets(rows: Iterable[tuple]) -> dict[int, list[tuple[str, int]]]:
    budgets: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for programme_id, mode, hours in rows:
        budgets[programme_id].append((mode, hours * 60))
    for modes in budgets.values():
        modes.sort(key=lambda mb: MODE_ORDER.index(mb[0]))
    return budgets


def budgets_for(programme_ids: Iterable[int]) -> dict[int, list[tuple[str, int]]]:
    """(mode, budget minutes) per programme, in MODE_ORDER. One query."""
    return _budgets(_rows(HourBudget, _BUDGETS, "programme", set(programme_ids)))


_TOTALS = (
    "enrolment",
    "mode",
    "approved_minutes",
    "attended_minutes",
    "submitted_minutes",
    "recognised_minutes",
    "submitted_entries",
)


def _hours(rows: list[tuple]) -> dict[tuple[int, str], tuple[int, int, int]]:
    return {(row[0], row[1]): (row[2] + row[3], row[4], row[5]) for row in rows}


def hours_for(enrolment_ids: Iterable[int]) -> dict[tuple[int, str], tuple[int, int, int]]:
    """(approved incl. attendance, pending, recognised) minutes per (enrolment, mode), from the hour
    totals the database keeps (biblio/learning/totals/). One query."""
    return _hours(_rows(HourTotal, _TOTALS, "enrolment", enrolment_ids))


def _budgets_and_totals(
    programme_ids: list[int], enrolment_ids: list[int]
) -> tuple[list[tuple], list[tuple]]:
    """The programmes' budget rows and the enrolments' total rows in one statement (one round trip to
    the database instead of two), or two when there are too many ids for one."""
    if len(programme_ids) + len(enrolment_ids) > _IDS_PER_STATEMENT:
        return (
            _rows(HourBudget, _BUDGETS, "programme", programme_ids),
            _rows(HourTotal, _TOTALS, "enrolment", enrolment_ids),
        )
    pad = len(_TOTALS) - len(_BUDGETS)
    sql = (
        f"{_select(HourBudget, _BUDGETS, 'programme', programme_ids, prefix='0, ', pad=pad)} UNION ALL "
        f"{_select(HourTotal, _TOTALS, 'enrolment', enrolment_ids, prefix='1, ')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*programme_ids, *enrolment_ids])
        rows = cursor.fetchall()
    return [row[1:4] for row in rows if row[0] == 0], [row[1:] for row in rows if row[0] == 1]


def progress_of(
    enrolment_id: int,
    budgets: list[tuple[str, int]],
    cohort,
    hours: dict[tuple[int, str], tuple[int, int, int]],
    today: date,
) -> Progress:
    """Progress of one enrolment from its programme's budgets and `hours_for`'s figures; no query."""
    progress = Progress(enrolment_id)
    for mode, budget in budgets:
        approved, pending, recognised = hours.get((enrolment_id, mode), (0, 0, 0))
        progress.modes.append(
            ModeProgress(
                mode=mode,
                budget_minutes=budget,
                approved_minutes=approved,
                pending_minutes=pending,
                recognised_minutes=recognised,
                expected_minutes=_expected(mode, budget, cohort, today),
            )
        )
    return progress


def progress_for(enrolments: Iterable[Enrolment], *, today: date | None = None) -> dict[int, Progress]:
    """Progress of each enrolment (each must have `cohort` loaded; use select_related('cohort')), with
    the entries waiting for approval in the blended modes. One query, whatever the number."""
    enrolments = list(enrolments)
    if not enrolments:
        return {}
    today = today or timezone.localdate()
    budget_rows, totals = _budgets_and_totals(
        list({e.programme_id for e in enrolments}), [e.pk for e in enrolments]
    )
    budgets, hours = _budgets(budget_rows), _hours(totals)
    waiting: dict[int, tuple[int, int]] = {}
    exempted: set[int] = set()  # an approved exemption recognises at least a minute (a constraint)
    for enrolment_id, mode, _approved, _attended, pending, recognised, entries in totals:
        if mode in BLENDED_MODES:  # work-based entries wait for the mentor, in the logbook
            n, minutes = waiting.get(enrolment_id, (0, 0))
            waiting[enrolment_id] = (n + entries, minutes + pending)
        if recognised:
            exempted.add(enrolment_id)
    found = {}
    for e in enrolments:
        progress = progress_of(e.pk, budgets[e.programme_id], e.cohort, hours, today)
        progress.waiting_entries, progress.waiting_minutes = waiting.get(e.pk, (0, 0))
        progress.has_exemptions = e.pk in exempted
        found[e.pk] = progress
    return found
