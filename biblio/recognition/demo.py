"""Demo data for recognition: last year's completed Latvian edition with its certificates (one revoked),
assessments for this year's participants, and one current Latvian participant ready to be certified.

Deterministic (ctx.rng, dates from ctx.year and ctx.today) and idempotent: people, enrolments and
cohorts by natural keys; activity only where none exists yet; a certificate only where none was ever
issued (so the revoked one is not replaced on the next run).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from biblio.accounts.models import Membership, Person, Role
from biblio.competences.models import SelfAssessment, SelfRating
from biblio.demo import DemoContext, demo_password_hash, texts
from biblio.learning.models import Enrolment, HourEntry
from biblio.programmes.models import Cohort, LearningMode
from biblio.workplace.models import Placement, ProjectIdea

from . import keys
from .issuing import issue_many
from .models import Assessment, Credential
from .services import credential_revoke

UTC = dt.UTC
ALUMNI = [
    # (e-mail, name, language, track)
    ("alumni1.lv@example.org", "Laura Kalniņa", "lv", "biblio-ceco"),
    ("alumni2.lv@example.org", "Artūrs Ozols", "lv", "biblio-digy"),
    ("alumni3.lv@example.org", "Gunta Siliņa", "lv", "biblio-ceco"),
    ("alumni4.lv@example.org", "Valdis Eglītis", "lv", "biblio-digy"),
    ("alumni5.lv@example.org", "Marta Rozīte", "en", "biblio-ceco"),
    ("alumni6.lv@example.org", "Juris Lācis", "lv", "biblio-digy"),
    ("alumni7.lv@example.org", "Dzintra Auziņa", "lv", "biblio-ceco"),
    ("alumni8.lv@example.org", "Normunds Bērziņš", "lv", "biblio-digy"),
    ("alumni9.lv@example.org", "Elīna Vanaga", "lv", "biblio-ceco"),
    ("alumni10.lv@example.org", "Oskars Zvaigzne", "lv", "biblio-digy"),
]
REVOKED = "alumni7.lv@example.org"
REVOKE_REASON = texts.REVOKE_REASON
READY = ("ready.lv@example.org", "Anna Ozola", "lv", "biblio-ceco")
PROJECTS = [
    "Bibliotēkas sociālo mediju kalendārs",
    "Novadpētniecības fotoarhīva digitalizācija",
    "Bibliotēkas tīmekļvietnes pieejamības uzlabojumi",
    "Digitālo prasmju darbnīcas senioriem",
    "Lasītāju klubu tiešsaistes tikšanās",
]
METHODS = [Assessment.Method.PORTFOLIO, Assessment.Method.TEST, Assessment.Method.OBSERVATION]


def load(ctx: DemoContext) -> None:
    keys.ensure()
    advance = ctx.progress("Assessments, certificates and last year's edition", len(ALUMNI) + 2)
    coordinator = ctx.people["coordinator.lv@example.org"]
    last = _last_year_cohort(ctx)
    alumni = [_complete_participant(ctx, last, *row, advance=advance) for row in ALUMNI]
    _certify(ctx, last, alumni, coordinator)
    advance()
    _current_assessments(ctx)
    ready = _complete_participant(ctx, ctx.cohorts["lv"], *READY, advance=advance)
    ctx.enrolments.setdefault("lv", [])
    if ready not in ctx.enrolments["lv"]:
        ctx.enrolments["lv"].append(ready)


def _last_year_cohort(ctx: DemoContext) -> Cohort:
    year = ctx.year - 1
    current = ctx.cohorts["lv"]
    cohort, _ = Cohort.objects.update_or_create(
        code=f"lv-{year}",
        defaults={
            "programme": ctx.programmes["biblio-ceco"],
            "name": f"BIBLIO specialisation course — Latvia {year}",
            "translations": texts.cohort_name_translations("lv", year),
            "country": "LV",
            "language": "lv",
            "timezone": "Europe/Riga",
            "start": dt.date(year, 2, 2),
            "end": dt.date(year, 11, 30),
            "wb_start": dt.date(year, 8, 24),
            "wb_end": dt.date(year, 10, 23),
            "places": 25,
            "application_deadline": dt.date(year, 1, 15),
            "call_open": False,
        },
    )
    cohort.tracks.set(current.tracks.all())
    for role in (Role.COORDINATOR, Role.TRAINER, Role.MODERATOR, Role.MENTOR):
        person = ctx.people[f"{role}.lv@example.org"]
        Membership.objects.get_or_create(person=person, cohort=cohort, role=role)
    ctx.cohorts[f"lv-{year}"] = cohort
    return cohort


def _person(ctx: DemoContext, email: str, name: str, language: str, library) -> Person:
    person = Person.objects.filter(email=email).first()
    if person is None:
        person = Person(
            email=email, full_name=name, preferred_language=language, country="LV", organisation=library
        )
        person.password = demo_password_hash()
        person.save()
    ctx.people[email] = person
    return person


def _complete_participant(ctx, cohort: Cohort, email, name, language, track, *, advance) -> Enrolment:
    """A participant of `cohort` who meets every completion rule (activity made once)."""
    libraries = sorted(
        (o for o in ctx.libraries.values() if o.country == "LV" and o.is_library), key=lambda o: o.key
    )
    index = [row[0] for row in ALUMNI].index(email) if email != READY[0] else len(ALUMNI)
    library = libraries[(index * 3 + 5) % len(libraries)]
    person = _person(ctx, email, name, language, library)
    programme = ctx.programmes[track]
    enrolment, created = Enrolment.objects.get_or_create(
        person=person, cohort=cohort, defaults={"programme": programme}
    )
    Membership.objects.get_or_create(person=person, cohort=cohort, role=Role.PARTICIPANT)
    if created:
        mentor = ctx.people["mentor.lv@example.org"]
        trainer = ctx.people["trainer.lv@example.org"]
        _hours(ctx, enrolment, trainer, mentor)
        signed = _local(cohort, cohort.wb_end + dt.timedelta(days=3), 15)
        Placement.objects.get_or_create(
            enrolment=enrolment,
            defaults={
                "host": library,
                "mentor": mentor,
                "start": cohort.wb_start,
                "end": cohort.wb_end,
                "signed_off_at": signed,
                "signed_off_by": mentor,
            },
        )
        ProjectIdea.objects.get_or_create(
            enrolment=enrolment,
            defaults={
                "title": PROJECTS[index % len(PROJECTS)],
                "category": ProjectIdea.Category.OTHER,
                "goals": "Padarīt bibliotēkas pakalpojumus pieejamākus digitālajā vidē.",
                "status": ProjectIdea.Status.COMPLETED,
                "outcome_report": "Projekts īstenots kopā ar bibliotēkas komandu; lasītāji to izmanto.",
                "in_practice": True,
            },
        )
        _self_assessments(ctx, enrolment)
        _assess_all(ctx, enrolment, trainer)
    advance()
    return enrolment


def _local(cohort: Cohort, day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(cohort.timezone))


def _hours(ctx, enrolment: Enrolment, trainer, mentor) -> None:
    """Approved entries meeting every budget: blended modes before the work-based window, then 165 h there."""
    cohort = enrolment.cohort
    budgets = dict(enrolment.programme.budgets.values_list("mode", "hours"))
    entries: list[HourEntry] = []
    blended_day = cohort.start + dt.timedelta(days=7)
    wb_day = cohort.wb_start
    for mode in (
        LearningMode.F2F,
        LearningMode.ONLINE,
        LearningMode.PROJECT,
        LearningMode.ASSESSMENT,
        LearningMode.WORK_BASED,
    ):
        left = budgets.get(mode, 0) * 60
        while left > 0:
            minutes = min(480, left)
            work_based = mode == LearningMode.WORK_BASED
            day = wb_day if work_based else blended_day
            entries.append(
                HourEntry(
                    enrolment=enrolment,
                    mode=mode,
                    date=day,
                    minutes=minutes,
                    note="Darbs bibliotēkā ar mentoru." if work_based else "Studijas un uzdevumi.",
                    status=HourEntry.Status.APPROVED,
                    reviewed_by=mentor if work_based else trainer,
                    reviewed_at=_local(cohort, day + dt.timedelta(days=2), 12),
                )
            )
            left -= minutes
            if work_based:
                wb_day += dt.timedelta(days=ctx.rng.choice([1, 2]))
            else:
                blended_day += dt.timedelta(days=ctx.rng.choice([1, 2, 3]))
    HourEntry.objects.bulk_create(entries)


def _self_assessments(ctx, enrolment: Enrolment) -> None:
    profile = enrolment.programme.profile
    requirements = list(profile.requirements.values_list("competence_id", "target_level"))
    for moment, day, lift in (
        (SelfAssessment.Moment.PRE, enrolment.cohort.start + dt.timedelta(days=3), -2),
        (SelfAssessment.Moment.POST, enrolment.cohort.wb_end + dt.timedelta(days=10), 0),
    ):
        assessment, _ = SelfAssessment.objects.get_or_create(
            person=enrolment.person,
            profile=profile,
            moment=moment,
            defaults={
                "status": SelfAssessment.Status.SUBMITTED,
                "submitted_at": _local(enrolment.cohort, day, 18),
            },
        )
        SelfRating.objects.bulk_create(
            [
                SelfRating(
                    assessment=assessment,
                    competence_id=pk,
                    level=max(1, target + lift + ctx.rng.choice([-1, 0, 0, 1])),
                )
                for pk, target in requirements
            ],
            ignore_conflicts=True,
        )


def _assess_all(ctx, enrolment: Enrolment, trainer) -> None:
    """A pass in every mandatory module (and in one elective), dated through the course."""
    cohort = enrolment.cohort
    links = list(enrolment.programme.programme_modules.select_related("module").order_by("order"))
    electives = [link for link in links if not link.mandatory]
    chosen = [link for link in links if link.mandatory] + electives[:1]
    span = (cohort.wb_end - cohort.start).days
    rows = []
    for i, link in enumerate(chosen):
        method = METHODS[(i + enrolment.person_id) % len(METHODS)]
        if link.module.mode == LearningMode.WORK_BASED:
            method = Assessment.Method.OBSERVATION
        elif link.module.mode == LearningMode.PROJECT:
            method = Assessment.Method.PRESENTATION
        rows.append(
            Assessment(
                enrolment=enrolment,
                module=link.module,
                method=method,
                result=Assessment.Result.PASS,
                score=ctx.rng.randint(72, 98) if method == Assessment.Method.TEST else None,
                date=cohort.start + dt.timedelta(days=30 + span * (i + 1) // (len(chosen) + 1)),
                assessor=trainer,
                comment="Labs darbs." if i % 3 == 0 else "",
            )
        )
    Assessment.objects.bulk_create(rows)


def _certify(ctx, cohort: Cohort, alumni: list[Enrolment], coordinator) -> None:
    """Certificates issued in early December; one revoked in January (never re-issued by a re-run)."""
    never = [e for e in alumni if not Credential.objects.filter(enrolment=e).exists()]
    if never:
        issue_many(never, actor=coordinator, at=dt.datetime(cohort.end.year, 12, 5, 9, 30, tzinfo=UTC))
    revoked = next(e for e in alumni if e.person.email == REVOKED)
    credential = Credential.objects.filter(enrolment=revoked, revoked_at__isnull=True).first()
    if credential is not None:
        credential_revoke(
            actor=coordinator,
            credential=credential,
            reason=REVOKE_REASON,
            at=dt.datetime(cohort.end.year + 1, 1, 20, 11, 0, tzinfo=UTC),
        )


def _current_assessments(ctx) -> None:
    """This year's participants: passes in the modules they have studied so far, and a few fails."""
    today = ctx.today
    for cc in sorted(ctx.enrolments):
        cohort = ctx.cohorts.get(cc)
        if cohort is None or Assessment.objects.filter(enrolment__cohort=cohort).exists():
            continue
        trainer = ctx.people.get(f"trainer.{cc}@example.org")
        last_day = min(today, cohort.end) - dt.timedelta(days=1)
        rows = []
        for enrolment in ctx.enrolments[cc]:
            links = [
                link
                for link in enrolment.programme.programme_modules.select_related("module").order_by("order")
                if link.mandatory and link.module.mode == LearningMode.ONLINE
            ]
            share = ctx.rng.random()
            for i, link in enumerate(links[: round(len(links) * share)]):
                day = cohort.start + dt.timedelta(days=40 + 25 * i)
                if day > last_day:
                    break
                failed = ctx.rng.random() < 0.06
                rows.append(
                    Assessment(
                        enrolment=enrolment,
                        module=link.module,
                        method=METHODS[i % len(METHODS)],
                        result=Assessment.Result.FAIL if failed else Assessment.Result.PASS,
                        score=ctx.rng.randint(40, 58) if failed else ctx.rng.randint(65, 99),
                        date=day,
                        assessor=trainer,
                        comment="Jāpārstrādā portfolio." if failed else "",
                    )
                )
        Assessment.objects.bulk_create(rows)
