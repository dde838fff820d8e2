"""The demo's work-based learning: every state present, the rules kept, and loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Sum

from biblio.demo.loader import load_demo
from biblio.learning.models import HourEntry
from biblio.workplace.models import (
    FinalEvaluation,
    MentorAssignment,
    ObservedCompetence,
    ProjectActivity,
    ProjectComment,
    ProjectIdea,
)
from tests import demo_snapshot

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)  # after the 2026 work-based window (24 Aug – 23 Oct)


def counts() -> tuple:
    return tuple(
        model.objects.count()
        for model in (
            HourEntry,
            MentorAssignment,
            ProjectActivity,
            ProjectComment,
            FinalEvaluation,
            ObservedCompetence,
        )
    )


def test_the_demo_has_work_based_learning_in_every_state():
    ctx = demo_snapshot.load_demo(today=TODAY)  # the loader's rows (loaded once per process and date)
    lv = ctx.cohorts["lv"]
    # Other steps (recognition's "ready" participant) add their own, simpler records: look at the pilot's.
    pilot = [e for e in ctx.enrolments["lv"] if e.person.email.startswith("participant")]
    work = HourEntry.objects.filter(mode="work_based", enrolment__in=pilot)
    assert set(work.values_list("status", flat=True)) == {"approved", "submitted", "rejected"}
    assert not work.filter(activity__isnull=True).exists()
    for entry in work.select_related("enrolment__placement", "activity__idea"):
        placement = entry.enrolment.placement
        assert placement.start <= entry.date <= min(placement.end, TODAY)
        assert entry.activity.idea.enrolment_id == entry.enrolment_id
    busiest = (
        HourEntry.objects.exclude(status="rejected")
        .values("enrolment__person", "date")
        .annotate(total=Sum("minutes"))
        .order_by("-total")
        .first()
    )
    assert busiest["total"] <= 12 * 60

    liga = ctx.people["participant.lv@example.org"]
    idea = ProjectIdea.objects.get(enrolment__person=liga, enrolment__cohort=lv)
    assert idea.status == ProjectIdea.Status.IN_PROGRESS and idea.activities.count() == 5
    assert idea.enrolment.placement.mentor.email == "mentor.lv@example.org"
    assert work.filter(enrolment=idea.enrolment, status="submitted").count() >= 3
    assert ProjectComment.objects.filter(idea=idea).count() == 3

    done = FinalEvaluation.objects.filter(
        submitted_at__isnull=False, placement__enrolment__in=pilot
    ).select_related("placement")
    assert done.count() >= 1
    for evaluation in done:
        assert evaluation.placement.signed_off_at is not None
        assert evaluation.observations.exists()
        assert not work.filter(enrolment_id=evaluation.placement.enrolment_id, status="submitted").exists()

    changed = (
        MentorAssignment.objects.filter(placement__enrolment__in=pilot)
        .values("placement")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert changed.count() == 1
    assert ProjectIdea.objects.filter(
        status=ProjectIdea.Status.DRAFT, enrolment__cohort=lv, activities__isnull=False
    ).exists()

    before = counts()
    load_demo(today=TODAY)
    assert counts() == before
