"""How cost grows from S to XL: `python bench/plot.py` reads bench/results/*.json and writes
docs/performance-growth.svg (a hand-made SVG: matplotlib is not installed) and bench/results/summary.md.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import env

SVG = env.ROOT / "docs" / "performance-growth.svg"
PAGES = [  # (key, label, colour)
    ("dashboard", "Coordinator dashboard", "#b2182b"),
    ("map_geojson", "Map GeoJSON", "#ef8a62"),
    ("roster", "Roster page", "#2166ac"),
    ("home", "Participant home", "#1b7837"),
    ("progress_api", "Progress API", "#762a83"),
    ("export_xlsx", "Roster XLSX (one cohort)", "#8c6d31"),
]
PARTICIPANTS = {"S": 40, "M": 560, "L": 10_000, "XL": 100_000}


def _p95(page: dict) -> float:
    """CPU p95 (the latency without waiting for a core on the shared machine), else wall p95."""
    return page.get("cpu_p95_ms") or page["p95_ms"]


def _p95_or_limit(page: dict) -> float | None:
    """The p95, or the statement limit for a page the benchmark had to stop (drawn at the limit)."""
    if "p95_ms" in page:
        return _p95(page)
    return 300_000.0 if str(page.get("status", "")).startswith("over") else None


def load() -> dict[tuple[str, str], dict]:
    found = {}
    for path in sorted(env.RESULTS.glob("*-*.json")):
        data = json.loads(path.read_text())
        meta = data.get("meta", {})
        found[(meta.get("db"), meta.get("size"))] = data
    return found


def svg(results: dict[tuple[str, str], dict]) -> str:
    """Two log–log panels (SQLite, PostgreSQL): p95 ms of each page against participants."""
    width, height, panel_w, top, bottom, left = 920, 430, 400, 40, 70, 60
    y_min, y_max = 1, 1_000_000  # ms, log scale
    x_min, x_max = 20, 200_000

    def x(n: float, offset: int) -> float:
        return (
            offset
            + left
            + (math.log10(n) - math.log10(x_min))
            / (math.log10(x_max) - math.log10(x_min))
            * (panel_w - left - 10)
        )

    def y(ms: float) -> float:
        ms = min(max(ms, y_min), y_max)
        frac = (math.log10(ms) - math.log10(y_min)) / (math.log10(y_max) - math.log10(y_min))
        return top + (1 - frac) * (height - top - bottom)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" aria-labelledby="t d" font-family="sans-serif" font-size="12">',
        '<title id="t">Biblio: p95 CPU time of each page from S to XL, SQLite and PostgreSQL</title>',
        '<desc id="d">Log–log plot of p95 milliseconds (CPU time of the app and its database per request) '
        "against the number of participants; the data are the table in docs/performance.md.</desc>",
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
    ]
    for p, (db, title) in enumerate((("sqlite", "SQLite"), ("postgres", "PostgreSQL"))):
        off = p * (panel_w + 40)
        out.append(f'<text x="{off + left}" y="22" font-weight="bold" font-size="14">{title}</text>')
        for ms in (1, 10, 100, 1_000, 10_000, 100_000, 1_000_000):
            out.append(
                f'<line x1="{x(x_min, off):.1f}" x2="{x(x_max, off):.1f}" y1="{y(ms):.1f}" y2="{y(ms):.1f}" '
                'stroke="#ddd"/>'
            )
            label = f"{ms:,} ms" if ms < 1000 else f"{ms // 1000:,} s"
            out.append(
                f'<text x="{off + left - 6}" y="{y(ms) + 4:.1f}" text-anchor="end" fill="#555">{label}</text>'
            )
        for size, n in PARTICIPANTS.items():
            out.append(
                f'<line x1="{x(n, off):.1f}" x2="{x(n, off):.1f}" y1="{top}" y2="{height - bottom}" stroke="#eee"/>'
            )
            out.append(
                f'<text x="{x(n, off):.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="#555">'
                f"{size} ({n:,})</text>"
            )
        for target, text in ((20, "20 ms"), (150, "150 ms")):
            out.append(
                f'<line x1="{x(x_min, off):.1f}" x2="{x(x_max, off):.1f}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
                'stroke="#999" stroke-dasharray="4 3"/>'
            )
            out.append(
                f'<text x="{x(x_max, off) - 2:.1f}" y="{y(target) - 3:.1f}" text-anchor="end" '
                f'fill="#777" font-size="10">target {text}</text>'
            )
        for key, _label, colour in PAGES:
            points = [
                (x(PARTICIPANTS[size], off), y(_p95_or_limit(results[(db, size)]["pages"][key])))
                for size in PARTICIPANTS
                if (db, size) in results and _p95_or_limit(results[(db, size)]["pages"].get(key, {}))
            ]
            if len(points) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
                out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
            for px, py in points:
                out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>')
    for i, (_key, label, colour) in enumerate(PAGES):
        lx, ly = left + (i % 3) * 290, height - 28 + (i // 3) * 16
        out.append(f'<rect x="{lx}" y="{ly - 9}" width="14" height="4" fill="{colour}"/>')
        out.append(f'<text x="{lx + 20}" y="{ly}">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def summary(results: dict[tuple[str, str], dict]) -> str:
    """One table: every page's p95 (and × SQL floor) by size and database; then the operations."""
    columns = [(db, size) for db in ("sqlite", "postgres") for size in PARTICIPANTS if (db, size) in results]
    head = " | ".join(f"{'SQLite' if db == 'sqlite' else 'PostgreSQL'} {size}" for db, size in columns)
    lines = [
        "CPU p95 in ms (wall-clock p95 in brackets; × its raw-SQL floor, CPU medians).",
        "",
        f"| page | {head} |",
        "|---|" + "---:|" * len(columns),
    ]
    keys = list(dict.fromkeys(k for r in results.values() for k in r["pages"]))
    for key in keys:
        cells, label = [], key
        for col in columns:
            p = results[col]["pages"].get(key, {})
            label = p.get("label", label)
            if "p95_ms" not in p:
                cells.append(p.get("status", "–"))
                continue
            ratio = f", ×{p['x_sql']:g}" if "x_sql" in p else ""
            cells.append(f"**{_p95(p):,.1f}** ({p['p95_ms']:,.0f}{ratio})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    cells = [
        f"**{_p95(results[c]['constant']):,.1f}** ({results[c]['constant']['p95_ms']:,.0f})" for c in columns
    ]
    lines.append("| Constant view (framework floor) | " + " | ".join(cells) + " |")
    lines += ["", "| operation | " + head + " |", "|---|" + "---:|" * len(columns)]
    ops = list(dict.fromkeys(k for r in results.values() for k in r["ops"]))
    for key in ops:
        cells, label = [], key
        for col in columns:
            o = results[col]["ops"].get(key)
            if o is None:
                cells.append("not run")
                continue
            label = o["label"].split(" (all")[0] if key == "export_all" else o["label"]
            if o.get("status"):
                cells.append(o["status"])
                continue
            seconds = o["seconds"] if "seconds" in o else o["median_ms"] / 1000
            extra = f", {o['peak_mb']:g} MB" if "peak_mb" in o else ""
            rows = f", {o['rows']:,} rows" if "rows" in o else ""
            scaled = " (1/10, ×10)" if o.get("scaled") else ""
            if o.get("cpu_seconds") is not None:
                cells.append(f"**{o['cpu_seconds']:,.1f} s CPU** ({seconds:,.0f} s wall){scaled}{extra}")
            else:
                cells.append(f"{seconds:,.1f} s wall{extra}{rows}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    throughput = [(c, results[c].get("throughput")) for c in columns if results[c].get("throughput")]
    if throughput:
        lines.append("")
        for (db, size), t in throughput:
            free = (
                f"; **{t['worker_cpu_ms_per_request']} ms of CPU per request → {t['rps_on_two_free_cores']} "
                "requests/s on two free cores**"
                if t.get("rps_on_two_free_cores")
                else ""
            )
            lines.append(
                f"- Throughput {db} {size}: {t['rps']} requests/s measured, median {t['median_ms']} ms, p95 "
                f"{t['p95_ms']} ms, {t['errors']} errors ({t['requests']} requests, {t['concurrency']} clients, "
                f"2 gunicorn workers){free}."
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    results = load()
    SVG.parent.mkdir(parents=True, exist_ok=True)
    SVG.write_text(svg(results))
    table = summary(results)
    (env.RESULTS / "summary.md").write_text(table)
    doc = env.ROOT / "docs" / "performance.md"
    if doc.exists():  # the table between the markers is the generated one
        text = doc.read_text()
        start, end = "<!-- summary: generated by bench/plot.py -->", "<!-- /summary -->"
        if start in text and end in text:
            head, rest = text.split(start, 1)
            doc.write_text(head + start + "\n" + table + rest[rest.index(end) :])
    print(f"Wrote {SVG} and {env.RESULTS / 'summary.md'} from {len(results)} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
