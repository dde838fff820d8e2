"""Shared test set-up: settings for tests, a logged-in client helper, and the browser launch options."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("BIBLIO_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("EMAIL_URL", "locmem://")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files and signing keys go to a per-test folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    settings.BIBLIO_KEYS_DIR = tmp_path / "keys"


@pytest.fixture
def mooc():
    """A MOOC cohort: no call for applications; its completions come from Moodle's reports."""
    from tests.factories import CohortFactory, ProgrammeFactory

    return CohortFactory(programme=ProgrammeFactory(kind="mooc"), call_open=False)


@pytest.fixture
def login(client):
    """`login(person)` logs the test client in as that person and returns the client."""

    def _login(person):
        client.force_login(person)
        return client

    return _login


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") or os.environ.get("BIBLIO_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: browser tests are required here.")
        pytest.skip(f"{CHROMIUM} is missing: browser tests skipped (install Debian's chromium).")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
