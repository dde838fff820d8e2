"""Markup planted in every free-text field of the BIBLIO demo never reaches a page unescaped.

Every text column of every Biblio model (names, titles, notes, comments, descriptions, reasons…) gets
`"'<xN>` appended, N naming the model and field. Then each demo role walks the site by following links,
and every HTML page is searched for a raw `<xN>`: one found is markup a browser would parse."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from biblio.accounts.models import Person

from .authz_world import analyze
from .crawl import crawl

pytestmark = [pytest.mark.django_db]

ROLES = [
    "admin@example.org",
    "coordinator.lv@example.org",
    "trainer.lv@example.org",
    "moderator.lv@example.org",
    "mentor.lv@example.org",
    "participant.lv@example.org",
    "participant.gr@example.org",
    None,  # anonymous
]
# Values with meaning to the code (identifiers, codes, zones, hashes): markup there would break the
# data itself, not test the pages.
NOT_FREE_TEXT = {
    "password",
    "email",
    "code",
    "key",
    "slug",
    "number",
    "timezone",
    "language",
    "country",
    "preferred_language",
    "calendar_token",
    "key_hash",
    "key_prefix",
    "secret",
    "verb",
    "object_type",
    "object_id",
    "content_type",
    "kind",
    "mode",
    "status",
    "name_en",
    "version",
    "moment",
    "role",
    "scope",
    "method",
    "result",
    "category",
    "difficulty",
    "group",
    "lat",
    "lon",
    "level",
    "title_en",
}
MARK = re.compile(r"<x(\d+)>")
ESCAPED = re.compile(r"&lt;x(\d+)&gt;")


def plant_markup() -> dict[int, str]:
    """Append `"'<xN>` to every free-text column; returns N → "app.Model.field"."""
    planted: dict[int, str] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("biblio.") or model is None:
            continue
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.CharField | models.TextField) or isinstance(
                f, models.SlugField | models.EmailField | models.URLField
            ):
                continue
            if f.choices or f.name in NOT_FREE_TEXT or f.primary_key or f.unique:
                continue
            n = len(planted) + 1
            payload = f"\"'<x{n}>"
            if f.max_length is not None and f.max_length < len(payload) + 3:
                continue
            value = (
                Concat(Substr(F(f.name), 1, f.max_length - len(payload)), Value(payload))
                if f.max_length
                else Concat(F(f.name), Value(payload))
            )
            manager = model._base_manager
            if model is Person:
                manager = Person.objects.exclude(email="")
            models.QuerySet.update(manager.all(), **{f.name: value})
            planted[n] = f"{model._meta.label}.{f.name}"
    return planted


def test_planted_markup_is_escaped_on_every_page(client):
    from tests.demo_snapshot import load_demo

    load_demo()
    planted = plant_markup()
    analyze()
    assert len(planted) > 60
    leaks: dict[str, set[str]] = {}
    visited, shown, routes = 0, set(), set()
    for email in ROLES:
        client.logout()
        if email:
            client.force_login(Person.objects.get(email=email))
        result = crawl(client, ["/home/" if email else "/programmes/", "/programmes/", "/map/", "/profile/"])
        for page in result.html_pages():
            visited += 1
            routes.add(page.route)
            shown |= {planted[int(n)] for n in ESCAPED.findall(page.body)}
            for n in set(MARK.findall(page.body)):
                leaks.setdefault(planted[int(n)], set()).add(f"{email or 'anonymous'} {page.url}")
        errors = [f"{p.status} {p.url}" for p in result.pages if p.status >= 500]
        assert errors == [], f"{email}: server errors {errors}"
    print(f"{visited} pages, {len(routes)} URL patterns, {len(shown)} of {len(planted)} planted fields shown")
    assert visited > 100 and len(shown) > 30  # the markup did reach the pages, escaped
    assert leaks == {}
