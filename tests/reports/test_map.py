"""The public map: GeoJSON (RFC 7946), consent, filters, the list view and the page."""

from __future__ import annotations

import json
import math

import pytest

from biblio.learning.models import Enrolment
from tests.factories import CohortFactory, ProjectIdeaFactory

from .factories import cohort_with_tracks, library, participant, tracks

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ceco, digy = tracks()
    lv = cohort_with_tracks(ceco, digy, code="lv-x", country="LV")
    bg = CohortFactory(programme=ceco, code="bg-x", country="BG")
    riga = library(key="riga", name="Rīgas bibliotēka", city="Rīga", lat="56.94960", lon="24.10520")
    cesis = library(key="cesis", name="Cēsu bibliotēka", city="Cēsis", lat="57.31290", lon="25.27170")
    valmiera = library(
        key="valmiera", name="Valmieras bibliotēka", city="Valmiera", lat="57.54110", lon="25.42750"
    )
    sofia = library(
        key="sofia", name="Столична библиотека", city="София", country="BG", lat="42.69770", lon="23.32190"
    )
    library(key="unused", name="Nobody's library")
    a = participant(lv, ceco, host=riga, organisation=riga, full_name="Anna Consent", consent_public=True)
    b = participant(lv, digy, host=riga, full_name="Berta Private")
    c = participant(lv, digy, host=riga, organisation=cesis, full_name="Cilda Cesis")
    participant(lv, ceco, host=valmiera, status=Enrolment.Status.WITHDRAWN)
    participant(bg, host=sofia)
    ProjectIdeaFactory(enrolment=a, title="Social media for readers", published=True)
    ProjectIdeaFactory(enrolment=b, title="Digitising the photo archive", published=True)
    ProjectIdeaFactory(enrolment=c, title="An unpublished idea", published=False)
    return {"riga": riga, "cesis": cesis, "sofia": sofia}


def geojson(client, query: str = "") -> dict:
    response = client.get(f"/map/libraries.geojson{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def assert_rfc7946(collection: dict) -> None:
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    assert isinstance(collection["features"], list)
    for feature in collection["features"]:
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], str | int)
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert all(isinstance(v, int | float) for v in (lon, lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    if collection["features"]:
        west, south, east, north = collection["bbox"]
        lons = [f["geometry"]["coordinates"][0] for f in collection["features"]]
        lats = [f["geometry"]["coordinates"][1] for f in collection["features"]]
        assert (west, south, east, north) == (min(lons), min(lats), max(lons), max(lats))


def by_key(collection: dict) -> dict:
    return {f["id"]: f for f in collection["features"]}


def test_geojson_is_rfc7946_with_longitude_first(world, client):
    collection = geojson(client)
    assert_rfc7946(collection)
    found = by_key(collection)
    assert set(found) == {"riga", "cesis", "sofia"}  # not the withdrawn one's, not the unused one
    assert found["riga"]["geometry"]["coordinates"] == [24.1052, 56.9496]


def test_participants_hosted_or_employed_per_track(world, client):
    found = by_key(geojson(client))
    riga, cesis = found["riga"]["properties"], found["cesis"]["properties"]
    assert (riga["participants"], riga["tracks"], riga["track"]) == (3, {"CECO": 1, "DIGY": 2}, "mixed")
    assert (cesis["participants"], cesis["tracks"], cesis["track"]) == (1, {"CECO": 0, "DIGY": 1}, "DIGY")


def test_only_published_titles_and_only_consented_names(world, client):
    text = json.dumps(geojson(client), ensure_ascii=False)
    projects = by_key(geojson(client))["riga"]["properties"]["projects"]
    assert projects == [
        {
            "title": "Digitising the photo archive",
            "category": "social_media",
            "category_label": "Social-media marketing strategy",
            "track": "DIGY",
        },
        {
            "title": "Social media for readers",
            "category": "social_media",
            "category_label": "Social-media marketing strategy",
            "track": "CECO",
            "by": "Anna Consent",
        },
    ]
    assert "An unpublished idea" not in text
    assert "Berta Private" not in text and "Cilda Cesis" not in text
    assert "@" not in text


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("?country=BG", {"sofia"}),
        ("?country=LV&track=DIGY", {"riga", "cesis"}),
        ("?track=CECO", {"riga", "sofia"}),
        ("?cohort=bg-x", {"sofia"}),
        ("?country=LV&cohort=bg-x", set()),
    ],
)
def test_filters(world, client, query, keys):
    collection = geojson(client, query)
    assert_rfc7946(collection)
    assert set(by_key(collection)) == keys


def test_track_filter_counts_only_that_track(world, client):
    riga = by_key(geojson(client, "?track=DIGY"))["riga"]["properties"]
    assert (riga["participants"], riga["tracks"], riga["track"]) == (2, {"DIGY": 2}, "DIGY")
    assert [p["title"] for p in riga["projects"]] == ["Digitising the photo archive"]


@pytest.mark.parametrize("query", ["?country=XX", "?cohort=nope", "?track=MOOC"])
def test_bad_filters_are_a_400_with_the_field(world, client, query):
    response = client.get(f"/map/libraries.geojson{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "Some of the input is not valid."
    assert list(body["extra"]["fields"]) == [query[1:].split("=")[0]]


def test_api_serves_the_same_collection_to_anyone(world, client):
    response = client.get("/api/v1/reports/map?country=LV")
    assert response.status_code == 200
    assert response.json() == geojson(client, "?country=LV")


def test_geojson_is_cached_per_filter_set(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = geojson(client, "?country=LV")
    with CaptureQueriesContext(connection) as again:
        assert geojson(client, "?country=LV") == first
    assert len(again) <= 3  # the filter choices and the cache read
    assert not any("links" in q["sql"] for q in again.captured_queries)
    assert geojson(client, "?country=BG") != first


def test_list_view_shows_the_same_libraries(world, client):
    response = client.get("/map/list/?country=LV")
    text = response.content.decode()
    assert [lib.key for lib in response.context["libraries"]] == ["riga", "cesis"] or {
        lib.key for lib in response.context["libraries"]
    } == {"riga", "cesis"}
    assert "Rīgas bibliotēka" in text and "Social media for readers" in text and "Anna Consent" in text
    assert "Berta Private" not in text and "Столична" not in text


def test_map_page_passes_data_by_attributes_and_has_no_inline_script(world, client, settings):
    settings.BIBLIO_MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    text = client.get("/map/?country=LV").content.decode()
    assert 'data-geojson-url="/map/libraries.geojson"' in text
    assert 'data-query="?country=LV"' in text
    assert 'data-basemap-url="/static/geo/europe.geojson"' in text
    assert 'data-tiles-url="https://tiles.example.org/{z}/{x}/{y}.png"' in text
    assert 'href="/map/list/?country=LV"' in text
    for tag in text.split("<script")[1:]:
        assert tag.split(">")[0].strip().startswith("src=") and tag.split(">", 1)[1].startswith("</script")
    assert " style=" not in text


def test_without_tiles_the_page_asks_for_none(world, client, settings):
    settings.BIBLIO_MAP_TILES_URL = ""
    assert 'data-tiles-url=""' in client.get("/map/").content.decode()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def test_a_cache_hit_serves_the_stored_bytes_as_they_were(world, client, monkeypatch):
    """The serialised collection is what is cached: a hit neither rebuilds nor re-serialises it."""
    import json

    from django.core.cache import cache
    from django.core.serializers.json import DjangoJSONEncoder

    from biblio.reports import map as reports_map

    cache.clear()
    first = client.get("/map/libraries.geojson?country=LV")
    expected = reports_map.feature_collection(reports_map.map_libraries(country="LV"))
    assert json.loads(first.content) == json.loads(json.dumps(expected, cls=DjangoJSONEncoder))

    def rebuilt(*args, **kwargs):
        raise AssertionError("a cache hit must not rebuild the collection")

    monkeypatch.setattr(reports_map, "feature_collection", rebuilt)
    again = client.get("/map/libraries.geojson?country=LV")
    assert again.content == first.content
    assert again["Content-Type"] == "application/geo+json"


def test_the_api_serves_the_cached_bytes_too(world, client, monkeypatch):
    """The API's map is the page's: one entry in the cache per filter set, served as stored."""
    import json

    from django.core.cache import cache

    from biblio.reports import map as reports_map

    cache.clear()
    first = client.get("/api/v1/reports/map?country=LV")
    assert first.status_code == 200 and first["Content-Type"] == "application/json"
    page = client.get("/map/libraries.geojson?country=LV")
    assert page.content == first.content  # the page's hit: the API stored them
    assert json.loads(first.content)["features"]

    def rebuilt(*args, **kwargs):
        raise AssertionError("a cache hit must not rebuild the collection")

    monkeypatch.setattr(reports_map, "feature_collection", rebuilt)
    monkeypatch.setattr(reports_map, "map_libraries", rebuilt)
    again = client.get("/api/v1/reports/map?country=LV")
    assert again.status_code == 200 and again.content == first.content
    assert again["Cache-Control"] == f"public, max-age={reports_map.CACHE_SECONDS}"
