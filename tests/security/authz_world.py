"""The world the authorization matrix runs in: the BIBLIO demo, one participant's records in every app,
and, for each object's cohort, fresh people holding each role there and in another cohort.

Actors are named relative to the object a URL is about:
  participant  the person the object belongs to        participant_peer   another participant, same cohort
  participant_other  a participant of another cohort   mentor             the owner's mentor
  mentor_peer  a mentor in the cohort, not the owner's  mentor_other       a mentor of another cohort
  trainer / moderator / coordinator  of the cohort      trainer_other / coordinator_other  of another cohort
  admin        a platform administrator                 anonymous
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from biblio.accounts.models import ApiToken, Membership, Person, Role
from biblio.competences.models import CompetenceFramework, RoleProfile, SelfAssessment
from biblio.core.models import Job
from biblio.learning.models import Application, Enrolment, Exemption, Material, Session
from biblio.programmes.models import Cohort, LearningMode, Module
from biblio.recognition.models import Assessment, Credential
from biblio.workplace.models import ProjectActivity, ProjectAttachment
from tests.factories import EnrolmentFactory, ExemptionFactory, HourEntryFactory, PersonFactory

ACTORS = [
    "anonymous",
    "participant",
    "participant_peer",
    "participant_other",
    "mentor",
    "mentor_peer",
    "mentor_other",
    "trainer",
    "trainer_other",
    "moderator",
    "coordinator",
    "coordinator_other",
    "admin",
]
LEAK_MARKER = "Zelma Noplace-Authz"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Subject:
    """What a URL is about: its cohort, the person it belongs to and that person's mentor."""

    cohort: Cohort
    owner: Person | None = None
    mentor: Person | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    cohort: Cohort
    other: Cohort
    enrolment: Enrolment
    objects: dict[str, Any]
    admin: Person
    _pools: dict[int, dict[str, Person]] = field(default_factory=dict)

    def may_see_owner(self, person: Person | None) -> bool:
        """May `person` see the matrix's participant's records (their name, on any page)?"""
        from biblio.accounts.permissions import Action, allows, allows_on_enrolment, forget_roles

        if person is None:
            return False
        forget_roles(person)
        owner = self.enrolment.person
        enrolments = Enrolment.objects.filter(person=owner).select_related("placement")
        applications = Application.objects.filter(person=owner).values_list("cohort_id", flat=True)
        return any(allows_on_enrolment(person, Action.VIEW_ENROLMENT, e) for e in enrolments) or any(
            allows(person, Action.REVIEW_PROJECT, cohort_id=c) for c in applications
        )

    def people(self, subject: Subject) -> dict[str, Person | None]:
        """The actors for `subject` (made once per cohort)."""
        pool = self._pools.get(subject.cohort.pk)
        if pool is None:
            pool = self._pools[subject.cohort.pk] = _pool(subject.cohort, self.other)
        owner = subject.owner or pool["participant_member"]
        return {
            "anonymous": None,
            "participant": owner,
            "participant_peer": pool["participant_peer"],
            "participant_other": pool["participant_other"],
            "mentor": subject.mentor or pool["mentor_peer"],
            "mentor_peer": pool["mentor_peer"],
            "mentor_other": pool["mentor_other"],
            "trainer": pool["trainer"],
            "trainer_other": pool["trainer_other"],
            "moderator": pool["moderator"],
            "coordinator": pool["coordinator"],
            "coordinator_other": pool["coordinator_other"],
            "admin": self.admin,
        }


def _member(cohort: Cohort, role: str, label: str) -> Person:
    person = PersonFactory(full_name=f"{label} of {cohort.code}")
    Membership.objects.create(person=person, cohort=cohort, role=role)
    return person


def _pool(cohort: Cohort, other: Cohort) -> dict[str, Person]:
    return {
        "participant_member": EnrolmentFactory(cohort=cohort).person,
        "participant_peer": EnrolmentFactory(cohort=cohort).person,
        "participant_other": EnrolmentFactory(cohort=other).person,
        "mentor_peer": _member(cohort, Role.MENTOR, "Mentor"),
        "mentor_other": _member(other, Role.MENTOR, "Mentor"),
        "trainer": _member(cohort, Role.TRAINER, "Trainer"),
        "trainer_other": _member(other, Role.TRAINER, "Trainer"),
        "moderator": _member(cohort, Role.MODERATOR, "Moderator"),
        "coordinator": _member(cohort, Role.COORDINATOR, "Coordinator"),
        "coordinator_other": _member(other, Role.COORDINATOR, "Coordinator"),
    }


def _file(name: str) -> str:
    return default_storage.save(name, ContentFile(PDF))


def build() -> World:
    """Load the demo, pick a Latvian participant with a placement and a project, add what is missing."""
    from tests.demo_snapshot import load_demo

    ctx = load_demo()
    analyze()
    cohort, other = ctx.cohorts["lv"], ctx.cohorts["bg"]
    enrolment = (
        Enrolment.objects.filter(cohort=cohort, placement__mentor__isnull=False, project_idea__isnull=False)
        .select_related("person", "placement", "project_idea")
        .order_by("pk")
        .first()
    )
    person, placement, idea = enrolment.person, enrolment.placement, enrolment.project_idea
    # A name found nowhere else, so a page that shows it to someone who may not see it is caught.
    Person.objects.filter(pk=person.pk).update(full_name=LEAK_MARKER, consent_public=False)
    person.full_name = LEAK_MARKER
    module = (
        Module.objects.filter(programme_modules__programme=enrolment.programme).order_by("code").first()
        or Module.objects.first()
    )
    today = timezone.localdate()
    entry = HourEntryFactory(
        enrolment=enrolment, mode=LearningMode.ONLINE, module=module, evidence=_file("evidence/a.pdf")
    )
    work_day = cohort.wb_start or (today - dt.timedelta(days=3))
    work_entry = HourEntryFactory(
        enrolment=enrolment, mode=LearningMode.WORK_BASED, module=None, date=work_day
    )
    exemption = Exemption.objects.filter(enrolment=enrolment).first() or ExemptionFactory(
        enrolment=enrolment, module=module, evidence=_file("exemptions/a.pdf")
    )
    if not exemption.evidence:
        Exemption.objects.filter(pk=exemption.pk).update(evidence=_file("exemptions/b.pdf"))
    activity = ProjectActivity.objects.filter(idea=idea).first() or ProjectActivity.objects.create(
        idea=idea, title="Plan", due=today
    )
    attachment = ProjectAttachment.objects.create(
        idea=idea,
        file=_file(f"projects/{idea.pk}/r.pdf"),
        name="r.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    application = Application.objects.filter(
        person=person, cohort=cohort
    ).first() or Application.objects.create(
        person=person, cohort=cohort, programme=enrolment.programme, motivation="x"
    )
    session = Session.objects.filter(cohort=cohort).order_by("pk").first()
    material = Material.objects.filter(
        cohort=cohort, kind=Material.Kind.FILE
    ).first() or Material.objects.create(
        cohort=cohort,
        module=module,
        title="Slides",
        kind=Material.Kind.FILE,
        file=_file("materials/s.pdf"),
        minutes=30,
    )
    profile = (
        RoleProfile.objects.filter(programmes=enrolment.programme).first() or RoleProfile.objects.first()
    )
    self_assessment = SelfAssessment.objects.filter(person=person).first() or SelfAssessment.objects.create(
        person=person, profile=profile, moment="pre"
    )
    assessment = Assessment.objects.filter(enrolment=enrolment).first() or Assessment.objects.create(
        enrolment=enrolment, module=module, method="portfolio", result="pass", date=today
    )
    credential = (
        Credential.objects.select_related("enrolment__person", "enrolment__cohort").order_by("pk").first()
    )
    framework = CompetenceFramework.objects.order_by("pk").first()
    admin = PersonFactory(is_staff=True, full_name="Administrator")
    coordinator = Person.objects.filter(
        memberships__cohort=cohort, memberships__role=Role.COORDINATOR
    ).first()
    job = Job.objects.create(
        kind="recognition.issue_cohort", title="Issue", cohort=cohort, created_by=coordinator
    )
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        person=person, name="t", key_hash=ApiToken.hash_key(secret), key_prefix=secret[:10]
    )
    Person.objects.filter(pk=person.pk).update(calendar_token="calendar-secret-token")
    objects = {
        "enrolment": enrolment,
        "person": person,
        "mentor": placement.mentor,
        "placement": placement,
        "idea": idea,
        "entry": entry,
        "work_entry": work_entry,
        "exemption": exemption,
        "activity": activity,
        "attachment": attachment,
        "application": application,
        "session": session,
        "material": material,
        "module": module,
        "self_assessment": self_assessment,
        "assessment": assessment,
        "credential": credential,
        "framework": framework,
        "profile": profile,
        "programme": enrolment.programme,
        "job": job,
        "token": token,
        "uid": urlsafe_base64_encode(force_bytes(person.pk)),
        "reset_token": default_token_generator.make_token(person),
        "week": (work_day - dt.timedelta(days=work_day.weekday())).isoformat(),
        "multikey": _multikey(),
        "mooc": ctx.cohorts["mooc"],
        "mooc_job": Job.objects.create(
            kind="learning.mooc_import", title="Import", cohort=ctx.cohorts["mooc"], status="done"
        ),
    }
    return World(cohort=cohort, other=other, enrolment=enrolment, objects=objects, admin=admin)


def analyze() -> None:
    """On PostgreSQL, refresh the planner's statistics: the demo was just written inside the test's
    transaction, where autovacuum cannot see it, and plans made for empty tables can take minutes."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _multikey() -> str:
    from biblio.recognition import keys

    return keys.ensure().multikey
