"""Demo data for reports: end-of-course feedback, and Latvian project ideas published with consent.

Deterministic without depending on how much of `ctx.rng` earlier steps used: each participant's
answers come from a generator seeded with their e-mail. Idempotent: rows are created once.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from biblio.demo import DemoContext, texts
from biblio.learning.models import Enrolment
from biblio.learning.progress import progress_for
from biblio.workplace.models import ProjectIdea

from .models import RATING_ITEMS, Feedback

CURRENT_PER_COHORT = 4  # current participants furthest along give feedback once the course nears its end
COMMENTS = texts.FEEDBACK  # by the cohort's language
PRACTICE = [
    Feedback.InPractice.YES,
    Feedback.InPractice.YES,
    Feedback.InPractice.PARTLY,
    Feedback.InPractice.NOT_YET,
    Feedback.InPractice.NO,
]


def load(ctx: DemoContext) -> None:
    completed = list(
        Enrolment.objects.filter(
            status=Enrolment.Status.COMPLETED, programme__profile__isnull=False
        ).select_related("person", "cohort")
    )
    current = _current_done(ctx)
    advance = ctx.progress("Course feedback", len(completed) + len(current))
    for enrolment in [*completed, *current]:
        _feedback(ctx, enrolment)
        advance()
    _publish_lv_ideas(ctx)


def _current_done(ctx: DemoContext) -> list[Enrolment]:
    """Per current cohort whose work-based window is over: the participants furthest along."""
    chosen: list[Enrolment] = []
    for cc, enrolments in sorted(ctx.enrolments.items()):
        cohort = ctx.cohorts.get(cc)
        if cohort is None or not cohort.wb_end or ctx.today < cohort.wb_end:
            continue
        active = [e for e in enrolments if e.status == Enrolment.Status.ACTIVE]
        progress = progress_for(active, today=ctx.today)
        active.sort(key=lambda e: (-progress[e.pk].percent, e.pk))
        chosen.extend(active[:CURRENT_PER_COHORT])
    return chosen


def _feedback(ctx: DemoContext, enrolment: Enrolment) -> None:
    rng = random.Random(f"feedback:{enrolment.person.email}:{enrolment.cohort.code}")  # noqa: S311 - demo data
    base = rng.choice([3, 4, 4, 5, 5])
    answers = {item: max(1, min(5, base + rng.choice([-1, 0, 0, 1]))) for item in RATING_ITEMS}
    submitted = enrolment.completed_at or timezone.make_aware(dt.datetime.combine(ctx.today, dt.time(12)))
    Feedback.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            **answers,
            "project_in_practice": rng.choice(PRACTICE),
            "comments": rng.choice(COMMENTS.get(enrolment.cohort.language, COMMENTS["lv"])),
            "submitted_at": submitted,
        },
    )


def _publish_lv_ideas(ctx: DemoContext) -> None:
    """Some Latvian ideas on the public map; half of their authors agree to show their name."""
    cohort = ctx.cohorts.get("lv")
    if cohort is None:
        return
    ideas = list(
        ProjectIdea.objects.filter(enrolment__cohort=cohort)
        .exclude(status=ProjectIdea.Status.DRAFT)
        .select_related("enrolment__person")
        .order_by("enrolment__person__email")
    )
    for i, idea in enumerate(ideas):
        if i % 2 == 0 and not idea.published:
            idea.published = True
            idea.save(update_fields=["published"])
        if idea.published and i % 4 == 0 and not idea.enrolment.person.consent_public:
            person = idea.enrolment.person
            person.consent_public = True
            person.save(update_fields=["consent_public"])
