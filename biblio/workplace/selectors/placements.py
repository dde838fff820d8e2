"""Placements as staff see them: the roster of a cohort, and one placement with its mentor history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, Value, When
from django.utils import timezone

from biblio.accounts.models import Person, Role
from biblio.accounts.permissions import Action, cohort_ids_with, cohort_q, is_admin
from biblio.learning.models import Enrolment, HourEntry
from biblio.learning.progress import ModeProgress, progress_for
from biblio.programmes.models import Cohort, LearningMode, Organisation, Programme

from ..models import MentorAssignment, Placement, ProjectIdea


@dataclass
class RosterRow:
    enrolment: Enrolment
    progress: ModeProgress | None
    waiting: int

    @property
    def placement(self) -> Placement | None:
        try:
            return self.enrolment.placement
        except Placement.DoesNotExist:
            return None

    @property
    def idea(self) -> ProjectIdea | None:
        try:
            return self.enrolment.project_idea
        except ProjectIdea.DoesNotExist:
            return None


def staff_cohorts(person: Person):
    """Cohorts whose roster the person may see, newest first."""
    return Cohort.objects.filter(cohort_q(person, Action.VIEW_COHORT, field="")).exclude(
        programme__kind=Programme.Kind.MOOC
    )


def placement_roster(person: Person, *, cohort: Cohort) -> list[RosterRow]:
    """Every participant of a cohort with their placement, project and work-based hours (six queries)."""
    enrolments = list(
        Enrolment.objects.filter(cohort_id=cohort.pk)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related(
            "person", "cohort", "programme", "placement__host", "placement__mentor", "project_idea"
        )
        .order_by("person__full_name", "pk")
    )
    ids = [e.pk for e in enrolments]
    progress = progress_for(enrolments, today=timezone.localdate())
    waiting = dict(
        HourEntry.objects.filter(
            enrolment_id__in=ids, mode=LearningMode.WORK_BASED, status=HourEntry.Status.SUBMITTED
        )
        .values_list("enrolment_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        RosterRow(e, progress[e.pk].mode(LearningMode.WORK_BASED), waiting.get(e.pk, 0)) for e in enrolments
    ]


def may_see_roster(person: Person, cohort_id: int) -> bool:
    return is_admin(person) or cohort_id in cohort_ids_with(person, Action.VIEW_COHORT)


def mentor_history(placement: Placement) -> list[MentorAssignment]:
    """Who mentored the placement, and when (oldest first)."""
    return list(MentorAssignment.objects.filter(placement=placement).select_related("mentor", "assigned_by"))


def host_choices(cohort: Cohort):
    """Organisations a placement may be hosted by: those of the cohort's country first, then the rest."""
    here_first = Case(When(country=cohort.country, then=Value(0)), default=Value(1))
    return Organisation.objects.order_by(here_first, "country", "name")


def mentor_suggestions(cohort: Cohort):
    """People already mentoring in this cohort, for the form's list of suggestions."""
    return Person.objects.filter(
        memberships__cohort=cohort, memberships__role=Role.MENTOR, is_active=True
    ).order_by("full_name")
