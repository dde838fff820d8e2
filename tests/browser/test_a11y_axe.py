"""axe-core on every page each demo role reaches, in all six languages: no serious or critical violations of
the full rule set (WCAG 2.1 A/AA and axe's best practices) anywhere. On each of those pages, in each
language, the document's lang is the active language and the header's language switcher can take the
focus; in the first language of each pair (en, bg, it) the test also reaches it from the top of the page
with Tab alone, every stop showing its focus (the markup before it is the same in every language).

"Every page": the roles crawl from their home pages; tests/a11y/pages.py adds the pages no link leads to,
each role's own variant of a page another role reached first, and the error pages; the test fails if any
route of the URLconf that answers a GET with a page was not checked.

Kept cheap: three tests of two languages each (xdist spreads them over its workers), each copying the demo
in once. Per role the test logs in once, crawls the role's pages in its first language (checking each as it
goes), then switches language with the django_language cookie and checks the same pages again; axe is an
init script of the context (no page fetches it), run once per page.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest

from tests.a11y.axe import FULL_TAGS, install_axe, run_axe, serious
from tests.a11y.crawl import crawl
from tests.a11y.keyboard import tab_to
from tests.a11y.pages import ERROR_PAGES, extra_paths, page_routes
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

LANGUAGE_PAIRS = [["en", "lv"], ["bg", "el"], ["it", "sv"]]

SWITCHER = "#lang-select"
# One round trip: the page's lang, whether a map still draws, whether the switcher can take the focus.
PAGE_STATE = """(switcher) => {
    const map = document.querySelector('#library-map');
    const el = document.querySelector(switcher);
    return {
        lang: document.documentElement.lang,
        drawing: !!map && map.dataset.loaded !== 'true',
        switcher: !!el && !el.disabled && el.tabIndex >= 0 && el.checkVisibility({visibilityProperty: true}),
    };
}"""


def _check_page(page, base_url: str, language: str, who: str, path: str, *, walk: bool) -> list[str]:
    """Everything wrong with the page as loaded now: axe's serious problems, its lang, the switcher (reached
    with Tab from the top if `walk`)."""
    state = page.evaluate(PAGE_STATE, SWITCHER)
    if state["drawing"]:  # the map draws its markers after loading its data
        page.wait_for_selector("#library-map[data-loaded=true]")
    problems = [f"{language} {who}: {v}" for v in serious(run_axe(page, base_url, FULL_TAGS))]
    if state["lang"] != language:
        problems.append(f"{language} {who}: {path} has lang={state['lang']!r}")
    if not state["switcher"]:
        problems.append(f"{language} {who}: {path}: the language switcher cannot take the focus")
    elif walk:
        try:
            tab_to(page, SWITCHER, limit=40)
        except AssertionError as error:
            problems.append(f"{language} {who}: {path}: language switcher: {error}")
    if os.environ.get("BIBLIO_A11Y_VERBOSE"):
        print(language, who, path, len(problems), flush=True)
    return problems


def _set_language(page, base_url: str, language: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])


@pytest.mark.parametrize("languages", LANGUAGE_PAIRS, ids="-".join)
def test_every_page_passes_axe_in_every_language(demo, browser, live_server, languages):
    base = live_server.url
    first, *others = languages
    seen_routes: set[str] = set()
    checked: Counter[str] = Counter()
    problems: list[str] = []
    for who in DEMO_ROLES:
        page = open_as(browser, base, who, first)
        install_axe(page.context)
        start = (ANONYMOUS_START if who == ANONYMOUS else ["/home/"]) + extra_paths(who, demo)
        visits = []  # (path, HTTP status) of each page checked, to check again in the other languages
        for path in crawl(page, base, start, seen_routes=seen_routes, limit=100):  # yields each page loaded
            visits.append((path, 200))
            problems += _check_page(page, base, first, who, path, walk=True)
        for error_who, path, status in ERROR_PAGES:
            if error_who == who:
                visits.append((path, status))
                problems += _visit(page, base, first, who, path, status, walk=True)
        checked[first] += len(visits)
        for language in others:
            _set_language(page, base, language)
            for path, status in visits:
                problems += _visit(page, base, language, who, path, status, walk=False)
            checked[language] += len(visits)
        page.context.close()
    print(f"pages checked: {dict(checked)}; routes: {len(seen_routes)}")
    assert page_routes() - seen_routes == set(), "pages no test reaches"
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def _visit(page, base_url: str, language: str, who: str, path: str, status: int, *, walk: bool) -> list[str]:
    response = page.goto(f"{base_url}{path}")
    assert response is not None and response.status == status, f"{language} {who} {path}: {response.status}"
    return _check_page(page, base_url, language, who, path, walk=walk)
