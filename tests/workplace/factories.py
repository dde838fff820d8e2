"""Factories for the workplace app's own models, and a small builder for a participant mid-placement."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from biblio.accounts.models import Person
from biblio.learning.models import Enrolment, HourEntry
from biblio.programmes.models import LearningMode
from biblio.workplace.models import MentorAssignment, Placement, ProjectActivity, ProjectIdea
from tests.factories import (
    EnrolmentFactory,
    HourEntryFactory,
    PlacementFactory,
    ProjectActivityFactory,
    ProjectIdeaFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def today() -> dt.date:
    return timezone.localdate()


class WorkEntryFactory(HourEntryFactory):
    """A work-based entry three days ago (inside the factory cohort's work-based window)."""

    mode = LearningMode.WORK_BASED
    note = "Interviewed readers for the project."


class MentorAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = MentorAssignment

    placement = factory.SubFactory(PlacementFactory)
    mentor = factory.LazyAttribute(lambda o: o.placement.mentor)


@dataclass
class Mentee:
    enrolment: Enrolment
    placement: Placement
    idea: ProjectIdea
    activity: ProjectActivity

    @property
    def participant(self) -> Person:
        return self.enrolment.person

    @property
    def mentor(self) -> Person:
        return self.placement.mentor

    @property
    def cohort(self):
        return self.enrolment.cohort

    def entry(self, **kwargs) -> HourEntry:
        return WorkEntryFactory(enrolment=self.enrolment, activity=self.activity, **kwargs)


def mentee(*, cohort=None, mentor=None, status=ProjectIdea.Status.IN_PROGRESS, **placement) -> Mentee:
    """A participant with a placement (mentor, window), an in-progress project and one activity."""
    enrolment = EnrolmentFactory(**({"cohort": cohort} if cohort else {}))
    extra = {"mentor": mentor} if mentor else {}
    placement_obj = PlacementFactory(enrolment=enrolment, **extra, **placement)
    idea = ProjectIdeaFactory(enrolment=enrolment, status=status)
    activity = ProjectActivityFactory(idea=idea, due=today() + dt.timedelta(days=10))
    return Mentee(enrolment, placement_obj, idea, activity)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def office(kind: str = "docx", *, macros: bool = False) -> bytes:
    folder = {"docx": "word", "xlsx": "xl", "pptx": "ppt"}[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
        if macros:
            archive.writestr(f"{folder}/vbaProject.bin", b"\x00\x01")
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()
