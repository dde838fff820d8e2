"""Reads for the public catalogue: programmes with their budgets, modules and facets."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from .models import HourBudget, LearningOutcome, Programme, ProgrammeModule

FACETS = [
    "geographic_area",
    "topic",
    "difficulty",
    "target_group",
    "initiative_type",
    "funding_type",
    "industry",
]


@dataclass
class Facet:
    name: str
    label: str
    options: list[tuple[str, str]]  # (value, label)
    selected: str


def programme_list(*, filters: dict[str, str] | None = None) -> QuerySet[Programme]:
    """Published programmes matching the facet filters, with what the catalogue shows prefetched."""
    qs = (
        Programme.objects.filter(published=True)
        .select_related("profile")
        .prefetch_related(
            Prefetch("budgets", queryset=HourBudget.objects.order_by("mode")),
            "organisations",
        )
        .order_by("kind", "title")
    )
    for name, value in (filters or {}).items():
        if name in FACETS and value:
            qs = qs.filter(**{name: value})
    if (filters or {}).get("organisation"):
        qs = qs.filter(organisations__key=filters["organisation"]).distinct()
    return qs


def catalogue_facets(selected: dict[str, str]) -> list[Facet]:
    """The values each facet takes across published programmes (one query)."""
    rows = list(Programme.objects.filter(published=True).values(*FACETS))
    difficulty_labels = dict(Programme.Difficulty.choices)
    facets = []
    for name in FACETS:
        values = sorted({row[name] for row in rows if row[name]})
        label = str(Programme._meta.get_field(name).verbose_name).capitalize()
        options = [(v, str(difficulty_labels.get(v, v)) if name == "difficulty" else v) for v in values]
        facets.append(Facet(name=name, label=label, options=options, selected=selected.get(name, "")))
    return facets


def programme_detail(*, slug: str) -> Programme | None:
    """One published programme with budgets, modules (ordered) and their outcomes."""
    return (
        Programme.objects.filter(published=True, slug=slug)
        .select_related("profile")
        .prefetch_related(
            Prefetch("budgets", queryset=HourBudget.objects.order_by("mode")),
            "organisations",
            Prefetch(
                "programme_modules",
                queryset=ProgrammeModule.objects.select_related("module").prefetch_related(
                    Prefetch(
                        "module__outcomes",
                        queryset=LearningOutcome.objects.select_related("competence__framework"),
                    )
                ),
            ),
        )
        .first()
    )
