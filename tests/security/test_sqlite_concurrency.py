"""SQLite in WAL mode with a busy timeout and IMMEDIATE transactions: concurrent writers wait, never fail.

Runs in a subprocess against a real database file (the suite's in-memory database has no WAL), with the
settings as deployed: eight threads, each its own connection, write in transactions at the same time,
half of them incrementing one shared row under select_for_update."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, os, threading, time
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "biblio.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection, connections, transaction
from biblio.accounts.audit import audit
from biblio.accounts.models import AuditEvent, Person
from biblio.recognition.models import NumberSequence

THREADS, ROUNDS = 8, 40
NumberSequence.objects.create(name="shared", last=0)
errors, started = [], threading.Barrier(THREADS)
mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]

def work(n):
    started.wait()
    try:
        for i in range(ROUNDS):
            with transaction.atomic():
                person = Person.objects.create_user(f"t{n}-{i}@example.org", None, full_name=f"T {n} {i}")
                audit(actor=None, verb="test.write", obj=person)
                if n % 2 == 0:
                    seq = NumberSequence.objects.select_for_update().get(name="shared")
                    seq.last += 1
                    seq.save(update_fields=["last"])
            Person.objects.filter(email__startswith=f"t{n}-").count()
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        connections.close_all()

began = time.monotonic()
threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({
    "mode": mode,
    "errors": errors,
    "people": Person.objects.count(),
    "events": AuditEvent.objects.filter(verb="test.write").count(),
    "counter": NumberSequence.objects.get(name="shared").last,
    "seconds": round(time.monotonic() - began, 2),
}))
"""


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite's own behaviour"
)
def test_concurrent_writes_from_eight_threads_all_succeed(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"BIBLIO_VAR_DIR": str(tmp_path), "BIBLIO_TESTING": "1", "PYTHONPATH": str(ROOT)})
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["mode"] == "wal"
    assert figures["errors"] == []
    assert figures["people"] == 8 * 40
    assert figures["events"] == 8 * 40
    assert figures["counter"] == 4 * 40
