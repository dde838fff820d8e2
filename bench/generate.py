"""Generate a benchmark database: `python bench/generate.py --size L --db postgres [--fresh]`.

Sizes (see bench/world.py): S one pilot cohort of 40; M the four pilots and a 400-person MOOC;
L 10 000 participants and ~1 000 000 hour entries; XL 100 000 and ~10 000 000. Into a dedicated
database (var/bench/bench_<size>.sqlite3 or PostgreSQL `biblio_bench_<size>`), never the demo's.
The catalogue (53 real libraries, frameworks, CECO/DIGY/MOOC programmes) comes from the demo loader;
everything else is bulk-inserted (COPY on PostgreSQL, executemany on SQLite, one module: bench/bulk.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import env


def _catalogue() -> None:
    from biblio.demo import DemoContext
    from biblio.demo.catalogue import load_frameworks, load_libraries, load_programmes

    ctx = DemoContext(
        today=dt.date.today(),
        year=dt.date.today().year,
        rng=random.Random(1),
        progress=lambda description, total: lambda n=1: None,
    )
    load_libraries(ctx)
    load_frameworks(ctx)
    load_programmes(ctx)


def prepare(size: str, db: str, *, fresh: bool) -> None:
    """An empty, migrated benchmark database (dropped and re-made when `fresh`)."""
    if db == "postgres":
        env.create_pg_database(size, fresh=fresh)
    elif fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(str(env.sqlite_path(size)) + suffix).unlink(missing_ok=True)


def build(size: str, *, console=None, quiet: bool = False) -> dict:
    """Migrate the current (empty) database and fill it with the world of `size`; returns row counts."""
    from django.core.management import call_command, get_commands
    from django.db import connection, transaction
    from django.utils import timezone

    from bench import bulk
    from bench.world import SPECS, World

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    bulk.speed_up_sqlite()
    started, cpu0 = time.perf_counter(), time.process_time()
    rebuilt = None
    with transaction.atomic(), _bar(console, quiet) as bar:
        with bulk.triggers_off(World.MODELS) as paused:
            rows = populate(
                SPECS[size], seed=world_seed(size), today=timezone.localdate(), bar=bar, label=size
            )
        seconds = time.perf_counter() - started
        if "rebuild_totals" in get_commands():  # what the paused triggers maintain, in one pass
            t0 = time.perf_counter()
            # It reports every total as missing (the triggers were paused): expected, kept in the info.
            said = io.StringIO()
            call_command("rebuild_totals", verbosity=0, stdout=said)
            rebuilt = round(time.perf_counter() - t0, 1)
    bulk.back_to_wal()
    bulk.analyze()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # outside the transaction: visibility map for index-only scans
    return {
        "size": size,
        "db": connection.vendor,
        "seconds": round(time.perf_counter() - started, 1),
        "insert_seconds": round(seconds, 1),
        "cpu_seconds": round(time.process_time() - cpu0, 1),  # this process (SQLite: all of it)
        "rows_per_second": round(sum(rows.values()) / max(seconds, 0.001)),
        "triggers_paused": paused,
        "rebuild_totals_seconds": rebuilt,
        "rebuild_totals_said": said.getvalue().strip()[:200] if rebuilt is not None else None,
        "rows": rows,
        "total_rows": sum(rows.values()),
    }


def populate(spec, *, seed: int, today: dt.date, bar=None, label: str = "") -> dict[str, int]:
    """Insert the catalogue and the world of `spec` in the current transaction; returns rows per model."""
    from bench.world import COUNTRIES, World, shares
    from biblio.accounts.models import Role
    from biblio.learning.models import Enrolment
    from biblio.programmes.models import Organisation

    rng = random.Random(seed)
    _catalogue()
    w = World(rng, today)
    year = w.year
    ceco, digy, mooc = (w.programmes[s] for s in ("biblio-ceco", "biblio-digy", "biblio-mooc"))
    real: dict[str, list[Organisation]] = {}
    for org in Organisation.objects.all():
        real.setdefault(org.country, []).append(org)
    w.person("admin@bench.example.org", "Bench Administrator", admin=True)
    counts = shares(spec.participants, spec.countries)
    task = bar.add_task(f"{label}: participants", total=spec.participants + spec.mooc) if bar else None

    def advance() -> None:
        if bar is not None:
            bar.advance(task)

    first_people: list[int] = []
    for (cc, lat, lon, spread, names), n in zip(COUNTRIES, counts, strict=False):
        cohort = w.cohort(
            code=f"{cc.lower()}-{year}",
            name=f"BIBLIO specialisation course — {cc} {year}",
            programme=ceco,
            country=cc,
            language=LANGUAGE[names],
            start=dt.date(year, 2, 2),
            end=dt.date(year, 11, 30),
            wb=(dt.date(year, 8, 24), dt.date(year, 10, 23)),
            places=n,
            tracks=[ceco, digy],
        )
        staff = {
            role: w.person(f"{role}.{cc.lower()}@bench.example.org", f"{role.title()} {cc}", country=cc)
            for role in (Role.COORDINATOR, Role.TRAINER, Role.MODERATOR)
        }
        for role, pk in staff.items():
            w.member(pk, cohort, role)
        regional = [o.pk for o in real.get(cc, []) if o.kind == Organisation.Kind.REGIONAL_LIBRARY]
        municipal = [o.pk for o in real.get(cc, []) if o.kind == Organisation.Kind.MUNICIPAL_LIBRARY]
        regional += [
            w.library(cc, lat, lon, spread, Organisation.Kind.REGIONAL_LIBRARY, i)
            for i in range(max(0, n // 40 + 1 - len(regional)))
        ]
        municipal += [
            w.library(cc, lat, lon, spread, Organisation.Kind.MUNICIPAL_LIBRARY, i)
            for i in range(max(0, n // 4 + 1 - len(municipal)))
        ]
        mentors = []  # three mentors at each regional library
        for i, library in enumerate(regional):
            for j in range(3):
                pk = w.person(
                    f"mentor{i}-{j}.{cc.lower()}@bench.example.org",
                    _name(names, 500 + 3 * i + j),
                    country=cc,
                    organisation=library,
                )
                w.member(pk, cohort, Role.MENTOR)
                mentors.append((pk, library))
        sessions = w.sessions(cohort)
        for i in range(n):
            pk = w.person(
                f"p{cc.lower()}{i}@bench.example.org",
                _name(names, i),
                language=LANGUAGE[names],
                country=cc,
                organisation=municipal[i % len(municipal)] if rng.random() < 0.85 else None,
                consent=rng.random() < 0.3,
            )
            if len(first_people) < spec.mooc:
                first_people.append(pk)
            x = rng.random()
            status = (
                Enrolment.Status.COMPLETED
                if x < 0.12
                else Enrolment.Status.WITHDRAWN
                if x < 0.2
                else Enrolment.Status.ACTIVE
            )
            mentor, host = mentors[rng.randrange(len(mentors))]
            placed = rng.random() < 0.9
            w.participant(
                person=pk,
                cohort=cohort,
                programme=ceco if rng.random() < 0.5 else digy,
                status=status,
                entries=rng.randint(spec.entries_per_participant // 2, spec.entries_per_participant * 3 // 2),
                host=host if placed else None,
                mentor=mentor if placed else None,
                reviewer=staff[Role.TRAINER],
                sessions=sessions,
            )
            advance()
    if spec.mooc:
        cohort = w.cohort(
            code=f"mooc-{year - 1}",
            name=f"BIBLIO MOOC {year - 1}",
            programme=mooc,
            country="EU",
            language="en",
            start=dt.date(year - 1, 10, 4),
            end=dt.date(year - 1, 11, 29),
            wb=None,
            places=spec.mooc,
            tracks=[mooc],
        )
        coordinator = w.person("coordinator.mooc@bench.example.org", "Coordinator MOOC")
        w.member(coordinator, cohort, Role.COORDINATOR)
        for i in range(spec.mooc):
            pk = (
                first_people[i]
                if i < len(first_people)
                else w.person(f"m{i}@bench.example.org", _name("it", 900 + i))
            )
            w.participant(
                person=pk,
                cohort=cohort,
                programme=mooc,
                status=Enrolment.Status.COMPLETED if rng.random() < 0.7 else Enrolment.Status.ACTIVE,
                entries=0,
                host=None,
                mentor=None,
                reviewer=coordinator,
                sessions=[],
            )
            advance()
    return w.close()


LANGUAGE = {"lv": "lv", "bg": "bg", "gr": "el", "it": "it"}  # names of a country → its language


def world_seed(size: str) -> int:
    from bench.world import SEED

    return SEED + ["S", "M", "L", "XL"].index(size) if size in ("S", "M", "L", "XL") else SEED


def _name(country: str, i: int) -> str:
    from biblio.demo.names import person_name

    return person_name(country, i)


def _bar(console, quiet: bool):
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description:<32}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=quiet,
    )


def generated_info(size: str, db: str) -> dict | None:
    path = env.BENCH_VAR / f"generated-{db}-{size.lower()}.json"
    return json.loads(path.read_text()) if path.exists() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=env.SIZES, default="S")
    parser.add_argument("--db", choices=env.DBS, default="sqlite")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    env.configure(args.size, args.db)
    prepare(args.size, args.db, fresh=True)  # a world is built into an empty database
    env.setup()
    info = build(args.size, quiet=args.quiet)
    (env.BENCH_VAR / f"generated-{args.db}-{args.size.lower()}.json").write_text(json.dumps(info, indent=2))
    print(
        f"{args.size} on {args.db}: {info['total_rows']:,} rows in {info['seconds']} s "
        f"({info['rows']['Enrolment']:,} enrolments, {info['rows']['HourEntry']:,} hour entries)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
