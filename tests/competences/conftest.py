from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
MOODLE = SHARED / "interop" / "moodle"
CASE_SCHEMA = SHARED / "interop" / "case" / "case-v1p1-cfpackage.schema.json"


def shared_file(path: Path) -> Path:
    """A fixture from ../shared/interop; the test skips (naming the file) when the folder is absent."""
    if not path.exists():
        pytest.skip(f"{path} is not here (clone the workspace with shared/ beside the repository)")
    return path


@pytest.fixture
def moodle_example() -> bytes:
    return shared_file(MOODLE / "example.csv").read_bytes()


@pytest.fixture
def bundled():
    """The bundled frameworks and profiles, as the demo and `frameworks_load` load them."""
    from biblio.competences.loaders import load_all

    load_all()
