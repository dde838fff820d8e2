"""Fetch-or-refuse: one function per main object. Missing and forbidden both raise NotFound (404);
visible but not allowed for this action raises PermissionDenied (403)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from biblio.accounts.models import Person
from biblio.accounts.permissions import (
    Action,
    allows,
    allows_on_enrolment,
    is_admin,
    roles_by_cohort,
)
from biblio.core.errors import NotFound, PermissionDenied
from biblio.programmes.models import Cohort

from ..models import Application, Enrolment, Exemption, HourEntry, Material, Session

NOT_FOUND = _("Not found.")
NOT_ALLOWED = _("You are not allowed to do this.")


def can_see_cohort(person: Person | None, cohort_id: int) -> bool:
    """Members of a cohort (any role) and administrators see its sessions, materials and calendar."""
    return is_admin(person) or cohort_id in roles_by_cohort(person)


def _check(person: Person | None, allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NOT_ALLOWED)


def cohort_for(person: Person | None, ref: int | str, action: Action | None = None) -> Cohort:
    """The cohort (by id or code) if the person is a member or an administrator, else 404;
    403 if they may see it but `action` is not theirs there."""
    lookup = {"pk": ref} if isinstance(ref, int) else {"code": ref}
    cohort = Cohort.objects.select_related("programme").filter(**lookup).first()
    if cohort is None or not can_see_cohort(person, cohort.pk):
        raise NotFound(NOT_FOUND)
    if action is not None:
        _check(person, allows(person, action, cohort_id=cohort.pk))
    return cohort


def enrolment_for(person: Person | None, enrolment_id: int, action: Action | None = None) -> Enrolment:
    """An enrolment its participant, their mentor and cohort staff may see."""
    enrolment = (
        Enrolment.objects.select_related("person", "cohort", "programme", "placement")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None or not allows_on_enrolment(person, Action.VIEW_ENROLMENT, enrolment):
        raise NotFound(NOT_FOUND)
    if action is not None:
        _check(person, allows_on_enrolment(person, action, enrolment))
    return enrolment


def entry_for(person: Person | None, entry_id: int, action: Action | None = None) -> HourEntry:
    """An hour entry, visible to whoever may see its enrolment."""
    entry = (
        HourEntry.objects.select_related(
            "enrolment__person", "enrolment__cohort", "enrolment__placement", "module", "reviewed_by"
        )
        .filter(pk=entry_id)
        .first()
    )
    if entry is None or not allows_on_enrolment(person, Action.VIEW_ENROLMENT, entry.enrolment):
        raise NotFound(NOT_FOUND)
    if action is not None:
        _check(person, allows_on_enrolment(person, action, entry.enrolment))
    return entry


def exemption_for(person: Person | None, exemption_id: int, action: Action | None = None) -> Exemption:
    exemption = (
        Exemption.objects.select_related(
            "enrolment__person", "enrolment__cohort", "enrolment__placement", "module", "decided_by"
        )
        .filter(pk=exemption_id)
        .first()
    )
    if exemption is None or not allows_on_enrolment(person, Action.VIEW_ENROLMENT, exemption.enrolment):
        raise NotFound(NOT_FOUND)
    if action is not None:
        _check(person, allows_on_enrolment(person, action, exemption.enrolment))
    return exemption


def session_for(person: Person | None, session_id: int, action: Action | None = None) -> Session:
    session = Session.objects.select_related("cohort", "module", "trainer").filter(pk=session_id).first()
    if session is None or not can_see_cohort(person, session.cohort_id):
        raise NotFound(NOT_FOUND)
    if action is not None:
        _check(person, allows(person, action, cohort_id=session.cohort_id))
    return session


def material_for(person: Person | None, material_id: int, action: Action | None = None) -> Material:
    material = Material.objects.select_related("cohort", "module").filter(pk=material_id).first()
    if material is None or not can_see_cohort(person, material.cohort_id):
        raise NotFound(NOT_FOUND)
    if action is not None:
        _check(person, allows(person, action, cohort_id=material.cohort_id))
    return material


def application_for(person: Person | None, application_id: int, action: Action | None = None) -> Application:
    """An application: its applicant and the cohort's staff (who rate ideas) may see it."""
    application = (
        Application.objects.select_related(
            "person", "cohort", "programme", "host", "decided_by", "idea_rated_by"
        )
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound(NOT_FOUND)
    own = person is not None and application.person_id == getattr(person, "pk", None)
    staff = allows(person, Action.REVIEW_PROJECT, cohort_id=application.cohort_id)
    if not (own or staff):
        raise NotFound(NOT_FOUND)
    if action is not None:
        _check(person, allows(person, action, cohort_id=application.cohort_id))
    return application
