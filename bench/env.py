"""Where a benchmark database lives and how Django is configured to use it (never the demo's).

SQLite: `var/bench/bench_<size>.sqlite3`. PostgreSQL: the database `biblio_bench_<size>` on the server
of BENCH_PG_URL (default postgres://biblio:biblio@127.0.0.1:5432/biblio; the role creates databases).
Uploaded files, keys and mail of a benchmark database go under `var/bench/var-<db>-<size>/`.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
RESULTS = Path(__file__).resolve().parent / "results"
SIZES = ("S", "M", "L", "XL")
DBS = ("sqlite", "postgres")
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://biblio:biblio@127.0.0.1:5432/biblio")


def db_name(size: str) -> str:
    return f"biblio_bench_{size.lower()}"


def sqlite_path(size: str) -> Path:
    return BENCH_VAR / f"bench_{size.lower()}.sqlite3"


def database_url(size: str, db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{sqlite_path(size)}"
    parts = urlparse(PG_URL)
    return urlunparse(parts._replace(path="/" + db_name(size)))


def configure(size: str, db: str, *, tiny_dir: Path | None = None) -> None:
    """Point Django at the benchmark database of `size` on `db`, as production runs it (DEBUG off)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    var = tiny_dir or BENCH_VAR / f"var-{db}-{size.lower()}"
    os.environ["DATABASE_URL"] = (
        f"sqlite:///{tiny_dir / 'bench.sqlite3'}" if tiny_dir and db == "sqlite" else database_url(size, db)
    )
    os.environ["BIBLIO_VAR_DIR"] = str(var)
    os.environ.setdefault("SECRET_KEY", "biblio-benchmark-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ["DEBUG"] = "0"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("EMAIL_URL", "locmem://")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biblio.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")


def setup() -> None:
    import django

    django.setup()


def create_pg_database(size: str, *, fresh: bool) -> None:
    """Create (or re-create) `biblio_bench_<size>` on the PostgreSQL server."""
    import psycopg

    name = db_name(size)
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            for attempt in range(20):  # an autovacuum worker (not ours to end) may hold it a moment
                try:
                    conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                    break
                except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
                    if attempt == 19:
                        raise
                    time.sleep(3)
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
