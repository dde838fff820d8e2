"""Enrolments with their progress: a participant's own, a cohort's roster, one participant in full."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from biblio.accounts.models import Person
from biblio.programmes.models import Cohort

from ..models import Enrolment, Exemption
from ..progress import Progress, progress_for


@dataclass
class Exempted:
    code: str
    title: str
    minutes: int


@dataclass
class EnrolmentProgress:
    enrolment: Enrolment
    progress: Progress
    exempted: list[Exempted] = field(default_factory=list)
    waiting: int = 0  # entries waiting for approval (blended modes)
    waiting_minutes: int = 0


def exempted_modules(enrolment_ids: list[int]) -> dict[int, list[Exempted]]:
    """Approved exemptions per enrolment: the modules counted as passed (1 query; none for no ids)."""
    found: dict[int, list[Exempted]] = defaultdict(list)
    if not enrolment_ids:
        return found
    for row in (
        Exemption.objects.filter(enrolment_id__in=enrolment_ids, status=Exemption.Status.APPROVED)
        .select_related("module")
        .only("enrolment_id", "recognised_minutes", "module__code", "module__title", "module__translations")
        .order_by("module__code")
    ):
        found[row.enrolment_id].append(
            Exempted(row.module.code, row.module.tr("title"), row.recognised_minutes)
        )
    return found


def _with_progress(enrolments: list[Enrolment], today: date | None) -> list[EnrolmentProgress]:
    """Progress, exemptions and waiting entries for a list of enrolments (2 queries, and a third when
    some have approved exemptions, any size; the entries waiting come with the hour totals)."""
    progress = progress_for(enrolments, today=today)
    # Only enrolments whose totals hold recognised minutes have approved exemptions to list.
    exempted = exempted_modules([e.pk for e in enrolments if progress[e.pk].has_exemptions])
    return [
        EnrolmentProgress(
            enrolment=e,
            progress=progress[e.pk],
            exempted=exempted.get(e.pk, []),
            waiting=progress[e.pk].waiting_entries,
            waiting_minutes=progress[e.pk].waiting_minutes,
        )
        for e in enrolments
    ]


# What the progress page (learning/my_progress.html) and progress_for (the cohort's dates) read.
MY_PROGRESS_COLUMNS = (
    "person_id",
    "cohort_id",
    "programme_id",
    "status",
    "cohort__name",
    "cohort__translations",
    "cohort__start",
    "cohort__end",
    "cohort__wb_start",
    "cohort__wb_end",
    "programme__title",
    "programme__translations",
)


def my_enrolments(person: Person, *, today: date | None = None) -> list[EnrolmentProgress]:
    """The person's active and completed enrolments with progress, newest cohort first."""
    enrolments = list(
        Enrolment.objects.filter(person=person)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("cohort", "programme")
        .only(*MY_PROGRESS_COLUMNS)
        .order_by("-cohort__start", "pk")
    )
    for enrolment in enrolments:  # the person asking: not joined again
        Enrolment.person.field.set_cached_value(enrolment, person)
    return _with_progress(enrolments, today)


def active_enrolments(person: Person) -> QuerySet[Enrolment]:
    """Enrolments in which the person can log hours now (specialisation courses)."""
    return (
        Enrolment.objects.filter(person=person, status=Enrolment.Status.ACTIVE)
        .exclude(cohort__programme__kind="mooc")
        .select_related("cohort", "programme")
        .order_by("-cohort__start", "pk")
    )


def roster(
    cohort: Cohort, *, today: date | None = None, search: str = "", only_waiting: bool = False
) -> list[EnrolmentProgress]:
    """The cohort's participants (active and completed) with progress and entries waiting."""
    qs = (
        Enrolment.objects.filter(cohort=cohort)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("person", "programme__profile", "cohort")
        .order_by("person__full_name", "pk")
    )
    if search:
        qs = qs.filter(Q(person__full_name__icontains=search) | Q(person__email__icontains=search))
    rows = _with_progress(list(qs), today)
    if only_waiting:
        rows = [r for r in rows if r.waiting]
    return rows


def overview(enrolment: Enrolment, *, today: date | None = None) -> EnrolmentProgress:
    return _with_progress([enrolment], today)[0]
