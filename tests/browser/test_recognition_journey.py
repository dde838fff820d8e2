"""The coordinator certifies an eligible participant, anyone verifies it, the coordinator revokes it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_issue_verify_revoke(demo, page, live_server, log_in, log_out):
    cohort = demo.cohorts["lv"]
    log_in("coordinator.lv@example.org")
    with page.expect_navigation():
        page.locator("#lang-select").select_option("en")  # the demo coordinator reads Latvian
    page.get_by_role("link", name="Certificates", exact=True).click()
    page.get_by_role("link", name=cohort.name).click()
    page.get_by_role("link", name=re.compile(r"^Eligible \(\d+\)$")).click()
    row = page.get_by_role("row").filter(has_text="Anna Ozola")
    expect(row.get_by_text("Eligible", exact=True)).to_be_visible()

    row.get_by_role("button", name=re.compile("Issue certificate")).click()
    expect(page.locator(".message--success")).to_contain_text(
        re.compile(r"Certificate LV-2026-\d{4} has been issued\.")
    )
    number = re.search(r"LV-2026-\d{4}", page.locator(".message--success").inner_text()).group(0)

    page.get_by_role("link", name="Open the verify page").click()
    expect(page.locator(".rec-result__headline")).to_have_text("Valid")
    expect(page.locator(".rec-result")).to_contain_text("Anna Ozola")
    expect(page.locator(".rec-result")).to_contain_text(number)
    verify_url = page.url

    page.go_back()
    page.get_by_text("Revoke this certificate").click()
    page.get_by_label("Reason (published on the verify page)").fill("Issued before the final project review.")
    page.get_by_role("button", name="Revoke", exact=True).click()
    expect(page.locator(".message--success")).to_have_text(f"Certificate {number} has been revoked.")

    log_out()
    page.goto(verify_url)
    expect(page.locator(".rec-result__headline")).to_have_text("Revoked")
    expect(page.locator(".rec-result")).to_contain_text("Issued before the final project review.")
