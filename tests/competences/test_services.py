"""Self-assessment and learning-path services: rules, exact messages, audit."""

from __future__ import annotations

import pytest

from biblio.accounts.models import AuditEvent, Role
from biblio.competences import services as s
from biblio.competences.models import LearningPathAdjustment, SelfAssessment
from biblio.core.errors import DomainError, PermissionDenied
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    ModuleFactory,
    PersonFactory,
    ProgrammeFactory,
    ProgrammeModuleFactory,
    staff,
)

from .factories import framework_with, profile_with, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    _fw, c = framework_with(areas={"1": ["1.1", "1.2"]})
    _ecf, e = framework_with(slug="ecf", name="e-CF", version="4.0", levels=5, areas={"D": ["D.10"]})
    profile = profile_with({c["1.1"]: 6, c["1.2"]: 5, e["D.10"]: 3})
    programme = ProgrammeFactory(profile=profile, published=True)
    enrolment = EnrolmentFactory(cohort=CohortFactory(programme=programme), programme=programme)
    return {"c": c, "e": e, "profile": profile, "programme": programme, "enrolment": enrolment}


def start(world, person=None, moment="pre", actor=None):
    person = person or world["enrolment"].person
    return s.self_assessment_start(
        actor=actor or person, person=person, profile=world["profile"], moment=moment
    )


def test_draft_then_submit(world):
    c, e = world["c"], world["e"]
    person = world["enrolment"].person
    assessment = start(world)
    assert (assessment.status, assessment.moment) == ("draft", "pre")
    assert start(world).pk == assessment.pk  # starting again returns the same draft
    s.self_assessment_save(actor=person, assessment=assessment, ratings={c["1.1"].pk: 3})
    s.self_assessment_save(actor=person, assessment=assessment, ratings={c["1.1"].pk: 4, c["1.2"].pk: 0})
    with pytest.raises(DomainError) as caught:
        s.self_assessment_submit(actor=person, assessment=assessment)
    assert caught.value.message == "Rate every competence before submitting: 1 still without a level."
    assert caught.value.fields == {f"competence_{e['D.10'].pk}": ["Choose a level."]}
    done = s.self_assessment_submit(actor=person, assessment=assessment, ratings={e["D.10"].pk: 2})
    assert done.status == "submitted" and done.submitted_at is not None
    assert dict(done.ratings.values_list("competence__code", "level")) == {"1.1": 4, "1.2": 0, "D.10": 2}
    verbs = list(
        AuditEvent.objects.filter(object_id=str(assessment.pk), object_type="competences.selfassessment")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "self_assessment.start",
        "self_assessment.save",
        "self_assessment.save",
        "self_assessment.submit",
    ]


def test_a_submitted_one_is_read_only(world):
    person = world["enrolment"].person
    done = submitted(person, world["profile"], "pre", {world["c"]["1.1"]: 3})
    for call in (s.self_assessment_save, s.self_assessment_submit):
        with pytest.raises(DomainError) as caught:
            call(actor=person, assessment=done, ratings={world["c"]["1.1"].pk: 5})
        assert caught.value.message == str(s.ERR_SUBMITTED)
    assert done.ratings.get().level == 3


@pytest.mark.parametrize(
    ("key", "level", "message"),
    [
        ("1.1", 9, "Choose a level from 0 to 8."),
        ("1.1", -1, "Choose a level from 0 to 8."),
        ("D.10", 6, "Choose a level from 0 to 5."),
        ("other", 1, "This competence is not part of the role profile."),
    ],
)
def test_levels_are_checked_against_each_framework(world, key, level, message):
    other = framework_with(slug="x", name="X", areas={"9": ["9.9"]})[1]["9.9"]
    competence = {**world["c"], **world["e"], "other": other}[key]
    assessment = start(world)
    with pytest.raises(DomainError) as caught:
        s.self_assessment_save(
            actor=world["enrolment"].person, assessment=assessment, ratings={competence.pk: level}
        )
    assert caught.value.message == message
    assert caught.value.fields == {f"competence_{competence.pk}": [message]}


def test_post_needs_the_course_and_a_submitted_pre(world):
    person = world["enrolment"].person
    with pytest.raises(DomainError) as caught:
        start(world, moment="post")
    assert caught.value.message == str(s.ERR_POST_NEEDS_PRE)
    submitted(person, world["profile"], "pre", {})
    assert start(world, moment="post").moment == "post"

    applicant = PersonFactory()
    start(world, person=applicant)  # an applicant may take the pre one for a published programme's profile
    SelfAssessment.objects.filter(person=applicant).update(
        status="submitted", submitted_at="2026-01-01T00:00Z"
    )
    with pytest.raises(DomainError) as caught:
        start(world, person=applicant, moment="post")
    assert caught.value.message == str(s.ERR_POST_NEEDS_ENROLMENT)


def test_profiles_of_unpublished_programmes_are_closed_to_applicants(world):
    world["programme"].published = False
    world["programme"].save()
    with pytest.raises(DomainError) as caught:
        start(world, person=PersonFactory())
    assert caught.value.message == str(s.ERR_NOT_OPEN)
    assert start(world).moment == "pre"  # the enrolled participant still may


def test_nobody_self_assesses_for_someone_else_but_an_administrator(world):
    person = world["enrolment"].person
    coordinator = staff(world["enrolment"].cohort, Role.COORDINATOR)
    with pytest.raises(PermissionDenied) as caught:
        start(world, person=person, actor=coordinator)
    assert caught.value.message == str(s.ERR_NOT_YOURS)
    assessment = start(world, actor=PersonFactory(is_staff=True))
    with pytest.raises(PermissionDenied):
        s.self_assessment_save(actor=coordinator, assessment=assessment, ratings={})


@pytest.fixture
def path_world(world):
    programme = world["programme"]
    mandatory = ProgrammeModuleFactory(programme=programme, module=ModuleFactory(code="MAND"), mandatory=True)
    elective = ProgrammeModuleFactory(programme=programme, module=ModuleFactory(code="ELEC"), mandatory=False)
    return {**world, "mandatory": mandatory.module, "elective": elective.module}


def test_trainer_adjusts_and_removes_with_audit(path_world):
    enrolment = path_world["enrolment"]
    trainer = staff(enrolment.cohort, Role.TRAINER)
    adj = s.path_adjust(
        actor=trainer,
        enrolment=enrolment,
        module=path_world["elective"],
        kind="recommend",
        reason="  Fits your project.  ",
    )
    assert (adj.kind, adj.reason, adj.created_by) == ("recommend", "Fits your project.", trainer)
    s.path_adjust(
        actor=trainer, enrolment=enrolment, module=path_world["elective"], kind="skip", reason="Done at work."
    )
    assert LearningPathAdjustment.objects.get().kind == "skip"
    s.path_adjustment_remove(actor=trainer, enrolment=enrolment, module=path_world["elective"])
    assert not LearningPathAdjustment.objects.exists()
    events = list(AuditEvent.objects.filter(object_type="competences.learningpathadjustment").order_by("id"))
    assert [e.verb for e in events] == [
        "learning_path.adjust",
        "learning_path.adjust",
        "learning_path.adjustment_removed",
    ]
    assert events[1].changes == {
        "module": [None, "ELEC"],
        "kind": ["recommend", "skip"],
        "reason": ["Fits your project.", "Done at work."],
    }
    assert all(e.cohort_id == enrolment.cohort_id for e in events)


@pytest.mark.parametrize(
    ("module_key", "kind", "reason", "message", "field"),
    [
        ("mandatory", "skip", "x", s.ERR_MANDATORY_SKIP, "kind"),
        ("elective", "recommend", "   ", s.ERR_REASON_REQUIRED, "reason"),
        ("outside", "recommend", "x", s.ERR_NOT_IN_PROGRAMME, "module"),
    ],
)
def test_adjustments_are_checked(path_world, module_key, kind, reason, message, field):
    module = ModuleFactory() if module_key == "outside" else path_world[module_key]
    trainer = staff(path_world["enrolment"].cohort, Role.TRAINER)
    with pytest.raises(DomainError) as caught:
        s.path_adjust(
            actor=trainer, enrolment=path_world["enrolment"], module=module, kind=kind, reason=reason
        )
    assert caught.value.message == str(message) and caught.value.fields == {field: [str(message)]}


@pytest.mark.parametrize("who", ["participant", "mentor", "other_trainer"])
def test_only_cohort_staff_adjust(path_world, who):
    enrolment = path_world["enrolment"]
    actor = {
        "participant": lambda: enrolment.person,
        "mentor": lambda: staff(enrolment.cohort, Role.MENTOR),
        "other_trainer": lambda: staff(CohortFactory(), Role.TRAINER),
    }[who]()
    with pytest.raises(PermissionDenied) as caught:
        s.path_adjust(
            actor=actor, enrolment=enrolment, module=path_world["elective"], kind="recommend", reason="x"
        )
    assert caught.value.message == str(s.ERR_MAY_NOT_ADJUST)
    with pytest.raises(DomainError) as caught:
        s.path_adjustment_remove(
            actor=staff(enrolment.cohort, Role.TRAINER), enrolment=enrolment, module=path_world["elective"]
        )
    assert caught.value.message == str(s.ERR_NO_ADJUSTMENT)
