"""With the BIBLIO demo: the map holds the 28 Latvian libraries where they really are; the reports'
demo step adds anonymous feedback and published Latvian ideas, and running it again changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from biblio.accounts.models import Person
from biblio.demo.loader import load_demo
from biblio.reports import demo as reports_demo
from biblio.reports.models import Feedback
from biblio.workplace.models import ProjectIdea

from .test_map import assert_rfc7946, distance_km

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 10)  # after the work-based window: current participants give feedback too
LIBRARIES = Path(__file__).resolve().parents[2] / "biblio" / "programmes" / "data" / "libraries.json"


@pytest.fixture
def ctx():
    return load_demo(today=TODAY)


def test_map_holds_the_28_latvian_libraries_at_their_coordinates(ctx, client):
    reference = {
        row["key"]: row
        for row in json.loads(LIBRARIES.read_text(encoding="utf-8"))
        if row["country"] == "LV" and row["kind"].endswith("library")
    }
    assert len(reference) == 28

    collection = json.loads(client.get("/map/libraries.geojson?country=LV").content)

    assert_rfc7946(collection)
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == set(reference)
    for key, feature in features.items():
        lon, lat = feature["geometry"]["coordinates"]
        assert distance_km(lat, lon, reference[key]["lat"], reference[key]["lon"]) < 3, key
        assert feature["properties"]["participants"] >= 1
    assert sum(f["properties"]["participants"] for f in features.values()) >= 42
    named = [p for f in features.values() for p in f["properties"]["projects"] if "by" in p]
    assert named, "some Latvian ideas are published with the author's consent"
    consenting = set(Person.objects.filter(consent_public=True).values_list("full_name", flat=True))
    assert {p["by"] for p in named} <= consenting


def test_reports_demo_adds_feedback_and_is_idempotent(ctx):
    lv = ctx.cohorts["lv"]
    assert Feedback.objects.filter(enrolment__cohort=lv).count() == reports_demo.CURRENT_PER_COHORT
    assert (
        Feedback.objects.filter(enrolment__status="completed").count()
        == Feedback.objects.filter(enrolment__cohort__end__lt=TODAY).count()
    )
    published = ProjectIdea.objects.filter(enrolment__cohort=lv, published=True).count()
    assert published >= 10
    before = (Feedback.objects.count(), list(Feedback.objects.order_by("pk").values()), published)

    reports_demo.load(ctx)

    after = (
        Feedback.objects.count(),
        list(Feedback.objects.order_by("pk").values()),
        ProjectIdea.objects.filter(enrolment__cohort=lv, published=True).count(),
    )
    assert after == before
