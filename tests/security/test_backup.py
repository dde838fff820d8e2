"""`manage.py backup` and `restore`: a restore into a fresh database equals the original, table by table
(SQLite here; the same test runs on PostgreSQL when the suite does), plus the files and public keys."""

from __future__ import annotations

import io
import json
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from biblio.core import backup as backups
from biblio.recognition import keys
from tests.factories import PersonFactory

from .privacy_world import build

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh_target(tmp_path):
    """An empty database of the same engine as the suite's, dropped afterwards."""
    source = backups.Target.from_settings(connection.settings_dict)
    if source.engine == "sqlite":
        yield backups.Target.from_url(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
        return
    import psycopg

    s = connection.settings_dict
    name = f"{s['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    params = {"user": s["USER"], "password": s["PASSWORD"], "host": s["HOST"], "port": s["PORT"] or None}
    with psycopg.connect(dbname=s["NAME"], autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield backups.Target.from_settings({**s, "NAME": name})
    finally:
        with psycopg.connect(dbname=s["NAME"], autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restore_into_a_fresh_database_equals_the_original(tmp_path, settings, fresh_target):
    world = build("BACKUP")
    PersonFactory.create_batch(5)
    issuer_key = keys.generate()
    source = backups.Target.from_settings(connection.settings_dict)
    archive = backups.backup(tmp_path / "b.tar.gz")
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert not [
        n for n in names if n.startswith("keys/") and n.endswith(".pem") and not n.endswith(".pub.pem")
    ]
    assert f"keys/{issuer_key.multikey}.pub.pem" in names and "keys/registry.json" in names

    original_media = Path(settings.MEDIA_ROOT)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.BIBLIO_KEYS_DIR = tmp_path / "restored-keys"
    manifest = backups.restore(archive, target=fresh_target)

    source_tables = backups.tables(source)
    assert backups.tables(fresh_target) == source_tables
    assert len(source_tables) > 40
    differing = [
        t for t in source_tables if backups.table_rows(source, t) != backups.table_rows(fresh_target, t)
    ]
    assert differing == []
    assert sum(manifest["rows"].values()) > 100
    for name in world.files:
        assert (tmp_path / "restored-media" / name).read_bytes() == (original_media / name).read_bytes()
    restored_keys = sorted(p.name for p in (tmp_path / "restored-keys").iterdir())
    assert restored_keys == sorted(["registry.json", f"{issuer_key.multikey}.pub.pem"])


def test_the_commands_round_trip_and_refuse_to_overwrite_without_force(tmp_path, settings, fresh_target):
    build("CMD")
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path), stdout=out)
    archive = next(tmp_path.glob("biblio-*.tar.gz"))
    assert str(archive) in out.getvalue()
    settings.MEDIA_ROOT = tmp_path / "m2"
    settings.BIBLIO_KEYS_DIR = tmp_path / "k2"
    url = _url(fresh_target)
    call_command("restore", str(archive), "--database-url", url, stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), "--database-url", url, stdout=io.StringIO())
    call_command("restore", str(archive), "--database-url", url, "--force", stdout=io.StringIO())


def test_a_damaged_archive_is_refused_before_anything_is_touched(tmp_path, settings, fresh_target):
    build("DAMAGE")
    archive = backups.backup(tmp_path / "good.tar.gz")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name.startswith("media/") and data:
                data = b"tampered" + data
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data) if data is not None else None)
    settings.MEDIA_ROOT = tmp_path / "untouched"
    with pytest.raises(backups.BackupError, match="damaged"):
        backups.restore(damaged, target=fresh_target)
    assert not (tmp_path / "untouched").exists()
    assert backups.tables(fresh_target) == []


def test_archives_with_paths_outside_are_refused(tmp_path, fresh_target):
    evil = tmp_path / "evil.tar.gz"
    manifest = json.dumps(
        {"format": backups.FORMAT, "engine": "sqlite", "database": "db.sqlite3", "files": {}}
    ).encode()
    with tarfile.open(evil, "w:gz") as tar:
        for name, data in [("manifest.json", manifest), ("../../escaped.txt", b"x")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(tarfile.FilterError):
        backups.restore(evil, target=fresh_target)
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_an_archive_of_another_engine_is_refused(tmp_path, fresh_target):
    other = "postgresql" if fresh_target.engine == "sqlite" else "sqlite"
    archive = tmp_path / "other.tar.gz"
    manifest = json.dumps({"format": backups.FORMAT, "engine": other, "database": "x", "files": {}}).encode()
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    with pytest.raises(backups.BackupError, match=f"backup is of a {other} database"):
        backups.restore(archive, target=fresh_target)


def _url(target: backups.Target) -> str:
    s = target.settings
    if target.engine == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
