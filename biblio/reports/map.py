"""The public map of participating libraries, as GeoJSON (RFC 7946).

A library participates when it hosts a participant's work-based learning (placement) or employs a
participant (the person's organisation); withdrawn enrolments do not count. Each library shows how
many participants (distinct people) it has, per track, and the titles of the project ideas published
with consent; a participant's name only when they agreed to show it (Person.consent_public).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from biblio.competences.models import RoleProfile
from biblio.learning.models import Enrolment
from biblio.programmes.models import Cohort, Organisation
from biblio.workplace.models import Placement, ProjectIdea

from . import sql

MIXED, OTHER = "mixed", "other"
# The public GeoJSON is kept this long per filter set and language, as long as browsers are told to
# keep it: a published title or a withdrawn consent shows on the map within five minutes.
CACHE_SECONDS = 300


@dataclass
class Project:
    title: str
    category: str
    track: str
    by: str = ""  # the participant's name, only with their consent


@dataclass
class MapLibrary:
    key: str
    name: str
    name_en: str
    kind: str
    city: str
    region: str
    country: str
    lat: float
    lon: float
    participants: int
    tracks: dict[str, int]
    projects: list[Project] = field(default_factory=list)

    @property
    def track(self) -> str:
        """Marker colour: the one track of its participants, or "mixed", or "other" (no track)."""
        present = [code for code, n in self.tracks.items() if n]
        if len(present) == 1:
            return present[0]
        return MIXED if present else OTHER


def map_enrolments(
    *, country: str = "", cohort: Cohort | None = None, track: str = ""
) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.exclude(status=Enrolment.Status.WITHDRAWN)
    if country:
        qs = qs.filter(cohort__country=country)
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    if track:
        qs = qs.filter(programme__profile__code=track)
    return qs


def _links(enrolments: QuerySet[Enrolment]) -> tuple[str, tuple]:
    """(lib, who, trk) for each participant–library link: the placement's host, and the person's
    organisation. Each side is a plain indexed join; the union is grouped once, in sql.py."""
    hosts = Placement.objects.filter(enrolment__in=enrolments).annotate(
        lib=F("host_id"), who=F("enrolment__person_id"), trk=F("enrolment__programme__profile__code")
    )
    members = enrolments.filter(person__organisation__isnull=False).annotate(
        lib=F("person__organisation_id"), who=F("person_id"), trk=F("programme__profile__code")
    )
    return sql.union_all(hosts.values_list("lib", "who", "trk"), members.values_list("lib", "who", "trk"))


def map_libraries(*, country: str = "", cohort: Cohort | None = None, track: str = "") -> list[MapLibrary]:
    """Every participating library for the filters, with participants (distinct people) per track and
    published projects. Four queries, each one pass over the links, whatever the size."""
    enrolments = map_enrolments(country=country, cohort=cohort, track=track)
    codes = [track] if track else list(RoleProfile.objects.order_by("code").values_list("code", flat=True))
    counts = {row[0]: row[1:] for row in sql.people_per_library(*_links(enrolments), codes)}
    found: dict[int, MapLibrary] = {}
    for org in Organisation.objects.filter(pk__in=list(counts)).order_by("country", "city", "name"):
        people, *per_track = counts[org.pk]
        found[org.pk] = MapLibrary(
            key=org.key,
            name=org.name,
            name_en=org.name_en,
            kind=org.kind,
            city=org.city,
            region=org.region,
            country=org.country,
            lat=float(org.lat),
            lon=float(org.lon),
            participants=people,
            tracks=dict(zip(codes, per_track, strict=True)),
        )
    for row in published_projects(enrolments):
        library = found.get(row["library"])
        if library is None:
            continue
        consented = row["enrolment__person__consent_public"] and not row["enrolment__person__erased_at"]
        library.projects.append(
            Project(
                title=row["title"],
                category=row["category"],
                track=row["enrolment__programme__profile__code"] or "",
                by=row["enrolment__person__full_name"] if consented else "",
            )
        )
    return list(found.values())


def published_projects(enrolments: QuerySet[Enrolment]):
    """Project ideas published with consent, placed at the host library (else the organisation)."""
    return (
        ProjectIdea.objects.filter(published=True, enrolment__in=enrolments)
        .annotate(
            library=Coalesce(F("enrolment__placement__host_id"), F("enrolment__person__organisation_id"))
        )
        .order_by("title", "pk")
        .values(
            "library",
            "title",
            "category",
            "enrolment__programme__profile__code",
            "enrolment__person__full_name",
            "enrolment__person__consent_public",
            "enrolment__person__erased_at",
        )
    )


def _category_labels() -> dict[str, str]:
    return {value: str(label) for value, label in ProjectIdea.Category.choices}


def feature_collection(libraries: list[MapLibrary]) -> dict:
    """RFC 7946: a FeatureCollection of Points, coordinates [longitude, latitude], no "crs"."""
    categories = _category_labels()
    kinds = dict(Organisation.Kind.choices)
    features = [
        {
            "type": "Feature",
            "id": lib.key,
            "geometry": {"type": "Point", "coordinates": [round(lib.lon, 5), round(lib.lat, 5)]},
            "properties": {
                "key": lib.key,
                "name": lib.name,
                "name_en": lib.name_en,
                "kind": lib.kind,
                "kind_label": str(kinds.get(lib.kind, lib.kind)),
                "city": lib.city,
                "region": lib.region,
                "country": lib.country,
                "participants": lib.participants,
                "tracks": lib.tracks,
                "track": lib.track,
                "projects": [
                    {
                        "title": p.title,
                        "category": p.category,
                        "category_label": categories.get(p.category, p.category),
                        "track": p.track,
                        **({"by": p.by} if p.by else {}),
                    }
                    for p in lib.projects
                ],
            },
        }
        for lib in libraries
    ]
    collection: dict = {"type": "FeatureCollection", "features": features}
    if features:
        lons = [f["geometry"]["coordinates"][0] for f in features]
        lats = [f["geometry"]["coordinates"][1] for f in features]
        collection["bbox"] = [min(lons), min(lats), max(lons), max(lats)]
    return collection


def map_labels() -> dict[str, str]:
    """Words the map's script shows in popups, in the page's language (passed as data- attributes)."""
    return {
        "participants": _("Participants"),
        "projects": _("Published project ideas"),
        "by": _("by"),
        "no_projects": _("No project published yet."),
        "mixed": _("CECO and DIGY"),
        "other": _("Other programmes"),
        "list": reverse("map_list"),
    }


def geojson_bytes(*, country: str = "", cohort: Cohort | None = None, track: str = "") -> bytes:
    """The FeatureCollection for the filters, serialised (UTF-8 JSON), cached as bytes for
    CACHE_SECONDS, for the page and the API alike (the endpoint is public: repeated requests must not
    recompute it): a hit is one cache read and no JSON work, whatever the number of libraries (caching the dict, a
    hit had to unpickle and serialise 27 500 features again)."""
    key = f"reports:map-bytes:{get_language()}:{country}:{cohort.pk if cohort else ''}:{track}"
    cached = cache.get(key)
    if cached is None:
        collection = feature_collection(map_libraries(country=country, cohort=cohort, track=track))
        cached = json.dumps(collection, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
        cache.set(key, cached, CACHE_SECONDS)
    return cached
