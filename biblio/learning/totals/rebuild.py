"""The hour totals computed from scratch: `backfill` fills an empty table, `rebuild` compares the totals
with the computation and (unless only checking) replaces them by it — `manage.py rebuild_totals` runs it.

Migrations on SQLite: Django alters a table by re-creating it (create, copy, drop, rename), which drops
the table's own triggers and fails outright when another table's trigger names it ("error in trigger
…: no such table"). So on SQLite the triggers are dropped before any migration runs and re-installed
after the last one, with a rebuild when they had been missing (`pause_for_migrations` and
`resume_after_migrations`, connected in apps.py); PostgreSQL alters tables in place and keeps them.
"""

# ruff: noqa: S608 — every statement here is built from the models' table and column names, never from input.

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection as default_connection
from django.db import transaction

from .triggers import (
    ATTENDANCE,
    COLUMNS,
    ENTRY,
    EXEMPTION,
    MODULE,
    SESSION,
    SUMS,
    TOTAL,
    drop_triggers,
    entry_sums,
    install_triggers,
    zeros_but,
)

_ENTRY_PART = ", ".join(f"SUM({v}) AS {c}" for c, v in zip(SUMS[:6], entry_sums(ENTRY)[:6], strict=True))
EXPECTED = (
    f"SELECT enrolment_id, mode, {', '.join(f'SUM({c}) AS {c}' for c in SUMS)}, MIN(oldest_waiting) AS oldest_waiting"
    f" FROM (SELECT enrolment_id, mode, {_ENTRY_PART}, 0 AS attended_minutes, 0 AS recognised_minutes,"
    f" MIN(CASE WHEN status = 'submitted' THEN created_at END) AS oldest_waiting FROM {ENTRY}"
    " GROUP BY enrolment_id, mode"
    f" UNION ALL SELECT a.enrolment_id, s.mode, {zeros_but(attended_minutes='SUM(a.minutes)')}, NULL"
    f" FROM {ATTENDANCE} a JOIN {SESSION} s ON s.id = a.session_id GROUP BY a.enrolment_id, s.mode"
    f" UNION ALL SELECT x.enrolment_id, m.mode, {zeros_but(recognised_minutes='SUM(x.recognised_minutes)')}, NULL"
    f" FROM {EXEMPTION} x JOIN {MODULE} m ON m.id = x.module_id WHERE x.status = 'approved'"
    " GROUP BY x.enrolment_id, m.mode"
    ") AS parts GROUP BY enrolment_id, mode"
)
# Rows that sum nothing (every source row of theirs was removed) are as good as absent.
_NOT_EMPTY = " OR ".join([*(f"{c} <> 0" for c in SUMS), "oldest_waiting IS NOT NULL"])
ACTUAL = f"SELECT {', '.join(COLUMNS)} FROM {TOTAL} WHERE {_NOT_EMPTY}"


@dataclass
class Rebuilt:
    rows: int  # rows the totals hold now (or would hold)
    missing: int  # rows expected but absent or different
    stale: int  # rows present but not expected (or different)
    examples: list[tuple] = field(default_factory=list)  # (enrolment id, mode) of some differences
    triggers_missing: list[str] = field(default_factory=list)

    @property
    def differences(self) -> int:
        return self.missing + self.stale


def backfill(connection=default_connection) -> int:
    """Fill the (empty) totals from the rows they sum; returns the number of rows."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TOTAL} ({', '.join(COLUMNS)}) {EXPECTED}")
        return cursor.rowcount


def rebuild(*, fix: bool = True, examples: int = 10, connection=default_connection) -> Rebuilt:
    """Compare the totals with a computation from scratch and, when `fix`, replace them by it (and
    re-install the triggers). Writers wait meanwhile, so nothing changes between the two."""
    expected_table = f"{TOTAL}_expected"
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"LOCK TABLE {ENTRY}, {ATTENDANCE}, {EXEMPTION}, {SESSION}, {MODULE} IN SHARE MODE"
            )
        else:
            cursor.execute(f"DELETE FROM {TOTAL} WHERE 1 = 0")  # SQLite: take the write lock first
        cursor.execute(f"DROP TABLE IF EXISTS {expected_table}")
        cursor.execute(f"CREATE TEMPORARY TABLE {expected_table} AS {EXPECTED}")
        cursor.execute(f"SELECT COUNT(*) FROM {expected_table}")
        rows = cursor.fetchone()[0]
        found = []
        for left, right in (
            (f"SELECT * FROM {expected_table}", ACTUAL),
            (ACTUAL, f"SELECT * FROM {expected_table}"),
        ):
            cursor.execute(f"SELECT enrolment_id, mode FROM ({left} EXCEPT {right}) AS d ORDER BY 1, 2")
            found.append(cursor.fetchall())
        result = Rebuilt(
            rows=rows,
            missing=len(found[0]),
            stale=len(found[1]),
            examples=sorted({*found[0], *found[1]})[:examples],
        )
        if fix:
            result.triggers_missing = install_triggers(connection)
            if result.differences:
                cursor.execute(f"DELETE FROM {TOTAL}")
                cursor.execute(
                    f"INSERT INTO {TOTAL} ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} FROM {expected_table}"
                )
        cursor.execute(f"DROP TABLE {expected_table}")
    return result


# --- Migrations (SQLite) --------------------------------------------------------------------------

TRIGGERS_MIGRATION = ("learning", "0005_hourtotal_triggers")


def _installed_here(connection) -> bool:
    from django.db.migrations.recorder import MigrationRecorder

    return TRIGGERS_MIGRATION in MigrationRecorder(connection).applied_migrations()


def pause_for_migrations(sender, *, using: str, plan=None, **kwargs) -> None:
    """pre_migrate, SQLite: drop the triggers while migrations re-create tables they name."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and plan and TOTAL in connection.introspection.table_names():
        drop_triggers(connection)


def resume_after_migrations(sender, *, using: str, **kwargs) -> None:
    """post_migrate, SQLite: re-install the triggers and, if any were missing (paused, or lost to a
    table's re-creation), recompute the totals: migrations may have written rows meanwhile."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite" or not _installed_here(connection):
        return
    if install_triggers(connection):
        rebuild(connection=connection)
