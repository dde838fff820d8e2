"""Completion rules: each rule open gives its own readable reason; all met means eligible."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from biblio.competences.models import SelfAssessment
from biblio.learning.models import Enrolment, Exemption, HourEntry
from biblio.learning.progress import progress_for
from biblio.programmes.models import LearningMode, Programme
from biblio.recognition import completion as rules
from biblio.recognition.completion import completion_for
from biblio.recognition.models import Assessment
from biblio.workplace.models import Placement, ProjectIdea
from tests.factories import CohortFactory, EnrolmentFactory, ProgrammeFactory

from .factories import eligible_enrolment, programme_with_modules

pytestmark = pytest.mark.django_db


def reasons(enrolment) -> list[str]:
    return completion_for([Enrolment.objects.select_related("cohort").get(pk=enrolment.pk)])[
        enrolment.pk
    ].reasons


def test_a_participant_who_meets_every_rule_is_eligible():
    enrolment = eligible_enrolment()
    found = completion_for([enrolment])[enrolment.pk]
    assert found.eligible and found.reasons == []


def test_hours_short_names_the_mode_and_the_hours_to_go():
    enrolment = eligible_enrolment()
    entry = HourEntry.objects.filter(enrolment=enrolment, mode=LearningMode.F2F).first()
    entry.minutes = 90
    entry.save(update_fields=["minutes"])
    assert reasons(enrolment) == ["Face-to-face seminars: 11.5 of 20 hours credited, 8.5 to go."]


def test_pending_hours_do_not_count_but_recognised_prior_learning_does():
    enrolment = eligible_enrolment()
    HourEntry.objects.filter(enrolment=enrolment, mode=LearningMode.ONLINE).update(
        status=HourEntry.Status.SUBMITTED, reviewed_at=None
    )
    assert reasons(enrolment) == ["Online study and self-study: 0 of 160 hours credited, 160 to go."]
    module = enrolment.programme.programme_modules.get(order=3).module  # the elective, an online module
    Exemption.objects.create(
        enrolment=enrolment,
        module=module,
        reason="University course",
        status=Exemption.Status.APPROVED,
        recognised_minutes=160 * 60,
        decided_at=timezone.now(),
    )
    assert reasons(enrolment) == []


def test_a_mandatory_module_without_a_pass_is_named():
    enrolment = eligible_enrolment()
    first = enrolment.programme.programme_modules.get(order=0).module
    Assessment.objects.filter(enrolment=enrolment, module=first).delete()
    assert reasons(enrolment) == [
        f"Module {first.code} “Digital communication” is not passed or exempted yet."
    ]


def test_the_latest_assessment_counts_a_fail_after_a_pass_reopens_the_module():
    enrolment = eligible_enrolment()
    first = enrolment.programme.programme_modules.get(order=0).module
    later = Assessment.objects.get(enrolment=enrolment, module=first).date + dt.timedelta(days=3)
    Assessment.objects.create(enrolment=enrolment, module=first, method="test", result="fail", date=later)
    assert reasons(enrolment) == [
        f"Module {first.code} “Digital communication” was failed on {date_format(later)} and needs a new assessment."
    ]


def test_an_approved_exemption_stands_for_a_pass():
    enrolment = eligible_enrolment()
    first = enrolment.programme.programme_modules.get(order=0).module
    Assessment.objects.filter(enrolment=enrolment, module=first).delete()
    Exemption.objects.create(
        enrolment=enrolment,
        module=first,
        reason="Diploma",
        status=Exemption.Status.APPROVED,
        recognised_minutes=60,
        decided_at=timezone.now(),
    )
    assert reasons(enrolment) == []


def test_electives_are_not_required():
    enrolment = eligible_enrolment()
    elective = enrolment.programme.programme_modules.get(mandatory=False).module
    assert not Assessment.objects.filter(enrolment=enrolment, module=elective).exists()
    assert reasons(enrolment) == []


@pytest.mark.parametrize(
    ("breaking", "expected"),
    [
        (
            lambda e: Placement.objects.filter(enrolment=e).update(signed_off_at=None),
            rules.PLACEMENT_NOT_SIGNED_OFF,
        ),
        (lambda e: Placement.objects.filter(enrolment=e).delete(), rules.NO_PLACEMENT),
        (lambda e: ProjectIdea.objects.filter(enrolment=e).delete(), rules.NO_PROJECT),
        (
            lambda e: SelfAssessment.objects.filter(person=e.person).update(status="draft"),
            rules.NO_POST_SELF_ASSESSMENT,
        ),
        (
            lambda e: SelfAssessment.objects.filter(person=e.person).update(moment="pre"),
            rules.NO_POST_SELF_ASSESSMENT,
        ),
        (lambda e: Enrolment.objects.filter(pk=e.pk).update(status="withdrawn"), rules.WITHDRAWN),
    ],
    ids=["not-signed-off", "no-placement", "no-project", "self-assessment-draft", "only-pre", "withdrawn"],
)
def test_each_other_rule(breaking, expected):
    enrolment = eligible_enrolment()
    breaking(enrolment)
    assert reasons(enrolment) == [str(expected)]


def test_a_project_not_completed_says_where_it_stands():
    enrolment = eligible_enrolment()
    ProjectIdea.objects.filter(enrolment=enrolment).update(status=ProjectIdea.Status.IN_PROGRESS)
    assert reasons(enrolment) == ["The project is not completed yet (it is “In progress”)."]


def test_the_self_assessment_must_be_for_the_tracks_profile():
    enrolment = eligible_enrolment()
    other = programme_with_modules().profile
    SelfAssessment.objects.filter(person=enrolment.person).update(profile=other)
    assert reasons(enrolment) == [str(rules.NO_POST_SELF_ASSESSMENT)]


def test_rules_a_programme_does_not_call_for_are_skipped():
    """A MOOC: online hours only, no profile, no placement, no project."""
    mooc = ProgrammeFactory(kind=Programme.Kind.MOOC, budget={"online": 1})
    enrolment = EnrolmentFactory(cohort=CohortFactory(programme=mooc))
    assert reasons(enrolment) == ["Online study and self-study: 0 of 1 hours credited, 1 to go."]
    HourEntry.objects.create(
        enrolment=enrolment,
        mode="online",
        date=enrolment.cohort.start,
        minutes=60,
        status=HourEntry.Status.APPROVED,
        reviewed_at=timezone.now(),
    )
    assert reasons(enrolment) == []


def test_hours_are_exactly_those_of_progress_for():
    enrolment = eligible_enrolment()
    found = completion_for([enrolment])[enrolment.pk]
    assert found.progress == progress_for([enrolment])[enrolment.pk]


@pytest.mark.parametrize("size", [2, 12])
def test_constant_queries_whatever_the_number_of_enrolments(size, django_assert_num_queries):
    cohort = CohortFactory(programme=programme_with_modules())
    for _ in range(size):
        eligible_enrolment(cohort=cohort)
    enrolments = list(Enrolment.objects.filter(cohort=cohort).select_related("cohort"))
    with django_assert_num_queries(8):
        found = completion_for(enrolments)
    assert len(found) == size and all(c.eligible for c in found.values())


def test_the_two_figures_of_an_hours_reason_add_up_to_the_budget():
    enrolment = eligible_enrolment()
    HourEntry.objects.filter(enrolment=enrolment, mode=LearningMode.ONLINE).delete()
    HourEntry.objects.bulk_create(
        [
            HourEntry(
                enrolment=enrolment,
                mode="online",
                date=enrolment.cohort.start + dt.timedelta(days=i),
                minutes=minutes,
                status=HourEntry.Status.APPROVED,
                reviewed_at=timezone.now(),
            )
            for i, minutes in enumerate([720] * 6 + [101])  # 4 421 minutes = 73.68 h
        ]
    )
    assert reasons(enrolment) == ["Online study and self-study: 73.7 of 160 hours credited, 86.3 to go."]


def test_almost_met_never_reads_as_met():
    enrolment = eligible_enrolment()
    entry = HourEntry.objects.filter(enrolment=enrolment, mode=LearningMode.F2F).first()
    entry.minutes -= 1
    entry.save(update_fields=["minutes"])
    assert reasons(enrolment) == ["Face-to-face seminars: 19.9 of 20 hours credited, 0.1 to go."]
