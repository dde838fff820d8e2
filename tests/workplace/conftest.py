"""Workplace tests: PostgreSQL-only tests (real row locks) skip on SQLite."""

from __future__ import annotations

import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres_only" in item.keywords and "tests/workplace/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(
                pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
            )
