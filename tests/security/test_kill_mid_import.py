"""A crash mid-import leaves nothing half-done: the import runs in its own process, which is killed
(SIGKILL, no clean-up of any kind) between batches; afterwards the database holds none of it, and the
same import run to the end holds all of it. On SQLite (a WAL database file) and on PostgreSQL (the
suite's test database) alike: the test runs on whichever engine the suite runs on."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from .import_harness import FRAMEWORK_ROWS, MOOC_PEOPLE

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def harness_env(tmp_path):
    """Environment for the harness process: the suite's PostgreSQL test database, or a SQLite file."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "BIBLIO_TEST_DB_NAME"}}
    env.update({"BIBLIO_TESTING": "1", "PYTHONPATH": str(ROOT), "BIBLIO_VAR_DIR": str(tmp_path)})
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
        )
        return env, []
    env.pop("DATABASE_URL", None)
    return env, ["--migrate"]


def harness(env, *args, kill_after: int | None = None) -> list[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.security.import_harness", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines, seen = [], 0
    for line in process.stdout:
        lines.append(line.strip())
        if line.startswith("progress"):
            seen += 1
            if kill_after is not None and seen >= kill_after:
                os.kill(process.pid, signal.SIGKILL)
                break
    process.wait(timeout=120)
    if kill_after is None:
        assert process.returncode == 0, process.stderr.read()[-3000:]
    else:
        assert process.returncode == -signal.SIGKILL
    return lines


def counts(env) -> dict:
    return json.loads(harness(env, "count")[-1])


@pytest.mark.parametrize(
    ("kind", "total_key", "total"),
    [("framework", "competences", FRAMEWORK_ROWS), ("mooc", "enrolments", MOOC_PEOPLE)],
)
def test_an_import_killed_mid_way_leaves_nothing_then_completes_whole(harness_env, kind, total_key, total):
    env, first = harness_env
    lines = harness(env, kind, *first, kill_after=3)
    assert "finished" not in lines and sum(line.startswith("progress") for line in lines) == 3
    after_kill = counts(env)
    assert after_kill[total_key] == 0, after_kill
    assert after_kill["audit"] == 0 and after_kill["frameworks"] == 0
    assert "finished" in harness(env, kind)
    done = counts(env)
    assert done[total_key] == total
    assert done["audit"] == 1
