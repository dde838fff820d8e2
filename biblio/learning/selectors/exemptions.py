"""Reading exemption requests (recognition of prior learning)."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from biblio.accounts.models import Person
from biblio.programmes.models import Cohort, Module, ProgrammeModule

from ..models import Enrolment, Exemption


def exemptions_of_person(person: Person) -> QuerySet[Exemption]:
    """The person's own requests, newest first (1 query)."""
    return (
        Exemption.objects.filter(enrolment__person=person)
        .select_related("module", "enrolment__cohort", "decided_by")
        .order_by("-created_at", "-pk")
    )


def exemption_queue(cohort: Cohort, *, status: str = "") -> QuerySet[Exemption]:
    """A cohort's requests, undecided first then newest (1 query)."""
    qs = Exemption.objects.filter(enrolment__cohort=cohort).select_related(
        "module", "enrolment__person", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    waiting_first = Case(
        When(status=Exemption.Status.REQUESTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return qs.order_by(waiting_first, "-created_at", "-pk")


def exemptable_modules(enrolment: Enrolment) -> QuerySet[Module]:
    """Modules of the participant's track not yet asked about."""
    return (
        Module.objects.filter(
            pk__in=ProgrammeModule.objects.filter(programme_id=enrolment.programme_id).values("module_id")
        )
        .exclude(pk__in=Exemption.objects.filter(enrolment=enrolment).values("module_id"))
        .order_by("code")
    )
