"""A participant sees their progress bars; a coordinator sees the roster."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_participant_then_coordinator(demo, page, live_server, log_in, log_out):
    log_in("participant.lv@example.org")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Līga")
    bars = page.locator(".progress__bar")
    expect(bars.first).to_be_visible()
    assert bars.count() >= 5
    # The approved hours of the demo participant's first mode are printed beside its bar.
    expect(page.locator(".progress__figures").first).to_contain_text("20")
    log_out()
    expect(page.locator("header a[href='/login/']")).to_be_visible()

    log_in("coordinator.lv@example.org")
    # The Latvian coordinator reads the cohort's name in Latvian (the cohort's translation slot).
    name = demo.cohorts["lv"].tr("name", "lv")
    assert name != demo.cohorts["lv"].name
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    rows = page.locator("table.roster tbody tr")
    expect(rows).to_have_count(42)
    expect(page.get_by_role("rowheader", name="Līga Bērziņa")).to_be_visible()


def test_bad_password_is_explained(demo, page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill("participant.lv@example.org")
    page.get_by_label("Password").fill("wrong-password")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
