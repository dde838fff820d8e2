"""Learning demo data on top of the pilot: an open call for Latvia with applications in every state,
materials on the modules, upcoming sessions, exemptions, and entries waiting for approval.

Idempotent (natural keys) and deterministic (ctx.rng, ctx.today, ctx.year).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from biblio.accounts.models import Person
from biblio.demo import DemoContext, demo_password_hash, texts
from biblio.demo.names import person_name
from biblio.programmes.models import Cohort, LearningMode, Module

from .models import Application, Enrolment, Exemption, HourEntry, Material, Session

COUNTRIES = ("lv", "bg", "gr", "it")
# (minutes, url or None for a file) — attached to every online module of each cohort's tracks, titled
# in the cohort's language (texts.MATERIALS)
MATERIALS = [
    (90, "https://publications.jrc.ec.europa.eu/repository/handle/JRC128415"),
    (60, "https://publications.jrc.ec.europa.eu/repository/handle/JRC101581"),
    (45, None),
    (120, "https://meet.example.org/recordings"),
]
# The pilot's 42 participants are the accepted applications; these add the other states.
APPLICANTS = [
    # (index for names, status, track index, MOOC done, host agreed, idea rating, reason)
    (200, Application.Status.SUBMITTED, 0, True, True, 4, ""),
    (201, Application.Status.SUBMITTED, 1, True, False, None, ""),
    (202, Application.Status.SUBMITTED, 0, False, False, 2, ""),
    (203, Application.Status.WAITLISTED, 1, False, True, 3, texts.WAITLISTED),
    (204, Application.Status.WAITLISTED, 0, False, False, 2, texts.WAITLISTED),
    (205, Application.Status.REJECTED, 1, False, False, 0, texts.NOT_CONCRETE),
    (206, Application.Status.WITHDRAWN, 0, True, True, 3, ""),
]
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
    b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n"
    b"%%EOF\n"
)


def load(ctx: DemoContext) -> None:
    advance = ctx.progress("Learning: calls, materials, exemptions", 5)
    _open_call(ctx)
    advance()
    _applications(ctx)
    advance()
    for cc in COUNTRIES:
        _materials(ctx, ctx.cohorts[cc])
        _upcoming_sessions(ctx, ctx.cohorts[cc])
    advance()
    _exemptions(ctx)
    advance()
    _waiting_entries(ctx)
    advance()


def _open_call(ctx: DemoContext) -> None:
    """The Latvian cohort takes late applications (the browser journey applies to it)."""
    cohort = ctx.cohorts["lv"]
    deadline = ctx.today + dt.timedelta(days=21)
    if not cohort.call_open or cohort.application_deadline != deadline:
        Cohort.objects.filter(pk=cohort.pk).update(call_open=True, application_deadline=deadline)
        cohort.call_open, cohort.application_deadline = True, deadline


def _applications(ctx: DemoContext) -> None:
    cohort = ctx.cohorts["lv"]
    tracks = [ctx.programmes["biblio-ceco"], ctx.programmes["biblio-digy"]]
    libraries = sorted(
        (o for o in ctx.libraries.values() if o.country == "LV" and o.is_library), key=lambda o: o.key
    )
    coordinator = ctx.people["coordinator.lv@example.org"]
    trainer = ctx.people["trainer.lv@example.org"]
    decided_at = timezone.make_aware(dt.datetime.combine(ctx.today, dt.time(9)))
    for n, (index, status, track, mooc, agreed, rating, reason) in enumerate(APPLICANTS):
        email = f"applicant{n + 1}.lv@example.org"
        person = Person.objects.filter(email=email).first()
        if person is None:
            person = Person(
                email=email, full_name=person_name("lv", index), preferred_language="lv", country="LV"
            )
            person.password = demo_password_hash()
            person.save()
        ctx.people[email] = person
        if mooc:
            Enrolment.objects.get_or_create(
                person=person,
                cohort=ctx.cohorts["mooc"],
                defaults={
                    "programme": ctx.cohorts["mooc"].programme,
                    "status": Enrolment.Status.COMPLETED,
                    "completed_at": timezone.make_aware(dt.datetime(ctx.year - 1, 11, 27)),
                },
            )
        host = libraries[(n * 5) % len(libraries)] if n % 3 != 2 else None
        decided = status not in (Application.Status.SUBMITTED, Application.Status.WITHDRAWN)
        Application.objects.get_or_create(
            person=person,
            cohort=cohort,
            defaults={
                "programme": tracks[track],
                "motivation": "Vēlos apgūt digitālās prasmes un palīdzēt lasītājiem.",
                "host": host,
                "proposed_host": "" if host else "Pagasta bibliotēka (vēl nav sazināts)",
                "host_agreed": agreed and host is not None,
                "project_idea": "Bibliotēkas pasākumu kalendārs tiešsaistē ar atgādinājumiem.",
                "idea_rating": rating,
                "idea_rated_by": trainer if rating is not None else None,
                "status": status,
                "decision_reason": reason,
                "decided_by": coordinator if decided else None,
                "decided_at": decided_at if decided else None,
            },
        )


def _offered_modules(cohort: Cohort) -> list[Module]:
    return list(
        Module.objects.filter(programme_modules__programme__track_cohorts=cohort).distinct().order_by("code")
    )


def _materials(ctx: DemoContext, cohort: Cohort) -> None:
    trainer = ctx.people[f"trainer.{cohort.code.split('-')[0]}@example.org"]
    for module in _offered_modules(cohort):
        if module.mode != LearningMode.ONLINE:
            continue
        titles = texts.MATERIALS[cohort.language]
        for order, (title, (minutes, url)) in enumerate(zip(titles, MATERIALS, strict=True), start=1):
            existing = Material.objects.filter(cohort=cohort, module=module, title=title).first()
            if existing is not None:
                continue
            material = Material(
                cohort=cohort,
                module=module,
                title=title,
                kind=Material.Kind.LINK if url else Material.Kind.FILE,
                url=url or "",
                minutes=minutes,
                order=order,
                added_by=trainer,
                description="" if url else texts.HANDOUT[cohort.language],
            )
            if url is None:
                material.file.save(f"{module.code.lower()}-handout.pdf", ContentFile(PDF), save=False)
            material.save()


def _upcoming_sessions(ctx: DemoContext, cohort: Cohort) -> None:
    """Two webinars in the coming weeks (when the course still runs), on modules, so the module
    pages and calendars have something ahead."""
    trainer = ctx.people[f"trainer.{cohort.code.split('-')[0]}@example.org"]
    modules = [  # the first online module of each track
        Module.objects.filter(programme_modules__programme=track, mode=LearningMode.ONLINE)
        .order_by("code")
        .first()
        for track in cohort.tracks.order_by("slug")
    ]
    modules = [m for m in modules if m is not None]
    tz = ZoneInfo(cohort.timezone)
    on_module = texts.SESSION_TITLES[cohort.language][2]
    for weeks, module in enumerate(modules, start=1):
        day = ctx.today + dt.timedelta(weeks=weeks)
        if day > cohort.end:
            continue
        start = dt.datetime.combine(day, dt.time(16, 0), tzinfo=tz)
        Session.objects.update_or_create(
            cohort=cohort,
            title=on_module.format(title=module.tr("title", cohort.language)),
            defaults={
                "kind": Session.Kind.WEBINAR,
                "mode": LearningMode.ONLINE,
                "module": module,
                "start": start,
                "end": start + dt.timedelta(hours=2),
                "link": f"https://meet.example.org/{cohort.code}-{module.code.lower()}",
                "trainer": trainer,
            },
        )


def _exemptions(ctx: DemoContext) -> None:
    """Prior learning in Latvia: one approved, two waiting for the coordinator."""
    coordinator = ctx.people["coordinator.lv@example.org"]
    enrolments = ctx.enrolments["lv"]
    plan = [
        (enrolments[1], Exemption.Status.APPROVED, "Maģistra studijas bibliotēkzinātnē, 2018, 30 h."),
        (enrolments[2], Exemption.Status.REQUESTED, "Kursi par sociālajiem medijiem, 2022, 24 h."),
        (enrolments[0], Exemption.Status.REQUESTED, "Datu aizsardzības kurss, 2021, 20 h."),
    ]
    for enrolment, status, reason in plan:
        module = next(
            m
            for m in Module.objects.filter(
                programme_modules__programme_id=enrolment.programme_id, mode=LearningMode.ONLINE
            ).order_by("-code")
        )
        if Exemption.objects.filter(enrolment=enrolment, module=module).exists():
            continue
        exemption = Exemption(enrolment=enrolment, module=module, reason=reason, status=status)
        exemption.evidence.save(f"certificate-{enrolment.pk}.pdf", ContentFile(PDF), save=False)
        if status == Exemption.Status.APPROVED:
            exemption.recognised_minutes = module.hours * 60
            exemption.decided_by = coordinator
            exemption.decided_at = timezone.make_aware(dt.datetime.combine(ctx.today, dt.time(9)))
            exemption.decision_note = "Diploms pārbaudīts."
        exemption.save()


def _waiting_entries(ctx: DemoContext) -> None:
    """A few recent entries waiting for approval, so the roster and review queue show some."""
    cohort = ctx.cohorts["lv"]
    last = min(ctx.today, cohort.end)
    for offset, enrolment in enumerate(ctx.enrolments["lv"][:6]):
        day = last - dt.timedelta(days=1 + offset % 3)
        if day < cohort.start:
            continue
        HourEntry.objects.get_or_create(
            enrolment=enrolment,
            date=day,
            mode=LearningMode.ONLINE,
            note=texts.WAITING_ENTRY,
            defaults={"minutes": 60 + 30 * (offset % 3)},
        )
