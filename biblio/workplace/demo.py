"""Work-based learning for the demo: plans of activities, logbooks in every state, comments, evaluations.

Latvia gets the full picture: every project idea has a plan; participants whose project is in progress
or completed have work-based hours inside the window up to the demo's today (signed off, waiting and
returned); those who are done have a submitted final evaluation and a signed-off placement.
participant.lv@example.org has an in-progress project with entries waiting for mentor.lv@example.org.
Idempotent (get_or_create on natural keys; a logbook is filled once) and deterministic: each person's
figures come from a Random seeded with their e-mail, so they never depend on what ran before.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db.models import Sum

from biblio.demo import DemoContext, texts
from biblio.learning.models import Enrolment, HourEntry
from biblio.programmes.models import LearningMode

from .models import (
    FinalEvaluation,
    MentorAssignment,
    ObservedCompetence,
    Placement,
    ProjectActivity,
    ProjectComment,
    ProjectIdea,
)
from .selectors.evaluation import evaluation_levels, profile_requirements

S, A, E = ProjectIdea.Status, ProjectActivity.Status, HourEntry.Status
PLANS = {
    ProjectIdea.Category.DIGITAL_STRATEGY: [
        "Digitālo pakalpojumu un drošības situācijas izvērtējums",
        "Stratēģijas mērķu saskaņošana ar vadību",
        "Darbinieku apmācība par datu drošību",
        "Stratēģijas dokumenta melnraksts",
        "Stratēģijas prezentācija bibliotēkas padomei",
    ],
    ProjectIdea.Category.DIGITISATION: [
        "Novadpētniecības materiālu atlase",
        "Skenēšanas un metadatu darba plāns",
        "Materiālu digitalizācija",
        "Publicēšana digitālajā krātuvē",
        "Rezultātu prezentācija kopienai",
    ],
    ProjectIdea.Category.WEBSITE: [
        "Tīmekļvietnes lietojamības izvērtējums",
        "Jaunās struktūras un satura plāns",
        "Satura pārstrāde un publicēšana",
        "Publicitātes kampaņa",
        "Apmeklējuma rezultātu analīze",
    ],
    ProjectIdea.Category.SOCIAL_MEDIA: [
        "Mērķauditorijas izpēte",
        "Satura kalendāra izstrāde",
        "Ierakstu sērijas publicēšana",
        "Sadarbība ar vietējiem partneriem",
        "Rezultātu analīze un secinājumi",
    ],
    ProjectIdea.Category.CALENDAR: [
        "Kolēģu vajadzību apzināšana",
        "Rīka izvēle un iestatīšana",
        "Komandas apmācība",
        "Kalendāra ieviešana ikdienā",
        "Ieviešanas izvērtējums",
    ],
    ProjectIdea.Category.TIME_MANAGEMENT: [
        "Darba laika uzskaite divas nedēļas",
        "Plānošanas metožu izvēle",
        "Plāna izmēģināšana komandā",
        "Plāna pielāgošana",
        "Rezultātu apkopojums",
    ],
}
PLAN_OTHER = ["Situācijas izpēte", "Darba plāns", "Īstenošana", "Rezultātu apkopošana", "Prezentācija"]
DUE_OFFSETS = [(-21, "start"), (7, "start"), (28, "start"), (-7, "end"), (14, "end")]
NOTES = [
    "Strādāju pie aktivitātes kopā ar kolēģiem: {a}.",
    "Sagatavoju materiālus un apspriedu tos ar mentoru ({a}).",
    "Tikšanās ar bibliotēkas vadību par: {a}.",
    "Praktiskais darbs bibliotēkā: {a}.",
    "Apkopoju rezultātus un pierakstīju secinājumus ({a}).",
]
RETURN_COMMENT = "Lūdzu precizējiet, ko tieši darījāt un kāds bija rezultāts."
NARRATIVE = (
    "Dalībniece patstāvīgi plānoja un īstenoja projektu, iesaistīja kolēģus un lietotājus un "
    "pārliecinoši izmantoja digitālos rīkus. Turpmāk ieteicams vairāk pievērsties rezultātu mērīšanai."
)
OUTCOME = (
    "Projekts īstenots: sagatavots un ieviests plāns, kolēģi apmācīti, rezultāti prezentēti "
    "bibliotēkas padomei. Turpināsim darbu nākamajā gadā."
)


def _aware(cohort, day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(cohort.timezone))


def load(ctx: DemoContext) -> None:
    every = [e for cc in ("lv", "bg", "gr", "it") for e in ctx.enrolments.get(cc, [])]
    advance = ctx.progress("Placements, plans and logbooks", len(every))
    placements = {
        p.enrolment_id: p
        for p in Placement.objects.filter(enrolment__in=every).select_related("enrolment__cohort", "mentor")
    }
    ideas = {i.enrolment_id: i for i in ProjectIdea.objects.filter(enrolment__in=every)}
    lv = set(e.pk for e in ctx.enrolments.get("lv", []))
    for enrolment in every:
        placement, idea = placements.get(enrolment.pk), ideas.get(enrolment.pk)
        rng = random.Random(f"biblio-workplace-{enrolment.person.email}-{ctx.year}")  # noqa: S311 (demo data)
        if placement is not None:
            _history(ctx, placement)
        if idea is not None:
            _consistent(ctx, idea)
            activities = _plan(ctx, idea, enrolment, lv=enrolment.pk in lv)
            if enrolment.pk in lv and placement is not None and idea.status in (S.IN_PROGRESS, S.COMPLETED):
                _logbook(ctx, rng, enrolment, placement, idea, activities)
        advance()
    _comments(ctx, ideas)


def _history(ctx: DemoContext, placement: Placement) -> None:
    """Every placement starts its mentor history; one Latvian placement shows a change of mentor."""
    if MentorAssignment.objects.filter(placement=placement).exists():
        return
    cohort = placement.enrolment.cohort
    coordinator = ctx.people.get(f"coordinator.{cohort.code.split('-')[0]}@example.org")
    start = _aware(cohort, min(placement.start, ctx.today))
    if placement.enrolment.person.email == "participant4.lv@example.org" and placement.mentor_id:
        earlier = next(
            (
                p
                for e, p in sorted(ctx.people.items())
                if e.startswith("mentor") and e.endswith(".lv@example.org") and p.pk != placement.mentor_id
            ),
            None,
        )
        if earlier is not None:
            change = _aware(cohort, min(placement.start + dt.timedelta(days=10), ctx.today), 12)
            MentorAssignment.objects.create(
                placement=placement,
                mentor=earlier,
                assigned_by=coordinator,
                started_at=start,
                ended_at=change,
            )
            start = change
    MentorAssignment.objects.create(
        placement=placement,
        mentor=placement.mentor,
        assigned_by=coordinator,
        started_at=start,
        note="" if start == _aware(cohort, min(placement.start, ctx.today)) else "Mentora noslodze",
    )


def _consistent(ctx: DemoContext, idea: ProjectIdea) -> None:
    """Only approved ideas can be on the map; reviewed ones carry their review's who and when."""
    cohort = idea.enrolment.cohort
    changes = {}
    if idea.published and idea.status in (S.DRAFT, S.SUBMITTED, S.RETURNED):
        changes["published"] = False
    if idea.status != S.DRAFT and idea.submitted_at is None:
        changes["submitted_at"] = _aware(cohort, cohort.start + dt.timedelta(days=60))
    if idea.status not in (S.DRAFT, S.SUBMITTED) and idea.reviewed_at is None:
        changes["reviewed_at"] = _aware(cohort, cohort.start + dt.timedelta(days=70), 14)
        changes["reviewed_by"] = ctx.people.get(f"trainer.{cohort.code.split('-')[0]}@example.org")
    if changes:
        for name, value in changes.items():
            setattr(idea, name, value)
        idea.save(update_fields=list(changes))


def _plan(ctx: DemoContext, idea: ProjectIdea, enrolment: Enrolment, *, lv: bool) -> list[ProjectActivity]:
    cohort = enrolment.cohort
    titles = PLANS.get(idea.category, PLAN_OTHER) if lv else texts.PLAN[cohort.language]
    wb_start, wb_end = cohort.wb_start or cohort.start, cohort.wb_end or cohort.end
    activities = []
    for order, (title, (days, anchor)) in enumerate(zip(titles, DUE_OFFSETS, strict=True)):
        due = (wb_start if anchor == "start" else wb_end) + dt.timedelta(days=days)
        activity, _ = ProjectActivity.objects.get_or_create(
            idea=idea,
            title=title,
            defaults={
                "due": due,
                "order": order,
                "owner": enrolment.person.full_name,
                "status": _activity_status(idea, order, due, ctx.today, activities),
            },
        )
        activities.append(activity)
    return activities


def _activity_status(idea, order: int, due: dt.date, today: dt.date, earlier: list) -> str:
    if idea.status == S.COMPLETED:
        return A.DONE
    if idea.status in (S.DRAFT, S.SUBMITTED, S.RETURNED):
        return A.PLANNED
    if due < today:
        # In-progress projects keep one late milestone open, so mentors see what is overdue.
        return A.IN_PROGRESS if idea.status == S.IN_PROGRESS and order == 3 else A.DONE
    return A.IN_PROGRESS if all(a.due < today for a in earlier) else A.PLANNED


def _logbook(ctx, rng, enrolment: Enrolment, placement: Placement, idea: ProjectIdea, activities) -> None:
    if HourEntry.objects.filter(enrolment=enrolment, mode=LearningMode.WORK_BASED).exists():
        return
    last_day = min(ctx.today, placement.end)
    if last_day < placement.start:
        return
    cohort = enrolment.cohort
    planned = int(placement.planned_hours * 60)
    participant = enrolment.person.email == "participant.lv@example.org"
    window_done = ctx.today > placement.end
    done = window_done and not participant and rng.random() < 0.45
    share = 1.0 + rng.random() * 0.08 if done else (0.6 if participant else 0.4 + rng.random() * 0.5)
    elapsed = ((last_day - placement.start).days + 1) / ((placement.end - placement.start).days + 1)
    target = int(planned * share * min(1.0, elapsed) if not done else planned * share)
    taken = _minutes_taken(enrolment, placement.start, last_day)
    workdays = sum(
        1
        for n in range((last_day - placement.start).days + 1)
        if (placement.start + dt.timedelta(days=n)).weekday() < 5
    )
    chance = 0.95 if done else min(0.95, target / (330 * max(workdays, 1)))
    mentor = placement.mentor
    # Done participants stop when they reach their hours; the others spread theirs over the window.
    cap = target if done else int(planned * 0.95)
    entries, logged, day = [], 0, placement.start
    while day <= last_day and logged < cap:
        minutes = max(60, min(rng.choice([180, 240, 300, 360, 420, 480]), cap - logged) // 30 * 30)
        if day.weekday() < 5 and rng.random() < chance and taken.get(day, 0) + minutes <= 10 * 60:
            activity = next((a for a in activities if a.due >= day and a.order > 0), activities[-1])
            recent = (last_day - day).days < (16 if participant else 10)
            roll = rng.random()
            status = (
                E.APPROVED
                if done
                else (
                    E.SUBMITTED
                    if recent and (participant or roll < 0.6)
                    else E.REJECTED
                    if roll < 0.05
                    else E.APPROVED
                )
            )
            reviewed = (
                None
                if status == E.SUBMITTED
                else _aware(cohort, min(day + dt.timedelta(days=4), ctx.today), 18)
            )
            entries.append(
                HourEntry(
                    enrolment=enrolment,
                    mode=LearningMode.WORK_BASED,
                    date=day,
                    minutes=minutes,
                    activity=activity,
                    note=NOTES[rng.randrange(len(NOTES))].format(a=activity.title.lower()),
                    status=status,
                    reviewed_by=None if status == E.SUBMITTED else mentor,
                    reviewed_at=reviewed,
                    review_comment=RETURN_COMMENT if status == E.REJECTED else "",
                )
            )
            logged += minutes
        day += dt.timedelta(days=1)
    created = HourEntry.objects.bulk_create(entries)
    by_day = defaultdict(list)
    for entry in created:
        by_day[entry.date].append(entry.pk)
    for day, ids in by_day.items():  # logged the evening of the day, not when the demo ran
        HourEntry.objects.filter(pk__in=ids).update(created_at=_aware(cohort, day, 19))
    if done:
        _finish(ctx, enrolment, placement, idea, activities)


def _minutes_taken(enrolment: Enrolment, start: dt.date, end: dt.date) -> dict[dt.date, int]:
    """What the person already has on each day (other modes, other steps), to respect the 12-hour rule."""
    return dict(
        HourEntry.objects.filter(enrolment__person_id=enrolment.person_id, date__gte=start, date__lte=end)
        .exclude(status=E.REJECTED)
        .values_list("date")
        .annotate(total=Sum("minutes"))
        .order_by()
    )


def _finish(ctx, enrolment: Enrolment, placement: Placement, idea: ProjectIdea, activities) -> None:
    """A participant who is done: the project completed, the mentor's evaluation submitted and signed off."""
    cohort = enrolment.cohort
    when = _aware(cohort, min(placement.end + dt.timedelta(days=5), ctx.today), 15)
    ProjectActivity.objects.filter(pk__in=[a.pk for a in activities]).update(status=A.DONE)
    if idea.status == S.IN_PROGRESS:
        idea.status, idea.outcome_report, idea.in_practice = S.COMPLETED, OUTCOME, True
        idea.completed_at = when
        idea.save(update_fields=["status", "outcome_report", "in_practice", "completed_at"])
    evaluation, _ = FinalEvaluation.objects.get_or_create(
        placement=placement,
        defaults={"narrative": NARRATIVE, "author": placement.mentor, "submitted_at": when},
    )
    levels = evaluation_levels(enrolment)
    for requirement in profile_requirements(enrolment)[:4]:
        level = min(levels.get(requirement.competence_id, 8), max(1, requirement.target_level))
        ObservedCompetence.objects.get_or_create(
            evaluation=evaluation, competence_id=requirement.competence_id, defaults={"level": level}
        )
    if placement.signed_off_at is None:
        placement.signed_off_at, placement.signed_off_by = when, placement.mentor
        placement.save(update_fields=["signed_off_at", "signed_off_by"])


def _comments(ctx: DemoContext, ideas: dict[int, ProjectIdea]) -> None:
    """A short conversation on participant.lv's project and a moderator's note on a returned idea."""
    people = ctx.people
    lv = ctx.enrolments.get("lv", [])
    if not lv:
        return
    mine = ideas.get(lv[0].pk)
    returned = next((ideas[e.pk] for e in lv if e.pk in ideas and ideas[e.pk].status == S.RETURNED), None)
    cohort = lv[0].cohort
    thread = []
    if mine is not None:
        thread += [
            (
                mine,
                people.get("trainer.lv@example.org"),
                5,
                "Laba ideja! Ieteiktu sākumā aptaujāt lietotājus.",
            ),
            (
                mine,
                people.get("mentor.lv@example.org"),
                12,
                "Vienojāmies par nedēļas plānu; pirmās divas aktivitātes ir izdarītas.",
            ),
            (mine, lv[0].person, 13, "Paldies! Nākamajā nedēļā sākšu publicēšanu."),
        ]
    if returned is not None:
        thread.append(
            (
                returned,
                people.get("moderator.lv@example.org"),
                2,
                "Lūdzu papildiniet mērķus ar mērķauditoriju.",
            )
        )
    for idea, author, days, text in thread:
        if author is None:
            continue
        comment, created = ProjectComment.objects.get_or_create(idea=idea, author=author, text=text)
        if created:
            anchor = cohort.wb_start or cohort.start
            ProjectComment.objects.filter(pk=comment.pk).update(
                created_at=_aware(cohort, min(anchor + dt.timedelta(days=days), ctx.today), 11)
            )
