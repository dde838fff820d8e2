"""The BIBLIO pilot: four national cohorts of this course year, their people and a season of activity.

Latvia: 41 participants from the 28 libraries (recognition's step adds a 42nd, ready for her certificate), each with a host library and a mentor from a regional
library; Bulgaria, Greece and Italy: smaller cohorts. Sessions, attendance, hour entries in every state
and project ideas from the Latvian pilot's list. Deterministic (ctx.rng, ctx.today) and idempotent.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from biblio.accounts.models import Membership, Person, Role
from biblio.learning.models import Application, Attendance, Enrolment, HourEntry, Session
from biblio.programmes.models import Cohort, LearningMode, Organisation
from biblio.workplace.models import Placement, ProjectIdea

from . import DemoContext, demo_password_hash, texts
from .catalogue import load_frameworks, load_libraries, load_programmes
from .names import person_name

COUNTRIES = {
    # cc: (ISO country, language, time zone, participants, name of the edition, seminar venue)
    "lv": (
        "LV",
        "lv",
        "Europe/Riga",
        41,  # the recognition step adds the 42nd: a participant ready for her certificate
        "BIBLIO specialisation course — Latvia",
        "Latvijas Nacionālā bibliotēka, Rīga",
    ),
    "bg": (
        "BG",
        "bg",
        "Europe/Sofia",
        10,
        "BIBLIO specialisation course — Bulgaria",
        "Столична библиотека, София",
    ),
    "gr": (
        "GR",
        "el",
        "Europe/Athens",
        8,
        "BIBLIO specialisation course — Greece",
        "Ελληνικό Ανοικτό Πανεπιστήμιο, Πάτρα",
    ),
    "it": (
        "IT",
        "it",
        "Europe/Rome",
        8,
        "BIBLIO specialisation course — Italy",
        "Biblioteca Nazionale, Bari",
    ),
}
IDEAS_LV = [
    (ProjectIdea.Category.DIGITAL_STRATEGY, "Bibliotēkas digitālās attīstības un drošības stratēģija"),
    (ProjectIdea.Category.DIGITISATION, "Novadpētniecības materiālu digitalizācija un publicēšana"),
    (ProjectIdea.Category.WEBSITE, "Bibliotēkas tīmekļvietnes un publicitātes uzlabošana"),
    (ProjectIdea.Category.SOCIAL_MEDIA, "Sociālo mediju mārketinga stratēģija"),
    (ProjectIdea.Category.CALENDAR, "Digitālais kalendārs un vieglāka sadarbība"),
    (ProjectIdea.Category.TIME_MANAGEMENT, "Laika plānošanas plāns bibliotēkas komandai"),
]
IDEAS_OTHER = [
    (ProjectIdea.Category.SOCIAL_MEDIA, "Social-media plan for the library's reading clubs"),
    (ProjectIdea.Category.DIGITISATION, "Digitising the local history photo collection"),
    (ProjectIdea.Category.WEBSITE, "A new events page for the library website"),
    (ProjectIdea.Category.DIGITAL_STRATEGY, "A digital skills strategy for library staff"),
]


def _ideas(cc: str) -> list[tuple[str, str]]:
    """The pilot's project ideas, titled in the language of the country's participants."""
    if cc == "lv":
        return IDEAS_LV
    return [
        (category, title)
        for (category, _en), title in zip(IDEAS_OTHER, texts.IDEAS[texts.COUNTRY_LANGUAGE[cc]], strict=True)
    ]


STAFF_ROLES = [Role.COORDINATOR, Role.TRAINER, Role.MODERATOR, Role.MENTOR]


def load(ctx: DemoContext) -> None:
    load_libraries(ctx)
    load_frameworks(ctx)
    load_programmes(ctx)
    _cohorts(ctx)
    _staff(ctx)
    advance = ctx.progress("Participants, sessions and hours", sum(c[3] for c in COUNTRIES.values()))
    for cc in COUNTRIES:
        _sessions(ctx, cc)
        _participants(ctx, cc, advance)


def _person(ctx: DemoContext, email: str, name: str, language: str, country: str, **extra) -> Person:
    person = Person.objects.filter(email=email).first()
    if person is None:
        person = Person(email=email, full_name=name, preferred_language=language, country=country, **extra)
        person.password = demo_password_hash()
        person.save()
    ctx.people[email] = person
    return person


def _cohorts(ctx: DemoContext) -> None:
    year = ctx.year
    ceco, digy, mooc = (ctx.programmes[s] for s in ("biblio-ceco", "biblio-digy", "biblio-mooc"))
    mooc_cohort, _ = Cohort.objects.update_or_create(
        code=f"mooc-{year - 1}",
        defaults={
            "programme": mooc,
            "name": f"BIBLIO MOOC {year - 1}",
            "country": "EU",
            "language": "en",
            "timezone": "Europe/Athens",
            "start": dt.date(year - 1, 10, 4),
            "end": dt.date(year - 1, 11, 29),
            "places": 400,
            "call_open": False,
        },
    )
    mooc_cohort.tracks.set([mooc])
    ctx.cohorts["mooc"] = mooc_cohort
    for cc, (country, language, tz, _n, name, _venue) in COUNTRIES.items():
        cohort, _ = Cohort.objects.update_or_create(
            code=f"{cc}-{year}",
            defaults={
                "programme": ceco,
                "name": f"{name} {year}",
                "translations": texts.cohort_name_translations(cc, year),
                "country": country,
                "language": language,
                "timezone": tz,
                "start": dt.date(year, 2, 2),
                "end": dt.date(year, 11, 30),
                "wb_start": dt.date(year, 8, 24),
                "wb_end": dt.date(year, 10, 23),
                "places": 25 if cc != "lv" else 45,
                "application_deadline": dt.date(year, 1, 15),
                "call_open": False,
            },
        )
        cohort.tracks.set([ceco, digy])
        ctx.cohorts[cc] = cohort


def _staff(ctx: DemoContext) -> None:
    admin = _person(
        ctx, "admin@example.org", "Biblio Administrator", "en", "", is_staff=True, is_superuser=True
    )
    del admin
    for cc, (country, language, *_rest) in COUNTRIES.items():
        cohort = ctx.cohorts[cc]
        for offset, role in enumerate(STAFF_ROLES):
            person = _person(
                ctx, f"{role}.{cc}@example.org", person_name(cc, 100 + offset), language, country
            )
            Membership.objects.get_or_create(person=person, cohort=cohort, role=role)
    # Latvia: mentors come from the regional libraries (mentor.lv works at the Latgale Central Library).
    regional = [
        o
        for o in ctx.libraries.values()
        if o.country == "LV" and o.kind == Organisation.Kind.REGIONAL_LIBRARY
    ]
    regional.sort(key=lambda o: o.key)
    for i, library in enumerate(regional):
        email = "mentor.lv@example.org" if i == 0 else f"mentor{i + 1}.lv@example.org"
        person = _person(ctx, email, person_name("lv", 120 + i), "lv", "LV")
        if person.organisation_id != library.pk:
            person.organisation = library
            person.save(update_fields=["organisation"])
        Membership.objects.get_or_create(person=person, cohort=ctx.cohorts["lv"], role=Role.MENTOR)


def _local(cohort: Cohort, day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=ZoneInfo(cohort.timezone))


def _sessions(ctx: DemoContext, cc: str) -> None:
    """Five 4-hour seminars (20 h face-to-face) and eight 2-hour webinars (online) from February to June."""
    cohort = ctx.cohorts[cc]
    venue = COUNTRIES[cc][5]
    seminar, webinar, _on_module = texts.SESSION_TITLES[cohort.language]
    trainer = ctx.people[f"trainer.{cc}@example.org"]
    f2f_module = next(
        (
            pm.module
            for pm in cohort.programme.programme_modules.select_related("module")
            if pm.module.mode == "f2f"
        ),
        None,
    )
    for i in range(5):
        day = dt.date(ctx.year, 2 + i, 12 + (i % 3))
        Session.objects.update_or_create(
            cohort=cohort,
            title=seminar.format(n=i + 1),
            defaults={
                "kind": Session.Kind.SEMINAR,
                "mode": LearningMode.F2F,
                "module": f2f_module,
                "start": _local(cohort, day, 10),
                "end": _local(cohort, day, 14),
                "place": venue,
                "trainer": trainer,
            },
        )
    for i in range(8):
        day = dt.date(ctx.year, 2, 26) + dt.timedelta(weeks=2 * i)
        Session.objects.update_or_create(
            cohort=cohort,
            title=webinar.format(n=i + 1),
            defaults={
                "kind": Session.Kind.WEBINAR,
                "mode": LearningMode.ONLINE,
                "start": _local(cohort, day, 16),
                "end": _local(cohort, day, 18),
                "link": f"https://meet.example.org/biblio-{cc}-{i + 1}",
                "trainer": trainer,
            },
        )


def _participants(ctx: DemoContext, cc: str, advance) -> None:
    country, language, _tz, count, *_ = COUNTRIES[cc]
    cohort = ctx.cohorts[cc]
    libraries = sorted(
        (o for o in ctx.libraries.values() if o.country == country and o.is_library), key=lambda o: o.key
    )
    mentors = sorted(
        (p for e, p in ctx.people.items() if e.startswith("mentor") and e.endswith(f".{cc}@example.org")),
        key=lambda p: p.email,
    )
    tracks = [ctx.programmes["biblio-ceco"], ctx.programmes["biblio-digy"]]
    sessions = list(cohort.sessions.order_by("start"))
    trainer = ctx.people[f"trainer.{cc}@example.org"]
    ctx.enrolments[cc] = []
    for i in range(count):
        email = f"participant.{cc}@example.org" if i == 0 else f"participant{i + 1}.{cc}@example.org"
        library = libraries[i % len(libraries)]
        person = _person(ctx, email, person_name(cc, i), language, country, organisation=library)
        programme = tracks[0 if i % 5 in (0, 2, 4) else 1] if i else tracks[1]  # participant.cc is DIGY
        mooc_done = i % 6 != 5
        if mooc_done:
            Enrolment.objects.get_or_create(
                person=person,
                cohort=ctx.cohorts["mooc"],
                defaults={
                    "programme": ctx.cohorts["mooc"].programme,
                    "status": Enrolment.Status.COMPLETED,
                    "completed_at": timezone.make_aware(dt.datetime(ctx.year - 1, 11, 28)),
                },
            )
        Application.objects.get_or_create(
            person=person,
            cohort=cohort,
            defaults={
                "programme": programme,
                "motivation": texts.MOTIVATION[language],
                "host": library,
                "host_agreed": True,
                "idea_rating": 3 + i % 3,
                "project_idea": _ideas(cc)[i % 4][1],
                "status": Application.Status.ACCEPTED,
                "decided_at": timezone.make_aware(dt.datetime(ctx.year, 1, 25)),
                "decided_by": ctx.people[f"coordinator.{cc}@example.org"],
            },
        )
        enrolment, created = Enrolment.objects.get_or_create(
            person=person, cohort=cohort, defaults={"programme": programme}
        )
        Membership.objects.get_or_create(person=person, cohort=cohort, role=Role.PARTICIPANT)
        mentor = mentors[0] if i == 0 else mentors[i % len(mentors)]
        Placement.objects.get_or_create(
            enrolment=enrolment,
            defaults={"host": library, "mentor": mentor, "start": cohort.wb_start, "end": cohort.wb_end},
        )
        # pace: how far along this participant is (participant.cc is mid-way through the course).
        pace = 0.55 if i == 0 else 0.35 + ctx.rng.random() * 0.75
        if created:
            _activity(ctx, enrolment, sessions, trainer, pace)
        if i % 7 != 6:
            ideas = _ideas(cc)
            category, title = ideas[i % len(ideas)]
            status = (
                ProjectIdea.Status.IN_PROGRESS
                if i == 0
                else [
                    ProjectIdea.Status.DRAFT,
                    ProjectIdea.Status.SUBMITTED,
                    ProjectIdea.Status.APPROVED,
                    ProjectIdea.Status.IN_PROGRESS,
                    ProjectIdea.Status.IN_PROGRESS,
                    ProjectIdea.Status.RETURNED,
                ][i % 6]
            )
            ProjectIdea.objects.get_or_create(
                enrolment=enrolment,
                defaults={
                    "title": title,
                    "category": category,
                    "status": status,
                    "goals": texts.GOALS[language],
                    "published": i % 3 == 0,
                    "feedback": texts.IDEA_RETURNED[language]
                    if status == ProjectIdea.Status.RETURNED
                    else "",
                },
            )
        ctx.enrolments[cc].append(enrolment)
        advance()


def _activity(
    ctx: DemoContext, enrolment: Enrolment, sessions: list[Session], trainer: Person, pace: float
) -> None:
    """Attendance at past sessions and blended-mode hour entries in every state, up to `pace` of each budget."""
    rng, today = ctx.rng, ctx.today
    now = timezone.now()
    Attendance.objects.bulk_create(
        [
            Attendance(session=s, enrolment=enrolment, minutes=s.minutes, recorded_by=trainer)
            for s in sessions
            if s.end <= now and rng.random() < min(0.97, pace + 0.35)
        ]
    )
    cohort = enrolment.cohort
    notes = texts.NOTES[cohort.language]
    last_day = min(today, cohort.wb_start - dt.timedelta(days=1))
    entries: list[HourEntry] = []
    day_load: dict[dt.date, int] = {}
    reviewed_at = timezone.make_aware(dt.datetime(ctx.year, 8, 1))
    period = max((last_day - cohort.start).days, 1)
    for mode, budget_h, chunk in (
        ("online", 144, (90, 240)),
        ("project", 40, (60, 180)),
        ("assessment", 20, (60, 120)),
    ):
        target = int(budget_h * 60 * pace)
        # Spread the entries over the whole blended period so the latest ones are still waiting.
        step = max(1, period * sum(chunk) // 2 // max(target, 1))
        logged, day = 0, cohort.start + dt.timedelta(days=rng.randint(1, 4))
        while logged < target and day <= last_day:
            minutes = min(rng.randint(*chunk) // 15 * 15 or 60, target - logged)
            if minutes >= 15 and day_load.get(day, 0) + minutes <= 8 * 60:
                day_load[day] = day_load.get(day, 0) + minutes
                roll = rng.random()
                recent = (last_day - day).days < 28
                status = (
                    HourEntry.Status.SUBMITTED
                    if recent and roll < 0.7
                    else HourEntry.Status.REJECTED
                    if roll < 0.04
                    else HourEntry.Status.APPROVED
                )
                entries.append(
                    HourEntry(
                        enrolment=enrolment,
                        mode=mode,
                        date=day,
                        minutes=minutes,
                        status=status,
                        note=notes[mode][rng.randrange(len(notes[mode]))],
                        reviewed_by=None if status == HourEntry.Status.SUBMITTED else trainer,
                        reviewed_at=None if status == HourEntry.Status.SUBMITTED else reviewed_at,
                        review_comment=texts.REJECTED_ENTRY[cohort.language]
                        if status == HourEntry.Status.REJECTED
                        else "",
                    )
                )
                logged += minutes
            day += dt.timedelta(days=max(1, step + rng.randint(-1, 1)))
    HourEntry.objects.bulk_create(entries)
