"""Values every page needs, and the pieces of the layout each process renders once.

A `Kept` piece's HTML is a pure function of its template, the language, the script prefix and the
key it is given, so a process renders each distinct one once and keeps it (a few hundred in all):
the footer and the language menu depend on the language alone, the navigation
(accounts/context_processors.py) on the person's roles and the page. Their templates may use nothing
else. With DEBUG on, templates may change under a running server, and nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

KEPT_MAX = 4096  # distinct pieces kept per process; far more than there are
_kept: dict[tuple, SafeString] = {}


class Kept:
    """`{{ piece }}`: rendered (or found) when, and only if, the page shows it."""

    def __init__(
        self,
        template: str,
        request,
        *,
        key: Callable[[], tuple] = tuple,
        context: Callable[[], dict] = dict,
    ):
        self.template, self.request, self.key, self.context = template, request, key, context

    def render(self) -> SafeString:
        return SafeString(render_to_string(self.template, self.context(), self.request))

    def __html__(self) -> SafeString:
        if settings.DEBUG:
            return self.render()
        key = (self.template, get_language(), get_script_prefix(), *self.key())
        html = _kept.get(key)
        if html is None:
            html = self.render()
            if len(_kept) >= KEPT_MAX:
                _kept.clear()
            _kept[key] = html
        return html

    def __str__(self) -> str:
        return self.__html__()


def site(request):
    """The site URL, whether online map tiles are configured, and the layout's footer and language menu."""
    return {
        "SITE_URL": settings.SITE_URL,
        "MAP_TILES_URL": settings.BIBLIO_MAP_TILES_URL,
        "site_footer": Kept("includes/site_footer.html", request),
        "language_options": Kept("includes/language_options.html", request),
    }
