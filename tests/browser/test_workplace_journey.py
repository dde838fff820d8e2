"""Work-based learning end to end in Chromium: a Latvian participant submits a project idea, the trainer
approves it, the participant logs work-based hours against an activity, the mentor signs the week off,
and the participant's work-based progress shows the new total.

Selectors follow form actions and field ids, not button texts, so the test holds in every language.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from biblio.workplace.models import Placement, ProjectIdea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _draft_idea(ctx) -> ProjectIdea:
    """The first Latvian pilot participant whose project idea is still a draft with a plan."""
    return (
        ProjectIdea.objects.filter(
            enrolment__in=ctx.enrolments["lv"],
            status=ProjectIdea.Status.DRAFT,
            activities__isnull=False,
            enrolment__person__email__startswith="participant",
        )
        .select_related("enrolment__person", "enrolment__placement__mentor", "enrolment__cohort")
        .order_by("enrolment__person__email")
        .first()
    )


def _a_day_to_log(placement: Placement) -> dt.date:
    """A day inside the placement and not in the future, moving the placement's start if the window is ahead."""
    today = timezone.localdate()
    if today < placement.start:
        placement.start = max(placement.enrolment.cohort.start, today - dt.timedelta(days=14))
        placement.save(update_fields=["start"])
    return min(today, placement.end)


def test_idea_approved_hours_logged_and_signed_off(demo, page, live_server, log_in, log_out):
    idea = _draft_idea(demo)
    assert idea is not None, "the demo has a Latvian participant with a draft idea"
    participant = idea.enrolment.person.email
    mentor = idea.enrolment.placement.mentor.email
    day = _a_day_to_log(idea.enrolment.placement)
    base = live_server.url

    # The participant submits the idea.
    log_in(participant)
    page.goto(f"{base}/workplace/projects/mine/")
    expect(page.get_by_role("heading", level=1)).to_have_text(idea.title)
    page.locator(f"form[action='/workplace/projects/{idea.pk}/submit/'] button").click()
    expect(page.locator("h1 ~ p [data-status]")).to_have_attribute("data-status", "submitted")
    log_out()

    # The trainer approves it.
    log_in("trainer.lv@example.org")
    page.goto(f"{base}/workplace/projects/?status=submitted")
    page.get_by_role("link", name=idea.title).first.click()
    page.locator("#id_feedback").fill("Labs plāns: sāciet ar lietotāju aptauju.")
    page.locator(f"form[action^='/workplace/projects/{idea.pk}/review/'] button[name=approve]").click()
    expect(page.locator("h1 ~ p [data-status]")).to_have_attribute("data-status", "approved")
    log_out()

    # The participant starts the project and logs three and a half hours against its first activity.
    log_in(participant)
    page.goto(f"{base}/workplace/projects/{idea.pk}/")
    expect(page.locator(".wp-feedback")).to_contain_text("Labs plāns")
    page.locator(f"form[action='/workplace/projects/{idea.pk}/start/'] button").click()
    page.goto(f"{base}/workplace/logbook/")
    figures = page.locator(".progress__figures").first
    expect(figures).to_have_text(re.compile(r"^0 "))
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_hours").fill("3")
    page.locator("#id_minutes").select_option("30")
    page.locator("#id_activity").select_option(index=1)
    page.locator("#id_note").fill("Aptaujāju bibliotēkas lietotājus par viņu vajadzībām.")
    page.locator("form[action$='#log'] button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("table [data-status=submitted]")).to_have_count(1)  # waiting for the mentor
    log_out()

    # The mentor signs the week off from the mentee's logbook.
    log_in(mentor)
    page.goto(f"{base}/workplace/mentor/")
    page.get_by_role("link", name=idea.enrolment.person.full_name).first.click()
    monday = day - dt.timedelta(days=day.weekday())
    page.locator(f"form[action$='/weeks/{monday.isoformat()}/approve/'] button").click()
    expect(page.locator(".message--success")).to_be_visible()
    log_out()

    # The participant's work-based progress shows the new total.
    log_in(participant)
    page.goto(f"{base}/workplace/logbook/")
    expect(page.locator(".progress__figures").first).to_have_text(re.compile(r"^3[.,]5 "))
    expect(page.locator("table [data-status=approved]")).to_have_count(1)  # signed off
