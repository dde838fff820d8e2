"""Who has approvals waiting: trainers and moderators (blended hours of their cohorts) and mentors
(work-based hours of their mentees), for the daily digest (4 queries, any size)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Min

from biblio.accounts.models import Membership, Person, Role
from biblio.programmes.models import LearningMode

from ..models import Enrolment, HourEntry
from ..rules import BLENDED_MODES

DIGEST_ROLES = (Role.TRAINER, Role.MODERATOR)


@dataclass
class DigestLine:
    label: str  # a cohort (reviewers) or a mentee (mentors)
    waiting: int
    oldest: date


@dataclass
class Digest:
    person: Person
    reviews: list[DigestLine] = field(default_factory=list)
    sign_offs: list[DigestLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.waiting for line in self.reviews + self.sign_offs)


def pending_digests() -> list[Digest]:
    """One digest per person with something waiting, ordered by name."""
    waiting = HourEntry.objects.filter(
        status=HourEntry.Status.SUBMITTED, enrolment__status=Enrolment.Status.ACTIVE
    )
    by_cohort = {
        row["enrolment__cohort_id"]: row
        for row in waiting.filter(mode__in=BLENDED_MODES)
        .values("enrolment__cohort_id", "enrolment__cohort__name")
        .annotate(n=Count("pk"), oldest=Min("date"))
        .order_by()
    }
    digests: dict[int, Digest] = {}
    for membership in (
        Membership.objects.filter(cohort_id__in=list(by_cohort), role__in=DIGEST_ROLES)
        .filter(person__is_active=True)
        .select_related("person")
        .order_by("cohort_id", "person_id")
    ):
        row = by_cohort[membership.cohort_id]
        digest = digests.setdefault(membership.person_id, Digest(membership.person))
        if not any(line.label == row["enrolment__cohort__name"] for line in digest.reviews):
            digest.reviews.append(DigestLine(row["enrolment__cohort__name"], row["n"], row["oldest"]))
    mentor_rows = list(
        waiting.filter(mode=LearningMode.WORK_BASED, enrolment__placement__mentor__isnull=False)
        .values("enrolment__placement__mentor_id", "enrolment__person__full_name")
        .annotate(n=Count("pk"), oldest=Min("date"))
        .order_by("enrolment__person__full_name")
    )
    mentor_ids = {row["enrolment__placement__mentor_id"] for row in mentor_rows}
    mentors = {p.pk: p for p in Person.objects.filter(pk__in=mentor_ids, is_active=True)}
    for row in mentor_rows:
        mentor = mentors.get(row["enrolment__placement__mentor_id"])
        if mentor is None:
            continue
        digest = digests.setdefault(mentor.pk, Digest(mentor))
        digest.sign_offs.append(DigestLine(row["enrolment__person__full_name"], row["n"], row["oldest"]))
    return sorted(digests.values(), key=lambda d: (d.person.full_name, d.person.pk))
