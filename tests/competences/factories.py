"""Factories for the competences app, beside the foundation's (tests/factories.py)."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from biblio.competences.models import LearningPathAdjustment, SelfAssessment, SelfRating
from biblio.programmes.models import LearningOutcome
from tests.factories import (
    CompetenceFactory,
    FrameworkFactory,
    LevelFactory,
    ModuleFactory,
    PersonFactory,
    RequirementFactory,
    RoleProfileFactory,
)


class SelfAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    person = factory.SubFactory(PersonFactory)
    profile = factory.SubFactory(RoleProfileFactory)
    moment = SelfAssessment.Moment.PRE
    status = SelfAssessment.Status.DRAFT
    submitted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == SelfAssessment.Status.SUBMITTED else None
    )


class SelfRatingFactory(DjangoModelFactory):
    class Meta:
        model = SelfRating

    assessment = factory.SubFactory(SelfAssessmentFactory)
    competence = factory.SubFactory(CompetenceFactory)
    level = 3


class LearningOutcomeFactory(DjangoModelFactory):
    class Meta:
        model = LearningOutcome

    module = factory.SubFactory(ModuleFactory)
    kind = LearningOutcome.Kind.SKILLS
    text = factory.Sequence(lambda n: f"Does thing {n}")
    competence = factory.SubFactory(CompetenceFactory)
    level = 5


class AdjustmentFactory(DjangoModelFactory):
    class Meta:
        model = LearningPathAdjustment

    module = factory.SubFactory(ModuleFactory)
    kind = LearningPathAdjustment.Kind.RECOMMEND
    reason = "Fits your project."


def framework_with(*, slug="digcomp", name="DigComp", version="2.2", levels=8, areas=None):
    """A framework with `levels` levels and areas {"1": ["1.1", "1.2"], …}; returns (framework, {code: c})."""
    framework = FrameworkFactory(slug=slug, name=name, version=version)
    for number in range(1, levels + 1):
        LevelFactory(
            framework=framework,
            number=number,
            code=str(number),
            title=f"Level {number}",
            descriptor=f"Generic level {number}.",
        )
    found = {}
    order = 0
    for area_code, codes in (areas or {"1": ["1.1", "1.2"]}).items():
        order += 1
        area = CompetenceFactory(
            framework=framework, code=area_code, title=f"Area {area_code}", is_area=True, order=order
        )
        found[area_code] = area
        for code in codes:
            order += 1
            found[code] = CompetenceFactory(
                framework=framework,
                code=code,
                title=f"Competence {code}",
                parent=area,
                order=order,
                level_descriptors={"5": f"{code} at level 5."},
            )
    return framework, found


def profile_with(targets: dict, *, code="DIGY"):
    """A role profile requiring {competence: target level}."""
    profile = RoleProfileFactory(code=code, title=f"Profile {code}")
    for competence, target in targets.items():
        RequirementFactory(profile=profile, competence=competence, target_level=target)
    return profile


def submitted(person, profile, moment: str, levels: dict):
    """A submitted self-assessment with {competence: level}."""
    assessment = SelfAssessmentFactory(
        person=person, profile=profile, moment=moment, status=SelfAssessment.Status.SUBMITTED
    )
    for competence, level in levels.items():
        SelfRatingFactory(assessment=assessment, competence=competence, level=level)
    return assessment
