"""The learning offer: the modules of a person's tracks, and a page per module with its outcomes,
upcoming sessions and the materials trainers attached."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, allows, is_admin, roles_by_cohort
from biblio.core.errors import NotFound
from biblio.programmes.models import Cohort, LearningOutcome, Module, ProgrammeModule

from ..models import Enrolment, Exemption, HourEntry, Material, Session
from .access import NOT_FOUND


@dataclass
class OfferRow:
    module: Module
    mandatory: bool
    materials: int = 0
    material_minutes: int = 0
    exemption: str = ""  # status of the viewer's exemption request, if any


@dataclass
class Offer:
    cohort: Cohort
    enrolment: Enrolment | None
    tracks: dict[str, list[OfferRow]] = field(default_factory=dict)  # track title → rows


def _visible_cohorts(person: Person) -> list[Cohort]:
    ids = list(roles_by_cohort(person))
    return list(
        Cohort.objects.filter(pk__in=ids)
        .exclude(programme__kind="mooc")
        .select_related("programme")
        .prefetch_related("tracks")
        .order_by("-start")
    )


def offer_for(person: Person) -> list[Offer]:
    """Per cohort the person belongs to: the modules of each track (participants: their own
    track), with materials and study time, and the status of their exemption requests (5 queries)."""
    cohorts = _visible_cohorts(person)
    if not cohorts:
        return []
    cohort_ids = [c.pk for c in cohorts]
    enrolments = {
        e.cohort_id: e
        for e in Enrolment.objects.filter(person=person, cohort_id__in=cohort_ids).exclude(
            status=Enrolment.Status.WITHDRAWN
        )
    }
    programme_ids = {t.pk for c in cohorts for t in c.tracks.all()}
    links = list(
        ProgrammeModule.objects.filter(programme_id__in=programme_ids)
        .select_related("module", "programme")
        .order_by("programme__title", "order")
    )
    counts = {
        (row["cohort_id"], row["module_id"]): (row["n"], row["minutes"] or 0)
        for row in Material.objects.filter(cohort_id__in=cohort_ids)
        .values("cohort_id", "module_id")
        .annotate(n=Count("pk"), minutes=Sum("minutes"))
        .order_by()
    }
    exemptions = {
        (x.enrolment_id, x.module_id): x.get_status_display()
        for x in Exemption.objects.filter(enrolment__in=list(enrolments.values()))
    }
    offers = []
    for cohort in cohorts:
        enrolment = enrolments.get(cohort.pk)
        track_ids = {t.pk for t in cohort.tracks.all()} or {cohort.programme_id}
        if enrolment is not None:
            track_ids = {enrolment.programme_id}
        offer = Offer(cohort=cohort, enrolment=enrolment)
        for link in links:
            if link.programme_id not in track_ids:
                continue
            n, minutes = counts.get((cohort.pk, link.module_id), (0, 0))
            offer.tracks.setdefault(link.programme.tr("title"), []).append(
                OfferRow(
                    module=link.module,
                    mandatory=link.mandatory,
                    materials=n,
                    material_minutes=minutes,
                    exemption=exemptions.get((enrolment.pk, link.module_id), "") if enrolment else "",
                )
            )
        offers.append(offer)
    return offers


@dataclass
class ModulePage:
    module: Module
    cohorts: list[Cohort]
    outcomes: list[LearningOutcome]
    sessions: list[Session]
    materials: list[Material]
    manageable: set[int]  # cohort ids where the viewer may attach materials
    enrolment: Enrolment | None = None
    exemption: Exemption | None = None
    logged_minutes: int = 0
    approved_minutes: int = 0

    @property
    def material_minutes(self) -> int:
        return sum(m.minutes for m in self.materials)


def module_page(person: Person, code: str) -> ModulePage:
    """A module for people in a cohort that offers it (admins: every cohort). 404 otherwise."""
    module = Module.objects.filter(code=code).first()
    if module is None:
        raise NotFound(NOT_FOUND)
    offering = Cohort.objects.filter(tracks__programme_modules__module=module).distinct()
    if not is_admin(person):
        offering = offering.filter(pk__in=list(roles_by_cohort(person)))
    cohorts = list(offering.select_related("programme").order_by("-start"))
    if not cohorts:
        raise NotFound(NOT_FOUND)
    cohort_ids = [c.pk for c in cohorts]
    enrolment = (
        Enrolment.objects.filter(person=person, cohort_id__in=cohort_ids)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("cohort")
        .first()
    )
    if enrolment is not None:  # a participant sees their own cohort's offer
        cohorts = [c for c in cohorts if c.pk == enrolment.cohort_id]
        cohort_ids = [enrolment.cohort_id]
    page = ModulePage(
        module=module,
        cohorts=cohorts,
        outcomes=list(
            LearningOutcome.objects.filter(module=module).select_related("competence").order_by("order", "pk")
        ),
        sessions=list(
            Session.objects.filter(module=module, cohort_id__in=cohort_ids, end__gte=timezone.now())
            .select_related("cohort", "trainer")
            .order_by("start")[:20]
        ),
        materials=list(
            Material.objects.filter(module=module, cohort_id__in=cohort_ids)
            .select_related("cohort")
            .order_by("cohort_id", "order", "pk")
        ),
        manageable={c.pk for c in cohorts if allows(person, Action.MANAGE_SESSIONS, cohort_id=c.pk)},
        enrolment=enrolment,
    )
    if enrolment is not None:
        page.exemption = Exemption.objects.filter(enrolment=enrolment, module=module).first()
        totals = HourEntry.objects.filter(enrolment=enrolment, module=module).aggregate(
            logged=Sum("minutes", filter=~Q(status=HourEntry.Status.REJECTED)),
            approved=Sum("minutes", filter=Q(status=HourEntry.Status.APPROVED)),
        )
        page.logged_minutes = totals["logged"] or 0
        page.approved_minutes = totals["approved"] or 0
    return page
