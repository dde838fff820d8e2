"""The catalogue half of the pilot: libraries, competence frameworks, role profiles, programmes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from biblio.competences.loaders import current_framework, load_all
from biblio.competences.models import Competence, RoleProfile
from biblio.programmes.models import (
    HourBudget,
    LearningOutcome,
    Module,
    Organisation,
    Programme,
    ProgrammeModule,
)

PROGRAMMES_DATA = Path(__file__).resolve().parents[1] / "programmes" / "data"


def load_libraries(ctx) -> None:
    rows = json.loads((PROGRAMMES_DATA / "libraries.json").read_text(encoding="utf-8"))
    advance = ctx.progress("Libraries and partners", len(rows))
    for row in rows:
        org, _ = Organisation.objects.update_or_create(
            key=row["key"],
            defaults={
                "name": row["name"],
                "name_en": row.get("name_en", ""),
                "kind": row["kind"],
                "country": row["country"],
                "region": row.get("region", ""),
                "city": row["city"],
                "lat": Decimal(str(row["lat"])).quantize(Decimal("0.00001")),
                "lon": Decimal(str(row["lon"])).quantize(Decimal("0.00001")),
                "website": row.get("website", ""),
            },
        )
        ctx.libraries[org.key] = org
        advance()


def load_frameworks(ctx) -> None:
    advance = ctx.progress("Competence frameworks and role profiles", 1)
    load_all()
    advance()


def content_translations() -> dict[str, dict]:
    """{"programmes": {slug: {lang: {...}}}, "modules": {code: {lang: {...}}}, "outcomes": {code: {lang:
    [text, …]}}} from `programmes/data/translations/<lang>.json` (each file: {"programmes": {slug:
    {"title": …}}, …}; a module's outcomes in its order). Role profiles' translations are the competences
    app's (`competences/data/translations/`)."""
    merged: dict[str, dict] = {"programmes": {}, "modules": {}, "outcomes": {}}
    folder = PROGRAMMES_DATA / "translations"
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        lang = path.stem
        data = json.loads(path.read_text(encoding="utf-8"))
        for kind in merged:
            for key, fields in data.get(kind, {}).items():
                merged[kind].setdefault(key, {})[lang] = fields
    return merged


def load_programmes(ctx) -> None:
    data = json.loads((PROGRAMMES_DATA / "biblio.json").read_text(encoding="utf-8"))["programmes"]
    translated = content_translations()
    advance = ctx.progress("Programmes, modules and learning outcomes", len(data))
    competences = {
        (c.framework.slug, c.code): c
        for c in Competence.objects.filter(
            framework__in=[current_framework(s) for s in ("digcomp", "entrecomp", "ecf")]
        ).select_related("framework")
    }
    for item in data:
        facets = item.get("facets", {})
        programme, _ = Programme.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "summary": item.get("summary", "")[:400],
                "description": item.get("description", ""),
                "kind": item["kind"],
                "profile": RoleProfile.objects.get(code=item["profile"]) if item.get("profile") else None,
                "eqf_level": item["eqf_level"],
                "ecvet_points": Decimal(str(item.get("ecvet_points", 0))),
                "geographic_area": facets.get("geographic_area", ""),
                "topic": facets.get("topic", ""),
                "difficulty": facets.get("difficulty", "").lower(),
                "target_group": facets.get("target_group", ""),
                "initiative_type": facets.get("initiative_type", ""),
                "funding_type": facets.get("funding_type", ""),
                "industry": facets.get("industry", ""),
                "funder_note": item.get("funder_note", ""),
                "contract_number": item.get("contract_number", ""),
                "translations": translated["programmes"].get(item["slug"], {}),
            },
        )
        programme.organisations.set(
            [ctx.libraries[k] for k in facets.get("organisations", []) if k in ctx.libraries]
        )
        for mode, hours in item["budget"].items():
            HourBudget.objects.update_or_create(programme=programme, mode=mode, defaults={"hours": hours})
        HourBudget.objects.filter(programme=programme).exclude(mode__in=item["budget"]).delete()
        for order, mod in enumerate(item.get("modules", []), start=1):
            module, _ = Module.objects.update_or_create(
                code=mod["code"],
                defaults={
                    "title": mod["title"],
                    "description": mod.get("description", ""),
                    "kind": mod["kind"],
                    "mode": mod["mode"],
                    "hours": mod["hours"],
                    "translations": translated["modules"].get(mod["code"], {}),
                },
            )
            ProgrammeModule.objects.update_or_create(
                programme=programme,
                module=module,
                defaults={"order": order, "mandatory": mod.get("mandatory", True)},
            )
            outcome_texts = translated["outcomes"].get(mod["code"], {})
            for o_order, outcome in enumerate(mod.get("outcomes", []), start=1):
                LearningOutcome.objects.update_or_create(
                    module=module,
                    order=o_order,
                    defaults={
                        "kind": outcome["kind"],
                        "text": outcome["text"],
                        "competence": competences.get((outcome.get("framework"), outcome.get("competence"))),
                        "level": outcome.get("level"),
                        "translations": {
                            lang: {"text": texts[o_order - 1]}
                            for lang, texts in sorted(outcome_texts.items())
                            if len(texts) >= o_order and texts[o_order - 1]
                        },
                    },
                )
            LearningOutcome.objects.filter(module=module, order__gt=len(mod.get("outcomes", []))).delete()
        ctx.programmes[programme.slug] = programme
        advance()
