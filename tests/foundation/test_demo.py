"""The BIBLIO pilot loads completely, loading it twice changes nothing, and the tests' copy of it
(tests/demo_snapshot.py) is exactly what the loader wrote."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from biblio.accounts.models import Person
from biblio.demo.loader import load_demo
from biblio.learning.models import Enrolment, HourEntry
from biblio.programmes.models import Organisation, Programme
from tests import demo_snapshot

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 9, 15)


def counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "sessions"}


def test_demo_is_complete_and_idempotent():
    demo_snapshot.load_demo(today=TODAY)  # the loader's rows (loaded once per process and date)
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


@pytest.mark.skipif(not demo_snapshot.ENABLED, reason="BIBLIO_TEST_DEMO_COPY=0: every test runs the loader")
def test_the_tests_copy_of_the_demo_is_exactly_what_the_loader_wrote():
    ctx = demo_snapshot.load_demo(today=TODAY)  # the real loader, unless this process already has it
    snapshot = demo_snapshot.snapshot_for(TODAY)
    assert snapshot is not None and len(snapshot.tables) > 30
    with connection.cursor() as cursor:  # empty what the loader filled; foreign keys are deferred
        for table in snapshot.tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
    for root in (settings.MEDIA_ROOT, settings.BIBLIO_KEYS_DIR):
        for path in sorted(Path(root).rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()

    copy = demo_snapshot.load_demo(today=TODAY)  # certainly a copy now

    for table, rows in snapshot.tables.items():
        assert demo_snapshot.table_rows(table) == rows, table
    assert demo_snapshot.written_files() == snapshot.files
    assert {k: c.pk for k, c in copy.cohorts.items()} == {k: c.pk for k, c in ctx.cohorts.items()}
    assert copy.people.keys() == ctx.people.keys()
    assert {k: [e.pk for e in v] for k, v in copy.enrolments.items()} == {
        k: [e.pk for e in v] for k, v in ctx.enrolments.items()
    }
