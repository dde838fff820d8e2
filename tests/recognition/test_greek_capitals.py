"""Greek capitals drop the accents: the certificate's upper-cased headings read "ΠΙΣΤΟΠΟΙΗΤΙΚΟ", not
"ΠΙΣΤΟΠΟΙΗΤΙΚΌ" (text read back from the PDF with pypdf). Other languages keep their diacritics."""

from __future__ import annotations

import io
import unicodedata

import pytest
import typst
from django.utils import translation
from pypdf import PdfReader

from biblio.recognition.issuing import credential_issue
from biblio.recognition.render import TEMPLATES
from tests.recognition.factories import coordinator_of, eligible_enrolment, with_key

pytestmark = pytest.mark.django_db

TONOS = {"\u0301", "\u0342"}  # acute (tonos) and perispomeni, as NFD splits them off


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def accented_capitals(text: str) -> list[str]:
    """Words in Greek capitals that still carry an accent."""
    return [
        word
        for word in text.split()
        if (letters := [c for c in word if c.isalpha()])
        and all(c.isupper() for c in letters)
        and any("GREEK" in unicodedata.name(c, "") for c in letters)
        and TONOS & set(unicodedata.normalize("NFD", word))
    ]


def test_a_greek_certificate_has_capitals_without_tonos():
    with_key()
    enrolment = eligible_enrolment(full_name="Ελένη Παπαδοπούλου", preferred_language="el")
    with translation.override("en"):
        credential = credential_issue(actor=coordinator_of(enrolment.cohort), enrolment=enrolment)
    credential.pdf.open("rb")
    try:
        text = pdf_text(credential.pdf.read())
    finally:
        credential.pdf.close()
    assert "ΠΙΣΤΟΠΟΙΗΤΙΚΟ" in text  # "Πιστοποιητικό" in capitals
    assert "ΠΙΣΤΟΠΟΙΗΤΙΚΌ" not in text
    assert "Ελένη Παπαδοπούλου" in text  # names are not upper-cased: they keep their accents
    assert accented_capitals(text) == []


@pytest.mark.parametrize(
    ("lang", "source", "capitals"),
    [
        ("el", "Ευρωπαϊκό τσάι, Άρτα", "ΕΥΡΩΠΑΪΚΟ ΤΣΑΪ, ΑΡΤΑ"),  # diaeresis kept; ά before ι gains one
        ("el", "Παίζω ρόλο", "ΠΑΙΖΩ ΡΟΛΟ"),  # accent on the ι of αι: no diaeresis
        ("lv", "Sertifikāts", "SERTIFIKĀTS"),  # other languages keep their diacritics
        ("it", "Attestato di qualità", "ATTESTATO DI QUALITÀ"),
    ],
)
def test_capitals_by_language(lang, source, capitals, tmp_path):
    """The template's own `caps` function, compiled on its own."""
    text = (TEMPLATES / "certificate.typ").read_text(encoding="utf-8")
    caps = text[text.index("#let caps(s)") : text.index("#set page(")]
    probe = tmp_path / "probe.typ"
    probe.write_text(f'#let d = (lang: "{lang}")\n{caps}#caps("{source}")\n', encoding="utf-8")
    assert pdf_text(typst.compile(str(probe), root=str(tmp_path))) == capitals
