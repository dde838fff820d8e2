"""Factories and small builders for the learning app's own models and uploads."""

from __future__ import annotations

import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from biblio.accounts.models import Person
from biblio.learning.models import Material
from tests.factories import CohortFactory, ModuleFactory, ProgrammeModuleFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def upload(name: str = "certificate.pdf", content: bytes = PDF, content_type: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type or "application/octet-stream")


def people(prefix: str, n: int) -> list[str]:
    """n people's e-mail addresses (`<prefix><i>@example.org`), the people made in one statement."""
    emails = [f"{prefix}{i}@example.org" for i in range(n)]
    Person.objects.bulk_create([Person(email=e, full_name=e) for e in emails])
    return emails


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def offered_module(cohort, **kwargs):
    """A module on the cohort's lead programme (its track)."""
    module = ModuleFactory(**kwargs)
    ProgrammeModuleFactory(programme=cohort.programme, module=module)
    return module


class MaterialFactory(DjangoModelFactory):
    class Meta:
        model = Material

    cohort = factory.SubFactory(CohortFactory)
    module = factory.SubFactory(ModuleFactory)
    title = factory.Sequence(lambda n: f"Reading {n}")
    kind = Material.Kind.LINK
    url = factory.Sequence(lambda n: f"https://example.org/reading/{n}")
    minutes = 45
    order = factory.Sequence(lambda n: n)
