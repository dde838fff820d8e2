"""The triggers that keep the hour totals (`HourTotal`) per enrolment and learning mode.

One definition per database (SQLite: triggers with an upsert; PostgreSQL: plpgsql functions called by
row triggers), built from the models' table names; `install_triggers` (idempotent: migrations and
`manage.py rebuild_totals` run it), `drop_triggers`, and `triggers_paused` for a bulk load.
"""

# ruff: noqa: S608 — every statement here is built from the models' table and column names, never from input.

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection as default_connection

from biblio.learning.models import Attendance, Enrolment, Exemption, HourEntry, HourTotal, Session
from biblio.programmes.models import Module

TOTAL = HourTotal._meta.db_table
ENTRY = HourEntry._meta.db_table
ATTENDANCE = Attendance._meta.db_table
SESSION = Session._meta.db_table
EXEMPTION = Exemption._meta.db_table
MODULE = Module._meta.db_table
ENROLMENT = Enrolment._meta.db_table
TRIGGERED_TABLES = (ENTRY, ATTENDANCE, SESSION, EXEMPTION, MODULE, ENROLMENT)

SUMS = (
    "approved_minutes",
    "approved_entries",
    "submitted_minutes",
    "submitted_entries",
    "rejected_minutes",
    "rejected_entries",
    "attended_minutes",
    "recognised_minutes",
)
COLUMNS = ("enrolment_id", "mode", *SUMS, "oldest_waiting")

# --- SQL shared by both databases ----------------------------------------------------------------

_UPSERT = (
    f"INSERT INTO {TOTAL} ({', '.join(COLUMNS)}) {{source}} ON CONFLICT (enrolment_id, mode) DO UPDATE SET "
    + ", ".join(f"{c} = {TOTAL}.{c} + excluded.{c}" for c in SUMS)
    + f", oldest_waiting = CASE WHEN {TOTAL}.oldest_waiting IS NULL OR excluded.oldest_waiting < {TOTAL}.oldest_waiting"
    f" THEN excluded.oldest_waiting ELSE {TOTAL}.oldest_waiting END"
)


def entry_sums(row: str) -> list[str]:
    """Minutes and entry counts per status of one hour-entry row (NEW or OLD), in SUMS order."""
    sums = []
    for status in ("approved", "submitted", "rejected"):
        sums += [
            f"CASE WHEN {row}.status = '{status}' THEN {row}.minutes ELSE 0 END",
            f"CASE WHEN {row}.status = '{status}' THEN 1 ELSE 0 END",
        ]
    return [*sums, "0", "0"]


def zeros_but(**given: str) -> str:
    return ", ".join(given.get(c, "0") for c in SUMS)


def _entry_add(row: str) -> str:
    values = ", ".join(
        [
            f"{row}.enrolment_id",
            f"{row}.mode",
            *entry_sums(row),
            f"CASE WHEN {row}.status = 'submitted' THEN {row}.created_at END",
        ]
    )
    return _UPSERT.format(source=f"VALUES ({values})")


def _entry_remove(row: str) -> str:
    sets = [f"{c} = {c} - ({v})" for c, v in zip(SUMS, entry_sums(row), strict=True) if v != "0"]
    oldest = (
        f"oldest_waiting = CASE WHEN {row}.status = 'submitted' THEN (SELECT MIN(h.created_at) FROM {ENTRY} h"
        f" WHERE h.enrolment_id = {row}.enrolment_id AND h.mode = {row}.mode AND h.status = 'submitted')"
        " ELSE oldest_waiting END"
    )
    return f"UPDATE {TOTAL} SET {', '.join([*sets, oldest])} WHERE enrolment_id = {row}.enrolment_id AND mode = {row}.mode"


def _attendance_add(row: str) -> str:
    return _UPSERT.format(
        source=f"SELECT {row}.enrolment_id, s.mode, {zeros_but(attended_minutes=f'{row}.minutes')}, NULL"
        f" FROM {SESSION} s WHERE s.id = {row}.session_id"
    )


def _attendance_remove(row: str) -> str:
    return (
        f"UPDATE {TOTAL} SET attended_minutes = attended_minutes - {row}.minutes"
        f" WHERE enrolment_id = {row}.enrolment_id AND mode = (SELECT s.mode FROM {SESSION} s WHERE s.id = {row}.session_id)"
    )


def _exemption_add(row: str) -> str:
    return _UPSERT.format(
        source=f"SELECT {row}.enrolment_id, m.mode, {zeros_but(recognised_minutes=f'{row}.recognised_minutes')}, NULL"
        f" FROM {MODULE} m WHERE m.id = {row}.module_id AND {row}.status = 'approved'"
    )


def _exemption_remove(row: str) -> str:
    return (
        f"UPDATE {TOTAL} SET recognised_minutes = recognised_minutes - {row}.recognised_minutes"
        f" WHERE {row}.status = 'approved' AND enrolment_id = {row}.enrolment_id"
        f" AND mode = (SELECT m.mode FROM {MODULE} m WHERE m.id = {row}.module_id)"
    )


def _session_moved() -> list[str]:
    """A session's mode changed: its attendance counts toward the new mode."""
    return [
        f"UPDATE {TOTAL} SET attended_minutes = attended_minutes - (SELECT a.minutes FROM {ATTENDANCE} a"
        f" WHERE a.session_id = NEW.id AND a.enrolment_id = {TOTAL}.enrolment_id)"
        f" WHERE mode = OLD.mode AND enrolment_id IN (SELECT a.enrolment_id FROM {ATTENDANCE} a WHERE a.session_id = NEW.id)",
        _UPSERT.format(
            source=f"SELECT a.enrolment_id, NEW.mode, {zeros_but(attended_minutes='a.minutes')}, NULL"
            f" FROM {ATTENDANCE} a WHERE a.session_id = NEW.id"
        ),
    ]


def _module_moved() -> list[str]:
    """A module's mode changed: its approved exemptions count toward the new mode."""
    approved = "x.module_id = NEW.id AND x.status = 'approved'"
    return [
        f"UPDATE {TOTAL} SET recognised_minutes = recognised_minutes - (SELECT x.recognised_minutes FROM {EXEMPTION} x"
        f" WHERE {approved} AND x.enrolment_id = {TOTAL}.enrolment_id)"
        f" WHERE mode = OLD.mode AND enrolment_id IN (SELECT x.enrolment_id FROM {EXEMPTION} x WHERE {approved})",
        _UPSERT.format(
            source=f"SELECT x.enrolment_id, NEW.mode, {zeros_but(recognised_minutes='x.recognised_minutes')}, NULL"
            f" FROM {EXEMPTION} x WHERE {approved}"
        ),
    ]


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)


@dataclass(frozen=True)
class _Trigger:
    """Keep the totals for one table: statements run for each inserted (`add`, on NEW), deleted
    (`remove`, on OLD) or updated row (remove the old row, add the new), or only on `update`."""

    name: str
    table: str
    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    update: list[str] = field(default_factory=list)  # instead of remove + add
    columns: tuple[str, ...] = ()  # an update of these columns changes the totals


ENTRY_COLUMNS = ("enrolment_id", "mode", "status", "minutes", "created_at")
TRIGGERS = [
    _Trigger("entry", ENTRY, [_entry_add("NEW")], [_entry_remove("OLD")], columns=ENTRY_COLUMNS),
    _Trigger(
        "attendance",
        ATTENDANCE,
        [_attendance_add("NEW")],
        [_attendance_remove("OLD")],
        columns=("session_id", "enrolment_id", "minutes"),
    ),
    _Trigger(
        "exemption",
        EXEMPTION,
        [_exemption_add("NEW")],
        [_exemption_remove("OLD")],
        columns=("enrolment_id", "module_id", "status", "recognised_minutes"),
    ),
    _Trigger("session", SESSION, update=_session_moved(), columns=("mode",)),
    _Trigger("module", MODULE, update=_module_moved(), columns=("mode",)),
    _Trigger("enrolment", ENROLMENT, remove=[f"DELETE FROM {TOTAL} WHERE enrolment_id = OLD.id"]),
]


def _sqlite(trigger: _Trigger) -> list[str]:
    name = f"{TOTAL}_{trigger.name}"
    body = lambda statements: " ".join(f"{s};" for s in statements)  # noqa: E731
    sql = []
    if trigger.add:
        sql.append(
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {trigger.table} BEGIN {body(trigger.add)} END"
        )
    if trigger.remove:
        sql.append(
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {trigger.table} BEGIN {body(trigger.remove)} END"
        )
    if trigger.columns:
        # SQLite spells IS DISTINCT FROM as IS NOT.
        when = _changed(trigger.columns).replace("IS DISTINCT FROM", "IS NOT")
        sql.append(
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(trigger.columns)} ON {trigger.table}"
            f" WHEN {when} BEGIN {body(trigger.update or [*trigger.remove, *trigger.add])} END"
        )
    return sql


def _postgresql(trigger: _Trigger) -> list[str]:
    name = f"{TOTAL}_{trigger.name}"
    steps = []
    if trigger.remove:
        steps.append(f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {' ; '.join(trigger.remove)}; END IF;")
    if trigger.add:
        steps.append(f"IF TG_OP IN ('UPDATE', 'INSERT') THEN {' ; '.join(trigger.add)}; END IF;")
    if trigger.update:
        steps = [f"IF TG_OP = 'UPDATE' THEN {' ; '.join(trigger.update)}; END IF;"]
    sql = [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN {' '.join(steps)} RETURN NULL; END $$"
    ]
    events = [e for e, present in (("INSERT", trigger.add), ("DELETE", trigger.remove)) if present]
    if events and not trigger.update:
        sql.append(
            f"CREATE TRIGGER {name}_write AFTER {' OR '.join(events)} ON {trigger.table}"
            f" FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
    if trigger.columns:
        sql.append(
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(trigger.columns)} ON {trigger.table}"
            f" FOR EACH ROW WHEN ({_changed(trigger.columns)}) EXECUTE FUNCTION {name}()"
        )
    return sql


def trigger_names(connection=default_connection) -> list[tuple[str, str]]:
    """(table, trigger) of every trigger that keeps the totals on this database."""
    found = []
    for trigger in TRIGGERS:
        name = f"{TOTAL}_{trigger.name}"
        if connection.vendor == "postgresql":
            kinds = (["write"] if (trigger.add or trigger.remove) and not trigger.update else []) + (
                ["update"] if trigger.columns else []
            )
        else:
            kinds = (["insert"] if trigger.add else []) + (["delete"] if trigger.remove else [])
            kinds += ["update"] if trigger.columns else []
        found += [(trigger.table, f"{name}_{kind}") for kind in kinds]
    return found


def installed_triggers(connection=default_connection) -> set[str]:
    """Names of the totals' triggers present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s", [f"{TOTAL}_%"]
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TOTAL}_%"]
            )
        return {row[0] for row in cursor.fetchall()}


def install_triggers(connection=default_connection) -> list[str]:
    """(Re)create every trigger (idempotent); returns the names that were missing."""
    missing = sorted({name for _t, name in trigger_names(connection)} - installed_triggers(connection))
    with connection.cursor() as cursor:
        drop_triggers(connection)
        for trigger in TRIGGERS:
            for statement in (_postgresql if connection.vendor == "postgresql" else _sqlite)(trigger):
                cursor.execute(statement)
    return missing


def drop_triggers(connection=default_connection) -> None:
    with connection.cursor() as cursor:
        for table, name in trigger_names(connection):
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        if connection.vendor == "postgresql":
            for trigger in TRIGGERS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {TOTAL}_{trigger.name}()")


@contextmanager
def triggers_paused(tables: Iterable[str], connection=default_connection) -> Iterator[list[str]]:
    """Inside the caller's transaction, the user triggers on `tables` do not fire: for a bulk load (the
    caller then runs `rebuild`) or for restoring rows that already hold what the triggers wrote. Foreign
    key, CHECK and UNIQUE constraints still apply. Yields what was paused (PostgreSQL: the tables, where
    DISABLE TRIGGER USER is the owner's right; SQLite: the trigger names, dropped and re-created from their
    own SQL)."""
    tables = list(tables)
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND c.relname = ANY(%s)",
                [tables],
            )
            found = [row[0] for row in cursor.fetchall()]
            _switch_triggers(cursor, found, "DISABLE")
        elif connection.vendor == "sqlite" and tables:
            placeholders = ", ".join(["%s"] * len(tables))
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({placeholders})",
                tables,
            )
            found = cursor.fetchall()
            for name, _sql in found:
                cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
        else:
            found = []
    try:
        yield [row if isinstance(row, str) else row[0] for row in found]
    finally:
        with connection.cursor() as cursor:
            if postgresql:
                _switch_triggers(cursor, found, "ENABLE")
            else:
                for _name, sql in found:
                    cursor.execute(sql)


def _switch_triggers(cursor, tables: list[str], switch: str) -> None:
    """ALTER TABLE … ENABLE/DISABLE TRIGGER USER. Django's foreign keys are DEFERRABLE INITIALLY DEFERRED
    and ALTER TABLE refuses a table with pending trigger events: run the queued checks first (they would
    run at commit anyway), then defer again."""
    if not tables:
        return
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table in tables:
        cursor.execute(f"ALTER TABLE {cursor.db.ops.quote_name(table)} {switch} TRIGGER USER")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
