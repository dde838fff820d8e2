"""The content check of project attachments: the bytes decide, not the name or the browser."""

from __future__ import annotations

import pytest

from biblio.core.errors import DomainError
from biblio.workplace.uploads import (
    FILE_EMPTY,
    FILE_KIND,
    FILE_MISMATCH,
    FILE_TOO_LARGE,
    check_upload,
    clean_name,
)
from tests.workplace.factories import PDF, PNG, odt, office, upload


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
        (
            "plan.docx",
            office("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("budget.xlsx", office("xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            "slides.pptx",
            office("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("plan.odt", odt(), "application/vnd.oasis.opendocument.text"),
        ("notes.txt", "Ziņojums par projektu".encode(), "text/plain"),
        ("data.csv", b"a,b\n1,2\n", "text/csv"),
    ],
)
def test_accepted_kinds(name, content, content_type):
    checked = check_upload(upload(name, content))
    assert (checked.content_type, checked.size) == (content_type, len(content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"", FILE_EMPTY),
        ("virus.exe", b"MZ\x90\x00", FILE_KIND),
        ("page.html", b"<script>alert(1)</script>", FILE_KIND),
        ("noextension", PDF, FILE_KIND),
        ("fake.pdf", b"<html></html>", FILE_MISMATCH),
        ("fake.png", PDF, FILE_MISMATCH),
        ("macro.docx", office("docx", macros=True), FILE_MISMATCH),
        ("wrongbox.xlsx", office("docx"), FILE_MISMATCH),
        ("broken.docx", b"PK\x03\x04 broken", FILE_MISMATCH),
        ("binary.txt", b"abc\x00def", FILE_MISMATCH),
        ("latin1.csv", "café".encode("latin-1"), FILE_MISMATCH),
    ],
)
def test_refused_kinds(name, content, message):
    with pytest.raises(DomainError) as caught:
        check_upload(upload(name, content))
    ext = name.rpartition(".")[2].lower()
    assert caught.value.fields == {
        "file": [str(message % {"ext": ext}) if "%(ext)s" in str(message) else str(message)]
    }


def test_size_limit(settings):
    settings.BIBLIO_MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(DomainError) as caught:
        check_upload(upload("big.pdf", PDF + b"0" * (1024 * 1024)))
    assert caught.value.fields == {"file": [str(FILE_TOO_LARGE % {"limit": 1})]}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\Plan.docx", "Plan.docx"),
        ("bad\x00name\r\n.pdf", "badname.pdf"),
        ("...", "file"),
        ("a" * 300 + ".pdf", "a" * 187 + ".pdf"),
    ],
)
def test_names_are_cleaned(raw, clean):
    assert clean_name(raw) == clean
