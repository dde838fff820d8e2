"""Write a parsed framework as a new version, all in one transaction, and optionally adopt it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit
from biblio.accounts.models import Person
from biblio.accounts.permissions import is_admin
from biblio.core.errors import PermissionDenied

from ..models import Competence, CompetenceFramework, ProficiencyLevel, ProfileRequirement
from .moodle import ImportRejected, ParsedFramework, RowError, moodle_parse

ERR_ADMIN_ONLY = _("Only platform administrators may import or adopt competence frameworks.")
ERR_VERSION_EXISTS = _(
    "%(name)s version %(version)s is already in Biblio. Import it under a new version number: "
    "past self-assessments keep the version they rated."
)
BATCH = 500

Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class ImportResult:
    framework: CompetenceFramework
    levels: int
    competences: int
    relations: int
    moved_requirements: int = 0
    kept_requirements: list[str] = field(default_factory=list)  # codes missing in the new version


def _check_admin(actor: Person | None) -> None:
    # `actor=None` is the operator at the command line.
    if actor is not None and not is_admin(actor):
        raise PermissionDenied(ERR_ADMIN_ONLY)


def framework_validate(*, data: bytes, slug: str = "", version: str = "") -> ParsedFramework:
    """Parse a Moodle CSV and check it against the database, without writing anything."""
    parsed = moodle_parse(data, slug=slug, version=version)
    if CompetenceFramework.objects.filter(slug=parsed.slug, version=parsed.version).exists():
        raise ImportRejected(
            [
                RowError(
                    parsed.line, str(ERR_VERSION_EXISTS % {"name": parsed.name, "version": parsed.version})
                )
            ]
        )
    return parsed


def framework_import(
    *,
    actor: Person | None,
    data: bytes,
    slug: str = "",
    version: str = "",
    adopt: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a Moodle competency-framework CSV as a new framework version: every row or none."""
    _check_admin(actor)
    parsed = framework_validate(data=data, slug=slug, version=version)
    return _write(actor=actor, parsed=parsed, adopt=adopt, progress=progress or (lambda done, total: None))


@transaction.atomic
def _write(*, actor, parsed: ParsedFramework, adopt: bool, progress: Progress) -> ImportResult:
    siblings = CompetenceFramework.objects.select_for_update().filter(slug=parsed.slug)
    has_current = any(f.is_current for f in siblings)
    framework = CompetenceFramework.objects.create(
        slug=parsed.slug,
        version=parsed.version,
        name=parsed.name,
        title=parsed.title,
        publisher=parsed.publisher,
        licence=parsed.licence,
        unverified_titles=parsed.unverified_titles,
        notes=parsed.notes,
        interop=parsed.interop,
        is_current=not has_current,
    )
    ProficiencyLevel.objects.bulk_create(
        ProficiencyLevel(
            framework=framework,
            number=level.number,
            code=level.code,
            title=level.title,
            group=level.group,
            descriptor=level.descriptor,
        )
        for level in parsed.levels
    )
    total = len(parsed.competences)
    done = 0
    progress(done, total)
    ids: dict[str, int] = {}
    order = {c.code: n for n, c in enumerate(parsed.competences, start=1)}
    for layer in _layers(parsed):
        for start in range(0, len(layer), BATCH):
            chunk = layer[start : start + BATCH]
            created = Competence.objects.bulk_create(
                Competence(
                    framework=framework,
                    parent_id=ids.get(c.parent_code),
                    code=c.code,
                    title=c.title,
                    description=c.description,
                    is_area=c.is_area,
                    level_descriptors=c.level_descriptors,
                    order=order[c.code],
                    interop=c.interop,
                )
                for c in chunk
            )
            ids.update({c.code: c.pk for c in created})
            done += len(chunk)
            progress(done, total)
    Related = Competence.related.through
    relations = Related.objects.bulk_create(
        [
            Related(from_competence_id=ids[c.code], to_competence_id=ids[code])
            for c in parsed.competences
            for code in dict.fromkeys(c.related_codes)
        ],
        batch_size=BATCH,
    )
    result = ImportResult(
        framework=framework,
        levels=len(parsed.levels),
        competences=total,
        relations=len(relations),
    )
    if adopt:
        _adopt(framework, result)
    audit(
        actor=actor,
        verb="framework.import",
        obj=framework,
        changes={
            "competences": [None, total],
            "levels": [None, result.levels],
            "adopted": [None, adopt],
            "moved_requirements": [None, result.moved_requirements],
        },
    )
    return result


def _layers(parsed: ParsedFramework) -> list[list]:
    """Competences grouped by depth, parents before children (the file may list them in any order)."""
    parent = {c.code: c.parent_code for c in parsed.competences}
    depth: dict[str, int] = {}

    def depth_of(code: str) -> int:
        if code not in depth:
            chain, node = [], code
            while node and node not in depth:
                chain.append(node)
                node = parent.get(node, "")
            base = depth.get(node, -1) if node else -1
            for n, item in enumerate(reversed(chain), start=1):
                depth[item] = base + n
        return depth[code]

    layers: dict[int, list] = {}
    for competence in parsed.competences:
        layers.setdefault(depth_of(competence.code), []).append(competence)
    return [layers[d] for d in sorted(layers)]


def _adopt(framework: CompetenceFramework, result: ImportResult) -> None:
    """Make `framework` the current version and move role-profile requirements onto its competences
    by code. Self-assessments are not touched: they keep the competences they rated."""
    CompetenceFramework.objects.filter(slug=framework.slug).exclude(pk=framework.pk).update(is_current=False)
    CompetenceFramework.objects.filter(pk=framework.pk).update(is_current=True)
    framework.is_current = True
    new_ids = dict(Competence.objects.filter(framework=framework).values_list("code", "pk"))
    requirements = list(
        ProfileRequirement.objects.select_for_update()
        .filter(competence__framework__slug=framework.slug)
        .exclude(competence__framework=framework)
        .select_related("competence", "profile")
    )
    taken = set(
        ProfileRequirement.objects.filter(competence__framework=framework).values_list(
            "profile_id", "competence_id"
        )
    )
    moved = []
    for requirement in requirements:
        target = new_ids.get(requirement.competence.code)
        if target is None or (requirement.profile_id, target) in taken:
            result.kept_requirements.append(f"{requirement.profile.code}: {requirement.competence.code}")
            continue
        requirement.competence_id = target
        taken.add((requirement.profile_id, target))
        moved.append(requirement)
    ProfileRequirement.objects.bulk_update(moved, ["competence"])
    result.moved_requirements = len(moved)


@transaction.atomic
def framework_adopt(*, actor: Person | None, framework: CompetenceFramework) -> ImportResult:
    """Make an existing version current and move the role profiles onto it."""
    _check_admin(actor)
    result = ImportResult(
        framework=framework,
        levels=framework.levels.count(),
        competences=framework.competences.count(),
        relations=0,
    )
    _adopt(framework, result)
    audit(
        actor=actor,
        verb="framework.adopt",
        obj=framework,
        changes={"moved_requirements": [None, result.moved_requirements]},
    )
    return result
