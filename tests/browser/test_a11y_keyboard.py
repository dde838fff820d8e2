"""Keyboard only (Tab, typing, arrows, Enter; no clicks): a participant logs in, logs blended-mode hours
and logs out; a trainer logs in and approves those hours from the review queue. Every element the focus
passes through shows it (outline or box shadow)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from biblio.learning.models import HourEntry
from tests.a11y.keyboard import log_in as keyboard_log_in
from tests.a11y.keyboard import log_out as keyboard_log_out
from tests.a11y.keyboard import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Keyboard only: read the DigComp 2.2 framework."


def test_log_hours_and_approve_them_with_the_keyboard_alone(demo, page, live_server):
    base = live_server.url
    participant = demo.people["participant.lv@example.org"]
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])

    # The participant logs 1.75 hours of a blended mode (not the default one) from the home page's link.
    keyboard_log_in(page, base, participant.email)
    tab_to(page, "a[href='/learning/entries/new/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/learning/entries/new/")
    tab_to(page, "select[name=mode]")
    default_mode = page.evaluate("() => document.activeElement.value")
    page.keyboard.press("ArrowDown")
    mode = page.evaluate("() => document.activeElement.value")
    assert mode != default_mode
    tab_to(page, "select[name=module]")  # project-based learning needs its module: the first one
    page.keyboard.press("ArrowDown")
    tab_to(page, "input[name=hours]")
    page.keyboard.type("1.75")
    tab_to(page, "textarea[name=note]")
    page.keyboard.type(NOTE)
    tab_to(page, "main form button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("wait for approval")
    entry = HourEntry.objects.get(note=NOTE)
    assert (entry.enrolment.person_id, entry.mode, entry.minutes) == (participant.pk, mode, 105)
    assert entry.module_id is not None
    assert entry.status == HourEntry.Status.SUBMITTED
    keyboard_log_out(page, base)

    # The trainer finds the participant in the review queue and approves that entry.
    keyboard_log_in(page, base, "trainer.lv@example.org")
    tab_to(page, "header a[href='/learning/review/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/learning/review/")
    tab_to(page, "input[name=q]")
    page.keyboard.type(participant.full_name)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/learning/review/?**")
    approve = f"form[action='/learning/entries/{entry.pk}/approve/'] button"
    tab_to(page, approve)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(f"Approved {participant.full_name}'s entry.")
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.APPROVED
    keyboard_log_out(page, base)
