"""Recognition test data: a small programme with a profile, and participants who meet every rule."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from biblio.accounts.models import Role
from biblio.competences.models import SelfAssessment
from biblio.learning.models import Enrolment, HourEntry
from biblio.programmes.models import LearningMode, LearningOutcome, Module, Programme
from biblio.recognition import keys
from biblio.recognition.models import Assessment
from biblio.workplace.models import ProjectIdea
from tests.factories import (
    BIBLIO_BUDGET,
    CohortFactory,
    CompetenceFactory,
    EnrolmentFactory,
    FrameworkFactory,
    ModuleFactory,
    PersonFactory,
    PlacementFactory,
    ProgrammeFactory,
    ProgrammeModuleFactory,
    ProjectIdeaFactory,
    RequirementFactory,
    RoleProfileFactory,
    staff,
)


def programme_with_modules(**kwargs) -> Programme:
    """A specialisation course (BIBLIO budget) with a profile of two competences and four modules:
    two mandatory online modules, the mandatory work-based module and one elective."""
    profile = RoleProfileFactory(title="Community Engagement and Communication Officer")
    framework = FrameworkFactory(name="DigComp", version="2.2")
    for code, title in (
        ("2.2", "Sharing through digital technologies"),
        ("3.1", "Developing digital content"),
    ):
        RequirementFactory(
            profile=profile, competence=CompetenceFactory(framework=framework, code=code, title=title)
        )
    programme = ProgrammeFactory(profile=profile, **kwargs)
    modules = [
        ModuleFactory(title="Digital communication", mode=LearningMode.ONLINE, hours=20),
        ModuleFactory(
            title="Community engagement", kind=Module.Kind.TRANSVERSAL, mode=LearningMode.ONLINE, hours=20
        ),
        ModuleFactory(
            title="Work-based learning", kind=Module.Kind.WORK_BASED, mode=LearningMode.WORK_BASED, hours=165
        ),
        ModuleFactory(title="Emerging technologies", mode=LearningMode.ONLINE, hours=20),
    ]
    for order, module in enumerate(modules):
        ProgrammeModuleFactory(programme=programme, module=module, order=order, mandatory=order < 3)
        LearningOutcome.objects.create(
            module=module,
            kind=LearningOutcome.Kind.KNOWLEDGE,
            text=f"Knows the basics of {module.title.lower()}.",
        )
        LearningOutcome.objects.create(
            module=module,
            kind=LearningOutcome.Kind.SKILLS,
            text=f"Applies {module.title.lower()} in a library.",
        )
    return programme


def approve_all_hours(enrolment: Enrolment, budget: dict[str, int] | None = None) -> None:
    """Approved hour entries (10 h each, one a day) meeting every budget of the BIBLIO course."""
    entries, day = [], enrolment.cohort.start
    for mode, hours in (budget or BIBLIO_BUDGET).items():
        left = hours * 60
        while left > 0:
            minutes = min(600, left)
            entries.append(
                HourEntry(
                    enrolment=enrolment,
                    mode=mode,
                    date=day,
                    minutes=minutes,
                    status=HourEntry.Status.APPROVED,
                    reviewed_at=timezone.now(),
                )
            )
            left -= minutes
            day += dt.timedelta(days=1)
    HourEntry.objects.bulk_create(entries)


def complete(enrolment: Enrolment, *, assessor=None) -> Enrolment:
    """Give an enrolment everything completion asks for."""
    approve_all_hours(enrolment)
    for link in enrolment.programme.programme_modules.filter(mandatory=True).select_related("module"):
        Assessment.objects.create(
            enrolment=enrolment,
            module=link.module,
            method=Assessment.Method.PORTFOLIO,
            result=Assessment.Result.PASS,
            date=enrolment.cohort.start + dt.timedelta(days=30),
            score=88,
            assessor=assessor,
        )
    mentor = PersonFactory(full_name="Anna Mentore")
    PlacementFactory(enrolment=enrolment, mentor=mentor, signed_off_at=timezone.now(), signed_off_by=mentor)
    ProjectIdeaFactory(enrolment=enrolment, title="Library podcast", status=ProjectIdea.Status.COMPLETED)
    SelfAssessment.objects.get_or_create(
        person=enrolment.person,
        profile=enrolment.programme.profile,
        moment=SelfAssessment.Moment.POST,
        defaults={"status": SelfAssessment.Status.SUBMITTED, "submitted_at": timezone.now()},
    )
    return enrolment


def eligible_enrolment(cohort=None, person=None, **person_fields) -> Enrolment:
    """A participant who meets every completion rule (a cohort and programme are made when not given)."""
    if cohort is None:
        cohort = CohortFactory(programme=programme_with_modules())
    return complete(EnrolmentFactory(cohort=cohort, person=person or PersonFactory(**person_fields)))


def coordinator_of(cohort):
    return staff(cohort, Role.COORDINATOR)


def with_key() -> keys.IssuerKey:
    """The issuer key (each test has its own BIBLIO_KEYS_DIR)."""
    return keys.ensure()
