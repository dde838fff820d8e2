"""The BIBLIO demo for tests, loaded for real once per process and date, then copied in.

`load_demo` takes 10–30 s (every step, Typst certificates, thousands of rows); a dozen test modules and
every browser test need it. The first call for a date runs the real loader and keeps what it wrote: the rows
of every table it filled (plain tuples, about 10 000), the files it wrote under MEDIA_ROOT and
BIBLIO_KEYS_DIR, and the context it returned. Later calls for that date insert those rows with plain SQL
(in one transaction, so deferred foreign keys are checked once), copy the files into the test's own
folders and rebuild the context from the database: under a second. The tests' checks are unchanged: the
rows are, byte for byte, what the loader wrote; a test that wants to run the loader itself (a second load,
to check idempotence) still calls `biblio.demo.loader.load_demo`.

A copy is made only where it would be exact: every table the loader fills must be empty (else the real
loader runs), and the rows of the tables those reference but the loader did not fill (content types after
a flush, say) must be as they were. Set BIBLIO_TEST_DEMO_COPY=0 to always run the real loader.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from biblio.demo import DemoContext

ENABLED = os.environ.get("BIBLIO_TEST_DEMO_COPY", "1") != "0"


@dataclass
class _Snapshot:
    tables: dict[str, tuple[list[str], list[tuple]]]  # table -> (columns, rows), in the loader's order
    referenced: dict[str, list[tuple]]  # tables referenced but not filled -> their rows, to compare
    files: dict[str, dict[str, bytes]]  # "media" / "keys" -> relative path -> content
    context: dict[str, Any]  # DemoContext fields, model instances as ("model", label, pk)
    rng_state: object


_SNAPSHOTS: dict[tuple, _Snapshot] = {}


def load_demo(*, today: date | None = None, quiet: bool = True) -> DemoContext:
    """What `biblio.demo.loader.load_demo(today=…)` gives, into the current test's database and folders."""
    from biblio.demo.loader import load_demo as real_load

    today = today or timezone.localdate()
    key = (connection.alias, connection.settings_dict["NAME"], today)
    snapshot = _SNAPSHOTS.get(key) if ENABLED else None
    if snapshot is not None and _restorable(snapshot):
        return _restore(snapshot)
    before = _row_counts()
    files_before = {name: _files(root) for name, root in _roots().items()}
    ctx = real_load(today=today, quiet=quiet)
    if ENABLED and key not in _SNAPSHOTS:
        _SNAPSHOTS[key] = _take(ctx, before, files_before)
    return ctx


def snapshot_for(today: date) -> _Snapshot | None:
    """What this process keeps of the loader's work at `today` (None before the first load)."""
    return _SNAPSHOTS.get((connection.alias, connection.settings_dict["NAME"], today))


def table_rows(table: str) -> tuple[list[str], list[tuple]]:
    """A table's columns and rows, ordered by id: as the snapshot holds them."""
    return _rows(table)


def written_files() -> dict[str, dict[str, bytes]]:
    """The files in the test's MEDIA_ROOT and BIBLIO_KEYS_DIR, as the snapshot holds them."""
    return {name: _files(root) for name, root in _roots().items()}


# --- Taking the snapshot ----------------------------------------------------------------------------


def _roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "keys": Path(settings.BIBLIO_KEYS_DIR)}


def _files(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - introspected names
            counts[table] = cursor.fetchone()[0]
        return counts


def _rows(table: str) -> tuple[list[str], list[tuple]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {_quote(table)}")  # noqa: S608 - an introspected name
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    key = columns.index("id") if "id" in columns else 0
    return columns, sorted(rows, key=lambda r: (r[key] is None, r[key]))


def _models_by_table() -> dict[str, type[models.Model]]:
    found = {}
    for model in apps.get_models(include_auto_created=True):
        found[model._meta.db_table] = model
    return found


def _referenced_tables(filled: set[str]) -> set[str]:
    by_table = _models_by_table()
    referenced = set()
    for table in filled:
        model = by_table.get(table)
        if model is None:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is not None:
                target = field.related_model._meta.db_table
                if target not in filled:
                    referenced.add(target)
    return referenced


def _take(ctx: DemoContext, before: dict[str, int], files_before: dict) -> _Snapshot | None:
    after = _row_counts()
    filled = [t for t, n in after.items() if n != before.get(t, 0)]
    if any(before.get(t, 0) for t in filled):
        return None  # the loader changed a table that had rows: a copy could not be exact
    tables = {table: _rows(table) for table in filled}
    referenced = {table: _rows(table)[1] for table in _referenced_tables(set(filled))}
    files = {}
    for name, root in _roots().items():
        now = _files(root)
        old = files_before[name]
        files[name] = {path: data for path, data in now.items() if old.get(path) != data}
    context = {
        f.name: _encode(getattr(ctx, f.name)) for f in fields(ctx) if f.name not in {"rng", "progress"}
    }
    extra = {k: _encode(v) for k, v in vars(ctx).items() if k not in context and k not in {"rng", "progress"}}
    return _Snapshot(tables, referenced, files, {**context, **extra}, ctx.rng.getstate())


def _encode(value: Any) -> Any:
    if isinstance(value, models.Model):
        return ("model", value._meta.label, value.pk)
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


# --- Restoring it -----------------------------------------------------------------------------------


def _restorable(snapshot: _Snapshot | None) -> bool:
    if snapshot is None:
        return False
    counts = _row_counts()
    if any(counts.get(table, 0) for table in snapshot.tables):
        return False
    return all(_rows(table)[1] == rows for table, rows in snapshot.referenced.items())


def _restore(snapshot: _Snapshot) -> DemoContext:
    import random

    from biblio.learning.totals import triggers_paused

    by_table = _models_by_table()

    with transaction.atomic(), triggers_paused(snapshot.tables), connection.cursor() as cursor:
        for table, (columns, rows) in snapshot.tables.items():
            if not rows:
                continue
            names = ", ".join(_quote(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})"  # noqa: S608 - introspected
            cursor.executemany(sql, rows)
        restored = [by_table[t] for t in snapshot.tables if t in by_table]
        for sql in connection.ops.sequence_reset_sql(no_style(), restored):
            cursor.execute(sql)
    for name, root in _roots().items():
        for path, data in snapshot.files[name].items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    from biblio.demo import course_year
    from biblio.demo.loader import SEED

    instances = _instances(snapshot.context)
    values = {k: _decode(v, instances) for k, v in snapshot.context.items()}
    today = values["today"]
    rng = random.Random(SEED)
    rng.setstate(snapshot.rng_state)
    known = {f.name for f in fields(DemoContext)}
    ctx = DemoContext(
        **{k: v for k, v in values.items() if k in known and k not in {"today", "year"}},
        today=today,
        year=values.get("year", course_year(today)),
        rng=rng,
        progress=lambda description, total: lambda n=1: None,
    )
    for k, v in values.items():
        if k not in known:
            setattr(ctx, k, v)
    return ctx


def _references(value: Any, found: dict[str, set]) -> dict[str, set]:
    if isinstance(value, tuple) and len(value) == 3 and value[0] == "model":
        found.setdefault(value[1], set()).add(value[2])
    elif isinstance(value, dict):
        for v in value.values():
            _references(v, found)
    elif isinstance(value, list):
        for v in value:
            _references(v, found)
    return found


def _instances(context: dict[str, Any]) -> dict[tuple[str, Any], models.Model]:
    """Every model instance the context names, one query per model."""
    found = {}
    for label, pks in _references(context, {}).items():
        for pk, obj in apps.get_model(label)._base_manager.in_bulk(list(pks)).items():
            found[(label, pk)] = obj
    return found


def _decode(value: Any, instances: dict) -> Any:
    if isinstance(value, tuple) and len(value) == 3 and value[0] == "model":
        return instances[(value[1], value[2])]
    if isinstance(value, dict):
        return {k: _decode(v, instances) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v, instances) for v in value]
    return value
