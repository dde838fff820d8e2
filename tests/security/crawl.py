"""Walk the site as one person by following links, as a browser would, a few pages per URL pattern."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

LINK = re.compile(r"""\s(?:href|hx-get|action)=["']([^"'#]*)["']""", re.I)
SKIP_PREFIXES = ("/static/", "/api/", "/i18n/", "/logout/", "/admin/")
SKIP_SUFFIXES = (
    ".pdf",
    ".zip",
    ".csv",
    ".xlsx",
    ".ics",
    ".json",
    ".jsonld",
    ".geojson",
    ".png",
    ".svg",
    ".txt",
)


@dataclass
class Page:
    url: str
    route: str
    status: int
    content_type: str
    body: str


@dataclass
class Crawl:
    pages: list[Page] = field(default_factory=list)

    def html_pages(self) -> list[Page]:
        return [p for p in self.pages if p.content_type.startswith("text/html")]


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route or match.view_name


def links(body: str) -> list[str]:
    found = []
    for raw in LINK.findall(body):
        url = html.unescape(raw).strip()
        if url.startswith("/") and not url.startswith("//"):
            found.append(url)
    return found


def crawl(client, start: list[str], *, per_route: int = 2, limit: int = 600) -> Crawl:
    """GET pages breadth-first from `start`, following same-site links, at most `per_route` URLs per
    URL pattern (so 60 roster rows do not mean 60 visits) and `limit` pages in all."""
    seen: set[str] = set()
    per: Counter[str] = Counter()
    queue = list(start)
    result = Crawl()
    while queue and len(result.pages) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or path.startswith(SKIP_PREFIXES) or path.lower().endswith(SKIP_SUFFIXES):
            continue
        seen.add(url)
        route = route_of(path)
        if route is None or per[route] >= per_route:
            continue
        per[route] += 1
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        body = response.content.decode(errors="replace") if content_type.startswith("text/") else ""
        result.pages.append(Page(url, route, response.status_code, content_type, body))
        if response.status_code == 200 and body:
            queue += [link for link in links(body) if link not in seen]
    return result
