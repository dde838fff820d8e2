"""In a real browser, no page of any role (the admin's included) trips the Content-Security-Policy:
no inline script or style runs or is blocked, and log-in works through the form with the second factor."""

from __future__ import annotations

import time

import pytest

from biblio.accounts import totp
from biblio.accounts.models import Person, TotpDevice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = [
    "participant.lv@example.org",
    "mentor.lv@example.org",
    "trainer.lv@example.org",
    "coordinator.lv@example.org",
    "admin@example.org",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/accounts/person/",
    "/admin/accounts/person/{person}/change/",
    "/admin/accounts/auditevent/",
    "/admin/learning/hourentry/",
    "/admin/learning/hourentry/add/",
    "/admin/programmes/cohort/",
    "/admin/accounts/erasurerequest/",
]


def watch(page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda m: found.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None,
    )
    return found


@pytest.mark.parametrize("email", ROLES)
def test_no_csp_violation_on_any_page_of_the_main_menu(demo, page, live_server, log_in, email):
    violations = watch(page)
    log_in(email)
    links = page.eval_on_selector_all(
        "nav.main-nav a, main a", "els => [...new Set(els.map(e => e.getAttribute('href')))]"
    )
    paths = [h for h in links if h and h.startswith("/") and not h.startswith(("/api/", "/static/"))][:25]
    if email == "admin@example.org":
        person = Person.objects.get(email=email).pk
        paths += [p.format(person=person) for p in ADMIN_PAGES]
    for path in dict.fromkeys(paths):
        response = page.goto(f"{live_server.url}{path}")
        if response is not None and "html" in (response.headers.get("content-type") or ""):
            page.wait_for_load_state("load")
    assert violations == []


def test_log_in_with_the_second_factor_in_the_browser(demo, page, live_server):
    person = Person.objects.get(email="coordinator.lv@example.org")
    device = TotpDevice.objects.create(
        person=person, secret=totp.new_secret(), confirmed_at="2026-01-01T00:00Z"
    )
    violations = watch(page)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(person.email)
    page.get_by_label("Password").fill("biblio-demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/login/verify/")
    page.get_by_label("Code").fill(totp.totp(totp.secret_bytes(device.secret), time.time()))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/home/")
    page.goto(f"{live_server.url}/profile/two-factor/")
    assert page.locator("main .tag--ok").first.is_visible()  # two-factor log-in: on
    assert violations == []
