"""The hour-entry API's input schemas: creating and changing an entry take the same five fields, validated
and documented alike; creating adds the enrolment. And the OpenAPI document shows each endpoint its own
schema: components are keyed by class name, so two different schemas must not share one."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from ninja import Schema

import biblio.api.api  # noqa: F401 — every router's schemas are defined
from biblio.api.routers.learning.entries import HourEntryFields, HourEntryIn, HourEntryUpdateIn

SHARED = ["mode", "date", "minutes", "module_id", "note"]


@pytest.fixture(scope="module")
def document(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def test_create_and_update_share_the_five_fields():
    assert list(HourEntryFields.model_fields) == SHARED
    assert list(HourEntryUpdateIn.model_fields) == SHARED
    assert list(HourEntryIn.model_fields) == [*SHARED, "enrolment_id"]


def test_both_validate_the_shared_fields_alike():
    bad = {"mode": "online", "date": "not a date", "minutes": 2**40, "module_id": 0, "note": ""}
    errors = {}
    for schema, data in ((HourEntryIn, {**bad, "enrolment_id": 1}), (HourEntryUpdateIn, bad)):
        with pytest.raises(ValueError) as caught:
            schema.model_validate(data)
        errors[schema] = sorted((e["loc"], e["type"]) for e in caught.value.errors())
    assert errors[HourEntryIn] == errors[HourEntryUpdateIn]
    assert [loc for loc, _type in errors[HourEntryIn]] == [("date",), ("minutes",), ("module_id",)]


def test_the_document_shows_the_entry_endpoints_their_own_schemas(document):
    paths, components = document["paths"], document["components"]["schemas"]

    def body(path: str, method: str) -> dict:
        ref = paths[path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return components[ref.rsplit("/", 1)[1]]

    created = body("/api/v1/learning/entries", "post")
    changed = body("/api/v1/learning/entries/{entry_id}", "put")
    assert list(created["properties"]) == [*SHARED, "enrolment_id"]
    assert list(changed["properties"]) == SHARED
    assert {k: created["properties"][k] for k in SHARED} == changed["properties"]
    assert created["required"] == ["mode", "date", "minutes", "enrolment_id"]
    assert changed["required"] == ["mode", "date", "minutes"]
    # The workplace logbook's own entry schema stays its own.
    logged = body("/api/v1/workplace/logbooks/{enrolment_id}/entries", "post")
    assert "activity_id" in logged["properties"] and "mode" not in logged["properties"]


def test_no_two_different_api_schemas_share_a_name():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    by_name = defaultdict(set)
    for schema in subclasses(Schema):
        if schema.__module__.startswith("biblio."):
            by_name[schema.__name__].add(json.dumps(schema.model_json_schema(), sort_keys=True))
    assert {name for name, shapes in by_name.items() if len(shapes) > 1} == set()
