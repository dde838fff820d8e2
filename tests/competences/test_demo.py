"""The demo's self-assessments: pre for most participants of every country, post for about a third,
none after the course for the Latvian demo participant (the browser test takes it)."""

from __future__ import annotations

import pytest

from biblio.competences.models import LearningPathAdjustment, SelfAssessment, SelfRating
from biblio.competences.selectors import cohort_competence_gains
from biblio.demo.loader import load_demo
from biblio.learning.models import Enrolment
from tests import demo_snapshot

pytestmark = pytest.mark.django_db


def test_demo_self_assessments():
    ctx = demo_snapshot.load_demo()  # the loader's rows (loaded once per process and date)
    counts = (
        SelfAssessment.objects.count(),
        SelfRating.objects.count(),
        LearningPathAdjustment.objects.count(),
    )
    for cc, cohort in ((cc, ctx.cohorts[cc]) for cc in ["lv", "bg", "gr", "it"]):
        people = Enrolment.objects.filter(cohort=cohort, programme__profile__isnull=False).values("person_id")
        pre = SelfAssessment.objects.filter(person__in=people, moment="pre", status="submitted").count()
        post = SelfAssessment.objects.filter(person__in=people, moment="post", status="submitted").count()
        assert pre >= 0.7 * len(people), cc
        assert 0.15 * len(people) <= post <= 0.6 * len(people), cc
        assert cohort_competence_gains([cohort.pk]), cc
    mine = SelfAssessment.objects.filter(person__email="participant.lv@example.org")
    assert list(mine.values_list("moment", "status")) == [("pre", "submitted")]
    load_demo(quiet=True)
    assert (
        SelfAssessment.objects.count(),
        SelfRating.objects.count(),
        LearningPathAdjustment.objects.count(),
    ) == counts
