"""Demo self-assessments: a pre one for most participants of every country, a post one for about a
third, so charts and cohort gains have data; one trainer adjustment of a learning path.

`participant.lv@example.org` has a pre self-assessment and no post one: the browser test takes it.
Deterministic (its own random generator, seeded by the course year, so other steps' data do not
move when this one changes) and idempotent (upserts on natural keys).
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from biblio.demo import texts

from .models import LearningPathAdjustment, SelfAssessment, SelfRating
from .selectors import profile_requirements

KEEP_POST_FREE = "participant.lv@example.org"
PRE_SHARE = 0.85
POST_SHARE = 0.45


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)), dt.UTC)


def load(ctx) -> None:
    rng = random.Random(f"biblio-competences-{ctx.year}")  # noqa: S311 (demo data)
    enrolments = [e for cc in sorted(ctx.enrolments) for e in ctx.enrolments[cc] if e.programme.profile_id]
    advance = ctx.progress("Self-assessments", len(enrolments))
    requirements = profile_requirements(sorted({e.programme.profile_id for e in enrolments}))
    for enrolment in enrolments:
        person, cohort = enrolment.person, enrolment.cohort
        demo_face = person.email.startswith("participant.")
        takes_pre = demo_face or rng.random() < PRE_SHARE
        takes_post = takes_pre and person.email != KEEP_POST_FREE and rng.random() < POST_SHARE
        reqs = requirements[enrolment.programme.profile_id]
        pre_levels = {
            r.competence_id: max(0, min(r.top, r.target - rng.choice([0, 1, 1, 2, 2, 3]))) for r in reqs
        }
        post_levels = {
            r.competence_id: min(r.top, pre_levels[r.competence_id] + rng.choice([0, 1, 1, 1, 2]))
            for r in reqs
        }
        pre_day = min(cohort.start + dt.timedelta(days=rng.randint(3, 20)), ctx.today)
        post_day = max(pre_day, min(cohort.end, ctx.today) - dt.timedelta(days=rng.randint(1, 10)))
        if takes_pre:
            _assessment(person, enrolment.programme.profile_id, "pre", _moment(pre_day, 10), pre_levels)
        if takes_post:
            _assessment(person, enrolment.programme.profile_id, "post", _moment(post_day, 15), post_levels)
        advance()
    _adjustment(ctx)


def _assessment(person, profile_id: int, moment: str, when: dt.datetime, levels: dict[int, int]) -> None:
    assessment, _ = SelfAssessment.objects.update_or_create(
        person=person,
        profile_id=profile_id,
        moment=moment,
        defaults={"status": SelfAssessment.Status.SUBMITTED, "submitted_at": when},
    )
    SelfRating.objects.bulk_create(
        [SelfRating(assessment=assessment, competence_id=pk, level=level) for pk, level in levels.items()],
        update_conflicts=True,
        unique_fields=["assessment", "competence"],
        update_fields=["level"],
    )


def _adjustment(ctx) -> None:
    """The Latvian trainer recommends an elective to one participant (not the demo face)."""
    trainer = ctx.people.get("trainer.lv@example.org")
    enrolment = next(
        (
            e
            for e in ctx.enrolments.get("lv", [])
            if e.person.email != KEEP_POST_FREE and e.programme.profile_id
        ),
        None,
    )
    if trainer is None or enrolment is None:
        return
    elective = enrolment.programme.programme_modules.filter(mandatory=False).order_by("-order").first()
    if elective is None:
        return
    LearningPathAdjustment.objects.update_or_create(
        enrolment=enrolment,
        module_id=elective.module_id,
        defaults={
            "kind": LearningPathAdjustment.Kind.RECOMMEND,
            "reason": texts.PATH_REASON,
            "created_by": trainer,
        },
    )
