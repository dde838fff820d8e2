"""Keyboard only (Tab, Shift+Tab, typing, Enter, Space; no clicks), every stop showing its focus:

- a mentor opens a mentee's work-based logbook, signs off one entry, returns another with a comment (the
  row's "Return…" disclosure), then goes back up with Shift+Tab from a week's entries to that week's button
  and signs off the whole week;
- a coordinator opens the applications of their cohort, accepts one applicant, then rejects another: first
  without a reason (the page says one is needed), then with one;
- anyone changes the page's language with the header's switcher, by keyboard alone.

Selectors follow form actions and names, not button texts, so the journeys hold in every language.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from biblio.learning.models import Application, Enrolment, HourEntry
from biblio.programmes.models import LearningMode
from biblio.workplace.models import Placement
from tests.a11y.keyboard import activate, log_in, log_out, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SWITCHER = "#lang-select"
RETURN_COMMENT = "Keyboard only: say which activity this served."
REJECT_REASON = "Keyboard only: the project idea needs a library partner first."


def _in(language: str, source: str) -> str:
    with translation.override(language):
        return gettext(source)


def _english(page, base: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])


def test_a_mentor_signs_off_an_entry_and_a_week_with_the_keyboard_alone(demo, page, live_server):
    base = live_server.url
    _english(page, base)
    participant = demo.people["participant.lv@example.org"]
    placement = Placement.objects.select_related("mentor", "enrolment").get(enrolment__person=participant)
    enrolment = placement.enrolment
    waiting = list(
        HourEntry.objects.filter(
            enrolment=enrolment, mode=LearningMode.WORK_BASED, status=HourEntry.Status.SUBMITTED
        ).order_by("date", "pk")
    )
    by_week = defaultdict(list)
    for entry in waiting:
        by_week[entry.date.isocalendar()[:2]].append(entry)
    weeks = sorted(by_week.values(), key=lambda entries: entries[0].date, reverse=True)  # newest first
    busy = next((entries for entries in weeks if len(entries) >= 2), None)
    assert busy is not None, "the demo has a week with two entries waiting for the mentor"
    signed, returned = busy[0], busy[1]
    week = next((entries for entries in weeks if entries is not busy), None)
    assert week is not None and len(week) >= 2, "the demo has another week of entries waiting for the mentor"

    log_in(page, base, placement.mentor.email)
    tab_to(page, "header a[href='/workplace/mentor/']")
    activate(page)
    tab_to(page, f"a[href='/workplace/logbook/{enrolment.pk}/']", text=participant.full_name)
    activate(page)
    assert page.url.startswith(f"{base}/workplace/logbook/{enrolment.pk}/")

    # One entry signed off from its row.
    tab_to(page, f"form[action='/workplace/entries/{signed.pk}/approve/'] button", limit=300)
    activate(page)
    expect(page.get_by_role("status")).to_contain_text("The entry was signed off.")
    signed.refresh_from_db()
    assert signed.status == HourEntry.Status.APPROVED
    assert signed.reviewed_by_id == placement.mentor_id

    # Another returned with a comment: the row's disclosure opens with Space, its form takes the comment.
    tab_to(page, f"#entry-{returned.pk} summary", limit=300)
    page.keyboard.press("Space")
    expect(page.locator(f"#entry-{returned.pk} details")).to_have_attribute("open", "")
    tab_to(page, f"textarea#comment-{returned.pk}")
    page.keyboard.type(RETURN_COMMENT)
    tab_to(page, f"form[action='/workplace/entries/{returned.pk}/return/'] button")
    activate(page)
    expect(page.get_by_role("status")).to_contain_text("returned to the participant with your comment")
    returned.refresh_from_db()
    assert (returned.status, returned.review_comment) == (HourEntry.Status.REJECTED, RETURN_COMMENT)

    # A whole week: Tab to its first entry, then Shift+Tab back up to the week's own button; Space signs it off.
    first = week[0]
    monday = first.date - dt.timedelta(days=first.date.weekday())
    tab_to(page, f"form[action='/workplace/entries/{first.pk}/approve/'] button", limit=300)
    week_button = (
        f"form[action='/workplace/logbook/{enrolment.pk}/weeks/{monday.isoformat()}/approve/'] button"
    )
    tab_to(page, week_button, backwards=True, limit=4)
    activate(page, "Space")
    expect(page.get_by_role("status")).to_contain_text(f"{len(week)} entries of the week were signed off.")
    statuses = dict(HourEntry.objects.filter(pk__in=[e.pk for e in waiting]).values_list("pk", "status"))
    done = {e.pk for e in week} | {signed.pk}
    assert {pk for pk, status in statuses.items() if status == HourEntry.Status.APPROVED} == done
    assert {pk for pk, status in statuses.items() if status == HourEntry.Status.SUBMITTED} == (
        {e.pk for e in waiting} - done - {returned.pk}
    )
    log_out(page, base)


def test_a_coordinator_accepts_and_rejects_applications_with_the_keyboard_alone(demo, page, live_server):
    base = live_server.url
    _english(page, base)
    cohort = demo.cohorts["lv"]
    to_accept, to_reject = Application.objects.filter(
        cohort=cohort, status=Application.Status.SUBMITTED
    ).order_by("person__email")[:2]

    log_in(page, base, "coordinator.lv@example.org")
    tab_to(page, f"main a[href='/learning/cohorts/{cohort.code}/applications/']")
    activate(page)

    # Accept: from the ranked list to the application, then the decision's first button.
    tab_to(page, f"a[href='/learning/applications/{to_accept.pk}/']")
    activate(page)
    tab_to(page, "button[name=decision][value=accept]")
    activate(page)
    expect(page.get_by_role("status")).to_contain_text(
        f"{to_accept.person.full_name} is accepted and enrolled."
    )
    to_accept.refresh_from_db()
    assert to_accept.status == Application.Status.ACCEPTED
    assert Enrolment.objects.filter(person=to_accept.person, cohort=cohort).exists()

    # Reject: without a reason the page asks for one; with one, the application is rejected.
    tab_to(page, f"a[href='/learning/applications/{to_reject.pk}/']")
    activate(page)
    tab_to(page, "button[name=decision][value=reject]")
    activate(page, "Space")
    expect(page.get_by_role("status")).to_contain_text("Give the applicant a reason.")
    to_reject.refresh_from_db()
    assert to_reject.status == Application.Status.SUBMITTED
    tab_to(page, "textarea[name=reason]")
    page.keyboard.type(REJECT_REASON)
    tab_to(page, "button[name=decision][value=reject]")
    activate(page, "Space")
    expect(page.get_by_role("status")).to_contain_text(
        f"{to_reject.person.full_name}'s application is rejected."
    )
    to_reject.refresh_from_db()
    assert (to_reject.status, to_reject.decision_reason) == (Application.Status.REJECTED, REJECT_REASON)
    log_out(page, base)


def test_the_language_switcher_works_with_the_keyboard_alone(page, live_server):
    """Arrows move through the languages without reloading the page (WCAG 3.2.2); the form's button shows
    and takes the choice, or Enter on the switcher does."""
    base = live_server.url
    _english(page, base)
    page.goto(f"{base}/login/")
    tab_to(page, SWITCHER)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == "lv"
    expect(page.locator("html")).to_have_attribute("lang", "en")  # still English: nothing submitted yet
    tab_to(page, ".lang-form button[type=submit]", limit=1)
    activate(page)
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    expect(page.locator("main h1")).to_have_text(_in("lv", "Log in"))

    tab_to(page, SWITCHER)
    while page.evaluate("() => document.activeElement.value") != "sv":
        page.keyboard.press("ArrowDown")
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    activate(page)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("main h1")).to_have_text(_in("sv", "Log in"))
    assert page.url == f"{base}/login/"
