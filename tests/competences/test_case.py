"""CASE 1.1 export: valid against 1EdTech's CFPackage schema, with the hierarchy as isChildOf."""

from __future__ import annotations

import json
import uuid

import jsonschema
import pytest

from biblio.competences.interop.case import case_package
from biblio.competences.interop.importing import framework_import
from biblio.competences.models import CompetenceFramework
from biblio.competences.selectors import framework_bundle

from .conftest import CASE_SCHEMA, shared_file

pytestmark = pytest.mark.django_db


def validate(package: dict) -> None:
    schema = json.loads(shared_file(CASE_SCHEMA).read_text())
    jsonschema.Draft201909Validator(schema, format_checker=jsonschema.FormatChecker()).validate(package)


@pytest.mark.parametrize(
    ("slug", "items", "areas"), [("digcomp", 26, 5), ("entrecomp", 18, 3), ("ecf", 46, 5)]
)
def test_bundled_frameworks_export_valid_case(bundled, slug, items, areas):
    package = case_package(framework_bundle(CompetenceFramework.objects.get(slug=slug)))
    validate(package)
    assert len(package["CFItems"]) == items
    assert sum(i["CFItemType"] == "Area" for i in package["CFItems"]) == areas
    doc = package["CFDocument"]
    children = [a for a in package["CFAssociations"] if a["associationType"] == "isChildOf"]
    assert len(children) == items
    assert sum(a["destinationNodeURI"]["identifier"] == doc["identifier"] for a in children) == areas
    for ident in [doc["identifier"], *(i["identifier"] for i in package["CFItems"])]:
        assert uuid.UUID(ident).version == 5
    rubric = package["CFRubrics"][0]
    assert len(rubric["CFRubricCriteria"]) == items - areas


def test_digcomp_details(bundled):
    package = case_package(framework_bundle(CompetenceFramework.objects.get(slug="digcomp")))
    doc = package["CFDocument"]
    assert (doc["version"], doc["caseVersion"], doc["adoptionStatus"]) == ("2.2", "1.1", "Adopted")
    assert doc["licenseURI"]["uri"] == "https://creativecommons.org/licenses/by/4.0/"
    item = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "2.1")
    assert item["fullStatement"] == "Interacting through digital technologies"
    assert item["uri"].endswith("/competences/frameworks/digcomp/2.2/#c-2.1")
    parent = next(
        a for a in package["CFAssociations"] if a["originNodeURI"]["identifier"] == item["identifier"]
    )
    assert parent["destinationNodeURI"]["title"] == "Communication and collaboration"
    criterion = next(
        c
        for c in package["CFRubrics"][0]["CFRubricCriteria"]
        if c["CFItemURI"]["identifier"] == item["identifier"]
    )
    levels = {lv["score"]: lv for lv in criterion["CFRubricCriterionLevels"]}
    assert len(levels) == 8 and levels[5]["description"].startswith(
        "Uses a range of digital channels"
    )  # the competence's own descriptor
    # Same version, same identifiers: another system can update what it imported.
    again = case_package(framework_bundle(CompetenceFramework.objects.get(slug="digcomp")))
    assert again == package


def test_cross_references_become_is_related_to(moodle_example):
    framework = framework_import(actor=None, data=moodle_example).framework
    package = case_package(framework_bundle(framework))
    validate(package)
    related = [a for a in package["CFAssociations"] if a["associationType"] == "isRelatedTo"]
    assert sum(a["originNodeURI"]["title"] == "Level 1" for a in related) == 39
