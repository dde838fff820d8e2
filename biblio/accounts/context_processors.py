"""The navigation: which sections a person is offered, and the rendered list of links.

`nav_roles` is read lazily (one query, on the first page that shows the navigation; none for a page
that does not). `main_nav` is the navigation's list of links as base.html shows it. Its HTML is a pure
function of the language, the person's roles (read from the database on every request: a membership
granted or revoked shows on the next page), the page's URL names and the script prefix, so each
process keeps the few hundred distinct lists it renders and renders each once
(`includes/main_nav.html` and the apps' `_nav.html` may use nothing else; with DEBUG on, templates
may change under a running server and nothing is kept).
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from biblio.accounts.models import Membership, Role
from biblio.accounts.permissions import STAFF_ROLES, is_admin, roles_by_cohort

NAV_TEMPLATE = "includes/main_nav.html"
_KEPT_MAX = 4096  # distinct (language, roles, page) lists kept per process; far more than there are
_kept: dict[tuple, SafeString] = {}


def read_roles(user) -> dict[int, frozenset[str]]:
    """`permissions.roles_by_cohort`, without the membership model's ordering (its joins of the cohort
    and the person were most of the query's cost; the roles are sets), remembered on the person the
    same way for the rest of the request: a page that reads roles anyway may call this first."""
    if user is None or not user.is_authenticated or hasattr(user, "_biblio_roles"):
        return roles_by_cohort(user)
    found: dict[int, set[str]] = {}
    for cohort_id, role in Membership.objects.filter(person=user).order_by().values_list("cohort_id", "role"):
        found.setdefault(cohort_id, set()).add(role)
    user._biblio_roles = {cohort_id: frozenset(roles) for cohort_id, roles in found.items()}
    return user._biblio_roles


def nav_roles_of(user) -> dict[str, bool]:
    """The person's roles across their cohorts (one query, remembered on the person for the request)."""
    roles: set[str] = set()
    for cohort_roles in read_roles(user).values():
        roles |= cohort_roles
    return {
        "participant": Role.PARTICIPANT in roles,
        "mentor": Role.MENTOR in roles,
        "staff": bool(roles & STAFF_ROLES),
        "coordinator": Role.COORDINATOR in roles,
        "admin": is_admin(user),
    }


class MainNav:
    """`{{ main_nav }}`: the navigation's links, rendered (or found) when the template shows them."""

    def __init__(self, request, roles):
        self.request, self.roles = request, roles

    def key(self) -> tuple:
        user = getattr(self.request, "user", None)
        match = getattr(self.request, "resolver_match", None)
        return (
            get_language(),
            get_script_prefix(),
            bool(user is not None and user.is_authenticated),
            tuple(sorted(self.roles.items())),
            match.url_name if match else None,
            match.view_name if match else None,
            match.app_name if match else None,
        )

    def render(self) -> SafeString:
        return SafeString(render_to_string(NAV_TEMPLATE, {"nav_roles": self.roles}, self.request))

    def __html__(self) -> SafeString:
        if settings.DEBUG:
            return self.render()
        key = self.key()
        html = _kept.get(key)
        if html is None:
            html = self.render()
            if len(_kept) >= _KEPT_MAX:
                _kept.clear()
            _kept[key] = html
        return html

    def __str__(self) -> str:
        return self.__html__()


def nav(request):
    """`nav_roles` (lazily: one query when a page first asks) and `main_nav`, the rendered links."""
    user = getattr(request, "user", None)
    roles = SimpleLazyObject(lambda: nav_roles_of(user))
    return {"nav_roles": roles, "main_nav": MainNav(request, roles)}
