"""Recording assessments: who may, what is checked, and the audit trail of every change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from biblio.accounts.models import AuditEvent, Role
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning.models import Enrolment
from biblio.recognition import services
from biblio.recognition.models import Assessment
from tests.factories import CohortFactory, EnrolmentFactory, ModuleFactory, PersonFactory, staff

from .factories import coordinator_of, eligible_enrolment, programme_with_modules

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment():
    return EnrolmentFactory(cohort=CohortFactory(programme=programme_with_modules()))


@pytest.fixture
def module(enrolment):
    return enrolment.programme.programme_modules.get(order=0).module


def record(actor, enrolment, module, **changes):
    values = {
        "method": "test",
        "result": "pass",
        "on": timezone.localdate(),
        "score": Decimal("81.5"),
        **changes,
    }
    return services.assessment_record(actor=actor, enrolment=enrolment, module=module, **values)


ROLES = [Role.COORDINATOR, Role.TRAINER, Role.MODERATOR, Role.MENTOR, Role.PARTICIPANT]


@pytest.mark.parametrize(
    ("role", "own_cohort", "allowed"),
    [(role, True, role in (Role.COORDINATOR, Role.TRAINER)) for role in ROLES]
    + [(role, False, False) for role in ROLES]
    + [("admin", False, True), ("self", True, False)],
)
def test_who_may_record_change_and_delete(enrolment, module, role, own_cohort, allowed):
    if role == "admin":
        actor = PersonFactory(is_staff=True)
    elif role == "self":
        actor = enrolment.person
    else:
        actor = staff(enrolment.cohort if own_cohort else CohortFactory(), role)
    trainer = staff(enrolment.cohort, Role.TRAINER)
    existing = record(trainer, enrolment, module)
    if allowed:
        record(actor, enrolment, module, result="fail")
        services.assessment_update(
            actor=actor,
            assessment=existing,
            module=module,
            method="portfolio",
            result="pass",
            on=existing.date,
        )
        services.assessment_delete(actor=actor, assessment=existing)
        assert Assessment.objects.count() == 1
    else:
        message = "Only the cohort's trainers and coordinators can record assessments."
        with pytest.raises(PermissionDenied, match=message):
            record(actor, enrolment, module)
        with pytest.raises(PermissionDenied, match=message):
            services.assessment_update(
                actor=actor,
                assessment=existing,
                module=module,
                method="test",
                result="fail",
                on=existing.date,
            )
        with pytest.raises(PermissionDenied, match=message):
            services.assessment_delete(actor=actor, assessment=existing)
        assert Assessment.objects.get().result == "pass"


def test_recording_is_audited_with_the_values(enrolment, module):
    trainer = staff(enrolment.cohort, Role.TRAINER)
    assessment = record(trainer, enrolment, module, comment="  Clear portfolio.  ")
    assert (assessment.assessor, assessment.comment) == (trainer, "Clear portfolio.")
    event = AuditEvent.objects.get(verb="assessment.recorded")
    assert event.actor == trainer and event.cohort_id == enrolment.cohort_id
    assert event.changes["result"] == [None, "pass"] and event.changes["score"] == [None, "81.5"]


def test_a_correction_keeps_before_and_after(enrolment, module):
    coordinator = coordinator_of(enrolment.cohort)
    assessment = record(coordinator, enrolment, module)
    services.assessment_update(
        actor=coordinator,
        assessment=assessment,
        module=module,
        method="test",
        result="fail",
        on=assessment.date,
        score=Decimal("40"),
    )
    event = AuditEvent.objects.get(verb="assessment.changed")
    assert event.changes == {"result": ["pass", "fail"], "score": ["81.5", "40"]}
    services.assessment_delete(actor=coordinator, assessment=assessment)
    deleted = AuditEvent.objects.get(verb="assessment.deleted")
    assert deleted.changes["result"] == ["fail", None] and not Assessment.objects.exists()


def test_an_unchanged_save_writes_no_audit_row(enrolment, module):
    coordinator = coordinator_of(enrolment.cohort)
    a = record(coordinator, enrolment, module)
    services.assessment_update(
        actor=coordinator,
        assessment=a,
        module=module,
        method=a.method,
        result=a.result,
        on=a.date,
        score=a.score,
    )
    assert not AuditEvent.objects.filter(verb="assessment.changed").exists()


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        (
            {"on": timezone.localdate() + dt.timedelta(days=1)},
            {"date": ["The date cannot be in the future."]},
        ),
        ({"score": Decimal("100.5")}, {"score": ["The score must be between 0 and 100."]}),
        ({"score": Decimal("-1")}, {"score": ["The score must be between 0 and 100."]}),
        ({"result": "maybe"}, {"result": ["Choose pass or fail."]}),
    ],
    ids=["future", "over-100", "negative", "bad-result"],
)
def test_bad_input_is_explained_per_field(enrolment, module, changes, fields):
    with pytest.raises(DomainError) as error:
        record(coordinator_of(enrolment.cohort), enrolment, module, **changes)
    assert error.value.message == "The assessment could not be saved: please correct the marked fields."
    assert error.value.fields == fields


def test_dates_before_the_course_and_foreign_modules(enrolment, module):
    with pytest.raises(DomainError) as error:
        record(
            coordinator_of(enrolment.cohort),
            enrolment,
            ModuleFactory(),
            on=enrolment.cohort.start - dt.timedelta(days=1),
        )
    assert error.value.fields["module"] == ["This module is not part of the participant's course."]
    assert error.value.fields["date"][0].startswith("The date is before the course starts (")


def test_withdrawn_participants_and_certified_ones_are_closed(key):
    enrolment = eligible_enrolment()
    coordinator = coordinator_of(enrolment.cohort)
    module = enrolment.programme.programme_modules.get(order=3).module
    from biblio.recognition.issuing import credential_issue

    credential_issue(actor=coordinator, enrolment=enrolment)
    with pytest.raises(DomainError, match="revoke it before changing assessments"):
        record(coordinator, enrolment, module)
    existing = Assessment.objects.filter(enrolment=enrolment).first()
    with pytest.raises(DomainError, match="revoke it before changing assessments"):
        services.assessment_delete(actor=coordinator, assessment=existing)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    with pytest.raises(DomainError, match="The participant has withdrawn"):
        record(coordinator, enrolment, module)
