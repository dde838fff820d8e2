"""Language choice in the browser: the header's switcher turns the page Latvian or Greek and the choice sticks
from page to page; without a cookie a signed-in person sees their profile's language."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.a11y.session import open_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAV = ["Programmes", "Map", "Verify a certificate"]


def words(language: str, *sources: str) -> list[str]:
    """The committed catalogue's translations (each must differ from the English source)."""
    with translation.override(language):
        found = [gettext(source) for source in sources]
    assert all(t != s for t, s in zip(found, sources, strict=True)), f"untranslated in {language}: {found}"
    return found


def nav_shows(page, language: str, *sources: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    nav = page.get_by_role("navigation", name=words(language, "Main")[0])
    for text in words(language, *sources):
        expect(nav.get_by_role("link", name=text, exact=True)).to_be_visible()


def test_the_switcher_changes_the_language_and_it_sticks(demo, page, live_server):
    page.goto(f"{live_server.url}/programmes/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("lv")  # submits itself (data-autosubmit)
    page.wait_for_url(f"{live_server.url}/programmes/")
    nav_shows(page, "lv", *NAV)
    expect(page.locator("h1")).to_have_text(words("lv", "Programmes")[0])
    page.goto(f"{live_server.url}/map/list/")  # another page: still Latvian
    nav_shows(page, "lv", *NAV)
    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_label(words("lv", "E-mail address")[0])).to_be_visible()

    page.get_by_label(words("lv", "Language")[0]).select_option("el")
    page.wait_for_url(f"{live_server.url}/login/")
    nav_shows(page, "el", *NAV)
    page.goto(f"{live_server.url}/recognition/verify/")
    nav_shows(page, "el", *NAV)


@pytest.mark.parametrize("who", ["participant.lv@example.org", "trainer.gr@example.org"])
def test_the_profile_language_is_used_without_a_cookie(demo, browser, live_server, who):
    language = demo.people[who].preferred_language
    assert language in {"lv", "el"}
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/login/")
    page.locator("main input[name=username]").fill(who)
    page.locator("main input[name=password]").fill("biblio-demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/home/$"))
    assert not [c for c in context.cookies() if c["name"] == "django_language"]
    nav_shows(page, language, *NAV, "My home")
    page.goto("/profile/")
    nav_shows(page, language, "My home")
    context.close()

    # A chosen language (the cookie) wins over the profile's.
    page = open_as(browser, live_server.url, who, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="My home")).to_be_visible()
    page.context.close()
