"""The BIBLIO pilot loads completely, and loading it twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from biblio.accounts.models import Person
from biblio.demo.loader import load_demo
from biblio.learning.models import Enrolment, HourEntry
from biblio.programmes.models import Organisation, Programme

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 9, 15)


def counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "sessions"}


def test_demo_is_complete_and_idempotent():
    load_demo(today=TODAY)
    first = counts()
    load_demo(today=TODAY)
    assert counts() == first

    assert Organisation.objects.filter(country="LV", kind__endswith="library").count() == 28
    assert set(Programme.objects.values_list("slug", flat=True)) >= {
        "biblio-mooc",
        "biblio-ceco",
        "biblio-digy",
    }
    lv = Enrolment.objects.filter(cohort__code="lv-2026")
    assert lv.count() == 42
    assert all(
        e.placement.mentor.organisation.kind == "regional_library"
        for e in lv.select_related("placement__mentor__organisation")
    )
    assert set(HourEntry.objects.values_list("status", flat=True)) == {"submitted", "approved", "rejected"}
    for cc in ["lv", "bg", "gr", "it"]:
        for role in ["coordinator", "trainer", "mentor", "participant"]:
            person = Person.objects.get(email=f"{role}.{cc}@example.org")
            assert person.check_password("biblio-demo")
    assert Person.objects.get(email="admin@example.org").is_staff
    me = Enrolment.objects.get(person__email="participant.lv@example.org", cohort__code="lv-2026")
    assert me.placement.mentor.email == "mentor.lv@example.org"
    assert me.project_idea.status == "in_progress"
    assert Person.objects.get(email="participant.gr@example.org").preferred_language == "el"
