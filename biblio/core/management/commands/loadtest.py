"""`manage.py loadtest`: a bounded load test of a realistic mix of people against gunicorn on 127.0.0.1.

It starts gunicorn (2 workers by default) on this machine's loopback only, with production settings
(DEBUG off), on the configured database, which must hold the demo (`manage.py load_demo`). Each virtual
person logs in through the real form with the demo password, finds the pages their role reaches from
their home page (as they would, by following links), then keeps opening them with a short think time;
participants also save their profile now and then (a write). It stops by itself after --seconds, stops
gunicorn, and prints requests, errors and response times per role. Figures: docs/security.md.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from biblio.accounts.models import Person, Role
from biblio.demo import DEMO_PASSWORD as PASSWORD

LINK = re.compile(r'href="(/[^"#]*)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SKIP = ("/static/", "/logout/", "/i18n/", "/admin/", "/api/")
DOWNLOADS = (".pdf", ".zip", ".csv", ".xlsx", ".ics", ".json", ".geojson", ".svg", ".png")
# The mix: most people using the platform on a given day are participants.
MIX = [(Role.PARTICIPANT, 0.6), (Role.MENTOR, 0.2), (Role.TRAINER, 0.1), (Role.COORDINATOR, 0.1)]


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, role: str, path: str, status: int, seconds: float) -> None:
        with self.lock:
            self.times[role].append(seconds)
            self.statuses[role][status] += 1
            if status >= 500 or status == 0:
                self.errors.append(f"{status} {role} {path}")


class Browser:
    """A minimal cookie-keeping HTTP client (the demo's cookies are Secure: we are on loopback HTTP)."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode(errors="replace")
                break
            except (ConnectionError, http.client.HTTPException, TimeoutError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    return 0, "", ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text


def _pages_of(browser: Browser, start: str, role: str, stats: Stats) -> list[str]:
    """The pages reachable in two clicks from `start` (home, nav, and the lists they link to)."""
    found, queue, seen = [], [start], set()
    while queue and len(found) < 40:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        began = time.monotonic()
        status, _, body = browser.request("GET", path)
        stats.add(role, path, status, time.monotonic() - began)
        if status != 200:
            continue
        found.append(path)
        if len(seen) < 12:
            for link in LINK.findall(body):
                link = unescape(link)
                if (
                    not link.startswith(SKIP)
                    and not urlsplit(link).path.endswith(DOWNLOADS)
                    and link not in seen
                ):
                    queue.append(link)
    return found


def _person_loop(
    port: int, email: str, role: str, stop: float, stats: Stats, think: float, rng: random.Random
):
    browser = Browser(port)
    status, _, body = browser.request("GET", "/login/")
    token = CSRF.search(body)
    if status != 200 or token is None:
        stats.add(role, "/login/", status or 0, 0)
        return
    began = time.monotonic()
    status, _location, _ = browser.request(
        "POST", "/login/", {"csrfmiddlewaretoken": token.group(1), "username": email, "password": PASSWORD}
    )
    stats.add(role, "POST /login/", status if status != 302 else 200, time.monotonic() - began)
    if status != 302:
        stats.errors.append(f"log-in failed for {email}: {status}")
        return
    pages = _pages_of(browser, "/home/", role, stats) or ["/home/"]
    while time.monotonic() < stop:
        if role == Role.PARTICIPANT and rng.random() < 0.05:
            _save_profile(browser, role, stats)
        else:
            path = rng.choice(pages)
            began = time.monotonic()
            status, _, _ = browser.request("GET", path)
            stats.add(role, path, status, time.monotonic() - began)
        time.sleep(rng.uniform(0, 2 * think))


def _save_profile(browser: Browser, role: str, stats: Stats) -> None:
    status, _, body = browser.request("GET", "/profile/")
    token, name = CSRF.search(body), re.search(r'name="full_name"[^>]*value="([^"]*)"', body)
    if token is None or name is None:
        stats.add(role, "/profile/", status or 0, 0)
        return
    language = re.search(r'<option value="(\w+)"[^>]*selected', body)
    began = time.monotonic()
    status, _, _ = browser.request(
        "POST",
        "/profile/",
        {
            "csrfmiddlewaretoken": token.group(1),
            "full_name": unescape(name.group(1)),
            "preferred_language": language.group(1) if language else "en",
        },
    )
    stats.add(role, "POST /profile/", 200 if status == 302 else status, time.monotonic() - began)


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Load-test the demo through gunicorn on 127.0.0.1 with a mix of participants, mentors and staff."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=40, help="Concurrent people (default 40).")
        parser.add_argument("--seconds", type=int, default=60, help="How long to run (default 60).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2).")
        parser.add_argument("--threads", type=int, default=1, help="Threads per gunicorn worker (default 1).")
        parser.add_argument("--port", type=int, default=8199)
        parser.add_argument(
            "--think", type=float, default=1.0, help="Mean think time in seconds (default 1)."
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, people, seconds, workers, threads, port, think, seed, **options):
        if seconds > 1800 or people > 500:
            raise CommandError("This is a bounded test: at most 1800 seconds and 500 people.")
        rng = random.Random(seed)  # noqa: S311 (a reproducible mix, not a secret)
        cast = self._cast(people, rng)
        server = self._start(port, workers, threads)
        stats = Stats()
        try:
            stop = time.monotonic() + seconds
            started = time.monotonic()
            pool = [
                threading.Thread(
                    target=_person_loop,
                    args=(port, email, role, stop, stats, think, random.Random(rng.random())),  # noqa: S311
                    daemon=True,
                )
                for email, role in cast
            ]
            for thread in pool:
                thread.start()
                time.sleep(0.05)  # people arrive over a couple of seconds, not all in one instant
            for thread in pool:
                thread.join(timeout=seconds + 60)
            elapsed = time.monotonic() - started
        finally:
            os.killpg(server.pid, signal.SIGTERM)  # the process group we started: gunicorn and its workers
            server.wait(timeout=30)
        self._report(stats, elapsed, people, workers, threads, think)
        if stats.errors:
            raise CommandError(f"{len(stats.errors)} errors: {stats.errors[:10]}")

    def _cast(self, people: int, rng: random.Random) -> list[tuple[str, str]]:
        by_role = {
            role: list(
                Person.objects.filter(memberships__role=role, is_active=True)
                .values_list("email", flat=True)
                .distinct()
                .order_by("email")
            )
            for role, _share in MIX
        }
        if not by_role[Role.PARTICIPANT]:
            raise CommandError("No demo data: run `manage.py load_demo` on this database first.")
        cast = []
        for role, share in MIX:
            emails = by_role[role] or by_role[Role.PARTICIPANT]
            count = max(1, round(people * share))
            cast += [(emails[i % len(emails)], str(role)) for i in range(count)]
        rng.shuffle(cast)
        return cast[:people]

    def _start(self, port: int, workers: int, threads: int) -> subprocess.Popen:
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "BIBLIO_VAR_DIR": str(settings.VAR_DIR),
            "BIBLIO_LOGIN_FAILURES_PER_ADDRESS": "100000",  # every virtual person comes from 127.0.0.1
        }
        env.pop("BIBLIO_TESTING", None)
        server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "biblio.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/login/", headers={"Host": "127.0.0.1"})
                if conn.getresponse().status == 200:
                    return server
            except OSError:
                time.sleep(0.5)
            if server.poll() is not None:
                raise CommandError("gunicorn did not start (see its output above).")
        os.killpg(server.pid, signal.SIGTERM)
        raise CommandError("gunicorn did not answer within 60 seconds.")

    def _report(self, stats: Stats, elapsed: float, people: int, workers: int, threads: int, think: float):
        total = sum(len(v) for v in stats.times.values())
        every = [t for v in stats.times.values() for t in v]
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        self.stdout.write(
            f"{people} people, {elapsed:.0f} s, gunicorn {workers}×{threads}, {engine}, think {think} s: "
            f"{total} requests, {total / elapsed:.1f}/s, errors {len(stats.errors)}"
        )
        self.stdout.write(
            f"{'role':<12} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}  statuses"
        )
        for role, times in [*sorted(stats.times.items()), ("all", every)]:
            statuses = (
                ", ".join(f"{code}: {n}" for code, n in sorted(stats.statuses[role].items()))
                if role != "all"
                else ""
            )
            self.stdout.write(
                f"{role:<12} {len(times):>8} {statistics.median(times) * 1000:>7.0f} "
                f"{_percentile(times, 95) * 1000:>7.0f} {_percentile(times, 99) * 1000:>7.0f} "
                f"{max(times) * 1000:>7.0f}  {statuses}"
            )
