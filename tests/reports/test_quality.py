"""Feedback summaries (anonymous, suppressed for small groups), indicators and competence gains."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from biblio.competences.models import SelfAssessment, SelfRating
from biblio.learning.models import Enrolment
from biblio.reports.models import Feedback
from biblio.reports.quality import FEEDBACK_MIN_GROUP, competence_gains, feedback_summary, indicators
from biblio.reports.scope import ReportFilters, report_scope
from tests.factories import (
    CohortFactory,
    CompetenceFactory,
    CredentialFactory,
    FrameworkFactory,
    LevelFactory,
    PersonFactory,
    ProgrammeFactory,
    ProjectIdeaFactory,
    RoleProfileFactory,
)

from .factories import FeedbackFactory, participant

pytestmark = pytest.mark.django_db


def scope(**filters):
    return report_scope(PersonFactory(is_staff=True), ReportFilters(**filters))


def test_feedback_is_hidden_below_the_minimum_group():
    cohort = CohortFactory()
    for _ in range(FEEDBACK_MIN_GROUP - 1):
        FeedbackFactory(enrolment=participant(cohort))
    summary = feedback_summary(scope())
    assert (summary.responses, summary.shown, summary.means, summary.satisfied_percent) == (
        2,
        False,
        {},
        None,
    )


def test_feedback_means_share_satisfied_and_projects_in_practice():
    cohort = CohortFactory()
    for overall, practice in ((5, "yes"), (4, "partly"), (2, "no"), (3, "not_yet")):
        FeedbackFactory(enrolment=participant(cohort), overall=overall, project_in_practice=practice)
    summary = feedback_summary(scope())
    assert summary.shown
    assert summary.means["overall"] == 3.5
    assert summary.means["trainers"] == 5.0
    assert (summary.satisfied, summary.satisfied_percent) == (2, 50)
    assert summary.in_practice == {"yes": 1, "partly": 1, "not_yet": 1, "no": 1}
    assert (summary.went_into_practice, summary.in_practice_percent) == (2, 50)


def test_indicators():
    today = timezone.localdate()
    ended = CohortFactory(
        places=10,
        start=today - dt.timedelta(days=400),
        end=today - dt.timedelta(days=100),
        wb_start=None,
        wb_end=None,
    )
    running = CohortFactory(places=10, programme=ended.programme)
    done = [participant(ended, status=Enrolment.Status.COMPLETED) for _ in range(3)]
    participant(ended, status=Enrolment.Status.WITHDRAWN)
    participant(running)
    CredentialFactory(enrolment=done[0])
    for e in done:
        FeedbackFactory(enrolment=e, overall=5)
    ProjectIdeaFactory(enrolment=done[0], in_practice=True)
    ProjectIdeaFactory(enrolment=done[1])

    found = {i.key: (i.value, i.numerator, i.denominator) for i in indicators(scope())}

    assert found == {
        "participation": (20, 4, 20),  # not withdrawn / places
        "completion": (75, 3, 4),  # of the ended cohort only
        "certification": (33, 1, 3),
        "satisfaction": (100, 3, 3),
        "in_practice": (100, 3, 3),
        "ideas_in_practice": (50, 1, 2),
        "response": (75, 3, 4),
    }
    narrowed = {i.key: i.value for i in indicators(scope(track="CECO"))}
    assert narrowed["participation"] is None


def _assessment(person, profile, moment, levels, status=SelfAssessment.Status.SUBMITTED):
    a = SelfAssessment.objects.create(
        person=person,
        profile=profile,
        moment=moment,
        status=status,
        submitted_at=timezone.now() if status == SelfAssessment.Status.SUBMITTED else None,
    )
    SelfRating.objects.bulk_create(SelfRating(assessment=a, competence=c, level=v) for c, v in levels.items())


def test_competence_gains_pair_before_and_after_per_person():
    framework = FrameworkFactory(name="DigComp")
    for n in range(1, 9):
        LevelFactory(framework=framework, number=n)
    c1 = CompetenceFactory(framework=framework, code="1.1", order=1)
    c2 = CompetenceFactory(framework=framework, code="1.2", order=2)
    profile, other_profile = RoleProfileFactory(code="CECO"), RoleProfileFactory(code="DIGY")
    cohort = CohortFactory(programme=ProgrammeFactory(profile=profile))
    pre, post = SelfAssessment.Moment.PRE, SelfAssessment.Moment.POST
    e1, e2, e3, e4 = (participant(cohort) for _ in range(4))
    _assessment(e1.person, profile, pre, {c1: 2, c2: 3})
    _assessment(e1.person, profile, post, {c1: 4, c2: 4})
    _assessment(e2.person, profile, pre, {c1: 4})
    _assessment(e2.person, profile, post, {c1: 5})
    _assessment(e3.person, profile, pre, {c1: 1})  # no "after": left out
    _assessment(e4.person, profile, pre, {c1: 1})
    _assessment(e4.person, profile, post, {c1: 8}, status=SelfAssessment.Status.DRAFT)  # not submitted
    _assessment(e1.person, other_profile, pre, {c1: 1})  # another profile than their track's
    _assessment(e1.person, other_profile, post, {c1: 8})
    outsider = PersonFactory()  # not enrolled in the scope
    _assessment(outsider, profile, pre, {c1: 1})
    _assessment(outsider, profile, post, {c1: 8})

    gains = {g.code: (g.pre, g.post, g.gain, g.participants, g.max_level) for g in competence_gains(scope())}

    assert gains == {"1.1": (3.0, 4.5, 1.5, 2, 8), "1.2": (3.0, 4.0, 1.0, 1, 8)}


def test_feedback_model_rejects_ratings_outside_one_to_five():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackFactory(overall=6)
    assert Feedback.objects.count() == 0
