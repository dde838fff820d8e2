#!/usr/bin/env python
"""`make test`: ruff, migrations check, the suite on SQLite, again on PostgreSQL, then the browser tests.

PostgreSQL is used when reachable at BIBLIO_PG_URL (default postgres://biblio:biblio@127.0.0.1:5432/biblio);
Chromium is installed with apt-get when missing and possible. Outside CI either may be skipped with a
visible message; with CI=true (or BIBLIO_REQUIRE_PG / BIBLIO_REQUIRE_BROWSER) a missing one fails the run.
Ends with one plain line: `TOTAL: N passed, N failed, N skipped`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "var" / "test-results"
PG_URL = os.environ.get("BIBLIO_PG_URL", "postgres://biblio:biblio@127.0.0.1:5432/biblio")
CHROMIUM = "/usr/bin/chromium"
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
REQUIRE_PG = CI or bool(os.environ.get("BIBLIO_REQUIRE_PG"))
REQUIRE_BROWSER = CI or bool(os.environ.get("BIBLIO_REQUIRE_BROWSER"))
WORKERS = os.environ.get("BIBLIO_TEST_WORKERS", "2")


def say(text: str) -> None:
    print(f"\n=== {text}", flush=True)


def run(cmd: list[str], env: dict | None = None) -> int:
    return subprocess.call(cmd, cwd=ROOT, env={**os.environ, **(env or {})})


def pg_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("postgres://", "postgresql://"), connect_timeout=3):
            return True
    except Exception as exc:  # any failure to connect means "not reachable"
        print(f"PostgreSQL not reachable at {PG_URL}: {str(exc).strip()[:200]}")
        return False


def drop_stale_test_databases() -> None:
    """A run killed mid-way can leave test databases with open sessions; CI owns this server, so drop them."""
    import psycopg

    workers = int(WORKERS) if WORKERS.isdigit() else 2
    names = ["test_biblio", *(f"test_biblio_gw{i}" for i in range(workers))]
    with psycopg.connect(PG_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        for name in names:
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except psycopg.Error as exc:
                print(f"could not drop {name}: {exc}")


def ensure_chromium() -> bool:
    if os.path.exists(CHROMIUM):
        return True
    if shutil.which("apt-get") and os.geteuid() == 0:
        say("Installing Debian's chromium for the browser tests (apt-get)")
        subprocess.call(["apt-get", "update", "-qq"])
        subprocess.call(["apt-get", "install", "-y", "-qq", "chromium"])
    return os.path.exists(CHROMIUM)


def pytest(name: str, args: list[str], env: dict | None = None) -> tuple[int, dict]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    xml = RESULTS / f"{name}.xml"
    xml.unlink(missing_ok=True)
    started = time.monotonic()
    code = run([str(BIN / "pytest"), "-q", "-n", WORKERS, f"--junitxml={xml}", *args], env)
    counts = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    if xml.exists():
        suite = ET.parse(xml).getroot()
        suites = [suite] if suite.tag == "testsuite" else list(suite)
        for s in suites:
            tests, failures = int(s.get("tests", 0)), int(s.get("failures", 0))
            errors, skipped = int(s.get("errors", 0)), int(s.get("skipped", 0))
            counts["failed"] += failures
            counts["errors"] += errors
            counts["skipped"] += skipped
            counts["passed"] += tests - failures - errors - skipped
    counts["seconds"] = round(time.monotonic() - started)
    if code == 5:  # no tests collected: not a failure of the suite itself
        code = 0
    return code, counts


def main() -> int:
    failed_steps: list[str] = []
    runs: list[tuple[str, dict]] = []
    env_common = {"BIBLIO_TESTING": "1", "DJANGO_ALLOW_ASYNC_UNSAFE": "true"}

    say("ruff check")
    if run([str(BIN / "ruff"), "check", "."]) != 0:
        failed_steps.append("ruff")

    say("migrations are complete (makemigrations --check)")
    if run([str(BIN / "python"), "manage.py", "makemigrations", "--check", "--dry-run"], env_common) != 0:
        failed_steps.append("makemigrations")

    say("pytest on SQLite")
    code, counts = pytest("sqlite", ["-m", "not browser"], env_common)
    runs.append(("sqlite", counts))
    if code:
        failed_steps.append("sqlite")

    say("pytest on PostgreSQL")
    if pg_reachable():
        drop_stale_test_databases()
        code, counts = pytest("postgres", ["-m", "not browser"], {**env_common, "DATABASE_URL": PG_URL})
        runs.append(("postgres", counts))
        if code:
            failed_steps.append("postgres")
    elif REQUIRE_PG:
        print("PostgreSQL is required here (CI) but not reachable.")
        failed_steps.append("postgres-missing")
    else:
        print("SKIPPED: PostgreSQL run (not reachable; start one or set BIBLIO_PG_URL).")

    say("browser tests (Playwright + Debian Chromium)")
    if ensure_chromium():
        code, counts = pytest(
            "browser",
            ["-m", "browser", "--maxschedchunk", "1"],
            {**env_common, "BIBLIO_REQUIRE_BROWSER": "1"},
        )
        runs.append(("browser", counts))
        if code:
            failed_steps.append("browser")
    elif REQUIRE_BROWSER:
        print("Chromium is required here (CI) but could not be installed.")
        failed_steps.append("browser-missing")
    else:
        print("SKIPPED: browser tests (no /usr/bin/chromium; apt-get install -y chromium).")

    say("summary")
    total = {"passed": 0, "failed": 0, "skipped": 0}
    for name, c in runs:
        print(
            f"{name:>9}: {c['passed']} passed, {c['failed'] + c['errors']} failed, {c['skipped']} skipped ({c['seconds']} s)"
        )
        total["passed"] += c["passed"]
        total["failed"] += c["failed"] + c["errors"]
        total["skipped"] += c["skipped"]
    ran = ", ".join(name for name, _ in runs)
    print(
        f"suites run: {ran or 'none'}"
        + (f"; failed steps: {', '.join(failed_steps)}" if failed_steps else "")
    )
    failed = total["failed"] + (len(failed_steps) if not total["failed"] else 0)
    print(f"TOTAL: {total['passed']} passed, {failed} failed, {total['skipped']} skipped")
    return 1 if failed_steps else 0


if __name__ == "__main__":
    sys.exit(main())
