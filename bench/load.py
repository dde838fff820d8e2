"""Throughput: a bounded load run of mixed participant reads against gunicorn (2 workers, 127.0.0.1 only).

A fixed number of requests from a few client threads, each request a participant's own page or API
call with that participant's session; the run stops by itself and stops the gunicorn it started. The
client shares the machine's two cores with the two workers, so the figure is a lower bound of what two
workers do on a machine of their own.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import env

REQUESTS = 3000
CONCURRENCY = 6
PEOPLE = 60


def _children(pid: int) -> list[int]:
    """The gunicorn workers: child processes of the master."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(c) for c in task.read_text().split()]
    return found


def _cpu(pids: list[int]) -> float:
    """CPU seconds used so far by these processes, all their threads included (utime + stime of
    /proc/<pid>/stat; schedstat would count only the main thread of a threaded worker)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _db_servers() -> list[int]:
    """PostgreSQL server processes of the other connections to this database (the workers', once warm)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _paths() -> list[tuple[str, int]]:
    """(path, weight) of the participant reads, those built so far."""
    from django.urls import NoReverseMatch, reverse

    paths = [("/home/", 4), ("/api/v1/me/progress", 4)]
    for name, weight in (("learning:my_progress", 2), ("learning:my_entries", 1)):
        with contextlib.suppress(NoReverseMatch):
            paths.append((reverse(name), weight))
    return paths


def _sessions(bench) -> list[str]:
    """Session cookies of PEOPLE active participants of the benchmarked cohort (made in the database)."""
    from biblio.learning.models import Enrolment

    people = (
        Enrolment.objects.filter(cohort=bench.cohort, status=Enrolment.Status.ACTIVE)
        .select_related("person")
        .order_by("pk")[:PEOPLE]
    )
    cookies = []
    for e in people:
        client = bench.client(e.person)
        cookies.append(client.cookies["sessionid"].value)
    return cookies


def _wait(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/__bench/constant/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def run(size: str, db: str, bench, *, requests: int = REQUESTS, concurrency: int = CONCURRENCY) -> dict:
    cookies = _sessions(bench)
    paths = _paths()
    rng = random.Random(5)
    plan = [
        (rng.choices([p for p, _ in paths], [w for _, w in paths])[0], rng.choice(cookies))
        for _ in range(requests)
    ]
    port = _free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(gunicorn),
            "bench.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(env.ROOT),
            "--log-level",
            "warning",
            "--timeout",
            "60",
            *os.environ.get("BENCH_GUNICORN_ARGS", "").split(),
        ],
        env={**os.environ, "BENCH_SIZE": size, "BENCH_DB": db},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    position = iter(range(len(plan)))

    def worker() -> None:
        while True:
            with lock:
                i = next(position, None)
            if i is None:
                return
            path, cookie = plan[i]
            t0 = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status == 200
            except OSError as exc:
                ok, response = False, exc
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(f"{path}: {getattr(response, 'status', response)}")

    try:
        _wait(port)
        for path, _w in paths:  # warm both workers' caches
            for cookie in cookies[:4]:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
                conn.getresponse().read()
        workers = _children(proc.pid) + _db_servers()
        cpu0 = _cpu(workers)
        started = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - started
        worker_cpu = _cpu(workers) - cpu0
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the gunicorn this run started, and its workers
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    from bench.run import percentile

    result = {
        "requests": len(latencies),
        "concurrency": concurrency,
        "workers": 2,
        "seconds": round(seconds, 1),
        "rps": round(len(latencies) / seconds, 1),
        "median_ms": round(sorted(latencies)[len(latencies) // 2], 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "errors": len(errors),
        "error_examples": errors[:3],
        "mix": {p: w for p, w in paths},
        # The workers' CPU per request, and what two workers on two cores of their own would serve
        # (the run itself shares the cores with the client and, here, with other people's jobs).
        "worker_cpu_ms_per_request": round(worker_cpu * 1000 / max(len(latencies), 1), 2),
        "rps_on_two_free_cores": round(2 * len(latencies) / worker_cpu, 1) if worker_cpu else None,
    }
    print(
        f"  Throughput: {result['rps']} requests/s, p95 {result['p95_ms']} ms, {result['errors']} errors; "
        f"{result['worker_cpu_ms_per_request']} ms of CPU per request (workers and their database "
        f"server processes) → {result['rps_on_two_free_cores']} requests/s on two free cores",
        flush=True,
    )
    return result
