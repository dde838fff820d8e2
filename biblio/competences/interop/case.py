"""1EdTech CASE 1.1 export: a CFPackage with the CFDocument, one CFItem per area and competence,
`isChildOf` associations for the hierarchy (and `isRelatedTo` for cross-references), the item types
as CFDefinitions and the level descriptors as a CFRubric.

Identifiers are UUID version 5 derived from the framework's slug, version and codes, so exporting
the same version twice gives the same identifiers, and another system can update what it imported.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.urls import reverse

NAMESPACE = uuid.UUID("6f0c54c2-5a43-4c1e-9d0e-6b1a3c2f9b7e")  # Biblio's; never change it
LICENCES = {
    "cc by 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
}


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def case_package(bundle) -> dict:
    """The CFPackage of one framework version (`bundle` from selectors.framework_bundle)."""
    framework, levels, competences = bundle.framework, bundle.levels, bundle.competences
    key = f"{framework.slug}/{framework.version}"
    page = settings.SITE_URL + reverse(
        "competences:framework", kwargs={"slug": framework.slug, "version": framework.version}
    )
    changed = _when(framework.created_at)
    doc_id = _id(key)
    document = {
        "identifier": doc_id,
        "uri": page,
        "caseVersion": "1.1",
        "creator": framework.publisher or "Biblio",
        "title": framework.title or framework.name,
        "lastChangeDateTime": changed,
        "publisher": framework.publisher,
        "description": framework.name,
        "language": "en",
        "version": framework.version,
        "adoptionStatus": "Adopted" if framework.is_current else "Deprecated",
        "notes": framework.notes,
    }
    licence_uri = LICENCES.get(framework.licence.strip().lower())
    if licence_uri:
        document["licenseURI"] = {
            "title": framework.licence,
            "identifier": _id("licence", licence_uri),
            "uri": licence_uri,
        }
    document = {k: v for k, v in document.items() if v != ""}
    doc_link = {"title": document["title"], "identifier": doc_id, "uri": page}

    item_types = {
        True: {"title": "Area", "code": "area", "description": "A competence area of the framework."},
        False: {"title": "Competence", "code": "competence", "description": "A competence."},
    }
    type_defs = {
        is_area: {
            "identifier": _id(key, "type", t["code"]),
            "uri": f"{page}#type-{t['code']}",
            "title": t["title"],
            "description": t["description"],
            "hierarchyCode": "1" if is_area else "2",
            "typeCode": t["code"],
            "lastChangeDateTime": changed,
        }
        for is_area, t in item_types.items()
    }
    links = {}
    items = []
    position: dict[int | None, int] = {}
    for competence in competences:
        item_id = _id(key, "item", competence.code)
        uri = f"{page}#c-{competence.code}"
        links[competence.pk] = {"title": competence.title, "identifier": item_id, "uri": uri}
        position[competence.parent_id] = position.get(competence.parent_id, 0) + 1
        type_def = type_defs[competence.is_area]
        item = {
            "identifier": item_id,
            "uri": uri,
            "fullStatement": competence.title,
            "humanCodingScheme": competence.code,
            "listEnumeration": str(position[competence.parent_id]),
            "CFItemType": type_def["title"],
            "CFItemTypeURI": {
                "title": type_def["title"],
                "identifier": type_def["identifier"],
                "uri": type_def["uri"],
            },
            "notes": competence.description,
            "language": "en",
            "lastChangeDateTime": changed,
        }
        items.append({k: v for k, v in item.items() if v != ""})

    associations = []
    sequence: dict[int | None, int] = {}
    for competence in competences:
        sequence[competence.parent_id] = sequence.get(competence.parent_id, 0) + 1
        parent = links.get(competence.parent_id, doc_link)
        associations.append(
            _association(
                key, "isChildOf", links[competence.pk], parent, changed, page, sequence[competence.parent_id]
            )
        )
    by_code = {c.code: links[c.pk] for c in competences}
    for competence in competences:
        for code in bundle.related.get(competence.pk, []):
            target = by_code.get(code)
            if target is not None:
                associations.append(
                    _association(key, "isRelatedTo", links[competence.pk], target, changed, page)
                )

    package: dict = {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {"CFItemTypes": list(type_defs.values())},
    }
    rubric = _rubric(key, page, changed, framework, levels, competences, links)
    if rubric is not None:
        package["CFRubrics"] = [rubric]
    return package


def _association(key, kind, origin, destination, changed, page, sequence=None) -> dict:
    identifier = _id(key, kind, origin["identifier"], destination["identifier"])
    association = {
        "identifier": identifier,
        "associationType": kind,
        "uri": f"{page}#a-{identifier}",
        "originNodeURI": origin,
        "destinationNodeURI": destination,
        "lastChangeDateTime": changed,
    }
    if sequence is not None:
        association["sequenceNumber"] = sequence
    return association


def _rubric(key, page, changed, framework, levels, competences, links) -> dict | None:
    """Each competence's level descriptors (falling back on the framework's) as a rubric."""
    if not levels:
        return None
    rubric_id = _id(key, "rubric")
    criteria = []
    for position, competence in enumerate((c for c in competences if not c.is_area), start=1):
        criterion_id = _id(key, "criterion", competence.code)
        descriptors = competence.level_descriptors or {}
        criteria.append(
            {
                "identifier": criterion_id,
                "uri": f"{page}#rubric-{competence.code}",
                "category": competence.title,
                "CFItemURI": links[competence.pk],
                "position": position,
                "rubricId": rubric_id,
                "lastChangeDateTime": changed,
                "CFRubricCriterionLevels": [
                    {
                        "identifier": _id(key, "level", competence.code, str(level.number)),
                        "uri": f"{page}#rubric-{competence.code}-{level.number}",
                        "quality": f"{level.code} {level.title}",
                        "description": descriptors.get(str(level.number)) or level.descriptor,
                        "score": level.number,
                        "position": level.number,
                        "rubricCriterionId": criterion_id,
                        "lastChangeDateTime": changed,
                    }
                    for level in levels
                ],
            }
        )
    return {
        "identifier": rubric_id,
        "uri": f"{page}#levels",
        "title": f"{framework.name} {framework.version}: proficiency levels",
        "description": "Level descriptors of each competence.",
        "lastChangeDateTime": changed,
        "CFRubricCriteria": criteria,
    }
