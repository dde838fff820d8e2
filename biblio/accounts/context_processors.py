"""The navigation: which sections a person is offered, and the rendered list of links.

`nav_roles` is read lazily (one query, on the first page that shows the navigation; none for a page
that does not). `main_nav` is the navigation's list of links as base.html shows it. Its HTML is a pure
function of the language, the person's roles (read from the database on every request: a membership
granted or revoked shows on the next page), the page's URL names and the script prefix, so each
process renders each distinct list once and keeps it (core/context_processors.py `Kept`;
`includes/main_nav.html` and the apps' `_nav.html` may use nothing else).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import SimpleLazyObject

from biblio.accounts.models import Role
from biblio.accounts.permissions import STAFF_ROLES, is_admin, roles_by_cohort
from biblio.core.context_processors import Kept

NAV_TEMPLATE = "includes/main_nav.html"


def nav_roles_of(user) -> dict[str, bool]:
    """The person's roles across their cohorts (one query, remembered on the person for the request)."""
    roles: set[str] = set()
    for cohort_roles in roles_by_cohort(user).values():
        roles |= cohort_roles
    return {
        "participant": Role.PARTICIPANT in roles,
        "mentor": Role.MENTOR in roles,
        "staff": bool(roles & STAFF_ROLES),
        "coordinator": Role.COORDINATOR in roles,
        "admin": is_admin(user),
    }


def _page_key(request, roles) -> Callable[[], tuple]:
    def key() -> tuple:
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        return (
            bool(user is not None and user.is_authenticated),
            tuple(sorted(roles.items())),
            match.url_name if match else None,
            match.view_name if match else None,
            match.app_name if match else None,
        )

    return key


def nav(request):
    """`nav_roles` (lazily: one query when a page first asks) and `main_nav`, the rendered links."""
    user = getattr(request, "user", None)
    roles = SimpleLazyObject(lambda: nav_roles_of(user))
    main_nav = Kept(
        NAV_TEMPLATE, request, key=_page_key(request, roles), context=lambda: {"nav_roles": roles}
    )
    return {"nav_roles": roles, "main_nav": main_nav}
