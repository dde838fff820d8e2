"""Fetch-or-refuse: one function per main object. Missing and not-visible both raise NotFound (404)."""

from __future__ import annotations

from django.db.models import F

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, enrolment_q
from biblio.core.errors import NotFound
from biblio.learning.models import Enrolment, HourEntry
from biblio.programmes.models import LearningMode

from ..models import ProjectActivity, ProjectAttachment, ProjectIdea
from ..policy import NOT_FOUND

_ENROLMENT_RELATED = ("person", "cohort", "programme", "placement__host", "placement__mentor")


def enrolment_for(person: Person, enrolment_id: int) -> Enrolment:
    """An enrolment the person may see (own, mentee, cohort staff), with its placement loaded."""
    enrolment = (
        Enrolment.objects.select_related(*_ENROLMENT_RELATED)
        .filter(enrolment_q(person, Action.VIEW_ENROLMENT), pk=enrolment_id)
        .first()
    )
    if enrolment is None:
        raise NotFound(NOT_FOUND)
    return enrolment


def own_enrolment(person: Person) -> Enrolment:
    """The person's current enrolment for work-based learning: active, with a placement first."""
    enrolment = (
        Enrolment.objects.select_related(*_ENROLMENT_RELATED)
        .filter(person_id=person.pk, programme__kind="specialisation")
        .order_by(F("placement__id").desc(nulls_last=True), "-cohort__start", "-pk")
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .first()
    )
    if enrolment is None:
        raise NotFound(NOT_FOUND)
    return enrolment


def work_entry_for(person: Person, entry_id: int, *, lock: bool = False) -> HourEntry:
    """A work-based hour entry of an enrolment the person may see."""
    entries = HourEntry.objects.select_related(
        *(f"enrolment__{r}" for r in _ENROLMENT_RELATED), "activity"
    ).filter(
        enrolment_q(person, Action.VIEW_ENROLMENT, "enrolment__"),
        pk=entry_id,
        mode=LearningMode.WORK_BASED,
    )
    if lock:
        entries = entries.select_for_update(of=("self",))
    entry = entries.first()
    if entry is None:
        raise NotFound(NOT_FOUND)
    return entry


def idea_for(person: Person, idea_id: int, *, lock: bool = False) -> ProjectIdea:
    """A project idea of an enrolment the person may see."""
    ideas = ProjectIdea.objects.select_related(
        *(f"enrolment__{r}" for r in _ENROLMENT_RELATED), "reviewed_by"
    ).filter(enrolment_q(person, Action.VIEW_ENROLMENT, "enrolment__"), pk=idea_id)
    if lock:
        ideas = ideas.select_for_update(of=("self",))
    idea = ideas.first()
    if idea is None:
        raise NotFound(NOT_FOUND)
    return idea


def activity_for(person: Person, activity_id: int) -> ProjectActivity:
    """A plan activity of a project idea the person may see."""
    activity = (
        ProjectActivity.objects.select_related(*(f"idea__enrolment__{r}" for r in _ENROLMENT_RELATED))
        .filter(enrolment_q(person, Action.VIEW_ENROLMENT, "idea__enrolment__"), pk=activity_id)
        .first()
    )
    if activity is None:
        raise NotFound(NOT_FOUND)
    return activity


def attachment_for(person: Person, attachment_id: int) -> ProjectAttachment:
    """An attachment of a project idea the person may see (files are served only through this)."""
    attachment = (
        ProjectAttachment.objects.select_related(*(f"idea__enrolment__{r}" for r in _ENROLMENT_RELATED))
        .filter(enrolment_q(person, Action.VIEW_ENROLMENT, "idea__enrolment__"), pk=attachment_id)
        .first()
    )
    if attachment is None:
        raise NotFound(NOT_FOUND)
    return attachment
