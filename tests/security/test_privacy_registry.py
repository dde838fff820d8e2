"""Every model and field that can hold personal data is classified in the privacy registry.

A new model with a link to a person (directly or through an enrolment, a project idea…) or a new field
on such a model fails here until biblio/core/privacy/registry.py says what export and erasure do with it."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from biblio.core.privacy.registry import BY_MODEL, entries

PERSON = settings.AUTH_USER_MODEL


def biblio_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("biblio.") and not m._meta.proxy]


def label(model) -> str:
    return model._meta.label


def owned_labels() -> set[str]:
    return {e.model for e in entries() if e.owner is not None}


def linked_to_a_person(model) -> list[models.Field]:
    """Foreign keys of `model` that lead to a person or to a record that is about a person."""
    owned = owned_labels()
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and (label(f.related_model) == PERSON or label(f.related_model) in owned)
    ]


@pytest.mark.parametrize("model", biblio_models(), ids=label)
def test_models_linked_to_people_are_registered(model):
    if linked_to_a_person(model) or label(model) == PERSON:
        assert label(model) in BY_MODEL, f"{label(model)} links to a person: add it to the privacy registry"


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.model)
def test_every_field_of_a_registered_model_is_classified(entry):
    model = entry.model_class
    fields = {f.name for f in model._meta.concrete_fields}
    unclassified = fields - entry.classified()
    assert not unclassified, f"{entry.model}: classify {sorted(unclassified)} in the privacy registry"
    assert not (entry.classified() - fields), f"{entry.model}: the registry names fields that do not exist"


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.model)
def test_owner_paths_lead_to_a_person_and_links_to_people_are_owner_or_actor(entry):
    model = entry.model_class
    if entry.owner:
        assert label(model._meta.get_field(entry.owner.split("__")[0]).related_model) is not None
        target = model
        for hop in entry.owner.split("__"):
            target = target._meta.get_field(hop).related_model
        assert label(target) == PERSON
    owner_hop = entry.owner.split("__")[0] if entry.owner else None
    for f in linked_to_a_person(model):
        assert f.name == owner_hop or f.name in entry.actors or f.name in entry.keep, (
            f"{entry.model}.{f.name}: say whether it names the person the row is about or someone who acted"
        )


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.model)
def test_free_text_about_the_person_is_erased_or_kept_on_purpose(entry):
    """Every text or file field of an owned row is either erased/deleted or listed in `keep` (reviewed)."""
    if entry.owner is None or entry.delete:
        return
    model = entry.model_class
    for f in model._meta.concrete_fields:
        if isinstance(f, models.FileField):
            assert f.name in entry.files, f"{entry.model}.{f.name}: files must be exported and deleted"


def test_erase_values_fit_their_fields():
    for entry in entries():
        if entry.owner == "":
            continue
        model = entry.model_class
        for name, value in entry.erase.items():
            f = model._meta.get_field(name)
            if isinstance(value, str) and getattr(f, "max_length", None):
                assert len(value) <= f.max_length
            if value is None:
                assert f.null, f"{entry.model}.{name} cannot be null"
