"""Backups in one file and their restore: the database, the uploaded files and the signing keys' public parts.

The archive (`biblio-YYYYmmdd-HHMMSS.tar.gz`, mode 0600) holds:
- `database/db.sqlite3` (SQLite's online backup API: consistent while the site runs) or
  `database/db.pgdump` (pg_dump custom format, one consistent snapshot);
- `media/…` — everything under MEDIA_ROOT (evidence, materials, project files, certificates);
- `keys/registry.json` and `keys/<key>.pub.pem` — the public halves of the issuer keys, so credentials
  issued before a disaster keep verifying. Private keys are never in the archive: keep them apart
  (docs/security.md), or rotate after a restore;
- `manifest.json` — engine, time, applied migrations, row counts per table and a SHA-256 per file,
  checked before anything is restored.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dj_database_url
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import connection, connections

FORMAT = "biblio-backup/1"


class BackupError(Exception):
    """The archive is damaged, of another engine, or the target is not safe to overwrite."""


@dataclass(frozen=True)
class Target:
    """A database to dump or restore into: Django's settings dict shape."""

    engine: str  # "sqlite" | "postgresql"
    settings: dict

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Target:
        engine = settings_dict["ENGINE"].rsplit(".", 1)[-1]
        if engine not in {"sqlite3", "postgresql"}:
            raise BackupError(f"Unsupported database engine: {settings_dict['ENGINE']}")
        return cls("sqlite" if engine == "sqlite3" else "postgresql", settings_dict)

    @classmethod
    def from_url(cls, url: str) -> Target:
        return cls.from_settings(dj_database_url.parse(url))

    def pg_env(self) -> dict[str, str]:
        s = self.settings
        env = {**os.environ, "PGDATABASE": str(s["NAME"])}
        for key, var in [
            ("USER", "PGUSER"),
            ("PASSWORD", "PGPASSWORD"),
            ("HOST", "PGHOST"),
            ("PORT", "PGPORT"),
        ]:
            if s.get(key):
                env[var] = str(s[key])
        return env


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(root: Path) -> Iterator[Path]:
    return (p for p in sorted(root.rglob("*")) if p.is_file())


def _tool(name: str) -> str:
    """The full path of a PostgreSQL client program (pg_dump 15 or newer for a server of 15)."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def _dump_database(target: Target, directory: Path) -> Path:
    directory.mkdir(parents=True)
    if target.engine == "sqlite":
        dest = directory / "db.sqlite3"
        source, copy = sqlite3.connect(target.settings["NAME"], uri=True), sqlite3.connect(dest)
        try:
            source.backup(copy)  # the online backup API: a consistent copy while others write
        finally:
            copy.close()
            source.close()
        return dest
    dest = directory / "db.pgdump"
    result = subprocess.run(  # noqa: S603 (fixed program, arguments ours, no shell)
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={dest}"],
        env=target.pg_env(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()[:2000]}")
    return dest


def _public_keys(keys_dir: Path, directory: Path) -> list[Path]:
    """registry.json and the public half of each private key; never the private keys themselves."""
    directory.mkdir(parents=True)
    written = []
    if not keys_dir.is_dir():
        return written
    for path in sorted(keys_dir.iterdir()):
        if path.name == "registry.json" or path.name.endswith(".pub.pem"):
            written.append(Path(shutil.copy2(path, directory / path.name)))
        elif path.suffix == ".pem":
            private = serialization.load_pem_private_key(path.read_bytes(), password=None)
            public = private.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            out = directory / f"{path.stem}.pub.pem"
            out.write_bytes(public)
            written.append(out)
    return written


def _row_counts(target: Target) -> dict[str, int]:
    with _cursor(target) as cursor:
        return {table: _count(cursor, table) for table in _tables(target, cursor)}


def _count(cursor, table: str) -> int:
    cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (table names come from the catalogue)
    return cursor.fetchone()[0]


def _tables(target: Target, cursor) -> list[str]:
    if target.engine == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    return [row[0] for row in cursor.fetchall()]


@contextmanager
def _cursor(target: Target):
    """A plain DB-API cursor on `target`, outside Django (so values come back as the database stores them)."""
    if target.engine == "sqlite":
        raw = sqlite3.connect(target.settings["NAME"], uri=True)
    else:
        import psycopg

        s = target.settings
        raw = psycopg.connect(
            dbname=s["NAME"],
            user=s.get("USER") or None,
            password=s.get("PASSWORD") or None,
            host=s.get("HOST") or None,
            port=s.get("PORT") or None,
            autocommit=True,
        )
    try:
        cursor = raw.cursor()
        yield cursor
    finally:
        raw.close()


def _migrations(target: Target) -> list[str]:
    with _cursor(target) as cursor:
        if "django_migrations" not in _tables(target, cursor):
            return []
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def backup(output: Path | None = None, *, target: Target | None = None) -> Path:
    """Write a backup archive and return its path (default: VAR_DIR/backups/biblio-<UTC time>.tar.gz)."""
    target = target or Target.from_settings(connection.settings_dict)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    if output is None or output.is_dir():
        folder = output or Path(settings.VAR_DIR) / "backups"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        output = folder / f"biblio-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="biblio-backup-") as tmp:
        stage = Path(tmp)
        database = _dump_database(target, stage / "database")
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.is_dir():
            shutil.copytree(media_root, stage / "media", symlinks=False)
        else:
            (stage / "media").mkdir()
        _public_keys(Path(settings.BIBLIO_KEYS_DIR), stage / "keys")
        files = [p for p in _files(stage)]
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "engine": target.engine,
            "database": database.name,
            "migrations": _migrations(target),
            "rows": _row_counts(target),
            "files": {str(p.relative_to(stage)): _sha256(p) for p in files},
        }
        (stage / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = output.with_name(output.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(stage / "manifest.json", arcname="manifest.json")
            for path in files:
                archive.add(path, arcname=str(path.relative_to(stage)))
        os.replace(partial, output)  # a crash mid-way never leaves a truncated archive under the real name
    return output


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r:gz") as archive:
        member = archive.extractfile("manifest.json")
        if member is None:
            raise BackupError("The archive has no manifest.")
        manifest = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Not a Biblio backup (format {manifest.get('format')!r}).")
    return manifest


def _extract(archive_path: Path, directory: Path) -> dict:
    manifest = read_manifest(archive_path)
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(directory, filter="data")  # refuses absolute paths, "..", links out, devices
    for name, expected in manifest["files"].items():
        path = directory / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"The archive is damaged: {name} does not match its checksum.")
    return manifest


def _has_tables(target: Target) -> bool:
    try:
        with _cursor(target) as cursor:
            return bool(_tables(target, cursor))
    except Exception:  # a SQLite file that does not exist yet, an empty PostgreSQL database…
        return False


def _restore_database(manifest: dict, source: Path, target: Target) -> None:
    if target.engine == "sqlite":
        connections.close_all()
        backup_db, live = sqlite3.connect(source), sqlite3.connect(target.settings["NAME"])
        try:
            backup_db.backup(live)  # the whole file, in one transaction on the target
        finally:
            backup_db.close()
            live.close()
        return
    connections.close_all()
    result = subprocess.run(  # noqa: S603 (fixed program, arguments ours, no shell)
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={target.settings['NAME']}",
            str(source),
        ],
        env=target.pg_env(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()[:2000]}")


def _swap_directory(new: Path, live: Path) -> None:
    """Replace `live` by `new` with two renames, so a crash leaves one or the other complete."""
    live.parent.mkdir(parents=True, exist_ok=True)
    old = live.with_name(live.name + ".before-restore")
    if old.exists():
        shutil.rmtree(old)
    if live.exists():
        live.rename(old)
    shutil.move(str(new), str(live))
    if old.exists():
        shutil.rmtree(old)


def restore(archive_path: Path, *, target: Target | None = None, force: bool = False) -> dict:
    """Restore the database, MEDIA_ROOT and the public keys from an archive; returns its manifest.

    Refuses a database that already has tables unless `force`. Private signing keys are not touched."""
    target = target or Target.from_settings(connection.settings_dict)
    with tempfile.TemporaryDirectory(prefix="biblio-restore-") as tmp:
        stage = Path(tmp)
        manifest = _extract(archive_path, stage)
        if manifest["engine"] != target.engine:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database; the target is {target.engine}."
            )
        if not force and _has_tables(target):
            raise BackupError("The target database is not empty: pass --force to overwrite it.")
        _restore_database(manifest, stage / "database" / manifest["database"], target)
        _swap_directory(stage / "media", Path(settings.MEDIA_ROOT))
        keys_dir = Path(settings.BIBLIO_KEYS_DIR)
        keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        for path in _files(stage / "keys"):
            if force or not (keys_dir / path.name).exists():
                shutil.copy2(path, keys_dir / path.name)
    return manifest


def table_rows(target: Target, table: str) -> list[tuple]:
    """Every row of `table`, sorted (for comparing a restore with its source)."""
    with _cursor(target) as cursor:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (catalogue names)
        return sorted((tuple(map(_comparable, row)) for row in cursor.fetchall()), key=repr)


def _comparable(value):
    return value.tobytes() if isinstance(value, memoryview) else value


def tables(target: Target) -> list[str]:
    with _cursor(target) as cursor:
        return _tables(target, cursor)
