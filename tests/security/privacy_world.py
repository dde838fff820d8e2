"""One participant with a record in every app, each piece of free text marked so a test can find it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from biblio.accounts.audit import audit
from biblio.accounts.models import ApiToken, Person, TotpDevice
from biblio.accounts.totp import new_secret
from biblio.competences.models import SelfAssessment, SelfRating
from biblio.learning.models import Application, HourEntry
from biblio.reports.models import Feedback
from biblio.workplace.models import FinalEvaluation, ProjectAttachment, ProjectComment
from tests.factories import (
    ApplicationFactory,
    AssessmentFactory,
    AttendanceFactory,
    CompetenceFactory,
    CredentialFactory,
    EnrolmentFactory,
    ExemptionFactory,
    HourEntryFactory,
    PlacementFactory,
    ProjectActivityFactory,
    ProjectIdeaFactory,
    RoleProfileFactory,
    SessionFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NAME = "Anna Bērziņa-Secret"
EMAIL = "anna.secret@example.org"


def signed(tag: str) -> dict:
    return {
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "credentialSubject": {"name": f"{NAME}-{tag}"},
    }


@dataclass
class World:
    person: Person
    enrolment: object
    mentor: Person
    files: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)


def _file(name: str) -> str:
    return default_storage.save(name, ContentFile(PDF))


def build(tag: str = "SECRET") -> World:
    e = EnrolmentFactory(person__full_name=f"{NAME}-{tag}", person__email=f"{tag.lower()}.{EMAIL}")
    person, cohort = e.person, e.cohort
    markers = [f"{NAME}-{tag}", f"{tag.lower()}.{EMAIL}"]

    def mark(what: str) -> str:
        markers.append(f"{what}-{tag}")
        return f"{what}-{tag}"

    ApplicationFactory(
        person=person,
        cohort=cohort,
        motivation=mark("MOTIVATION"),
        project_idea=mark("FIRSTIDEA"),
        proposed_host=mark("HOST"),
        decision_reason=mark("DECISION"),
        status=Application.Status.ACCEPTED,
    )
    evidence = _file("evidence/2026/01/proof.pdf")
    entry = HourEntryFactory(
        enrolment=e,
        note=mark("NOTE"),
        evidence=evidence,
        minutes=150,
        status=HourEntry.Status.APPROVED,
        review_comment=mark("REVIEW"),
    )
    exemption_file = _file("exemptions/2026/diploma.pdf")
    ExemptionFactory(
        enrolment=e, reason=mark("PRIOR"), evidence=exemption_file, decision_note=mark("DECNOTE")
    )
    AttendanceFactory(enrolment=e, session=SessionFactory(cohort=cohort))
    placement = PlacementFactory(enrolment=e)
    idea = ProjectIdeaFactory(
        enrolment=e, title=mark("IDEA"), goals=mark("GOALS"), description=mark("DESC"), published=True
    )
    ProjectActivityFactory(idea=idea, title=mark("ACTIVITY"), owner=mark("OWNER"))
    ProjectComment.objects.create(idea=idea, author=placement.mentor, text=mark("COMMENT"))
    attachment = _file(f"projects/{idea.pk}/report.pdf")
    ProjectAttachment.objects.create(
        idea=idea,
        file=attachment,
        name=mark("ATTACHNAME") + ".pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    FinalEvaluation.objects.create(
        placement=placement, narrative=mark("NARRATIVE"), author=placement.mentor, submitted_at=timezone.now()
    )
    AssessmentFactory(enrolment=e, comment=mark("ASSESSCOMMENT"))
    pdf = _file("credentials/cert.pdf")
    CredentialFactory(enrolment=e, signed_json=signed(tag), pdf=pdf)
    profile = RoleProfileFactory()
    assessment = SelfAssessment.objects.create(person=person, profile=profile, moment="pre")
    SelfRating.objects.create(assessment=assessment, competence=CompetenceFactory(), level=3)
    Feedback.objects.create(
        enrolment=e,
        overall=5,
        content=4,
        trainers=4,
        mentoring=5,
        organisation=3,
        project_in_practice="yes",
        comments=mark("FEEDBACK"),
        submitted_at=timezone.now(),
    )
    ApiToken.objects.create(person=person, name="Moodle", key_hash=ApiToken.hash_key(tag), key_prefix="bib_x")
    TotpDevice.objects.create(person=person, secret=new_secret())
    audit(
        actor=placement.mentor,
        verb="hour_entry.approve",
        obj=entry,
        cohort_id=cohort.pk,
        changes={"note": ["", f"NOTE-{tag}"]},
    )
    audit(
        actor=person, verb="person.update_profile", obj=person, changes={"full_name": ["x", f"{NAME}-{tag}"]}
    )
    return World(
        person=person,
        enrolment=e,
        mentor=placement.mentor,
        files=[evidence, exemption_file, attachment, pdf],
        markers=markers,
    )
