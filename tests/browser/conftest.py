"""Browser tests: Debian's Chromium through pytest-playwright, against pytest-django's live server."""

from __future__ import annotations

import pytest

from biblio.demo import DEMO_PASSWORD


@pytest.fixture
def demo(transactional_db):
    """The BIBLIO pilot in the test database, per test (transactional tests flush afterwards): loaded once
    per process, then copied in (tests/demo_snapshot.py)."""
    from tests.demo_snapshot import load_demo

    return load_demo()


@pytest.fixture
def log_in(page, live_server):
    """`log_in(email)` logs in through the real form and lands on the home page."""

    def _log_in(email: str, password: str = DEMO_PASSWORD):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password").fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/home/")
        return page

    return _log_in


@pytest.fixture
def log_out(page):
    def _log_out():
        page.locator("form[action='/logout/'] button").click()
        page.wait_for_load_state()

    return _log_out
