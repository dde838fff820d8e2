"""E-mails name the cohort and the track in the reader's language (the content's translation slot)."""

from __future__ import annotations

import pytest

from biblio.core.mail import personal_message
from tests.factories import ApplicationFactory, CohortFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_acceptance_mail_names_the_cohort_in_the_readers_language():
    cohort = CohortFactory(name="BIBLIO Latvia 2026", translations={"lv": {"name": "BIBLIO Latvija 2026"}})
    latvian = ApplicationFactory(cohort=cohort, person=PersonFactory(preferred_language="lv"))
    english = ApplicationFactory(cohort=cohort, person=PersonFactory(preferred_language="en"))

    lv = personal_message(latvian.person, "learning/mail/application_accepted.txt", {"application": latvian})
    en = personal_message(english.person, "learning/mail/application_accepted.txt", {"application": english})

    assert "BIBLIO Latvija 2026" in lv.subject and "BIBLIO Latvija 2026" in lv.body
    assert "BIBLIO Latvia 2026" not in lv.body
    assert "BIBLIO Latvia 2026" in en.subject and "Latvija" not in en.body
