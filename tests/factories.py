"""Factories for the foundation's models: small, explicit, one per model. Apps add theirs beside their tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from biblio.accounts.models import Membership, Person, Role
from biblio.competences.models import (
    Competence,
    CompetenceFramework,
    ProficiencyLevel,
    ProfileRequirement,
    RoleProfile,
)
from biblio.learning.models import Application, Attendance, Enrolment, Exemption, HourEntry, Session
from biblio.programmes.models import (
    Cohort,
    HourBudget,
    LearningMode,
    Module,
    Organisation,
    Programme,
    ProgrammeModule,
)
from biblio.recognition.models import Assessment, Credential
from biblio.workplace.models import Placement, ProjectActivity, ProjectIdea

PASSWORD = "biblio-test-pass"
BIBLIO_BUDGET = {"f2f": 20, "online": 160, "project": 40, "assessment": 20, "work_based": 165}


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    preferred_language = "en"
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    key = factory.Sequence(lambda n: f"lv-lib-{n}")
    name = factory.Sequence(lambda n: f"Library {n}")
    kind = Organisation.Kind.MUNICIPAL_LIBRARY
    country = "LV"
    city = "Cēsis"
    lat = Decimal("57.31290")
    lon = Decimal("25.27170")


class FrameworkFactory(DjangoModelFactory):
    class Meta:
        model = CompetenceFramework

    slug = factory.Sequence(lambda n: f"fw{n}")
    name = factory.Sequence(lambda n: f"Framework {n}")
    version = "1.0"


class LevelFactory(DjangoModelFactory):
    class Meta:
        model = ProficiencyLevel

    framework = factory.SubFactory(FrameworkFactory)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda o: str(o.number))
    title = factory.LazyAttribute(lambda o: f"Level {o.number}")


class CompetenceFactory(DjangoModelFactory):
    class Meta:
        model = Competence

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    title = factory.Sequence(lambda n: f"Competence {n}")


class RoleProfileFactory(DjangoModelFactory):
    class Meta:
        model = RoleProfile

    code = factory.Sequence(lambda n: f"P{n}")
    title = factory.Sequence(lambda n: f"Profile {n}")


class RequirementFactory(DjangoModelFactory):
    class Meta:
        model = ProfileRequirement

    profile = factory.SubFactory(RoleProfileFactory)
    competence = factory.SubFactory(CompetenceFactory)
    target_level = 5


class ProgrammeFactory(DjangoModelFactory):
    """A specialisation course with the BIBLIO hour budget unless `budget` says otherwise."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"programme-{n}")
    title = factory.Sequence(lambda n: f"Programme {n}")
    kind = Programme.Kind.SPECIALISATION
    eqf_level = 5
    ecvet_points = Decimal("17")

    @factory.post_generation
    def budget(self, create, extracted, **kwargs):
        if not create:
            return
        for mode, hours in (extracted if extracted is not None else BIBLIO_BUDGET).items():
            HourBudget.objects.create(programme=self, mode=mode, hours=hours)


class ModuleFactory(DjangoModelFactory):
    class Meta:
        model = Module

    code = factory.Sequence(lambda n: f"M{n:03d}")
    title = factory.Sequence(lambda n: f"Module {n}")
    kind = Module.Kind.DIGITAL
    mode = LearningMode.ONLINE
    hours = 20


class ProgrammeModuleFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeModule

    programme = factory.SubFactory(ProgrammeFactory)
    module = factory.SubFactory(ModuleFactory)
    order = factory.Sequence(lambda n: n)
    mandatory = True


def _today() -> dt.date:
    return timezone.localdate()


class CohortFactory(DjangoModelFactory):
    """A cohort running now: started 120 days ago, work-based window from 30 days ago to 30 days ahead."""

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"cohort-{n}")
    name = factory.Sequence(lambda n: f"Cohort {n}")
    country = "LV"
    language = "lv"
    timezone = "Europe/Riga"
    start = factory.LazyFunction(lambda: _today() - dt.timedelta(days=120))
    end = factory.LazyFunction(lambda: _today() + dt.timedelta(days=60))
    wb_start = factory.LazyFunction(lambda: _today() - dt.timedelta(days=30))
    wb_end = factory.LazyFunction(lambda: _today() + dt.timedelta(days=30))
    places = 25
    application_deadline = factory.LazyFunction(lambda: _today() + dt.timedelta(days=14))
    call_open = True

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create:
            self.tracks.set(extracted or [self.programme])


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    cohort = factory.SubFactory(CohortFactory)
    role = Role.PARTICIPANT


class EnrolmentFactory(DjangoModelFactory):
    """An enrolment and the participant membership that goes with it."""

    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    cohort = factory.SubFactory(CohortFactory)
    programme = factory.LazyAttribute(lambda o: o.cohort.programme)

    @factory.post_generation
    def membership(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Membership.objects.get_or_create(person=self.person, cohort=self.cohort, role=Role.PARTICIPANT)


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    person = factory.SubFactory(PersonFactory)
    cohort = factory.SubFactory(CohortFactory)
    programme = factory.LazyAttribute(lambda o: o.cohort.programme)
    motivation = "I want to help my library go digital."
    project_idea = "A social-media marketing strategy for the library."


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    kind = Session.Kind.SEMINAR
    mode = LearningMode.F2F
    title = factory.Sequence(lambda n: f"Seminar {n}")
    start = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=4))
    place = "Rīga, National Library of Latvia"


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    enrolment = factory.SubFactory(EnrolmentFactory)
    minutes = factory.LazyAttribute(lambda o: o.session.minutes)


class HourEntryFactory(DjangoModelFactory):
    class Meta:
        model = HourEntry

    enrolment = factory.SubFactory(EnrolmentFactory)
    mode = LearningMode.ONLINE
    date = factory.LazyFunction(lambda: _today() - dt.timedelta(days=3))
    minutes = 120
    note = "Studied the module on digital content."
    status = HourEntry.Status.SUBMITTED
    reviewed_at = factory.LazyAttribute(
        lambda o: None if o.status == HourEntry.Status.SUBMITTED else timezone.now()
    )


class ExemptionFactory(DjangoModelFactory):
    class Meta:
        model = Exemption

    enrolment = factory.SubFactory(EnrolmentFactory)
    module = factory.SubFactory(ModuleFactory)
    reason = "Completed an equivalent university course."


class PlacementFactory(DjangoModelFactory):
    class Meta:
        model = Placement
        skip_postgeneration_save = True

    enrolment = factory.SubFactory(EnrolmentFactory)
    host = factory.SubFactory(OrganisationFactory)
    mentor = factory.SubFactory(PersonFactory)
    start = factory.LazyAttribute(lambda o: o.enrolment.cohort.wb_start)
    end = factory.LazyAttribute(lambda o: o.enrolment.cohort.wb_end)

    @factory.post_generation
    def mentor_membership(self, create, extracted, **kwargs):
        if create and self.mentor_id and extracted is not False:
            Membership.objects.get_or_create(
                person=self.mentor, cohort=self.enrolment.cohort, role=Role.MENTOR
            )


class ProjectIdeaFactory(DjangoModelFactory):
    class Meta:
        model = ProjectIdea

    enrolment = factory.SubFactory(EnrolmentFactory)
    title = factory.Sequence(lambda n: f"Project idea {n}")
    category = ProjectIdea.Category.SOCIAL_MEDIA
    goals = "Reach more young readers."


class ProjectActivityFactory(DjangoModelFactory):
    class Meta:
        model = ProjectActivity

    idea = factory.SubFactory(ProjectIdeaFactory)
    title = factory.Sequence(lambda n: f"Activity {n}")
    due = factory.LazyFunction(lambda: _today() + dt.timedelta(days=10))


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    enrolment = factory.SubFactory(EnrolmentFactory)
    module = factory.SubFactory(ModuleFactory)
    method = Assessment.Method.PORTFOLIO
    result = Assessment.Result.PASS
    date = factory.LazyFunction(_today)


class CredentialFactory(DjangoModelFactory):
    class Meta:
        model = Credential

    enrolment = factory.SubFactory(EnrolmentFactory)
    number = factory.Sequence(lambda n: f"BIB-TEST-{n:05d}")
    issued_at = factory.LazyFunction(timezone.now)
    ecvet_points = Decimal("17")


def staff(cohort: Cohort, role: str = Role.COORDINATOR, **kwargs) -> Person:
    """A person holding `role` in `cohort`."""
    person = PersonFactory(**kwargs)
    Membership.objects.create(person=person, cohort=cohort, role=role)
    return person
