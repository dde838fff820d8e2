"""Timed operations, each inside a transaction that is rolled back (the database stays as generated).

- bulk approval of 1 000 waiting entries (learning's `hour_entries_approve_bulk`, as a trainer);
- issuing 1 000 certificates, PDFs and signed credentials (recognition's `issue_many`, as the coordinator);
- importing 100 000 participants: the one participant import built is the Moodle MOOC-completion CSV
  import (learning's `mooc_completions_import`, 20 000 rows per file at most), so: five files of
  20 000 rows, matched by e-mail to 100 000 people, each becoming a completed MOOC participant.

The fixtures (1 000 participants who meet every completion rule, 100 000 people) are bulk-inserted by
the generator's code in the same transaction; their setup time is reported apart, never in the figure.
E-mails are queued on commit, so a rolled-back run sends none (the figures exclude sending).
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bench.run import NOT_BUILT, _backend, cpu_seconds, peak_memory

IMPORT_ROWS = 100_000
IMPORT_FILE_ROWS = 100_000  # at most the service's MAX_ROWS per file (20 000 before it went set-based)
OPS_PARTICIPANTS = 1_000


class _Rollback(Exception):
    pass


def _service(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _scale(result: dict, done: int, full: int) -> None:
    """When run at a fraction of its size (--ops-scale), say so and extrapolate linearly to the full size."""
    if done == full:
        return
    factor = full / done
    result["scaled"] = f"ran {done:,} of {full:,}; seconds extrapolated ×{factor:g}"
    result["measured_seconds"], result["measured_cpu_seconds"] = result["seconds"], result.get("cpu_seconds")
    result["seconds"] = round(result["seconds"] * factor, 1)
    for key in ("cpu_seconds", "two_core_seconds", "worker_cpu_seconds"):
        if result.get(key) is not None:
            result[key] = round(result[key] * factor, 1)


def ops_cohort(n: int = OPS_PARTICIPANTS) -> dict:
    """A cohort of `n` participants who meet every completion rule and have one entry waiting each."""
    from bench.world import World
    from biblio.accounts.models import Role
    from biblio.programmes.models import Organisation

    w = World(random.Random(7), timezone.localdate())
    ceco, digy = w.programmes["biblio-ceco"], w.programmes["biblio-digy"]
    year = w.year
    cohort = w.cohort(
        code=f"bench-ops-{year}",
        name="Benchmark operations",
        programme=ceco,
        country="LV",
        language="lv",
        start=dt.date(year, 2, 2),
        end=dt.date(year, 11, 30),
        wb=(dt.date(year, 8, 24), dt.date(year, 10, 23)),
        places=n,
        tracks=[ceco, digy],
    )
    people = {
        role: w.person(f"{role}.ops@bench.example.org", f"{role.title()} Ops", country="LV")
        for role in (Role.COORDINATOR, Role.TRAINER, Role.MENTOR)
    }
    for role, pk in people.items():
        w.member(pk, cohort, role)
    host = Organisation.objects.order_by("pk").values_list("pk", flat=True).first()
    sessions = w.sessions(cohort, n_f2f=0, n_web=0)
    for i in range(n):
        person = w.person(f"ops{i}@bench.example.org", f"Ops Participant {i:04d}", country="LV")
        w.participant(
            person=person,
            cohort=cohort,
            programme=ceco if i % 2 else digy,
            status="active",
            entries=0,
            host=host,
            mentor=people[Role.MENTOR],
            reviewer=people[Role.TRAINER],
            sessions=sessions,
            eligible=True,
            pending=1,
        )
    w.close()
    return {"cohort": cohort, **{str(k): v for k, v in people.items()}}


def bulk_approve(bench) -> dict:
    label = "Bulk approval of 1 000 entries"
    approve = _service("biblio.learning.services.entries", "hour_entries_approve_bulk")
    if approve is None:
        return {"label": label, "status": NOT_BUILT}
    from biblio.accounts.models import Person
    from biblio.learning.models import HourEntry

    samples, cpu, setup = [], [], 0.0
    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            made = ops_cohort(OPS_PARTICIPANTS)
            setup = time.perf_counter() - t0
            trainer = Person.objects.get(pk=made["trainer"])
            ids = list(
                HourEntry.objects.filter(enrolment__cohort_id=made["cohort"], status="submitted").values_list(
                    "pk", flat=True
                )[:OPS_PARTICIPANTS]
            )
            backend = _backend()
            for _ in range(3):
                sid = transaction.savepoint()
                t0, c0 = time.perf_counter(), cpu_seconds(backend)
                approved, _skipped = approve(actor=trainer, entry_ids=ids)
                samples.append(time.perf_counter() - t0)
                cpu.append(cpu_seconds(backend) - c0)
                transaction.savepoint_rollback(sid)
                if approved != len(ids) or len(ids) != OPS_PARTICIPANTS:
                    raise RuntimeError(f"bulk approval approved {approved} of {len(ids)}")
            raise _Rollback
    except _Rollback:
        pass
    result = {
        "label": label,
        "seconds": round(sorted(samples)[1], 2),
        "cpu_seconds": round(sorted(cpu)[1], 2),
        "runs": [round(s, 2) for s in samples],
        "setup_seconds": round(setup, 1),
    }
    _scale(result, OPS_PARTICIPANTS, 1_000)
    return result


def issue(bench) -> dict:
    label = "Issuing 1 000 certificates"
    issue_many = _service("biblio.recognition.issuing", "issue_many")
    if issue_many is None:
        return {"label": label, "status": NOT_BUILT}
    from biblio.accounts.models import Person
    from biblio.learning.models import Enrolment

    ensure_key = _service("biblio.recognition.keys", "ensure")
    if ensure_key is not None:
        ensure_key()  # the issuer's signing key, made once under this database's var dir
    media = Path(settings.MEDIA_ROOT) / "credentials"
    result: dict = {"label": label}
    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            made = ops_cohort(OPS_PARTICIPANTS)
            result["setup_seconds"] = round(time.perf_counter() - t0, 1)
            coordinator = Person.objects.get(pk=made["coordinator"])
            enrolments = list(
                Enrolment.objects.filter(cohort_id=made["cohort"]).select_related("cohort").order_by("pk")
            )
            backend = _backend()
            t0, c0 = time.perf_counter(), cpu_seconds(backend)
            report = issue_many(enrolments, actor=coordinator)
            result["seconds"] = round(time.perf_counter() - t0, 2)
            own = cpu_seconds(backend) - c0
            # A large batch canonicalises and renders in worker processes (recognition.workers): their
            # CPU counts too; on two free cores the run takes about max(this process, all of it / 2).
            workers = getattr(report, "worker_cpu_seconds", 0.0) or 0.0
            result["cpu_seconds"] = round(own + workers, 2)
            result["worker_cpu_seconds"] = round(workers, 2)
            result["two_core_seconds"] = round(max(own, (own + workers) / 2), 2)
            _scale(result, OPS_PARTICIPANTS, 1_000)
            result["issued"] = len(report.issued)
            if report.skipped:
                result["skipped_example"] = next(iter(report.skipped.values()))[:2]
            raise _Rollback
    except _Rollback:
        pass
    shutil.rmtree(media, ignore_errors=True)  # the rolled-back certificates' files
    return result


def _csv(emails: list[str], on: dt.date) -> bytes:
    lines = ["First name,Surname,Email address,Course complete,Course complete date"]
    lines += [f"Bench,Person,{e},Completed,{on.isoformat()}" for e in emails]
    return ("\n".join(lines) + "\n").encode()


def import_(bench) -> dict:
    label = "Importing 100 000 participants"
    service = _service("biblio.learning.services.mooc", "mooc_completions_import")
    if service is None:
        return {"label": label, "status": NOT_BUILT}
    from bench.world import World
    from biblio.accounts.models import Person, Role

    per_file = min(IMPORT_FILE_ROWS, _service("biblio.learning.services.mooc", "MAX_ROWS") or 20_000)
    files_n = -(-IMPORT_ROWS // per_file)
    result: dict = {
        "label": label,
        "how": f"{files_n} Moodle CSV file{'s' if files_n > 1 else ''} of {per_file:,} rows",
    }
    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            w = World(random.Random(11), timezone.localdate())
            mooc = w.programmes["biblio-mooc"]
            cohort = w.cohort(
                code="bench-import-mooc",
                name="Benchmark MOOC import",
                programme=mooc,
                country="EU",
                language="en",
                start=w.today - dt.timedelta(days=90),
                end=w.today - dt.timedelta(days=10),
                wb=None,
                places=IMPORT_ROWS,
                tracks=[mooc],
            )
            coordinator = w.person("coordinator.import@bench.example.org", "Coordinator Import")
            w.member(coordinator, cohort, Role.COORDINATOR)
            emails = [f"import{i}@bench.example.org" for i in range(IMPORT_ROWS)]
            for e in emails:
                w.person(e, "Bench Person")
            w.close()
            result["setup_seconds"] = round(time.perf_counter() - t0, 1)
            actor = Person.objects.get(pk=coordinator)
            from biblio.programmes.models import Cohort

            cohort_obj = Cohort.objects.select_related("programme").get(pk=cohort)
            files = [
                _csv(emails[i : i + per_file], w.today - dt.timedelta(days=20))
                for i in range(0, IMPORT_ROWS, per_file)
            ]
            sid = transaction.savepoint()
            result["peak_mb"] = peak_memory(lambda: service(actor=actor, cohort=cohort_obj, raw=files[0]))
            result["peak_of"] = f"one file of {per_file:,} rows"
            transaction.savepoint_rollback(sid)
            imported = 0
            backend = _backend()
            t0, c0 = time.perf_counter(), cpu_seconds(backend)
            for raw in files:
                report = service(actor=actor, cohort=cohort_obj, raw=raw)
                imported += report.imported
            result["seconds"] = round(time.perf_counter() - t0, 1)
            result["cpu_seconds"] = round(cpu_seconds(backend) - c0, 2)
            _scale(result, IMPORT_ROWS, 100_000)
            result["imported"] = imported
            raise _Rollback
    except _Rollback:
        pass
    return result


OPERATIONS = {"bulk_approve": bulk_approve, "issue": issue, "import": import_}
