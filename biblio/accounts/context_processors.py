from biblio.accounts.models import Role
from biblio.accounts.permissions import STAFF_ROLES, is_admin, roles_by_cohort


def nav(request):
    """Which sections the navigation offers: the person's roles across their cohorts (one query)."""
    user = getattr(request, "user", None)
    roles: set[str] = set()
    for cohort_roles in roles_by_cohort(user).values():
        roles |= cohort_roles
    return {
        "nav_roles": {
            "participant": Role.PARTICIPANT in roles,
            "mentor": Role.MENTOR in roles,
            "staff": bool(roles & STAFF_ROLES),
            "coordinator": Role.COORDINATOR in roles,
            "admin": is_admin(user),
        }
    }
