"""A person's self-assessments and what follows from them: the sheet to fill in, target vs pre vs
post per competence and area (with the radar chart), the gap, and the learning path.

Access functions fetch or refuse: NotFound when the person may not see the object (missing and
forbidden look the same), PermissionDenied when they may see it but not change it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, allows, allows_on_enrolment, cohort_ids_with
from biblio.core.errors import NotFound, PermissionDenied
from biblio.learning.models import Enrolment
from biblio.programmes.models import LearningOutcome, Programme, ProgrammeModule

from . import charts
from .models import LearningPathAdjustment, RoleProfile, SelfAssessment, SelfRating
from .paths import Adjustment, LearningPath, ModuleInfo, Need, learning_path
from .selectors import ProfileOpening, RequirementView, profile_requirements, profiles_open_to

ERR_READ_ONLY = _("You may read this self-assessment but only its owner can change it.")


def _not_found() -> NotFound:
    return NotFound(gettext("Not found."))


# --- Access -----------------------------------------------------------------------------------


def self_assessment_for(actor: Person, pk: int, *, write: bool = False) -> SelfAssessment:
    """The self-assessment if `actor` may read it: its owner, or staff of a cohort the owner is in."""
    assessment = SelfAssessment.objects.select_related("profile", "person").filter(pk=pk).first()
    if assessment is None:
        raise _not_found()
    own = allows(actor, Action.VIEW_SELF_ASSESSMENT, cohort_id=0, participant_id=assessment.person_id)
    if not own:
        cohorts = cohort_ids_with(actor, Action.VIEW_SELF_ASSESSMENT)
        if (
            not cohorts
            or not Enrolment.objects.filter(person_id=assessment.person_id, cohort_id__in=cohorts).exists()
        ):
            raise _not_found()
    if write and not allows(actor, Action.SELF_ASSESS, cohort_id=0, participant_id=assessment.person_id):
        raise PermissionDenied(ERR_READ_ONLY)
    return assessment


def enrolment_for(actor: Person, enrolment_id: int) -> Enrolment:
    """An enrolment whose skills `actor` may see: the participant and their cohort's staff."""
    enrolment = (
        Enrolment.objects.select_related("person", "cohort", "programme__profile", "placement")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None or not allows_on_enrolment(actor, Action.VIEW_SELF_ASSESSMENT, enrolment):
        raise _not_found()
    return enrolment


# --- The sheet to fill in ---------------------------------------------------------------------


@dataclass
class SheetItem:
    requirement: RequirementView
    level: int | None

    @property
    def field_name(self) -> str:
        return f"competence_{self.requirement.competence_id}"


@dataclass
class SheetGroup:
    title: str
    items: list[SheetItem]


@dataclass
class AssessmentSheet:
    assessment: SelfAssessment
    groups: list[SheetGroup]

    @property
    def items(self) -> list[SheetItem]:
        return [item for group in self.groups for item in group.items]

    @property
    def rated(self) -> int:
        return sum(item.level is not None for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)


def group_by_area(requirements: list[RequirementView], levels: dict) -> list[SheetGroup]:
    groups: dict[tuple, SheetGroup] = {}
    for req in requirements:
        key = req.area_key
        if key not in groups:
            groups[key] = SheetGroup(f"{req.framework_name} {key[1]} · {req.area_title}", [])
        groups[key].items.append(SheetItem(req, levels.get(req.competence_id)))
    return list(groups.values())


def assessment_sheet(assessment: SelfAssessment) -> AssessmentSheet:
    """The profile's competences, grouped by area, with the levels chosen so far (three queries)."""
    requirements = profile_requirements([assessment.profile_id])[assessment.profile_id]
    levels = dict(SelfRating.objects.filter(assessment=assessment).values_list("competence_id", "level"))
    return AssessmentSheet(assessment, group_by_area(requirements, levels))


# --- Results: target vs pre vs post -----------------------------------------------------------


@dataclass
class CompetenceRow:
    requirement: RequirementView
    pre: int | None
    post: int | None

    @property
    def latest(self) -> int | None:
        return self.post if self.post is not None else self.pre

    @property
    def gap(self) -> int | None:
        return None if self.latest is None else max(0, self.requirement.target - self.latest)


@dataclass
class AreaRow:
    label: str  # "DigComp 2"
    title: str
    top: int
    target: float
    pre: float | None
    post: float | None
    competences: int


@dataclass
class Results:
    profile: RoleProfile
    pre: SelfAssessment | None
    post: SelfAssessment | None
    rows: list[CompetenceRow]
    areas: list[AreaRow]
    chart: charts.Radar | None
    needs: dict = field(default_factory=dict)

    @property
    def basis(self) -> SelfAssessment | None:
        """The self-assessment the gap and path are computed from."""
        return self.post or self.pre

    @property
    def total_gap(self) -> int:
        return sum(need.gap for need in self.needs.values())


def _average(values: list[int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(mean(present), 2) if present else None


def person_results(person: Person | int, profile: RoleProfile) -> Results:
    """Target, pre and post per competence and per area, from submitted self-assessments (four queries)."""
    person_id = getattr(person, "pk", person)
    assessments = {
        a.moment: a
        for a in SelfAssessment.objects.filter(
            person_id=person_id, profile=profile, status=SelfAssessment.Status.SUBMITTED
        )
    }
    ratings: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for moment, slug, code, level in SelfRating.objects.filter(
        assessment__in=[a.pk for a in assessments.values()]
    ).values_list("assessment__moment", "competence__framework__slug", "competence__code", "level"):
        ratings[moment][(slug, code)] = level
    requirements = profile_requirements([profile.pk])[profile.pk]
    rows = [
        CompetenceRow(req, ratings["pre"].get(req.key), ratings["post"].get(req.key)) for req in requirements
    ]
    by_area: dict[tuple, list[CompetenceRow]] = defaultdict(list)
    for row in rows:
        by_area[row.requirement.area_key].append(row)
    areas = [
        AreaRow(
            label=f"{members[0].requirement.framework_name} {key[1]}",
            title=members[0].requirement.area_title,
            top=members[0].requirement.top,
            target=round(mean(r.requirement.target for r in members), 2),
            pre=_average([r.pre for r in members]) if "pre" in assessments else None,
            post=_average([r.post for r in members]) if "post" in assessments else None,
            competences=len(members),
        )
        for key, members in by_area.items()
    ]
    chart = None
    if areas:
        chart = charts.radar(
            [(a.label, a.title, a.top) for a in areas],
            [
                (gettext("Target"), "target", [a.target for a in areas]),
                (gettext("Before the course"), "pre", [a.pre for a in areas]),
                (gettext("After the course"), "post", [a.post for a in areas]),
            ],
        )
    needs = {
        row.requirement.key: Need(
            row.requirement.key, row.requirement.label, row.requirement.target, row.latest or 0
        )
        for row in rows
    }
    return Results(profile, assessments.get("pre"), assessments.get("post"), rows, areas, chart, needs)


# --- Learning path ----------------------------------------------------------------------------


def programme_modules(programme_id: int) -> list[ModuleInfo]:
    """The programme's modules with the competence levels their outcomes develop (two queries)."""
    links = list(
        ProgrammeModule.objects.filter(programme_id=programme_id).select_related("module").order_by("order")
    )
    develops: dict[int, dict[tuple[str, str], int | None]] = defaultdict(dict)
    for module_id, slug, code, level in LearningOutcome.objects.filter(
        module_id__in=[link.module_id for link in links], competence__isnull=False
    ).values_list("module_id", "competence__framework__slug", "competence__code", "level"):
        known = develops[module_id]
        if (slug, code) not in known:
            known[(slug, code)] = level
        elif known[(slug, code)] is not None:
            known[(slug, code)] = None if level is None else max(level, known[(slug, code)])
    return [
        ModuleInfo(
            id=link.module_id,
            code=link.module.code,
            title=link.module.tr("title"),
            hours=link.module.hours,
            mandatory=link.mandatory,
            order=link.order,
            develops=dict(develops[link.module_id]),
        )
        for link in links
    ]


def adjustments_for(enrolment: Enrolment) -> dict[int, Adjustment]:
    return {
        a.module_id: Adjustment(a.kind, a.reason, a.created_by.full_name if a.created_by else "")
        for a in LearningPathAdjustment.objects.filter(enrolment=enrolment).select_related("created_by")
    }


@dataclass
class SkillsPage:
    enrolment: Enrolment | None
    programme: Programme
    results: Results | None
    path: LearningPath | None
    modules: list[ModuleInfo]
    can_adjust: bool = False
    own: bool = False  # the viewer is the person assessed


def enrolment_skills(actor: Person, enrolment_id: int) -> SkillsPage:
    """Chart, gap and learning path of one participant's course, for them and their cohort's staff."""
    enrolment = enrolment_for(actor, enrolment_id)
    programme = enrolment.programme
    modules = programme_modules(programme.pk)
    page = SkillsPage(
        enrolment,
        programme,
        None,
        None,
        modules,
        can_adjust=allows_on_enrolment(actor, Action.ADJUST_PATH, enrolment),
        own=enrolment.person_id == actor.pk,
    )
    if programme.profile_id is None:
        return page
    page.results = person_results(enrolment.person_id, programme.profile)
    page.path = learning_path(page.results.needs, modules, adjustments_for(enrolment))
    return page


def programme_preview(person: Person, slug: str) -> SkillsPage:
    """For someone considering a programme: their gap and the path it would give (no adjustments)."""
    programme = (
        Programme.objects.select_related("profile")
        .filter(slug=slug, published=True, profile__isnull=False)
        .first()
    )
    if programme is None:
        raise _not_found()
    modules = programme_modules(programme.pk)
    results = person_results(person, programme.profile)
    return SkillsPage(None, programme, results, learning_path(results.needs, modules), modules, own=True)


@dataclass
class MyProfile:
    opening: ProfileOpening
    pre: SelfAssessment | None
    post: SelfAssessment | None


def my_self_assessments(person: Person) -> list[MyProfile]:
    """Every profile the person may assess against, with their pre and post (three queries)."""
    openings = profiles_open_to(person)
    found: dict[int, dict[str, SelfAssessment]] = defaultdict(dict)
    for assessment in SelfAssessment.objects.filter(person=person).select_related("profile"):
        found[assessment.profile_id][assessment.moment] = assessment
        if assessment.profile_id not in openings:  # a profile no longer offered: still theirs to read
            openings[assessment.profile_id] = ProfileOpening(assessment.profile, (), None)
    ordered = sorted(openings.values(), key=lambda o: (not o.enrolled, o.profile.code))
    return [MyProfile(o, found[o.profile.pk].get("pre"), found[o.profile.pk].get("post")) for o in ordered]
