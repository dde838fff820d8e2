"""The public map: filter to Latvia and DIGY, open a marker's popup by mouse and by keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from biblio.reports.map import map_libraries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _inside_map(page, marker) -> bool:
    """The marker's centre lies well inside the map (one at the very edge is half hidden by the frame)."""
    box, frame = marker.bounding_box(), page.locator("#library-map").bounding_box()
    if not box or not frame:
        return False
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    return (
        frame["x"] + 20 < x < frame["x"] + frame["width"] - 20
        and frame["y"] + 20 < y < frame["y"] + frame["height"] - 20
    )


def visible_marker(page):
    """A library marker on screen, well inside the map: open groups (clusters) until one shows."""
    markers = page.locator(".map-marker")
    for _ in range(8):
        for i in range(markers.count()):
            if markers.nth(i).is_visible() and _inside_map(page, markers.nth(i)):
                return markers.nth(i)
        page.locator(".map-cluster").first.click()
        page.wait_for_timeout(700)
    raise AssertionError("no marker became visible")


def test_map_filters_to_latvia_and_digy_and_shows_a_popup(demo, page, live_server):
    expected = {lib.key: lib for lib in map_libraries(country="LV", track="DIGY")}
    assert expected
    page.goto(f"{live_server.url}/map/")
    expect(page.locator("#map-status")).to_contain_text("Libraries shown:")

    page.get_by_label("Country").select_option("LV")
    page.get_by_label("Track").select_option("DIGY")

    expect(page.locator("#map-status")).to_have_text(f"Libraries shown: {len(expected)}")
    expect(page).to_have_url(re.compile(r"\?country=LV&track=DIGY$"))
    expect(page.locator("#map-list-link")).to_have_attribute("href", "/map/list/?country=LV&track=DIGY")
    assert page.locator(".map-marker--ceco").count() == 0

    marker = visible_marker(page)
    library = expected[marker.get_attribute("data-key")]
    marker.click()

    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator(".map-popup__title")).to_have_text(library.name)
    expect(popup).to_contain_text(library.city)
    expect(popup).to_contain_text(f"Participants: {library.participants}")
    for project in library.projects:
        expect(popup).to_contain_text(project.title)

    # The keyboard: Escape closes, Enter on a focused marker opens it again.
    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup-content .map-popup__title")).to_have_text(library.name)


def test_list_view_holds_the_same_libraries(demo, page, live_server):
    page.goto(f"{live_server.url}/map/?country=LV&track=DIGY")
    page.get_by_role("link", name="See the libraries as a list").click()
    rows = page.locator("#library-list tbody tr")
    expect(rows).to_have_count(len(map_libraries(country="LV", track="DIGY")))


def serious_violations(page, live_server) -> list[str]:
    """axe-core (vendored) on the current page: the serious and critical accessibility problems."""
    page.add_script_tag(url=f"{live_server.url}/static/vendor/axe-core/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_map_and_list_have_no_serious_accessibility_problems(demo, page, live_server):
    page.goto(f"{live_server.url}/map/?country=LV")
    expect(page.locator("#library-map")).to_have_attribute("data-loaded", "true")
    assert serious_violations(page, live_server) == []
    page.goto(f"{live_server.url}/map/list/?country=LV")
    assert serious_violations(page, live_server) == []
