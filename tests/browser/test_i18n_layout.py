"""The longest language (most characters in its compiled catalogue) breaks no page: at 390 px and 1280 px
the document never scrolls sideways; wide tables may scroll inside their own .table-wrap."""

from __future__ import annotations

import gettext as gettext_module
from pathlib import Path

import pytest
from django.conf import settings

from tests.a11y.crawl import crawl
from tests.a11y.session import ANONYMOUS, open_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1280]
WHO = [ANONYMOUS, "participant.lv@example.org", "mentor.lv@example.org", "coordinator.lv@example.org"]
START = {ANONYMOUS: ["/programmes/", "/map/list/", "/recognition/verify/", "/login/", "/learning/apply/"]}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def longest_language() -> str:
    """The language whose translations of the site's strings are longest in total."""
    lengths = {}
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        mo = Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as file:
                catalog = gettext_module.GNUTranslations(file)._catalog
            lengths[code] = sum(len(v) for k, v in catalog.items() if k)
    return max(lengths, key=lengths.get)


def test_no_page_scrolls_sideways_in_the_longest_language(demo, browser, live_server):
    language = longest_language()
    seen: set[str] = set()
    checked, wide = 0, []
    for who in WHO:
        page = open_as(browser, live_server.url, who, language, viewport={"width": 1280, "height": 800})
        for path in crawl(page, live_server.url, START.get(who, ["/home/"]), seen_routes=seen, limit=30):
            checked += 1
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                overflow = page.evaluate(OVERFLOW)
                if overflow > 1:
                    wide.append(f"{path} at {width} px: {overflow} px too wide")
            page.set_viewport_size({"width": 1280, "height": 800})
        page.context.close()
    assert checked >= 30, f"only {checked} pages"
    assert wide == [], f"{language}:\n" + "\n".join(wide)
