"""Find the pages a role reaches by following links from their home page, one URL per Django route."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

# Links that are not pages to check: files, feeds, API, the Django admin, and actions behind a POST form.
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/i18n/", "/logout/")
SKIP_SUFFIXES = (".pdf", ".json", ".csv", ".ics", ".zip", ".xlsx", ".geojson", ".svg", ".png")
SKIP_ROUTES = {
    "issuer_key",
    "issuer_jwks",
    "status_list",
    "reports_export",
    "material_file",
    "attachment",
    "entry_evidence",
    "exemption_evidence",
    "data_export",
}


def route_key(path: str) -> str | None:
    """The route name a same-site path resolves to (None for what is not a page to check)."""
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in SKIP_ROUTES:
        return None
    return match.view_name


def same_site_links(page, base_url: str) -> list[str]:
    """Paths (with query) of the links on the page that stay on this site."""
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    paths = []
    for href in hrefs:
        if not href.startswith(base_url):
            continue
        parts = urlsplit(href)
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def crawl(
    page,
    base_url: str,
    start: list[str],
    *,
    seen_routes: set[str],
    limit: int = 60,
    keep: Callable[[str], bool] = lambda key: True,
) -> Iterator[str]:
    """Visit pages breadth-first from `start`; yield each path after loading it (one per new route).

    `seen_routes` is shared between calls so several roles together check each route once; the start
    pages are always visited (each role's home differs).
    """
    queue = list(start)
    queued = set(queue)
    visited = 0
    while queue and visited < limit:
        path = queue.pop(0)
        key = route_key(urlsplit(path).path)
        if key is None:
            continue
        if path not in start and (key in seen_routes or not keep(key)):
            continue
        seen_routes.add(key)
        try:
            response = page.goto(f"{base_url}{path}")
        except PlaywrightError as error:  # a link to a file download is not a page
            if "Download is starting" in str(error):
                continue
            raise
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited += 1
        yield path
        for link in same_site_links(page, base_url):
            link_key = route_key(urlsplit(link).path)
            if link_key and link_key not in seen_routes and link not in queued:
                queued.add(link)
                queue.append(link)
