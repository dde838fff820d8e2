"""Reading hour entries: a participant's own, and the review queue of trainers and moderators."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, enrolment_q

from ..models import Enrolment, HourEntry
from ..rules import BLENDED_MODES


def entries_of_person(person: Person, *, status: str = "") -> QuerySet[HourEntry]:
    """The person's own entries across their enrolments, newest first (1 query)."""
    qs = HourEntry.objects.filter(enrolment__person=person).select_related(
        "module", "enrolment__cohort", "reviewed_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-date", "-pk")


# The columns the participant's list of entries shows (learning/my_entries.html).
OWN_ENTRY_COLUMNS = (
    "pk",
    "date",
    "mode",
    "module__code",
    "minutes",
    "status",
    "review_comment",
    "note",
    "evidence",
)


def own_entry_rows(person: Person, *, status: str = "") -> QuerySet[HourEntry]:
    """The person's own entries as rows of the columns their list shows, newest first (1 query; no
    model instances, no joins but the module's code and the enrolment the filter needs)."""
    qs = HourEntry.objects.filter(enrolment__person=person)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-date", "-pk").values(*OWN_ENTRY_COLUMNS)


def entries_of_enrolment(enrolment: Enrolment) -> QuerySet[HourEntry]:
    return (
        HourEntry.objects.filter(enrolment=enrolment)
        .select_related("module", "reviewed_by")
        .order_by("-date", "-pk")
    )


def review_queue(
    person: Person,
    *,
    cohort_id: int | None = None,
    mode: str = "",
    participant: str = "",
    before: date | None = None,
) -> QuerySet[HourEntry]:
    """Blended-mode entries waiting for this reviewer, oldest first (1 query, any size).

    Work-based entries are the mentors' (workplace logbook) and never appear here; nor do the
    reviewer's own entries.
    """
    qs = (
        HourEntry.objects.filter(status=HourEntry.Status.SUBMITTED, mode__in=BLENDED_MODES)
        .filter(enrolment_q(person, Action.REVIEW_HOURS, "enrolment__"))
        .exclude(enrolment__person=person)
        .select_related("enrolment__person", "enrolment__cohort", "module")
    )
    if cohort_id:
        qs = qs.filter(enrolment__cohort_id=cohort_id)
    if mode in BLENDED_MODES:
        qs = qs.filter(mode=mode)
    if participant:
        qs = qs.filter(enrolment__person__full_name__icontains=participant)
    if before:
        qs = qs.filter(date__lte=before)
    return qs.order_by("date", "pk")
