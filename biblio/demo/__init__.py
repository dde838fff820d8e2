"""The BIBLIO pilot as demo data: deterministic and idempotent.

`load_demo` runs the foundation's step (`biblio.demo.pilot`) and then, in order, the optional
`load(ctx)` of `biblio.<app>.demo` for each capability app, so every app adds its own demo data
without touching another's. Every step must be idempotent (get_or_create / update_or_create on
natural keys) and deterministic (use `ctx.rng`, dates from `ctx.today`/`ctx.year`, never now()).
"""

from __future__ import annotations

import functools
import importlib
import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

DEMO_PASSWORD = "biblio-demo"
APP_STEPS = ["competences", "learning", "workplace", "recognition", "reports"]


@dataclass
class DemoContext:
    today: date
    year: int  # the course year: cohorts run February to November of it
    rng: random.Random
    progress: Any  # callable(description: str, total: int) -> advance(n=1) callable
    # Filled by the pilot step, read by later steps:
    programmes: dict[str, Any] = field(default_factory=dict)  # slug -> Programme
    cohorts: dict[str, Any] = field(default_factory=dict)  # "lv", "bg", "gr", "it", "mooc" -> Cohort
    libraries: dict[str, Any] = field(default_factory=dict)  # key -> Organisation
    people: dict[str, Any] = field(default_factory=dict)  # demo e-mail -> Person
    enrolments: dict[str, list] = field(default_factory=dict)  # country -> [Enrolment]


@functools.cache
def demo_password_hash() -> str:
    """The demo password hashed once per process: Argon2 is deliberately slow, and ~100 people share it."""
    from django.contrib.auth.hashers import make_password

    return make_password(DEMO_PASSWORD)


def course_year(today: date) -> int:
    """The year whose February-to-November edition is the current one (the previous one in January)."""
    return today.year if today.month >= 2 else today.year - 1


def steps() -> list[tuple[str, Any]]:
    found = [("pilot", importlib.import_module("biblio.demo.pilot").load)]
    for app in APP_STEPS:
        try:
            module = importlib.import_module(f"biblio.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"biblio.{app}.demo":
                raise
            continue
        found.append((app, module.load))
    return found
