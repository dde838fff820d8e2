#!/usr/bin/env python3
"""Build Biblio's offline base map, biblio/static/geo/europe.geojson.

Source: the npm package ``world-atlas`` (ISC licence; its data is Natural Earth admin-0 countries, public
domain), file ``countries-50m.json`` (TopoJSON). The map draws even with no tile server: the GeoJSON is
committed and this script is only run by hand to regenerate it.

    scripts/make-basemap.py                                  # fetches world-atlas with `npm pack`
    scripts/make-basemap.py --source path/to/countries-50m.json
    scripts/make-basemap.py --source world-atlas-2.0.2.tgz

What it does, with the Python standard library only:

1. decodes the TopoJSON: delta-decodes and de-quantizes every arc (``transform``), and stitches arcs into
   rings (a negative index ``~i`` means arc ``i`` reversed; consecutive arcs share an end point);
2. simplifies each *arc* (Douglas-Peucker) before stitching, so that neighbouring countries keep sharing
   exactly the same border and no slivers open between them;
3. keeps the European countries listed below and clips them to a European frame (that drops overseas
   territories and trims Russia and the Caucasus to the European frame);
4. rounds coordinates to 3 decimals, drops repeated points and rings that collapsed, closes every ring;
5. writes an RFC 7946 FeatureCollection (lon, lat order) with properties ``{"name": ...}``.

Natural Earth draws "de facto" boundaries: Crimea inside Russia and Northern Cyprus as its own unit. Biblio
is built for an EU-funded programme and follows the EU's view: the script moves the Russian polygon that
contains Simferopol to Ukraine and dissolves Northern Cyprus into Cyprus (and Åland into Finland), merging at
the topology level so no internal border is drawn. ``--view natural-earth`` keeps the source as it is.
Abbreviated Natural Earth names are spelt out (``DISPLAY_NAMES``).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile

WORLD_ATLAS = "world-atlas@2.0.2"
TOPO_FILE = "countries-50m.json"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "biblio", "static", "geo", "europe.geojson")

# The European frame: west of the Azores to the Urals side of the Volga, Crete/Cyprus to the North Cape.
FRAME = (-32.0, 34.0, 45.0, 71.5)  # (min lon, min lat, max lon, max lat)

# Natural Earth short names as used by world-atlas.
COUNTRIES = [
    # EU member states
    "Austria",
    "Belgium",
    "Bulgaria",
    "Croatia",
    "Cyprus",
    "Czechia",
    "Denmark",
    "Estonia",
    "Finland",
    "France",
    "Germany",
    "Greece",
    "Hungary",
    "Ireland",
    "Italy",
    "Latvia",
    "Lithuania",
    "Luxembourg",
    "Malta",
    "Netherlands",
    "Poland",
    "Portugal",
    "Romania",
    "Slovakia",
    "Slovenia",
    "Spain",
    "Sweden",
    "Åland",
    # the rest of Europe
    "United Kingdom",
    "Isle of Man",
    "Guernsey",
    "Jersey",
    "Iceland",
    "Faeroe Is.",
    "Norway",
    "Switzerland",
    "Liechtenstein",
    "Andorra",
    "Monaco",
    "San Marino",
    "Vatican",
    "Albania",
    "Bosnia and Herz.",
    "Kosovo",
    "Macedonia",
    "Montenegro",
    "Serbia",
    "Ukraine",
    "Belarus",
    "Moldova",
    "Russia",
    "Turkey",
    "N. Cyprus",
    "Georgia",
    "Armenia",
    "Azerbaijan",
]

# Units merged into another country in the EU view (see the module docstring).
DISSOLVE = {"N. Cyprus": "Cyprus", "Åland": "Finland"}

# Natural Earth short names -> the names Biblio shows.
DISPLAY_NAMES = {
    "Bosnia and Herz.": "Bosnia and Herzegovina",
    "Macedonia": "North Macedonia",
    "Faeroe Is.": "Faroe Islands",
    "Vatican": "Vatican City",
}

# Douglas-Peucker tolerance in degrees (about 0.3-0.5 km at these latitudes); 0 disables.
DEFAULT_TOLERANCE = 0.005
PRECISION = 3
SIMFEROPOL = (34.10, 44.95)  # lon, lat


# --------------------------------------------------------------------------- loading


def load_topology(source: str | None) -> dict:
    if source and source.endswith(".json"):
        with open(source, encoding="utf-8") as fh:
            return json.load(fh)
    if source:
        return _from_tarball(source)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", "--silent", WORLD_ATLAS], cwd=tmp, check=True, stdout=subprocess.DEVNULL
        )
        tgz = next(f for f in os.listdir(tmp) if f.endswith(".tgz"))
        return _from_tarball(os.path.join(tmp, tgz))


def _from_tarball(path: str) -> dict:
    with tarfile.open(path, "r:gz") as tar:
        member = tar.getmember("package/" + TOPO_FILE)
        data = tar.extractfile(member).read()
    return json.load(io.BytesIO(data))


# --------------------------------------------------------------------------- TopoJSON decoding


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) points of every arc."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def _perpendicular(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    return abs(dy * px - dx * py + bx * ay - by * ax) / math.hypot(dx, dy)


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, iterative; keeps both end points (they are shared with the next arc)."""
    if tolerance <= 0 or len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    # A closed arc (a whole island) must keep at least a triangle.
    if points[0] == points[-1] and sum(keep) < 4:
        step = max(1, (len(points) - 1) // 3)
        for i in range(0, len(points), step):
            keep[i] = True
    return [p for p, k in zip(points, keep, strict=False) if k]


def stitch(ring_arcs: list[int], arcs: list[list]) -> list:
    ring: list = []
    for index in ring_arcs:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points if not ring else points[1:])
    return ring


def geometry_polygons(geometry: dict, arcs: list[list]) -> list[list[list]]:
    """A list of polygons, each a list of rings (outer first)."""
    if geometry["type"] == "Polygon":
        return [[stitch(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[stitch(r, arcs) for r in poly] for poly in geometry["arcs"]]
    return []


def merge_rings(rings: list[list[int]], arcs: list[list]) -> list[list[int]]:
    """Merge rings given as arc indexes: arcs used in both directions are interior borders and go away."""
    used = [i for ring in rings for i in ring]
    present = set(used)
    remaining = [i for i in used if ~i not in present]

    def ends(i):
        pts = arcs[i] if i >= 0 else arcs[~i]
        return (pts[0], pts[-1]) if i >= 0 else (pts[-1], pts[0])

    by_start = {}
    for i in remaining:
        by_start.setdefault(ends(i)[0], []).append(i)
    merged, seen = [], set()
    for first in remaining:
        if first in seen:
            continue
        ring, current = [], first
        while current not in seen:
            seen.add(current)
            ring.append(current)
            candidates = [j for j in by_start.get(ends(current)[1], []) if j not in seen]
            if not candidates:
                break
            current = candidates[0]
        merged.append(ring)
    merged.sort(key=lambda r: -abs(ring_area(stitch(r, arcs))))
    return merged


def _as_multi(geometry: dict) -> list:
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    return []


def absorb(target: dict, polygons: list, arcs: list[list]) -> None:
    """Add polygons (as arc indexes) to a country, dissolving the borders they share with it."""
    own = _as_multi(target)
    for poly in polygons:
        shared = [u for u in own if {~i for i in poly[0]} & set(u[0])]
        if shared:
            host = shared[0]
            own[own.index(host)] = merge_rings([host[0], poly[0]], arcs) + host[1:] + poly[1:]
        else:
            own.append(poly)
    target["type"], target["arcs"] = "MultiPolygon", own


def apply_eu_view(geometries: list[dict], arcs: list[list]) -> list[dict]:
    """Crimea to Ukraine; Northern Cyprus into Cyprus; Åland into Finland. Returns the kept geometries."""
    by_name = {g.get("properties", {}).get("name"): g for g in geometries}
    russia, ukraine = by_name.get("Russia"), by_name.get("Ukraine")
    if russia and ukraine:
        r_polys = _as_multi(russia)
        crimea = [p for p in r_polys if point_in_polygon(SIMFEROPOL, [stitch(r, arcs) for r in p])]
        if crimea:
            russia["type"], russia["arcs"] = "MultiPolygon", [p for p in r_polys if p not in crimea]
            absorb(ukraine, crimea, arcs)
    dropped = set()
    for part, whole in DISSOLVE.items():
        if part in by_name and whole in by_name:
            absorb(by_name[whole], _as_multi(by_name[part]), arcs)
            dropped.add(part)
    return [g for g in geometries if g.get("properties", {}).get("name") not in dropped]


# --------------------------------------------------------------------------- geometry helpers


def clip_ring(ring: list, frame: tuple) -> list:
    """Sutherland-Hodgman against an axis-aligned rectangle (convex, so the result is one ring)."""
    xmin, ymin, xmax, ymax = frame
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    if min(xs) >= xmin and max(xs) <= xmax and min(ys) >= ymin and max(ys) <= ymax:
        return ring
    if max(xs) < xmin or min(xs) > xmax or max(ys) < ymin or min(ys) > ymax:
        return []

    def cut(points, inside, intersect):
        out = []
        if not points:
            return out
        prev = points[-1]
        for cur in points:
            if inside(cur):
                if not inside(prev):
                    out.append(intersect(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(intersect(prev, cur))
            prev = cur
        return out

    def at_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    points = ring[:-1] if ring[0] == ring[-1] else ring[:]
    points = cut(points, lambda p: p[0] >= xmin, at_x(xmin))
    points = cut(points, lambda p: p[0] <= xmax, at_x(xmax))
    points = cut(points, lambda p: p[1] >= ymin, at_y(ymin))
    points = cut(points, lambda p: p[1] <= ymax, at_y(ymax))
    if points:
        points.append(points[0])
    return points


def tidy_ring(ring: list, precision: int) -> list:
    out: list = []
    for x, y in ring:
        p = [round(x, precision), round(y, precision)]
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(list(out[0]))
    # A valid linear ring has 4+ positions and a non-zero area.
    if len(out) < 4 or ring_area(out) == 0:
        return []
    return out


def ring_area(ring: list) -> float:
    return 0.5 * sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1))


def point_in_ring(point, ring) -> bool:
    x, y = point
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_polygon(point, polygon) -> bool:
    return point_in_ring(point, polygon[0]) and not any(point_in_ring(point, h) for h in polygon[1:])


# --------------------------------------------------------------------------- main


def build(topology: dict, tolerance: float, view: str) -> dict:
    arcs = [simplify(a, tolerance) for a in decode_arcs(topology)]
    geometries = topology["objects"]["countries"]["geometries"]
    wanted = set(COUNTRIES)
    missing = wanted - {g.get("properties", {}).get("name") for g in geometries}
    if missing:
        print("warning: not found in the source: " + ", ".join(sorted(missing)), file=sys.stderr)
    if view == "eu":
        geometries = apply_eu_view(geometries, arcs)
    shapes: dict[str, list] = {}
    for geometry in geometries:
        name = geometry.get("properties", {}).get("name")
        if name not in wanted:
            continue
        polygons = []
        for polygon in geometry_polygons(geometry, arcs):
            outer = tidy_ring(clip_ring(polygon[0], FRAME), PRECISION)
            if not outer:
                continue
            holes = [h for h in (tidy_ring(clip_ring(r, FRAME), PRECISION) for r in polygon[1:]) if h]
            polygons.append([outer, *holes])
        if polygons:
            shapes.setdefault(name, []).extend(polygons)

    features = []
    for name in sorted(shapes):
        polygons = shapes[name]
        geometry = (
            {"type": "Polygon", "coordinates": polygons[0]}
            if len(polygons) == 1
            else {"type": "MultiPolygon", "coordinates": polygons}
        )
        features.append(
            {"type": "Feature", "properties": {"name": DISPLAY_NAMES.get(name, name)}, "geometry": geometry}
        )
    return {"type": "FeatureCollection", "features": features}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", help="countries-50m.json or a world-atlas .tgz (default: npm pack)")
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    parser.add_argument(
        "--view",
        choices=["eu", "natural-earth"],
        default="eu",
        help="eu (default): Crimea in Ukraine, one Cyprus, Åland in Finland",
    )
    args = parser.parse_args()

    collection = build(load_topology(args.source), args.tolerance, args.view)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    print(f"wrote {args.out}: {len(collection['features'])} countries, {len(text.encode()) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
