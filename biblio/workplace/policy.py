"""Who may do what in work-based learning: thin wrappers over accounts.permissions with readable refusals."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from biblio.accounts.permissions import Action, allows_on_enrolment
from biblio.core.errors import PermissionDenied

NOT_FOUND = _("Not found.")
DENIED = {
    Action.VIEW_ENROLMENT: _("You may not see this participant's work-based learning."),
    Action.LOG_HOURS: _("Only the participant can change their own logbook and project."),
    Action.SIGN_OFF_WORK: _(
        "Only the participant's mentor or the cohort's coordinator can sign off work-based learning."
    ),
    Action.ASSIGN_PLACEMENT: _("Only the cohort's coordinator can assign placements and mentors."),
    Action.REVIEW_PROJECT: _("Only the cohort's trainers, moderators and coordinator review project ideas."),
    Action.COMMENT_PROJECT: _("You may not comment on this project idea."),
}
OWN_SIGN_OFF = _("You cannot sign off your own work-based learning.")


def require(actor, action: Action, enrolment) -> None:
    """Raise PermissionDenied (403) unless `actor` may do `action` to `enrolment`'s records."""
    if not allows_on_enrolment(actor, action, enrolment):
        raise PermissionDenied(DENIED[action])


def require_owner(actor, enrolment) -> None:
    """For the participant's own forms: others may see the records but not open the form (403)."""
    require(actor, Action.LOG_HOURS, enrolment)


def require_sign_off(actor, enrolment) -> None:
    """Signing off needs SIGN_OFF_WORK, and nobody signs their own work, whatever else they are."""
    if actor is not None and actor.pk == enrolment.person_id:
        raise PermissionDenied(OWN_SIGN_OFF)
    require(actor, Action.SIGN_OFF_WORK, enrolment)


def may(actor, action: Action, enrolment) -> bool:
    """For templates: which buttons to offer (the services check again)."""
    if action == Action.SIGN_OFF_WORK and actor is not None and actor.pk == enrolment.person_id:
        return False
    return allows_on_enrolment(actor, action, enrolment)


def may_comment(actor, enrolment) -> bool:
    """Trainers, moderators, the coordinator and the mentor comment; the participant replies on their own."""
    return allows_on_enrolment(actor, Action.COMMENT_PROJECT, enrolment) or allows_on_enrolment(
        actor, Action.LOG_HOURS, enrolment
    )
