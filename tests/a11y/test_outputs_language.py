"""What leaves the site in its reader's language: the acceptance e-mail (locmem backend) and the certificate
PDF (text read with pypdf), for a Latvian and a Greek reader. The expected words are the committed
catalogues' own: each must be translated (differ from the English source) and appear in the output."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from biblio.accounts.models import Role
from biblio.learning.services import applications as svc
from biblio.recognition.issuing import credential_issue
from tests.factories import ApplicationFactory, CohortFactory, PersonFactory, ProgrammeFactory, staff
from tests.recognition.factories import coordinator_of, eligible_enrolment, with_key

pytestmark = pytest.mark.django_db

READERS = [("lv", "Līga Bērziņa"), ("el", "Ελένη Παπαδοπούλου")]
CERTIFICATE_WORDS = ["Certificate number", "Date of issue", "Issued by", "Role profile"]


def translated(language: str, source: str) -> str:
    with translation.override(language):
        text = gettext(source)
    assert text != source, f"{source!r} is not translated into {language}"
    return text


@pytest.mark.parametrize(("language", "name"), READERS)
def test_the_acceptance_email_is_in_the_applicants_language(
    language, name, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(tracks=[ProgrammeFactory()])
    person = PersonFactory(full_name=name, preferred_language=language)
    application = ApplicationFactory(cohort=cohort, person=person)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        svc.application_accept(actor=staff(cohort, Role.COORDINATOR), application=application)
    [mail] = mailoutbox
    assert mail.to == [person.email]
    assert mail.subject == translated(language, "You have a place in %(cohort)s") % {"cohort": cohort.name}
    assert translated(language, "Dear %(name)s,") % {"name": name} in mail.body
    assert "Congratulations" not in mail.body


@pytest.mark.parametrize(("language", "name"), READERS)
def test_the_certificate_is_in_the_participants_language(language, name):
    with_key()
    enrolment = eligible_enrolment(full_name=name, preferred_language=language)
    with translation.override("en"):  # the coordinator's own language does not matter
        credential = credential_issue(actor=coordinator_of(enrolment.cohort), enrolment=enrolment)
    assert credential.language == language
    credential.pdf.open("rb")
    try:
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(credential.pdf.read())).pages]
    finally:
        credential.pdf.close()
    text = " ".join(" ".join(pages).split())
    assert name in text
    for source in CERTIFICATE_WORDS:
        assert translated(language, source) in text, source
        assert source not in text
