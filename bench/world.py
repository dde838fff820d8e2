"""What a benchmark database holds, size by size, and the rows that make one participant's course.

The rules are the factories' (tests/factories.py) and the pilot's: minutes 1–720 per entry, a reviewed
entry has reviewed_at and a reviewer, a completed enrolment has completed_at, one placement and one
project idea per enrolment, the BIBLIO budget per track. Spreads (statuses, modes, track, mentors and
host libraries) are drawn from a seeded random generator, so a size always gives the same database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from biblio.accounts.models import ApiToken, AuditEvent, Membership, Person, Role
from biblio.competences.models import ProfileRequirement, SelfAssessment, SelfRating
from biblio.learning.models import Application, Attendance, Enrolment, Exemption, HourEntry, Session
from biblio.programmes.models import (
    Cohort,
    HourBudget,
    LearningMode,
    Organisation,
    Programme,
    ProgrammeModule,
)
from biblio.recognition.models import Assessment, Credential, NumberSequence
from biblio.recognition.numbering import STATUS_SEQUENCE, number_prefix
from biblio.workplace.models import MentorAssignment, Placement, ProjectActivity, ProjectIdea

from . import bulk

PASSWORD = "biblio-bench"  # noqa: S105 (the generated accounts' published password)
SEED = 20191101


@dataclass(frozen=True)
class Spec:
    participants: int  # in specialisation cohorts
    entries_per_participant: int
    countries: int
    mooc: int = 0  # participants of a MOOC edition (no hour entries: the MOOC runs on Moodle)


SPECS = {
    "S": Spec(participants=40, entries_per_participant=106, countries=1),
    "M": Spec(participants=160, entries_per_participant=106, countries=4, mooc=400),
    "L": Spec(participants=10_000, entries_per_participant=106, countries=20),
    "XL": Spec(participants=100_000, entries_per_participant=106, countries=27),
}

# EU countries, the pilot's four first; approximate centre, spread (degrees) and a language for names.
COUNTRIES = [
    ("LV", 56.9, 24.6, 1.2, "lv"),
    ("BG", 42.7, 25.3, 1.5, "bg"),
    ("GR", 39.1, 22.4, 1.8, "gr"),
    ("IT", 42.8, 12.6, 2.5, "it"),
    ("DE", 51.2, 10.4, 2.5, "lv"),
    ("FR", 46.6, 2.4, 3.0, "it"),
    ("ES", 40.2, -3.6, 2.8, "it"),
    ("PL", 52.1, 19.4, 2.2, "bg"),
    ("RO", 45.9, 24.9, 2.0, "bg"),
    ("NL", 52.2, 5.5, 0.8, "lv"),
    ("BE", 50.6, 4.6, 0.7, "it"),
    ("CZ", 49.8, 15.5, 1.2, "bg"),
    ("SE", 60.1, 15.6, 3.0, "lv"),
    ("PT", 39.6, -8.0, 1.5, "it"),
    ("HU", 47.2, 19.4, 1.3, "bg"),
    ("AT", 47.6, 14.1, 1.3, "lv"),
    ("DK", 56.0, 9.9, 0.9, "lv"),
    ("FI", 62.5, 25.7, 2.5, "lv"),
    ("SK", 48.7, 19.6, 1.0, "bg"),
    ("IE", 53.2, -8.0, 1.0, "it"),
    ("HR", 45.3, 16.0, 1.2, "gr"),
    ("LT", 55.3, 23.9, 1.0, "lv"),
    ("SI", 46.1, 14.8, 0.6, "gr"),
    ("EE", 58.7, 25.5, 0.9, "lv"),
    ("CY", 35.0, 33.2, 0.3, "gr"),
    ("LU", 49.7, 6.1, 0.2, "it"),
    ("MT", 35.9, 14.4, 0.1, "it"),
]
ENTRY_MODES = [  # share of a participant's entries per mode, close to the BIBLIO budget's shares
    (LearningMode.ONLINE, 0.40),
    (LearningMode.WORK_BASED, 0.40),
    (LearningMode.PROJECT, 0.10),
    (LearningMode.F2F, 0.05),
    (LearningMode.ASSESSMENT, 0.05),
]
BLENDED_NOTES = ["Studied the module materials.", "Webinar recording and exercises.", "Reading and quiz."]
WB_NOTES = [
    "Shelving and digitisation at the host library.",
    "Worked on the library website.",
    "Social-media plan.",
]
IDEA_STATUSES = [  # (status, weight)
    (ProjectIdea.Status.DRAFT, 10),
    (ProjectIdea.Status.SUBMITTED, 15),
    (ProjectIdea.Status.RETURNED, 5),
    (ProjectIdea.Status.APPROVED, 20),
    (ProjectIdea.Status.IN_PROGRESS, 35),
    (ProjectIdea.Status.COMPLETED, 15),
]


_CUMULATIVE: dict[int, tuple[list, list[float]]] = {}


def pick(rng: random.Random, weighted: list[tuple]) -> str:
    """One value of [(value, weight), ...], drawn by weight (the same draw as rng.choices with weights)."""
    found = _CUMULATIVE.get(id(weighted))
    if found is None:
        found = _CUMULATIVE[id(weighted)] = (
            [v for v, _ in weighted],
            list(itertools.accumulate(w for _, w in weighted)),
        )
    return rng.choices(found[0], cum_weights=found[1])[0]


def shares(total: int, n: int) -> list[int]:
    """Split `total` people over `n` countries, big to small (weight 1/√rank), summing exactly to total."""
    weights = [1 / math.sqrt(i + 1) for i in range(n)]
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(r) for r in raw]
    for i in sorted(range(n), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


class World:
    """Bulk writers for every table the generator fills, with explicit ids handed out here."""

    MODELS = [
        Organisation,
        Person,
        Cohort,
        Membership,
        Application,
        Enrolment,
        Session,
        Attendance,
        HourEntry,
        Exemption,
        Placement,
        MentorAssignment,
        ProjectIdea,
        ProjectActivity,
        Assessment,
        Credential,
        SelfAssessment,
        SelfRating,
        NumberSequence,
    ]

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today
        self.now = timezone.now()
        self.year = today.year if today.month >= 2 else today.year - 1
        self.password = make_password(PASSWORD)
        self.ids = {m: bulk.next_id(m) for m in self.MODELS}
        self.t = {
            Organisation: bulk.Table(
                Organisation, ["id", "key", "name", "kind", "country", "region", "city", "lat", "lon"]
            ),
            Person: bulk.Table(
                Person,
                [
                    "id",
                    "email",
                    "full_name",
                    "password",
                    "preferred_language",
                    "country",
                    "organisation_id",
                    "consent_public",
                    "is_staff",
                    "is_superuser",
                ],
            ),
            Cohort: bulk.Table(
                Cohort,
                [
                    "id",
                    "programme_id",
                    "code",
                    "name",
                    "country",
                    "language",
                    "timezone",
                    "start",
                    "end",
                    "wb_start",
                    "wb_end",
                    "places",
                    "call_open",
                ],
            ),
            Membership: bulk.Table(Membership, ["id", "person_id", "cohort_id", "role"]),
            Application: bulk.Table(
                Application,
                [
                    "id",
                    "person_id",
                    "cohort_id",
                    "programme_id",
                    "motivation",
                    "status",
                    "host_id",
                    "host_agreed",
                    "project_idea",
                    "decided_at",
                ],
            ),
            Enrolment: bulk.Table(
                Enrolment, ["id", "person_id", "cohort_id", "programme_id", "status", "completed_at"]
            ),
            Session: bulk.Table(
                Session, ["id", "cohort_id", "kind", "mode", "title", "start", "end", "place"]
            ),
            Attendance: bulk.Table(Attendance, ["id", "session_id", "enrolment_id", "minutes"]),
            HourEntry: bulk.Table(
                HourEntry,
                [
                    "id",
                    "enrolment_id",
                    "mode",
                    "module_id",
                    "date",
                    "minutes",
                    "note",
                    "status",
                    "reviewed_by_id",
                    "reviewed_at",
                ],
            ),
            Exemption: bulk.Table(
                Exemption,
                ["id", "enrolment_id", "module_id", "reason", "status", "recognised_minutes", "decided_at"],
            ),
            Placement: bulk.Table(
                Placement,
                [
                    "id",
                    "enrolment_id",
                    "host_id",
                    "mentor_id",
                    "start",
                    "end",
                    "signed_off_at",
                    "signed_off_by_id",
                ],
            ),
            MentorAssignment: bulk.Table(MentorAssignment, ["id", "placement_id", "mentor_id", "started_at"]),
            ProjectIdea: bulk.Table(
                ProjectIdea,
                [
                    "id",
                    "enrolment_id",
                    "title",
                    "category",
                    "goals",
                    "status",
                    "published",
                    "submitted_at",
                    "completed_at",
                ],
            ),
            ProjectActivity: bulk.Table(
                ProjectActivity, ["id", "idea_id", "title", "due", "status", "order"]
            ),
            Assessment: bulk.Table(
                Assessment, ["id", "enrolment_id", "module_id", "method", "result", "assessor_id", "date"]
            ),
            Credential: bulk.Table(
                Credential,
                [
                    "id",
                    "enrolment_id",
                    "public_id",
                    "status_index",
                    "number",
                    "issued_at",
                    "ecvet_points",
                    "language",
                ],
            ),
            SelfAssessment: bulk.Table(
                SelfAssessment, ["id", "person_id", "profile_id", "moment", "status", "submitted_at"]
            ),
            SelfRating: bulk.Table(SelfRating, ["id", "assessment_id", "competence_id", "level"]),
            NumberSequence: bulk.Table(NumberSequence, ["id", "name", "last"]),
        }
        self.programmes = {p.slug: p for p in Programme.objects.all()}
        self.modules: dict[int, list[tuple[int, str, bool]]] = {}  # programme -> [(module, mode, mandatory)]
        for link in ProgrammeModule.objects.select_related("module").order_by("programme_id", "order"):
            self.modules.setdefault(link.programme_id, []).append(
                (link.module_id, link.module.mode, link.mandatory)
            )
        self.budgets: dict[int, dict[str, int]] = {}
        for b in HourBudget.objects.all():
            self.budgets.setdefault(b.programme_id, {})[b.mode] = b.hours * 60
        self.requirements: dict[int, list[int]] = {}
        for profile_id, competence_id in ProfileRequirement.objects.values_list(
            "profile_id", "competence_id"
        ):
            self.requirements.setdefault(profile_id, []).append(competence_id)
        self.status_index = 0
        self.numbers: dict[int, int] = {}  # cohort -> certificates numbered
        self.cohort_dates: dict[int, tuple] = {}
        self.tracks: list[tuple[int, int]] = []  # (cohort, programme) rows of Cohort.tracks

    def id(self, model) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    def close(self) -> dict[str, int]:
        if self.status_index:
            self.t[NumberSequence].add(self.id(NumberSequence), STATUS_SEQUENCE, self.status_index)
        for cohort_id, n in self.numbers.items():
            self.t[NumberSequence].add(self.id(NumberSequence), f"certificate:{cohort_id}:{self.year}", n)
        counts = {m.__name__: self.t[m].close() for m in self.MODELS}
        through = Cohort.tracks.through
        bulk.insert(through._meta.db_table, ["cohort_id", "programme_id"], self.tracks)
        self.tracks = []
        bulk.reset_sequences(self.MODELS)
        return counts

    # --- the things a benchmark world is made of ---------------------------------------------------

    def library(self, country: str, lat: float, lon: float, spread: float, kind: str, n: int) -> int:
        pk = self.id(Organisation)
        r = self.rng
        city = f"{country}-Town {n}"
        self.t[Organisation].add(
            pk,
            f"bench-{country.lower()}-{kind[:3]}-{n}",
            f"{city} {'Regional' if kind.startswith('reg') else 'Public'} Library",
            kind,
            country,
            f"Region {n % 12 + 1}",
            city,
            Decimal(f"{lat + r.uniform(-spread, spread) * 0.6:.5f}"),
            Decimal(f"{lon + r.uniform(-spread, spread):.5f}"),
        )
        return pk

    def person(
        self,
        email: str,
        name: str,
        *,
        language: str = "en",
        country: str = "",
        organisation: int | None = None,
        admin: bool = False,
        consent: bool = False,
    ) -> int:
        pk = self.id(Person)
        self.t[Person].add(
            pk, email, name, self.password, language, country, organisation, consent, admin, admin
        )
        return pk

    def cohort(
        self,
        *,
        code: str,
        name: str,
        programme: Programme,
        country: str,
        language: str,
        start: dt.date,
        end: dt.date,
        wb: tuple[dt.date, dt.date] | None,
        places: int,
        tracks: list[Programme],
    ) -> int:
        pk = self.id(Cohort)
        self.t[Cohort].add(
            pk,
            programme.pk,
            code,
            name,
            country,
            language,
            "Europe/Riga",
            start,
            end,
            wb[0] if wb else None,
            wb[1] if wb else None,
            places,
            False,
        )
        self.cohort_dates[pk] = (start, end, wb, code)
        self.tracks.extend((pk, t.pk) for t in tracks)
        return pk

    def member(self, person: int, cohort: int, role: str) -> None:
        self.t[Membership].add(self.id(Membership), person, cohort, role)

    def sessions(self, cohort: int, n_f2f: int = 5, n_web: int = 6) -> list[tuple[int, str, int]]:
        start, _end, wb, _code = self.cohort_dates[cohort]
        last = (wb[0] if wb else _end) - dt.timedelta(days=7)
        made = []
        for i in range(n_f2f + n_web):
            f2f = i < n_f2f
            day = start + dt.timedelta(days=int((last - start).days * (i + 0.5) / (n_f2f + n_web)))
            begin = dt.datetime(day.year, day.month, day.day, 9 if f2f else 15, tzinfo=dt.UTC)
            minutes = 240 if f2f else 120
            pk = self.id(Session)
            self.t[Session].add(
                pk,
                cohort,
                "seminar" if f2f else "webinar",
                LearningMode.F2F if f2f else LearningMode.ONLINE,
                f"{'Seminar' if f2f else 'Webinar'} {i + 1}",
                begin,
                begin + dt.timedelta(minutes=minutes),
                "Central library" if f2f else "",
            )
            made.append((pk, "f2f" if f2f else "online", minutes))
        return made

    def participant(
        self,
        *,
        person: int,
        cohort: int,
        programme: Programme,
        status: str,
        entries: int,
        host: int | None,
        mentor: int | None,
        reviewer: int,
        sessions: list,
        eligible: bool = False,
        pending: int = 0,
    ) -> int:
        """One enrolment and everything hanging off it. `eligible`: meets every completion rule."""
        r, t = self.rng, self.t
        start, end, wb, code = self.cohort_dates[cohort]
        today = self.today
        enrolment = self.id(Enrolment)
        completed_at = None
        if status == Enrolment.Status.COMPLETED:
            completed_at = dt.datetime.combine(min(end, today), dt.time(12), tzinfo=dt.UTC)
        t[Enrolment].add(enrolment, person, cohort, programme.pk, status, completed_at)
        self.member(person, cohort, Role.PARTICIPANT)
        t[Application].add(
            self.id(Application),
            person,
            cohort,
            programme.pk,
            "I want to help my library go digital.",
            Application.Status.ACCEPTED,
            host,
            host is not None,
            "A social-media plan for the library.",
            dt.datetime.combine(start - dt.timedelta(days=20), dt.time(10), tzinfo=dt.UTC),
        )
        modules = self.modules.get(programme.pk, [])
        budgets = self.budgets.get(programme.pk, {})
        withdrawn = status == Enrolment.Status.WITHDRAWN
        done = status == Enrolment.Status.COMPLETED or eligible
        last_day = min(today, end) if not withdrawn else start + dt.timedelta(days=r.randint(20, 120))

        # Hour entries: blended ones before the work-based window, work-based ones inside it.
        mode_modules = {}
        for module_id, mode, _mandatory in modules:
            mode_modules.setdefault(mode, []).append(module_id)
        n = entries if not withdrawn else entries // 4
        if eligible:
            self._eligible_entries(enrolment, budgets, mode_modules, start, wb, reviewer, mentor)
            for _ in range(pending):
                t[HourEntry].add(
                    self.id(HourEntry),
                    enrolment,
                    LearningMode.ONLINE,
                    None,
                    today - dt.timedelta(days=2),
                    90,
                    "Studied the last module.",
                    HourEntry.Status.SUBMITTED,
                    None,
                    None,
                )
        elif budgets and n:
            blended_end = wb[0] if wb else end
            for _ in range(n):
                mode = pick(r, ENTRY_MODES)
                if mode == LearningMode.WORK_BASED and mentor is None:
                    mode = LearningMode.ONLINE  # no placement, no work-based hours
                if mode not in budgets:
                    mode = LearningMode.ONLINE
                if mode == LearningMode.WORK_BASED and wb:
                    lo, hi = wb
                else:
                    lo, hi = start, blended_end
                hi = min(hi, last_day)
                if hi <= lo:
                    hi = lo + dt.timedelta(days=1)
                day = lo + dt.timedelta(days=r.randrange((hi - lo).days))
                age = (today - day).days
                x = r.random()
                if done:
                    state = HourEntry.Status.APPROVED if x < 0.95 else HourEntry.Status.REJECTED
                elif age > 14:
                    state = (
                        HourEntry.Status.APPROVED
                        if x < 0.85
                        else HourEntry.Status.REJECTED
                        if x < 0.92
                        else HourEntry.Status.SUBMITTED
                    )
                else:
                    state = HourEntry.Status.SUBMITTED if x < 0.7 else HourEntry.Status.APPROVED
                reviewed = state != HourEntry.Status.SUBMITTED
                by = (mentor if mode == LearningMode.WORK_BASED else reviewer) if reviewed else None
                at = (
                    dt.datetime.combine(day + dt.timedelta(days=r.randint(1, 7)), dt.time(10), tzinfo=dt.UTC)
                    if reviewed
                    else None
                )
                module = r.choice(mode_modules[mode]) if mode in mode_modules and r.random() < 0.7 else None
                notes = WB_NOTES if mode == LearningMode.WORK_BASED else BLENDED_NOTES
                t[HourEntry].add(
                    self.id(HourEntry),
                    enrolment,
                    mode,
                    module,
                    day,
                    r.randint(2, 64) * 7 + r.randint(0, 6) + 1,
                    notes[r.randrange(3)],
                    state,
                    by,
                    at,
                )

        for session, _mode, minutes in sessions:
            if not withdrawn and (eligible or r.random() < 0.85):
                t[Attendance].add(self.id(Attendance), session, enrolment, minutes)

        if r.random() < 0.05 and not eligible:
            online = mode_modules.get(LearningMode.ONLINE)
            if online:
                approved = r.random() < 0.7
                t[Exemption].add(
                    self.id(Exemption),
                    enrolment,
                    online[0],
                    "Completed an equivalent university course.",
                    Exemption.Status.APPROVED if approved else Exemption.Status.REQUESTED,
                    1200 if approved else 0,
                    self.now if approved else None,
                )

        if host is not None and not withdrawn and wb:
            placement = self.id(Placement)
            signed = done or (today > wb[1] and r.random() < 0.5)
            t[Placement].add(
                placement,
                enrolment,
                host,
                mentor,
                wb[0],
                wb[1],
                dt.datetime.combine(wb[1], dt.time(16), tzinfo=dt.UTC) if signed else None,
                mentor if signed else None,
            )
            t[MentorAssignment].add(
                self.id(MentorAssignment),
                placement,
                mentor,
                dt.datetime.combine(wb[0], dt.time(9), tzinfo=dt.UTC),
            )

        if budgets.get(LearningMode.PROJECT) and (done or r.random() < 0.85):
            idea = self.id(ProjectIdea)
            idea_status = ProjectIdea.Status.COMPLETED if done else pick(r, IDEA_STATUSES)
            submitted = idea_status != ProjectIdea.Status.DRAFT
            t[ProjectIdea].add(
                idea,
                enrolment,
                f"Project {enrolment}: digital services",
                "social_media",
                "Reach more young readers.",
                idea_status,
                submitted and r.random() < 0.3,
                self.now - dt.timedelta(days=60) if submitted else None,
                self.now - dt.timedelta(days=5) if idea_status == ProjectIdea.Status.COMPLETED else None,
            )
            for i in range(3):
                t[ProjectActivity].add(
                    self.id(ProjectActivity),
                    idea,
                    f"Step {i + 1}",
                    start + dt.timedelta(days=150 + 30 * i),
                    ProjectActivity.Status.DONE if done else ProjectActivity.Status.PLANNED,
                    i,
                )

        for i, (module_id, _mode, mandatory) in enumerate(modules):
            if (done and mandatory) or (not withdrawn and r.random() < 0.3 and i < len(modules) // 2):
                t[Assessment].add(
                    self.id(Assessment),
                    enrolment,
                    module_id,
                    Assessment.Method.PORTFOLIO,
                    Assessment.Result.PASS,
                    reviewer,
                    min(end, today) - dt.timedelta(days=10),
                )

        profile = programme.profile_id
        if profile:
            moments = [("pre", start - dt.timedelta(days=5))] if r.random() < 0.9 or eligible else []
            if done:
                moments.append(("post", min(end, today) - dt.timedelta(days=3)))
            for moment, day in moments:
                sa = self.id(SelfAssessment)
                t[SelfAssessment].add(
                    sa,
                    person,
                    profile,
                    moment,
                    SelfAssessment.Status.SUBMITTED,
                    dt.datetime.combine(day, dt.time(11), tzinfo=dt.UTC),
                )
                base = 1 if moment == "pre" else 3
                for competence in self.requirements.get(profile, []):
                    t[SelfRating].add(self.id(SelfRating), sa, competence, base + r.randint(0, 2))

        if status == Enrolment.Status.COMPLETED and not eligible:
            self.numbers[cohort] = self.numbers.get(cohort, 0) + 1
            self.status_index += 1
            t[Credential].add(
                self.id(Credential),
                enrolment,
                uuid.UUID(int=r.getrandbits(128), version=4),
                self.status_index - 1,
                f"{number_prefix_for(code, self.year)}-{self.numbers[cohort]:04d}",
                completed_at,
                programme.ecvet_points,
                "en",
            )
        return enrolment

    def _eligible_entries(self, enrolment, budgets, mode_modules, start, wb, reviewer, mentor) -> None:
        """Approved entries that meet every budget exactly (attendance comes on top)."""
        for mode, minutes in budgets.items():
            day = wb[0] if mode == LearningMode.WORK_BASED and wb else start + dt.timedelta(days=10)
            left = minutes
            while left > 0:
                chunk = min(left, 600)
                by = mentor if mode == LearningMode.WORK_BASED else reviewer
                self.t[HourEntry].add(
                    self.id(HourEntry),
                    enrolment,
                    mode,
                    None,
                    day,
                    chunk,
                    "Study.",
                    HourEntry.Status.APPROVED,
                    by,
                    dt.datetime.combine(day, dt.time(18), tzinfo=dt.UTC),
                )
                left -= chunk
                day += dt.timedelta(days=1)


def number_prefix_for(code: str, year: int) -> str:
    class _C:  # number_prefix reads only .code
        pass

    c = _C()
    c.code = code
    return number_prefix(c, year)


__all__ = ["COUNTRIES", "SPECS", "ApiToken", "AuditEvent", "Spec", "World", "shares"]
