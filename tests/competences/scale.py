"""A course of any size for query-count tests: competences, participants, modules, self-assessments."""

from __future__ import annotations

from dataclasses import dataclass

from biblio.accounts.models import Role
from biblio.competences.models import SelfAssessment
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    ModuleFactory,
    PlacementFactory,
    ProgrammeFactory,
    ProgrammeModuleFactory,
    staff,
)

from .factories import AdjustmentFactory, LearningOutcomeFactory, framework_with, profile_with, submitted


@dataclass
class Course:
    framework: object
    profile: object
    programme: object
    cohort: object
    enrolment: object  # the first participant's
    trainer: object
    coordinator: object
    mentor: object
    draft: object  # a draft post self-assessment of the first participant


def course(*, competences: int, participants: int, slug: str = "digcomp") -> Course:
    areas = {str(a): [f"{a}.{i}" for i in range(1, competences // 3 + 2)] for a in range(1, 4)}
    codes = [c for cs in areas.values() for c in cs][:competences]
    framework, found = framework_with(slug=slug, areas=areas)
    profile = profile_with({found[c]: 5 + (i % 2) for i, c in enumerate(codes)}, code=f"P{slug}{competences}")
    programme = ProgrammeFactory(profile=profile, published=True)
    for order, code in enumerate(codes, start=1):
        module = ModuleFactory()
        ProgrammeModuleFactory(programme=programme, module=module, order=order, mandatory=order % 3 == 0)
        LearningOutcomeFactory(module=module, competence=found[code], level=6)
    cohort = CohortFactory(programme=programme)
    enrolments = [EnrolmentFactory(cohort=cohort, programme=programme) for _ in range(participants)]
    mentor = PlacementFactory(enrolment=enrolments[0]).mentor
    for n, enrolment in enumerate(enrolments):
        submitted(enrolment.person, profile, "pre", {found[c]: (n + i) % 5 for i, c in enumerate(codes)})
        if n % 2 == 0 and n:
            submitted(
                enrolment.person, profile, "post", {found[c]: 1 + (n + i) % 6 for i, c in enumerate(codes)}
            )
    draft = SelfAssessment.objects.create(person=enrolments[0].person, profile=profile, moment="post")
    AdjustmentFactory(
        enrolment=enrolments[0], module=programme.programme_modules.filter(mandatory=False).first().module
    )
    return Course(
        framework,
        profile,
        programme,
        cohort,
        enrolments[0],
        staff(cohort, Role.TRAINER),
        staff(cohort, Role.COORDINATOR),
        mentor,
        draft,
    )
