"""The certificate and the transcript as PDF: names in every script, the dashboard's hours, the QR link."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from pypdf import PdfReader

from biblio.core.templatetags.biblio import hours
from biblio.learning.models import Enrolment
from biblio.learning.progress import progress_for
from biblio.recognition.issuing import credential_issue

from .factories import coordinator_of, eligible_enrolment

pytestmark = pytest.mark.django_db


def text_of(field) -> list[str]:
    field.open("rb")
    try:
        return [page.extract_text() for page in PdfReader(io.BytesIO(field.read())).pages]
    finally:
        field.close()


def issue(**person):
    enrolment = eligible_enrolment(**person)
    return credential_issue(actor=coordinator_of(enrolment.cohort), enrolment=enrolment)


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Līga Bērziņa", "lv"),
        ("Мария Иванова", "bg"),
        ("Ελένη Παπαδοπούλου", "el"),
        ("Niccolò Ricci", "it"),
        ("Åsa Öberg-Lindström", "sv"),
        ("Siobhán O’Brien", "en"),
    ],
)
def test_the_name_survives_in_every_language(key, name, language):
    credential = issue(full_name=name, preferred_language=language)
    assert credential.language == language
    certificate, supplement = text_of(credential.pdf)
    assert name in certificate and name in supplement
    assert credential.number in certificate
    [transcript] = text_of(credential.transcript_pdf)
    assert name in transcript


def _mode_rows(page: str) -> dict[str, tuple[str, str]]:
    """Rows of the supplement's hours table: label → (completed, required)."""
    rows = {}
    for line in page.splitlines():
        found = re.match(r"^(.+?) ([\d.,]+) ([\d.,]+)$", line.strip())
        if found:
            rows[found.group(1)] = (found.group(2), found.group(3))
    return rows


def test_hours_per_mode_are_the_dashboards(key):
    credential = issue(full_name="Līga Bērziņa")
    enrolment = Enrolment.objects.select_related("cohort").get(pk=credential.enrolment_id)
    progress = progress_for([enrolment])[enrolment.pk]
    _certificate, supplement = text_of(credential.pdf)
    rows = _mode_rows(supplement)
    for mode in progress.modes:
        assert rows[str(mode.label)] == (hours(mode.credited_minutes), hours(mode.budget_minutes))
    assert rows["Total"] == ("405", "405")


def test_the_certificate_states_the_programme_modules_and_placement(key):
    credential = issue(full_name="Līga Bērziņa")
    programme = credential.enrolment.programme
    certificate, supplement = text_of(credential.pdf)
    assert programme.title in certificate
    assert f"{programme.profile.code} — Community Engagement and Communication Officer" in certificate
    assert "EQF LEVEL" in certificate and "ECVET POINTS" in certificate
    assert f"/recognition/verify/{credential.public_id}/" in certificate
    assert (
        "Digital communication" in supplement and "Knows the basics of digital communication." in supplement
    )
    assert "Anna Mentore" in supplement and "Library podcast" in supplement
    assert "Emerging technologies" not in supplement  # an elective not taken


def test_the_transcript_lists_units_with_points_summing_to_the_programme(key):
    credential = issue(full_name="Līga Bērziņa")
    [transcript] = text_of(credential.transcript_pdf)
    assert "ECVET transcript of records" in transcript
    assert "Portfolio, passed, score 88, " in transcript
    assert "Knowledge: Knows the basics of digital communication." in transcript
    codes = re.findall(r"^(M\d+) ", transcript, re.MULTILINE)
    figures = re.findall(r"^(\d+) (\d+(?:\.\d)?)$", transcript, re.MULTILINE)  # hours, points per unit
    mandatory = credential.enrolment.programme.programme_modules.filter(mandatory=True).order_by("order")
    assert list(zip(codes, [h for h, _p in figures], strict=True)) == [
        (link.module.code, str(link.module.hours)) for link in mandatory
    ]
    assert sum(Decimal(points) for _h, points in figures) == credential.ecvet_points
    assert "Total 205 17" in transcript


def test_the_qr_code_encodes_the_public_verify_url(key, monkeypatch):
    from biblio.recognition import issuer, workers

    encoded = []
    real = workers.qr_svg
    monkeypatch.setattr(workers, "qr_svg", lambda url: encoded.append(url) or real(url))
    credential = issue()
    assert encoded == [issuer.verify_url(credential)]
    assert encoded[0] == f"{settings.SITE_URL}/recognition/verify/{credential.public_id}/"
    svg = real(encoded[0])
    assert svg.startswith("<svg") and svg.count("h1") > 50  # the modules of a version-4 code


def test_each_pdf_names_its_own_title_author_and_number_on_every_page(key):
    """Several documents from one warm compiler (it keeps what it laid out between them): each still
    has its own title and author in its metadata, and its own number in every page's footer."""
    first, second = issue(), issue()
    for credential in (first, second):
        for field, title in (
            (credential.pdf, f"Certificate {credential.number}"),
            (credential.transcript_pdf, f"ECVET transcript of records {credential.number}"),
        ):
            field.open("rb")
            try:
                reader = PdfReader(io.BytesIO(field.read()))
            finally:
                field.close()
            assert (reader.metadata.title, reader.metadata.author) == (title, "Biblio")
            pages = [page.extract_text() for page in reader.pages]
            assert all(f"Certificate number {credential.number}" in page for page in pages)
            assert all(f"{n} / {len(pages)}" in page for n, page in enumerate(pages, 1))
    assert first.number != second.number
