"""Uploads are judged by their content, not their name or declared type; size limits hold; stored files
come back only as sandboxed attachments."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from biblio.core.errors import DomainError
from biblio.learning import files as learning_files
from biblio.workplace import uploads as workplace_uploads
from tests.factories import HourEntryFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HOSTILE = {
    "html named .pdf": ("evidence.pdf", b"<!doctype html><script>alert(document.cookie)</script>"),
    "svg with script named .png": (
        "photo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
    "windows program named .pdf": ("scan.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
    "shell script named .jpg": ("photo.jpg", b"#!/bin/sh\nrm -rf /\n"),
    "zip named .docx": ("report.docx", b"PK\x03\x04" + b"\x00" * 64),
    "empty file": ("empty.pdf", b""),
}


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)  # the declared type is a lie too


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_learning_refuses_hostile_files(case):
    name, content = HOSTILE[case]
    with pytest.raises(DomainError):
        learning_files.check_upload(
            upload(name, content), kinds=learning_files.EVIDENCE_KINDS, field="evidence"
        )


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_workplace_refuses_hostile_files(case, settings):
    name, content = HOSTILE[case]
    with pytest.raises(DomainError):
        workplace_uploads.check_upload(upload(name, content))


def test_a_real_pdf_under_another_name_is_stored_under_its_true_extension():
    kind = learning_files.check_upload(
        upload("scan.jpg", PDF, "image/jpeg"), kinds=learning_files.EVIDENCE_KINDS, field="evidence"
    )
    assert kind is learning_files.PDF
    assert learning_files.safe_name(upload("../../etc/scan.jpg", PDF), kind) == "scan.pdf"


def test_size_limits(settings):
    settings.BIBLIO_MAX_UPLOAD_BYTES = 1000
    big = PDF + b"0" * 1000
    with pytest.raises(DomainError, match="too big"):
        learning_files.check_upload(
            upload("a.pdf", big), kinds=learning_files.EVIDENCE_KINDS, field="evidence"
        )
    with pytest.raises(DomainError, match="larger than"):
        workplace_uploads.check_upload(upload("a.pdf", big))


def test_a_zip_bomb_is_not_an_office_document(settings):
    settings.BIBLIO_MAX_UPLOAD_BYTES = 64 * 1024  # the same 60x bomb, without compressing 600 MB
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * (60 * settings.BIBLIO_MAX_UPLOAD_BYTES))
    with pytest.raises(DomainError):
        workplace_uploads.check_upload(upload("bomb.docx", buffer.getvalue()))


@pytest.mark.django_db
def test_stored_evidence_comes_back_as_a_sandboxed_attachment(login):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("evidence/2026/01/scan.pdf", ContentFile(PDF))
    entry = HourEntryFactory(evidence=name)
    response = login(entry.enrolment.person).get(reverse("learning:entry_evidence", args=[entry.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF
