"""The whole learning journey in a real browser: a new person applies to the Latvian cohort, the
coordinator accepts, the participant logs hours, the trainer approves, and the participant's progress
bar moves by exactly those hours."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Marta Liepiņa"
EMAIL = "marta.liepina@example.org"
PASSWORD = "grāmatu-plaukts-42"
HOURS = "2.5"


def _online_bar(page):
    """The online-study progress bar on the home page: its figures and the approved width."""
    bar = page.locator(".progress").filter(has_text="Online study and self-study").first
    return (
        bar.locator(".progress__figures").inner_text(),
        float(bar.locator(".progress__approved").get_attribute("width")),
    )


def test_apply_accept_log_approve_progress(demo, page, live_server, log_in, log_out):
    # This journey reads English labels; the demo people otherwise see their own language.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    cohort = demo.cohorts["lv"]
    # 1. A new person applies (the account is created with the application).
    page.goto(f"{live_server.url}/learning/apply/")
    page.get_by_role("link", name=f"Apply to {cohort.name}").click()
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_label(re.compile(r"Digital Transformation Facilitator")).check()
    page.get_by_label("Why do you want to take part?").fill("Lai palīdzētu lasītājiem digitālajā vidē.")
    page.get_by_label("Your first project idea").fill("Digitāls pasākumu kalendārs bibliotēkai.")
    page.get_by_label("Library that would host your work-based learning").select_option(index=3)
    page.get_by_label("The library has already agreed to host me").check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("status")).to_contain_text("Your application has been sent")
    expect(page.get_by_role("rowheader", name=cohort.name)).to_be_visible()
    log_out()

    # 2. The coordinator accepts: the applicant is enrolled on the track applied for.
    log_in("coordinator.lv@example.org")
    page.goto(f"{live_server.url}/learning/cohorts/{cohort.code}/applications/?status=submitted")
    page.get_by_role("link", name=NAME).click()
    page.get_by_role("button", name="Accept and enrol").click()
    expect(page.get_by_role("status")).to_contain_text(f"{NAME} is accepted and enrolled.")
    log_out()

    # 3. The participant logs hours on a day inside the course.
    log_in(EMAIL, PASSWORD)
    before_text, before_width = _online_bar(page)
    assert before_text.startswith("0 of 160 h")
    page.get_by_role("link", name="Log hours").first.click()
    page.get_by_label("Learning mode").select_option("online")
    day = min(timezone.localdate(), cohort.end)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Duration (hours)").fill(HOURS)
    page.get_by_label("What you did").fill("Studied the DigComp framework.")
    page.get_by_role("button", name="Log these hours", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("wait for approval")
    page.goto(f"{live_server.url}/home/")
    pending_text, pending_width = _online_bar(page)
    assert pending_width == before_width and f"{HOURS} h waiting" in pending_text
    log_out()

    # 4. The trainer approves it from the review queue.
    log_in("trainer.lv@example.org")
    page.get_by_role("link", name="Review hours").click()
    page.get_by_label("Participant").fill(NAME)
    page.locator("form.filters button[type=submit]").click()
    row = page.get_by_role("row").filter(has_text=NAME)
    expect(row).to_have_count(1)
    row.get_by_role("button", name=re.compile("^Approve")).click()
    expect(page.get_by_role("status")).to_contain_text(f"Approved {NAME}'s entry.")
    log_out()

    # 5. The participant's bar moved by exactly those hours.
    log_in(EMAIL, PASSWORD)
    after_text, after_width = _online_bar(page)
    assert after_text.startswith(f"{HOURS} of 160 h")
    assert round(after_width - before_width, 2) == round(float(HOURS) * 100 / 160, 2)
