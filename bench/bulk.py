"""The one database-specific module of the benchmark: fast bulk inserts and sequence resets.

PostgreSQL gets `COPY ... FROM STDIN` (psycopg 3); SQLite gets `executemany` in the caller's
transaction. Rows carry explicit primary keys, so the generator knows every foreign key without
reading anything back; columns the caller leaves out get the model field's default (or "now" for
auto_now / auto_now_add), so a field another app adds with a default does not break the generator.
The database's own CHECK and UNIQUE constraints still apply: a row the factories could not make is
refused here too.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.db.backends.signals import connection_created
from django.db.models import NOT_PROVIDED
from django.utils import timezone

BATCH = 20_000


def vendor() -> str:
    return connection.vendor  # "postgresql" | "sqlite"


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields]


def _default(field: models.Field, now: dt.datetime):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = now if isinstance(field, models.DateTimeField) else now.date()
        return field.get_db_prep_save(value, connection)
    if field.default is not NOT_PROVIDED:
        value = field.default() if callable(field.default) else field.default
        return field.get_db_prep_save(value, connection)
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField | models.FileField):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} has no default: the generator must set it")


class Table:
    """Bulk writer for one model: `add(**values)` rows, flushed every BATCH rows and at `close()`."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]):
        self.model = model
        fields = _fields(model)
        by_name = {f.name: f for f in fields} | {f.attname: f for f in fields}
        unknown = [c for c in columns if c not in by_name]
        if unknown:
            raise ValueError(f"{model.__name__} has no column {unknown}")
        self.given = [by_name[c] for c in columns]
        given_names = {f.attname for f in self.given}
        self.rest = [f for f in fields if f.attname not in given_names]
        now = timezone.now()
        self.rest_values = tuple(_default(f, now) for f in self.rest)
        self.columns = [f.column for f in self.given] + [f.column for f in self.rest]
        self.prep = [self._prep(f) for f in self.given]
        self.prepared = [(i, p) for i, p in enumerate(self.prep) if p is not None]
        self.rows: list[tuple] = []
        self.count = 0

    @staticmethod
    def _prep(field: models.Field):
        if isinstance(field, models.JSONField):
            import json

            return lambda v: json.dumps(v)
        if isinstance(field, models.DecimalField):
            return lambda v: None if v is None else str(v)
        if connection.vendor == "sqlite":
            if isinstance(field, models.UUIDField):
                return lambda v: v.hex
            if isinstance(field, models.DateTimeField):
                return _sqlite_datetime
        return None

    def add(self, *values) -> None:
        if self.prepared:
            values = list(values)
            for i, p in self.prepared:
                values[i] = p(values[i])
            values = tuple(values)
        self.rows.append(values + self.rest_values)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        insert(self.model._meta.db_table, self.columns, self.rows)
        self.count += len(self.rows)
        self.rows = []

    def close(self) -> int:
        self.flush()
        return self.count


def _sqlite_datetime(value: dt.datetime | None) -> str | None:
    """What Django's SQLite backend stores for an aware datetime (naive UTC, ISO with a space), fast:
    the generator's datetimes are all aware and in UTC."""
    if value is None:
        return None
    if value.utcoffset():
        value = value.astimezone(dt.UTC)
    return value.replace(tzinfo=None).isoformat(" ")


def insert(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Insert rows (tuples in `columns` order) into `table` in the current transaction."""
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})", list(rows))


def next_id(model: type[models.Model]) -> int:
    """One more than the largest primary key in use (explicit ids never collide with existing rows)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(MAX(id), 0) + 1 FROM {connection.ops.quote_name(model._meta.db_table)}"
        )
        return cursor.fetchone()[0]


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    """After inserts with explicit ids, move PostgreSQL's identity sequences past them (SQLite needs nothing)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"GREATEST((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 1))",
                [connection.ops.quote_name(table)],
            )


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (both databases plan by them)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def speed_up_sqlite() -> None:
    """Generation only (outside a transaction): skip fsync, keep the rollback journal in memory instead of
    writing every page twice through the WAL, a 1 GB page cache (a crash loses a benchmark database,
    nothing else). The next connection's init_command puts the file back in WAL mode."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=MEMORY")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")
            cursor.execute("PRAGMA temp_store=MEMORY")


def back_to_wal() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")


def triggers_off(models_: Iterable[type[models.Model]]):
    """The totals' triggers on these models' tables paused for a bulk load (learning.totals.triggers_paused);
    the caller rebuilds what they maintain."""
    from biblio.learning.totals import triggers_paused

    return triggers_paused(m._meta.db_table for m in models_)


def limit_statements(seconds: float) -> None:
    """From now on, stop any one SQL statement after `seconds` (PostgreSQL: statement_timeout on every
    connection; SQLite: a progress handler that interrupts it), so one pathological page cannot hold the
    benchmark for an hour. The page then fails with a database error, which the harness reports."""
    if connection.vendor == "postgresql":
        connection.close()
        options = connection.settings_dict.setdefault("OPTIONS", {})
        options["options"] = f"-c statement_timeout={int(seconds * 1000)}"
        return
    state = {"start": time.perf_counter()}

    def each_statement(execute, sql, params, many, context):
        state["start"] = time.perf_counter()
        return execute(sql, params, many, context)

    def on_connect(sender, connection, **kwargs) -> None:
        connection.connection.set_progress_handler(
            lambda: 1 if time.perf_counter() - state["start"] > seconds else 0, 200_000
        )

    connection_created.connect(on_connect, weak=False)
    connection.execute_wrappers.append(each_statement)
    if connection.connection is not None:
        on_connect(None, connection)
