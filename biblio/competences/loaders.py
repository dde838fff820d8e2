"""Load competence frameworks and role profiles from Biblio's JSON data files (idempotent).

The files are the source of truth for the versions they name: loading twice gives the same rows.
A framework version that is already in use keeps its row ids, so past self-assessments keep
pointing at the competences they rated. A newly loaded version only becomes the current one
when its framework has no current version yet (an administrator adopts newer ones).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from .models import (
    Competence,
    CompetenceFramework,
    ProficiencyLevel,
    ProfileRequirement,
    RoleProfile,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
FRAMEWORK_FILES = ["digcomp-2.2.json", "entrecomp-1.0.json", "ecf-4.0.json"]
PROFILES_FILE = "profiles.json"
TRANSLATIONS_DIR = DATA_DIR / "translations"


def content_translations(folder: Path = TRANSLATIONS_DIR) -> dict[str, dict]:
    """Titles and descriptions in other languages, from `translations/<lang>.json`, regrouped per object:
    {"frameworks": {slug: {"levels": {number: {lang: {...}}}, "competences": {code: {lang: {...}}}}},
    "profiles": {code: {lang: {"title": …, "description": …, "reasons": {"digcomp 2.1": …}}}}}.
    Codes are the keys, so one file serves every version of a framework that keeps its codes."""
    merged: dict[str, dict] = {"frameworks": {}, "profiles": {}}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        lang = path.stem
        data = json.loads(path.read_text(encoding="utf-8"))
        for slug, parts in data.get("frameworks", {}).items():
            framework = merged["frameworks"].setdefault(slug, {"levels": {}, "competences": {}})
            for part in ("levels", "competences"):
                for key, fields in parts.get(part, {}).items():
                    framework[part].setdefault(str(key), {})[lang] = fields
        for code, fields in data.get("profiles", {}).items():
            merged["profiles"].setdefault(code, {})[lang] = fields
    return merged


@transaction.atomic
def framework_load_json(path: Path) -> CompetenceFramework:
    """Create or update one framework version from a JSON file; codes are the natural keys."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    translated = content_translations()["frameworks"].get(data["slug"], {"levels": {}, "competences": {}})
    has_current = CompetenceFramework.objects.filter(slug=data["slug"], is_current=True).exists()
    framework, _ = CompetenceFramework.objects.update_or_create(
        slug=data["slug"],
        version=data["version"],
        defaults={
            "name": data["name"],
            "title": data.get("title", ""),
            "publisher": data.get("publisher", ""),
            "licence": data.get("licence", ""),
            "unverified_titles": bool(data.get("unverified_titles", False)),
            "notes": data.get("note", ""),
        },
        create_defaults={
            "name": data["name"],
            "title": data.get("title", ""),
            "publisher": data.get("publisher", ""),
            "licence": data.get("licence", ""),
            "unverified_titles": bool(data.get("unverified_titles", False)),
            "notes": data.get("note", ""),
            "is_current": not has_current,
        },
    )
    for level in data.get("levels", []):
        ProficiencyLevel.objects.update_or_create(
            framework=framework,
            number=level["number"],
            defaults={
                "code": level.get("code", str(level["number"])),
                "title": level["title"],
                "group": level.get("group", ""),
                "descriptor": level.get("descriptor", ""),
                "translations": translated["levels"].get(str(level["number"]), {}),
            },
        )
    order = 0
    for area in data.get("areas", []):
        order += 1
        area_obj, _ = Competence.objects.update_or_create(
            framework=framework,
            code=area["code"],
            defaults={
                "title": area["title"],
                "description": area.get("description", ""),
                "is_area": True,
                "parent": None,
                "level_descriptors": area.get("level_descriptors", {}),
                "order": order,
                "translations": translated["competences"].get(area["code"], {}),
            },
        )
        for comp in area.get("competences", []):
            order += 1
            Competence.objects.update_or_create(
                framework=framework,
                code=comp["code"],
                defaults={
                    "title": comp["title"],
                    "description": comp.get("description", ""),
                    "is_area": False,
                    "parent": area_obj,
                    "level_descriptors": {str(k): v for k, v in comp.get("level_descriptors", {}).items()},
                    "order": order,
                    "translations": translated["competences"].get(comp["code"], {}),
                },
            )
    return framework


def current_framework(slug: str) -> CompetenceFramework | None:
    """The version of `slug` that profiles and new data refer to."""
    return (
        CompetenceFramework.objects.filter(slug=slug, is_current=True).order_by("-created_at").first()
        or CompetenceFramework.objects.filter(slug=slug).order_by("-created_at").first()
    )


@transaction.atomic
def profiles_load_json(path: Path) -> list[RoleProfile]:
    """Create or update role profiles and their requirements (against the current framework versions)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    translated = content_translations()["profiles"]
    frameworks: dict[str, CompetenceFramework | None] = {}
    profiles = []
    for item in data:
        profile, _ = RoleProfile.objects.update_or_create(
            code=item["code"],
            defaults={
                "title": item["title"],
                "description": item.get("description", ""),
                "notes": item.get("note", ""),
                "translations": translated.get(item["code"], {}),
            },
        )
        for req in item.get("requirements", []):
            if req["framework"] not in frameworks:
                frameworks[req["framework"]] = current_framework(req["framework"])
            competence = Competence.objects.get(framework=frameworks[req["framework"]], code=req["code"])
            ProfileRequirement.objects.update_or_create(
                profile=profile,
                competence=competence,
                defaults={"target_level": req["target_level"], "rationale": req.get("why", "")[:300]},
            )
        profiles.append(profile)
    return profiles


def load_all() -> None:
    """Every bundled framework, then the profiles."""
    for name in FRAMEWORK_FILES:
        framework_load_json(DATA_DIR / name)
    profiles_load_json(DATA_DIR / PROFILES_FILE)
