"""The learning demo step: an open Latvian call with applications in every state, materials,
exemptions, entries waiting — and loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from biblio.demo.loader import load_demo
from biblio.learning.models import Application, Exemption, HourEntry, Material, Session
from biblio.learning.selectors.applications import call_is_open, places_of
from tests import demo_snapshot

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 9, 15)


def _counts():
    return [m.objects.count() for m in (Application, Exemption, HourEntry, Material, Session)]


def test_learning_demo():
    ctx = demo_snapshot.load_demo(today=TODAY)  # the loader's rows (loaded once per process and date)
    first = _counts()
    load_demo(today=TODAY)
    assert _counts() == first
    lv = ctx.cohorts["lv"]
    lv.refresh_from_db()
    assert call_is_open(lv, today=TODAY)
    assert set(Application.objects.filter(cohort=lv).values_list("status", flat=True)) == set(
        Application.Status.values
    )
    assert places_of(lv).free >= 1
    assert set(Exemption.objects.filter(enrolment__cohort=lv).values_list("status", flat=True)) == {
        "requested",
        "approved",
    }
    assert Material.objects.filter(cohort=lv, kind="file").exists()
    assert Material.objects.filter(cohort=ctx.cohorts["gr"]).exists()
    waiting = HourEntry.objects.filter(enrolment__cohort=lv, status="submitted", mode="online")
    assert waiting.filter(enrolment=ctx.enrolments["lv"][0]).exists()
    assert Session.objects.filter(cohort=lv, start__date__gt=TODAY, module__isnull=False).count() == 2
