"""Learning tests: PostgreSQL-only tests skip on SQLite; helpers for files and mail."""

from __future__ import annotations

import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres_only" in item.keywords and "tests/learning/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(
                pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
            )
