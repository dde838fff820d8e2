"""The public map of participating libraries, its list view and its GeoJSON."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .forms import MapFilterForm
from .map import CACHE_SECONDS, geojson_bytes, map_labels, map_libraries

GEOJSON_TYPE = "application/geo+json"


def _query(request) -> str:
    return request.GET.urlencode()


@require_GET
def map_page(request):
    """The map (drawn by reports/map.js from the GeoJSON) with its filters and a link to the list."""
    form = MapFilterForm(request.GET)
    form.is_valid()
    query = _query(request)
    suffix = f"?{query}" if query else ""
    return render(
        request,
        "reports/map.html",
        {
            "form": form,
            "geojson_url": reverse("map_geojson"),
            "list_url": reverse("map_list"),
            "query": suffix,
            "basemap_url": static("geo/europe.geojson"),
            "labels": map_labels(),
        },
    )


@require_GET
def map_list(request):
    """The same libraries as the map, as a table (for screen readers, keyboards and printing)."""
    form = MapFilterForm(request.GET)
    libraries = map_libraries(**form.values())
    query = _query(request)
    return render(
        request,
        "reports/map_list.html",
        {
            "form": form,
            "libraries": libraries,
            "participants": sum(lib.participants for lib in libraries),
            "map_url": reverse("map") + (f"?{query}" if query else ""),
        },
    )


@require_GET
def map_geojson(request):
    """GeoJSON (RFC 7946) of the participating libraries for the filters; public, no personal data
    except the names of participants who consented."""
    form = MapFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {"message": _("Some of the input is not valid."), "extra": {"fields": form.errors}},
            status=400,
        )
    response = HttpResponse(geojson_bytes(**form.values()), content_type=GEOJSON_TYPE)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
