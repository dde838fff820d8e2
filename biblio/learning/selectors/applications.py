"""Reading applications: the ranked list a coordinator selects from, and an applicant's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from biblio.accounts.models import Person
from biblio.programmes.models import Cohort, Organisation, Programme

from ..models import Application, Enrolment

# The priority score, documented here and on the coordinator's page (applications.html):
POINTS_MOOC = 40  # completed the BIBLIO MOOC (a completed enrolment in a MOOC cohort)
POINTS_HOST = 30  # the host library for work-based learning has agreed
POINTS_PER_IDEA_STAR = 6  # project idea quality as rated by a trainer, 0–5 (unrated counts 0)
MAX_SCORE = POINTS_MOOC + POINTS_HOST + 5 * POINTS_PER_IDEA_STAR  # 100

DECIDABLE = (Application.Status.SUBMITTED, Application.Status.WAITLISTED)
TAKING_A_PLACE = (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED)


def mooc_completed_q(person_ref: str = "person") -> Exists:
    """Has the person completed an enrolment in a MOOC cohort? Read from Biblio, never typed in."""
    return Exists(
        Enrolment.objects.filter(
            person_id=OuterRef(person_ref),
            status=Enrolment.Status.COMPLETED,
            cohort__programme__kind=Programme.Kind.MOOC,
        )
    )


def with_priority(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate `mooc_completed` and `score`, and order by score (highest first), then earliest.

    score = 40 × MOOC completed + 30 × host library agreed + 6 × idea rating (0–5) — from 0 to 100.
    """
    return (
        applications.annotate(
            mooc_completed=mooc_completed_q(),
        )
        .annotate(
            score=Case(When(mooc_completed=True, then=Value(POINTS_MOOC)), default=Value(0))
            + Case(When(host_agreed=True, then=Value(POINTS_HOST)), default=Value(0))
            + Coalesce("idea_rating", Value(0)) * Value(POINTS_PER_IDEA_STAR),
        )
        .order_by("-score", "created_at", "pk")
    )


def ranked_applications(cohort: Cohort, *, status: str = "") -> QuerySet[Application]:
    """A cohort's applications ranked by priority score, with what the page shows (1 query)."""
    qs = Application.objects.filter(cohort=cohort).select_related(
        "person", "cohort", "programme__profile", "host", "idea_rated_by", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    return with_priority(qs)


@dataclass
class Places:
    total: int
    taken: int
    waitlisted: int
    submitted: int

    @property
    def free(self) -> int:
        return max(self.total - self.taken, 0)


def places_of(cohort: Cohort) -> Places:
    """Places taken by active or completed enrolments, and the queue (2 queries)."""
    taken = Enrolment.objects.filter(cohort=cohort, status__in=TAKING_A_PLACE).count()
    counts = Application.objects.filter(cohort=cohort).aggregate(
        waitlisted=Count("pk", filter=Q(status=Application.Status.WAITLISTED)),
        submitted=Count("pk", filter=Q(status=Application.Status.SUBMITTED)),
    )
    return Places(cohort.places, taken, counts["waitlisted"], counts["submitted"])


def call_is_open(cohort: Cohort, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        cohort.call_open
        and (cohort.application_deadline is None or today <= cohort.application_deadline)
        and cohort.programme.kind == Programme.Kind.SPECIALISATION
    )


def open_calls(today: date | None = None) -> QuerySet[Cohort]:
    """Cohorts whose call for applications is open today, with their tracks (2 queries)."""
    today = today or timezone.localdate()
    return (
        Cohort.objects.filter(call_open=True, programme__kind=Programme.Kind.SPECIALISATION)
        .filter(Q(application_deadline__isnull=True) | Q(application_deadline__gte=today))
        .select_related("programme")
        .prefetch_related("tracks")
        .order_by("application_deadline", "country")
    )


def applications_of(person: Person) -> QuerySet[Application]:
    """The person's own applications, newest first."""
    return (
        Application.objects.filter(person=person)
        .select_related("cohort", "programme", "host")
        .order_by("-created_at")
    )


def host_choices(cohort: Cohort) -> QuerySet[Organisation]:
    """Libraries in the cohort's country that could host work-based learning."""
    return Organisation.objects.filter(country=cohort.country, kind__endswith="library").order_by("name")


def mooc_completed(person: Person) -> bool:
    return Enrolment.objects.filter(
        person=person,
        status=Enrolment.Status.COMPLETED,
        cohort__programme__kind=Programme.Kind.MOOC,
    ).exists()
