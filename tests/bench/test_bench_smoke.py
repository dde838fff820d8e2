"""The benchmark still runs: a tiny world is generated, every page and operation of the harness is timed
once or twice, the SQL floors answer, and the report renders. Speed is never asserted here (issue #9:
targets live in the benchmark, not in timed tests)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q

from bench import floor, ops, report
from bench.generate import populate
from bench.run import NOT_BUILT, Bench, percentile
from bench.world import Spec, shares
from biblio.learning.models import Enrolment, HourEntry
from biblio.learning.progress import progress_for
from biblio.programmes.models import Cohort

TINY = Spec(participants=10, entries_per_participant=10, countries=2, mooc=4)


@pytest.fixture
def world(db, settings):
    settings.ROOT_URLCONF = "bench.urls"
    return populate(TINY, seed=1, today=dt.date.today())


def test_shares_sum_to_the_total_biggest_first():
    counts = shares(10_000, 20)
    assert sum(counts) == 10_000
    assert counts == sorted(counts, reverse=True)


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile([7.0], 95) == 7.0


def test_generated_rows_follow_the_factories_rules(world):
    assert world["Enrolment"] == TINY.participants + TINY.mooc
    assert Cohort.objects.filter(code__startswith="lv-").exists()
    entries = HourEntry.objects.all()
    assert entries.count() == world["HourEntry"] > 0
    assert not entries.filter(Q(minutes__lt=1) | Q(minutes__gt=720)).exists()
    reviewed = entries.exclude(status=HourEntry.Status.SUBMITTED)
    assert reviewed.exists()
    assert not reviewed.filter(Q(reviewed_at__isnull=True) | Q(reviewed_by__isnull=True)).exists()
    assert not Enrolment.objects.filter(status=Enrolment.Status.COMPLETED, completed_at__isnull=True).exists()
    # Generated rows read back through the foundation like any other.
    enrolments = list(Enrolment.objects.select_related("cohort").exclude(cohort__programme__kind="mooc"))
    progress = progress_for(enrolments)
    assert any(p.credited_minutes > 0 for p in progress.values())


def test_the_floor_matches_progress_for(world):
    enrolment = (
        Enrolment.objects.select_related("cohort")
        .filter(status=Enrolment.Status.ACTIVE, cohort__code__startswith="lv-")
        .first()
    )
    expected = progress_for([enrolment])[enrolment.pk]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(floor.OWN_PROGRESS, {"person": enrolment.person_id})
        rows = {(r[0], r[1]): r for r in cursor.fetchall()}
    for mode in expected.modes:
        _id, _mode, budget, approved, pending, recognised = rows[(enrolment.pk, mode.mode)]
        assert (budget, approved, pending, recognised) == (
            mode.budget_minutes,
            mode.approved_minutes,
            mode.pending_minutes,
            mode.recognised_minutes,
        )


def test_the_harness_times_every_page_and_operation(world, monkeypatch):
    monkeypatch.setattr(ops, "OPS_PARTICIPANTS", 3)
    monkeypatch.setattr(ops, "IMPORT_ROWS", 40)
    monkeypatch.setattr(ops, "IMPORT_FILE_ROWS", 20)
    bench = Bench("S", "sqlite", n=1, ops={"bulk_approve", "issue", "import"})
    bench.results["meta"] = {
        "size": "S", "db": "test", "database_version": "", "git": "", "when": "", "python": "",
        "django": "", "cpus": 2, "load_average": 0, "generated": None,
        "cohort": {"code": bench.cohort.code, "participants": 1},
    }  # fmt: skip
    bench.pages()
    bench.operations()
    pages, done = bench.results["pages"], bench.results["ops"]
    for key in ("dashboard", "roster", "roster_api", "home", "progress_api", "map_geojson", "export_xlsx"):
        figure = pages[key]
        if figure.get("status") == NOT_BUILT:
            continue
        assert figure["median_ms"] > 0 and figure["p95_ms"] >= figure["median_ms"]
        assert figure["queries"] > 0
        assert figure["x_sql"] > 0 and figure["x_constant"] > 0
    assert pages["dashboard"]["x_core"] > 0  # the floor of sessions 1–2, beside the whole page's
    assert "the core floor" in report.markdown(bench.results)
    assert done["bulk_approve"]["runs"] and done["bulk_approve"]["seconds"] >= 0
    assert done["issue"].get("issued") == 3, done["issue"]
    assert done["import"]["imported"] == 40
    assert done["export_all"]["peak_mb"] > 0
    text = report.markdown(bench.results)
    assert "| Participant home |" in text
    assert "Issuing 1 000 certificates" in text
    # Everything was rolled back: the world is as generated.
    assert Enrolment.objects.count() == world["Enrolment"]


def test_the_bulk_load_pauses_the_totals_triggers_and_the_rebuild_catches_up(db):
    """The generator loads with the totals' triggers paused (one row at a time would be millions of
    upserts at XL) and rebuilds the totals after: they come out as the triggers would have kept them."""
    from django.db import transaction

    from bench import bulk
    from bench.world import World
    from biblio.learning import totals
    from biblio.learning.models import HourTotal

    before = totals.installed_triggers()
    assert before, "the totals' triggers are installed by the migrations"
    with transaction.atomic():
        with bulk.triggers_off(World.MODELS) as paused:
            assert paused
            populate(TINY, seed=1, today=dt.date.today())
        assert not HourTotal.objects.exists()  # nothing fired during the load
        assert totals.installed_triggers() == before  # and the triggers are back
        assert totals.rebuild(fix=True).differences > 0
        assert totals.rebuild(fix=False).differences == 0
        # From now on the triggers keep the totals again.
        entry = HourEntry.objects.filter(status=HourEntry.Status.APPROVED).first()
        entry.minutes += 30
        entry.save(update_fields=["minutes"])
        assert totals.rebuild(fix=False).differences == 0
