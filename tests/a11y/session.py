"""Browser contexts for one role in one language, logged in through the real login form."""

from __future__ import annotations

from biblio.demo import DEMO_PASSWORD

ANONYMOUS = "anonymous"
DEMO_ROLES = [
    ANONYMOUS,
    "participant.lv@example.org",
    "mentor.lv@example.org",
    "trainer.lv@example.org",
    "coordinator.lv@example.org",
    "admin@example.org",
]
LANGUAGES = ["en", "lv", "bg", "el", "it", "sv"]


def open_as(browser, base_url: str, who: str, language: str, **context_options):
    """A new page for `who` (a demo e-mail or ANONYMOUS) with the language cookie set to `language`."""
    context = browser.new_context(base_url=base_url, **context_options)
    context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page = context.new_page()
    if who != ANONYMOUS:
        page.goto("/login/")
        page.locator("main input[name=username]").fill(who)
        page.locator("main input[name=password]").fill(DEMO_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{base_url}/home/")
    return page
