"""The downloadable course description of a programme, rendered as PDF with Typst."""

from __future__ import annotations

import json
from pathlib import Path

import typst
from django.utils.translation import gettext as _

from .models import LearningMode, Programme

TEMPLATE = Path(__file__).resolve().parent / "typst" / "course_description.typ"


def course_description_pdf(programme: Programme) -> bytes:
    """A PDF of the programme: facts, hour budget, modules with hours and outcomes (prefetched)."""
    modes = dict(LearningMode.choices)
    data = {
        "title": programme.tr("title"),
        "summary": programme.tr("summary"),
        "description": programme.tr("description"),
        "labels": {
            "facts": _("Key facts"),
            "profile": _("Role profile"),
            "eqf": _("EQF level"),
            "ecvet": _("ECVET points"),
            "budget": _("Hours by learning mode"),
            "modules": _("Modules"),
            "hours": _("hours"),
            "mandatory": _("mandatory"),
            "elective": _("elective"),
            "funder": _("Funding"),
            "contract": _("Contract number"),
            "total": _("Total"),
        },
        "profile": str(programme.profile) if programme.profile else "—",
        "eqf": programme.eqf_level,
        "ecvet": str(programme.ecvet_points),
        "budget": [{"mode": str(modes[b.mode]), "hours": b.hours} for b in programme.budgets.all()],
        "total": sum(b.hours for b in programme.budgets.all()),
        "modules": [
            {
                "code": pm.module.code,
                "title": pm.module.tr("title"),
                "hours": pm.module.hours,
                "mandatory": pm.mandatory,
                "outcomes": [o.text for o in pm.module.outcomes.all()],
            }
            for pm in programme.programme_modules.all()
        ],
        "funder": programme.funder_note,
        "contract": programme.contract_number,
    }
    return typst.compile(str(TEMPLATE), sys_inputs={"data": json.dumps(data, ensure_ascii=False)})
