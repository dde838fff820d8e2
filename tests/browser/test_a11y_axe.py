"""axe-core on every page each demo role reaches, in every language: no serious or critical WCAG 2.1 A/AA
violations. English and Latvian check every route; Bulgarian, Greek, Italian and Swedish check the pages
whose words are longest or most varied (a representative subset), to keep the suite quick."""

from __future__ import annotations

import os

import pytest

from tests.a11y.axe import run_axe, serious
from tests.a11y.crawl import crawl, route_key
from tests.a11y.session import ANONYMOUS, DEMO_ROLES, open_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANONYMOUS_START = [
    "/",
    "/programmes/",
    "/map/",
    "/map/list/",
    "/recognition/verify/",
    "/login/",
    "/password-reset/",
    "/learning/apply/",
]

# The subset for the other four languages: one page per kind (text, forms, tables, charts, cards, map),
# each role's home included.
SUBSET_ROUTES = {
    "catalogue",
    "programme_detail",
    "map",
    "login",
    "home",
    "profile",
    "learning:entry_create",
    "learning:review",
    "workplace:logbook",
    "competences:mine",
    "recognition:wallet",
    "reports_dashboard",
}

# Problems that are not in the templates but in a catalogue being written now (reported to the translator).
# Each is allowed for one language, page and rule only; everything else fails.
KNOWN_IN_CATALOGUES = {
    # The Latvian label of a map cluster puts its figures in parentheses, which axe ignores when it looks for
    # the visible figure in the name (WCAG 2.5.3); the label should say them without parentheses.
    ("lv", "/map/", "label-content-name-mismatch"),
}


def _check_language(browser, live_server, language: str, keep=lambda key: True) -> tuple[int, list]:
    """Crawl as each demo role in `language`; return (pages checked, serious violations)."""
    seen_routes: set[str] = set()
    checked, problems = 0, []
    for who in DEMO_ROLES:
        page = open_as(browser, live_server.url, who, language)
        start = ANONYMOUS_START if who == ANONYMOUS else ["/home/"]
        start = [path for path in start if keep(route_key(path) or "")]
        for _path in crawl(page, live_server.url, start, seen_routes=seen_routes, keep=keep):
            checked += 1
            if page.locator("#library-map").count():  # the map draws its markers after loading its data
                page.wait_for_selector("#library-map[data-loaded=true]")
            found = [
                v
                for v in serious(run_axe(page, live_server.url))
                if (language, v.url, v.rule) not in KNOWN_IN_CATALOGUES
            ]
            if os.environ.get("BIBLIO_A11Y_VERBOSE"):
                print(language, who, _path, len(found), flush=True)
            problems += found
        page.context.close()
    return checked, problems


@pytest.mark.parametrize("language", ["en", "lv"])
def test_every_page_of_every_role_passes_axe(demo, browser, live_server, language):
    checked, problems = _check_language(browser, live_server, language)
    assert checked >= 40, f"only {checked} pages reached"
    assert problems == [], "\n".join(map(str, problems))


def test_representative_pages_pass_axe_in_the_other_languages(demo, browser, live_server):
    for language in ["bg", "el", "it", "sv"]:
        checked, problems = _check_language(
            browser, live_server, language, keep=lambda key: key in SUBSET_ROUTES
        )
        assert checked >= 10, f"{language}: only {checked} pages reached"
        assert problems == [], f"{language}:\n" + "\n".join(map(str, problems))
