"""The authorization matrix: every page and API operation, called as anonymous and as each role, for
objects of their own cohort and of another, against the expected allow or deny in authz_table.

Generated from the URL configuration (django.urls.get_resolver) and the OpenAPI document: a URL or an
operation without a row in the table fails the test. Each call runs in a savepoint that is rolled back,
so one actor's successful action never changes what the next one sees.

Every successful write (not GET) must also have written an audit event in the same transaction.

Outcomes: ALLOWED (2xx, or a redirect that is not to the log-in page and carries no error message),
REFUSED (401, 403, 404, or a redirect to log in) and INVALID (400, 405, 422, or a redirect with an error
message: the input was refused, so nothing was done or shown). An unexpected allow is ALLOWED where the
table says no; an unexpected denial is REFUSED where it says yes. INVALID fits either.
"""

from __future__ import annotations

import copy
import json
from collections import defaultdict

import pytest
from django.contrib.messages import constants
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from biblio.accounts.models import AuditEvent

from . import authz_api
from .authz_table import PAGES, Row
from .authz_world import ACTORS, LEAK_MARKER, World, build

ALLOWED, REFUSED, INVALID = "allowed", "refused", "invalid"
# Successful writes must leave an audit event in the same transaction; these change no record anyone
# audits (a session, a cookie, a draft only its owner sees) or are audited elsewhere by design.
NOT_AUDITED = {
    "set_language",
    "logout",
    "login",
    "password_reset",
    "erasure_cancel",  # audited when there is a request to cancel; the matrix's person has none
    "POST /api/v1/recognition/verify",  # checks a pasted credential, changes nothing
}


def page_names() -> set[str]:
    """Every named URL outside the admin and the API (those have their own checks below)."""

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith(("admin/", "api/")):
                    continue
                ns = ":".join(x for x in [namespace, p.namespace] if x)
                yield from walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                yield f"{namespace}:{p.name}" if namespace else p.name

    return set(walk(get_resolver().url_patterns))


def test_every_page_has_a_row():
    names = page_names()
    assert None not in names, "every URL pattern needs a name to be in the matrix"
    assert sorted(names - set(PAGES)) == [], "pages missing from the authorization matrix"
    assert sorted(set(PAGES) - names) == [], "rows for pages that no longer exist"


def test_every_api_operation_has_a_row(client):
    operations = authz_api.operations(client)
    assert sorted(operations - set(authz_api.API)) == [], "API operations missing from the matrix"
    assert sorted(set(authz_api.API) - operations) == [], "rows for operations that no longer exist"


def classify(response) -> str:
    status = response.status_code
    if status in {401, 403, 404}:
        return REFUSED
    if status in {400, 405, 422}:
        return INVALID
    if 300 <= status < 400:
        location = response.get("Location", "")
        if location.startswith("/login/") or "/login/?" in location:
            return REFUSED
        storage = getattr(response.wsgi_request, "_messages", None)
        queued = getattr(storage, "_queued_messages", []) if storage is not None else []
        if any(m.level >= constants.ERROR for m in queued):
            return INVALID
        return ALLOWED
    if 200 <= status < 300:
        return ALLOWED
    return f"server error {status}"


def shows_owner(response) -> bool:
    """Whether the page or JSON names the matrix's participant (authz_world.LEAK_MARKER)."""
    if getattr(response, "streaming", False):
        return False
    return LEAK_MARKER.encode() in response.content


class Callers:
    """One logged-in client per person, reused across rows."""

    def __init__(self) -> None:
        self.clients: dict[int | None, Client] = {}

    def for_person(self, person) -> Client:
        key = person.pk if person is not None else None
        if key not in self.clients:
            client = Client()
            if person is not None:
                client.force_login(person)
            self.clients[key] = client
        return self.clients[key]


def call(client: Client, method: str, url: str, body=None, json_body: bool = False):
    """One request in a savepoint that is rolled back afterwards; the client's cookies are put back too
    (a log-out or a language change must not carry over to the next row). Returns the response and
    how many audit events the request wrote."""
    savepoint, cookies = transaction.savepoint(), copy.deepcopy(client.cookies)
    before = AuditEvent.objects.count()
    try:
        if json_body:
            response = client.generic(
                method, url, data=json.dumps(body or {}), content_type="application/json"
            )
        elif method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, body or {})
        return response, AuditEvent.objects.count() - before
    finally:
        transaction.savepoint_rollback(savepoint)
        client.cookies = cookies


def run_matrix(
    world: World, rows: dict, url_of, json_body: bool, body_of=lambda name: None
) -> tuple[dict, int]:
    callers = Callers()
    problems: dict[str, list[str]] = defaultdict(list)
    calls = 0
    for name, row in sorted(rows.items()):
        method = name.split(" ", 1)[0] if json_body else row.method
        row = Row(row.subject, row.allowed, method, row.body, row.secret_url, row.granted)
        subject = row.subject(world)
        url = url_of(name, subject)
        people = world.people(subject)
        body = row.body(world) if callable(row.body) else row.body if row.body is not None else body_of(name)
        for actor in ACTORS:
            response, audited = call(callers.for_person(people[actor]), row.method, url, body, json_body)
            calls += 1
            outcome = classify(response)
            if outcome == ALLOWED and row.granted is not None and not row.granted(response):
                outcome = REFUSED  # answered, but did nothing for this person
            expected = actor in row.allowed
            if outcome == ALLOWED and not expected:
                problems["unexpected allow"].append(
                    f"{name} {row.method} {url} as {actor}: {response.status_code}"
                )
            elif outcome == REFUSED and expected:
                problems["unexpected denial"].append(
                    f"{name} {row.method} {url} as {actor}: {response.status_code}"
                )
            elif outcome not in {ALLOWED, REFUSED, INVALID}:
                problems["server error"].append(
                    f"{name} {row.method} {url} as {actor}: {response.status_code}"
                )
            changes = outcome == ALLOWED and row.method != "GET" and name not in NOT_AUDITED
            if changes and not audited:
                problems["change without an audit record"].append(f"{name} {row.method} {url} as {actor}")
            leak_checked = outcome == ALLOWED and not row.secret_url
            if leak_checked and shows_owner(response) and not world.may_see_owner(people[actor]):
                problems["data leak"].append(f"{name} {row.method} {url} shows the participant to {actor}")
    return problems, calls


@pytest.fixture
def world(db) -> World:
    return build()


def section(name: str) -> str:
    """The URL namespace (the app) of a page: the matrix runs one section a test, so the suite's workers
    share the work (each section builds its own world, a copy of the demo)."""
    return name.split(":", 1)[0] if ":" in name else "site"


@pytest.mark.parametrize("part", sorted({section(name) for name in PAGES}))
def test_pages_allow_exactly_whom_the_table_says(world, part):
    rows = {name: row for name, row in PAGES.items() if section(name) == part}
    problems, calls = run_matrix(world, rows, lambda name, s: reverse(name, kwargs=s.kwargs), json_body=False)
    print(f"{calls} page calls")
    report = {kind: sorted(items) for kind, items in problems.items()}
    for kind, items in report.items():
        print(f"--- {kind}: {len(items)}", *items, sep="\n")
    assert report == {}


def test_api_allows_exactly_whom_the_table_says(world, client):
    authz_api.operations(client)  # loads the schema the bodies are made from
    problems, calls = run_matrix(
        world, authz_api.API, authz_api.url_of, json_body=True, body_of=authz_api.body_for
    )
    print(f"{calls} API calls")
    report = {kind: sorted(items) for kind, items in problems.items()}
    for kind, items in report.items():
        print(f"--- {kind}: {len(items)}", *items, sep="\n")
    assert report == {}
