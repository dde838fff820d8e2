"""Fixtures of the recognition tests: the shared Open Badges fixtures folder and a signing key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

OB3 = Path(__file__).resolve().parents[2].parent / "shared" / "interop" / "openbadges3"


def ob3_file(name: str) -> Path:
    """A file of ../shared/interop/openbadges3; the test skips (naming it) where the folder is absent."""
    path = OB3 / name
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared interop fixtures live outside the repository)")
    return path


def ob3_json(name: str):
    return json.loads(ob3_file(name).read_text(encoding="utf-8"))


@pytest.fixture
def key(settings):
    """The issuer's signing key, in this test's own BIBLIO_KEYS_DIR."""
    from biblio.recognition import keys

    return keys.ensure()


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    for item in items:
        if "postgres_only" in item.keywords and "tests/recognition/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(
                pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
            )
