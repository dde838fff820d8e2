"""Reads of frameworks, role profiles and cohort figures, in a constant number of queries.

Per-person results (self-assessments, charts, learning paths) are in `results.py`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q
from django.utils.translation import get_language, gettext

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, allows, enrolment_q
from biblio.core.errors import NotFound
from biblio.learning.models import Enrolment
from biblio.programmes.models import Cohort, Programme

from .models import (
    Competence,
    CompetenceFramework,
    ProficiencyLevel,
    ProfileRequirement,
    RoleProfile,
    SelfAssessment,
    SelfRating,
)

ENROLLED = (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED)


# --- Frameworks -------------------------------------------------------------------------------


def framework_list() -> list[CompetenceFramework]:
    """Every framework version with its counts, current versions first."""
    return list(
        CompetenceFramework.objects.annotate(
            competence_count=Count("competences", filter=Q(competences__is_area=False), distinct=True),
            level_count=Count("levels", distinct=True),
        ).order_by("name", "-is_current", "-created_at")
    )


def framework_get(*, slug: str, version: str) -> CompetenceFramework:
    """One framework version, or NotFound."""
    framework = CompetenceFramework.objects.filter(slug=slug, version=version).first()
    if framework is None:
        raise NotFound(_not_found())
    return framework


def framework_get_by_id(pk: int) -> CompetenceFramework:
    framework = CompetenceFramework.objects.filter(pk=pk).first()
    if framework is None:
        raise NotFound(_not_found())
    return framework


def _not_found() -> str:
    return gettext("Not found.")


@dataclass
class AreaNode:
    area: Competence
    children: list[Competence]


@dataclass
class FrameworkBundle:
    framework: CompetenceFramework
    levels: list[ProficiencyLevel]
    competences: list[Competence]  # in the framework's order; parents before their children
    related: dict[int, list[str]] = field(default_factory=dict)  # competence id → related codes

    def tree(self) -> list[AreaNode]:
        """Top-level competences (areas) with their children; deeper levels flattened in order."""
        by_id = {c.pk: c for c in self.competences}
        roots: list[AreaNode] = []
        index: dict[int, AreaNode] = {}
        for competence in self.competences:
            top = competence
            while top.parent_id in by_id:
                top = by_id[top.parent_id]
            if top.pk not in index:
                index[top.pk] = AreaNode(top, [])
                roots.append(index[top.pk])
            if top.pk != competence.pk:
                index[top.pk].children.append(competence)
        return roots


def framework_bundle(framework: CompetenceFramework) -> FrameworkBundle:
    """Levels, competences and cross-references of one version (three queries)."""
    levels = list(framework.levels.order_by("number"))
    competences = list(framework.competences.order_by("order", "code"))
    codes = {c.pk: c.code for c in competences}
    related: dict[int, list[str]] = defaultdict(list)
    through = Competence.related.through
    for source, target in (
        through.objects.filter(from_competence__framework=framework)
        .order_by("id")
        .values_list("from_competence_id", "to_competence_id")
    ):
        if target in codes:
            related[source].append(codes[target])
    return FrameworkBundle(framework, levels, competences, dict(related))


# --- Role profiles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelChoice:
    number: int
    code: str
    title: str
    descriptor: str


@dataclass
class RequirementView:
    competence_id: int
    key: tuple[str, str]  # (framework slug, code): stable across framework versions
    code: str
    title: str
    description: str
    framework: str  # "DigComp 2.2"
    framework_name: str
    area_key: tuple[str, str]
    area_title: str
    target: int
    rationale: str
    levels: list[LevelChoice]

    @property
    def top(self) -> int:
        return self.levels[-1].number if self.levels else self.target

    @property
    def label(self) -> str:
        return f"{self.framework_name} {self.code} {self.title}"

    @property
    def target_level(self) -> LevelChoice | None:
        return next((level for level in self.levels if level.number == self.target), None)


def profile_requirements(profile_ids: list[int]) -> dict[int, list[RequirementView]]:
    """Each profile's requirements with the level scale and descriptors to choose from (two queries)."""
    rows = list(
        ProfileRequirement.objects.filter(profile_id__in=profile_ids)
        .select_related("competence__framework", "competence__parent", "profile")
        .order_by("competence__framework__name", "competence__order", "competence__code")
    )
    framework_ids = {r.competence.framework_id for r in rows}
    levels: dict[int, list[ProficiencyLevel]] = defaultdict(list)
    for level in ProficiencyLevel.objects.filter(framework_id__in=framework_ids).order_by("number"):
        levels[level.framework_id].append(level)
    result: dict[int, list[RequirementView]] = {pk: [] for pk in profile_ids}
    for row in rows:
        competence, framework = row.competence, row.competence.framework
        area = competence.parent or competence
        descriptors = competence.level_descriptors or {}
        result[row.profile_id].append(
            RequirementView(
                competence_id=competence.pk,
                key=(framework.slug, competence.code),
                code=competence.code,
                title=competence.tr("title"),
                description=competence.tr("description"),
                framework=str(framework),
                framework_name=framework.name,
                area_key=(framework.slug, area.code),
                area_title=area.tr("title"),
                target=row.target_level,
                rationale=_reason(row, framework.slug),
                levels=[
                    LevelChoice(
                        level.number,
                        level.code,
                        level.tr("title"),
                        descriptors.get(str(level.number)) or level.tr("descriptor"),
                    )
                    for level in levels[framework.pk]
                ],
            )
        )
    return result


def _reason(row: ProfileRequirement, framework_slug: str) -> str:
    """Why the profile asks for this level, in the reader's language: the profile's translations carry
    {"reasons": {"digcomp:2.1": …}} (a requirement has no translation slot of its own)."""
    lang = (get_language() or "en").split("-")[0]
    reasons = (row.profile.translations or {}).get(lang, {}).get("reasons", {})
    return reasons.get(f"{framework_slug}:{row.competence.code}") or row.rationale


def profile_list() -> list[RoleProfile]:
    """Role profiles with their requirement count and the published programmes that use them."""
    return list(
        RoleProfile.objects.annotate(requirement_count=Count("requirements", distinct=True)).prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.filter(published=True).order_by("title"))
        )
    )


def profile_get(*, code: str) -> RoleProfile:
    profile = RoleProfile.objects.filter(code__iexact=code).first()
    if profile is None:
        raise NotFound(_not_found())
    return profile


@dataclass(frozen=True)
class ProfileOpening:
    """A profile a person may self-assess against, and why."""

    profile: RoleProfile
    programmes: tuple[Programme, ...]
    enrolment: Enrolment | None  # their course with this profile, if any

    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None


def profiles_open_to(person: Person) -> dict[int, ProfileOpening]:
    """Profiles of the person's courses, then of every published programme (two queries)."""
    enrolments = list(
        Enrolment.objects.filter(person=person, status__in=ENROLLED, programme__profile__isnull=False)
        .select_related("programme__profile", "cohort")
        .order_by("-cohort__start")
    )
    programmes = list(
        Programme.objects.filter(published=True, profile__isnull=False)
        .select_related("profile")
        .order_by("title")
    )
    found: dict[int, dict] = {}
    for enrolment in enrolments:
        entry = found.setdefault(
            enrolment.programme.profile_id,
            {"profile": enrolment.programme.profile, "programmes": [], "enrolment": enrolment},
        )
        if enrolment.programme not in entry["programmes"]:
            entry["programmes"].append(enrolment.programme)
    for programme in programmes:
        entry = found.setdefault(
            programme.profile_id, {"profile": programme.profile, "programmes": [], "enrolment": None}
        )
        if programme.pk not in {p.pk for p in entry["programmes"]}:
            entry["programmes"].append(programme)
    return {
        pk: ProfileOpening(e["profile"], tuple(e["programmes"]), e["enrolment"]) for pk, e in found.items()
    }


# --- Cohorts ----------------------------------------------------------------------------------


def cohort_for(actor: Person, cohort_id: int, action: Action = Action.VIEW_COHORT) -> Cohort:
    """The cohort if `actor` may do `action` in it; NotFound otherwise (missing and forbidden alike)."""
    cohort = Cohort.objects.filter(pk=cohort_id).select_related("programme").first()
    if cohort is None or not allows(actor, action, cohort_id=cohort.pk):
        raise NotFound(_not_found())
    return cohort


@dataclass
class OverviewRow:
    enrolment: Enrolment
    pre: str | None  # status, or None when not started
    post: str | None


def cohort_self_assessments(actor: Person, cohort: Cohort) -> list[OverviewRow]:
    """Who in the cohort has taken the pre and post self-assessment (one query)."""

    def status(moment: str):
        return SelfAssessment.objects.filter(
            person_id=OuterRef("person_id"), profile_id=OuterRef("programme__profile_id"), moment=moment
        )

    enrolments = (
        Enrolment.objects.filter(enrolment_q(actor, Action.VIEW_SELF_ASSESSMENT), cohort=cohort)
        .select_related("person", "programme")
        .annotate(
            pre_draft=Exists(status("pre")),
            pre_done=Exists(status("pre").filter(status=SelfAssessment.Status.SUBMITTED)),
            post_draft=Exists(status("post")),
            post_done=Exists(status("post").filter(status=SelfAssessment.Status.SUBMITTED)),
        )
        .order_by("person__full_name")
    )
    rows = []
    for e in enrolments:
        pre = "submitted" if e.pre_done else ("draft" if e.pre_draft else None)
        post = "submitted" if e.post_done else ("draft" if e.post_draft else None)
        rows.append(OverviewRow(e, pre, post))
    return rows


@dataclass(frozen=True)
class CompetenceGain:
    """Average self-assessed levels before and after, over participants who submitted both."""

    profile_code: str
    framework: str  # "DigComp 2.2"
    framework_name: str  # "DigComp"
    area_code: str
    area_title: str
    code: str
    title: str
    target: int
    participants: int
    average_pre: float
    average_post: float

    @property
    def gain(self) -> float:
        return round(self.average_post - self.average_pre, 2)


def cohort_competence_gains(cohort_ids: list[int]) -> list[CompetenceGain]:
    """Average pre → post gain per competence of each profile, for participants of `cohort_ids`
    (their course's profile) who submitted both self-assessments. Four queries whatever the size.
    Callers check access to the cohorts."""
    submitted = SelfAssessment.objects.filter(status=SelfAssessment.Status.SUBMITTED)
    in_cohorts = Enrolment.objects.filter(
        person_id=OuterRef("person_id"),
        programme__profile_id=OuterRef("profile_id"),
        cohort_id__in=list(cohort_ids),
        status__in=ENROLLED,
    )
    paired = submitted.filter(Exists(in_cohorts)).filter(
        Exists(
            submitted.filter(person_id=OuterRef("person_id"), profile_id=OuterRef("profile_id")).exclude(
                moment=OuterRef("moment")
            )
        )
    )
    averages = (
        SelfRating.objects.filter(assessment__in=paired)
        .values(
            "assessment__profile_id", "competence__framework__slug", "competence__code", "assessment__moment"
        )
        .annotate(average=Avg("level"), people=Count("assessment__person_id", distinct=True))
    )
    table: dict[tuple, dict[str, tuple[float, int]]] = defaultdict(dict)
    for row in averages:
        key = (row["assessment__profile_id"], row["competence__framework__slug"], row["competence__code"])
        table[key][row["assessment__moment"]] = (float(row["average"]), row["people"])
    profile_ids = sorted({key[0] for key in table})
    requirements = profile_requirements(profile_ids)
    codes = dict(RoleProfile.objects.filter(pk__in=profile_ids).values_list("pk", "code"))
    gains = []
    for profile_id in profile_ids:
        for req in requirements[profile_id]:
            cell = table.get((profile_id, *req.key), {})
            if "pre" not in cell or "post" not in cell:
                continue
            gains.append(
                CompetenceGain(
                    profile_code=codes[profile_id],
                    framework=req.framework,
                    framework_name=req.framework_name,
                    area_code=req.area_key[1],
                    area_title=req.area_title,
                    code=req.code,
                    title=req.title,
                    target=req.target,
                    participants=min(cell["pre"][1], cell["post"][1]),
                    average_pre=round(cell["pre"][0], 2),
                    average_post=round(cell["post"][0], 2),
                )
            )
    return gains
