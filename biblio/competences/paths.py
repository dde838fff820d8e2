"""Gap and learning path, as pure computation on plain data (the selectors load it).

gap = target − self-assessed level, per competence of the role profile (never below zero). The
path puts the programme's mandatory modules first, in the programme's order; then the electives a
trainer recommended; then the other electives, each time the one that covers most of the gap that
is still open (ties: the programme's order). A module covers a competence up to the highest level
its learning outcomes name (an outcome without a level counts as reaching the target). Electives a
trainer left out are listed apart. Competences are matched by framework and code, so a rating of
one framework version still counts after the profile moves to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Key = tuple[str, str]  # (framework slug, competence code)


@dataclass(frozen=True)
class Need:
    key: Key
    label: str  # "DigComp 2.1 Interacting through digital technologies"
    target: int
    current: int

    @property
    def gap(self) -> int:
        return max(0, self.target - self.current)


@dataclass(frozen=True)
class ModuleInfo:
    id: int
    code: str
    title: str
    hours: int
    mandatory: bool
    order: int
    develops: dict[Key, int | None]  # competence → highest level its outcomes name


@dataclass(frozen=True)
class Adjustment:
    kind: str  # "recommend" | "skip"
    reason: str
    by: str


@dataclass(frozen=True)
class GapChange:
    key: Key
    label: str
    before: int
    after: int
    target: int

    @property
    def closes(self) -> bool:
        return self.after >= self.target

    @property
    def levels(self) -> int:
        return self.after - self.before


@dataclass
class PathStep:
    module: ModuleInfo
    changes: list[GapChange]
    adjustment: Adjustment | None = None

    @property
    def covers(self) -> int:
        return sum(change.levels for change in self.changes)

    @property
    def closes(self) -> list[GapChange]:
        return [c for c in self.changes if c.closes]

    @property
    def narrows(self) -> list[GapChange]:
        return [c for c in self.changes if not c.closes]


@dataclass
class LearningPath:
    steps: list[PathStep] = field(default_factory=list)
    left_out: list[PathStep] = field(default_factory=list)
    open_gaps: list[GapChange] = field(default_factory=list)  # still open after every step
    total_gap: int = 0

    @property
    def covered(self) -> int:
        return sum(step.covers for step in self.steps)


def reach(level: int | None, need: Need) -> int:
    return need.target if level is None else min(level, need.target)


def _changes(module: ModuleInfo, needs: dict[Key, Need], now: dict[Key, int]) -> list[GapChange]:
    changes = []
    for key, level in module.develops.items():
        need = needs.get(key)
        if need is None:
            continue
        after = reach(level, need)
        if after > now[key]:
            changes.append(GapChange(key, need.label, now[key], after, need.target))
    return sorted(changes, key=lambda c: c.label)


def learning_path(
    needs: dict[Key, Need],
    modules: list[ModuleInfo],
    adjustments: dict[int, Adjustment] | None = None,
) -> LearningPath:
    """Order `modules` for a person whose levels and targets are `needs`."""
    adjustments = adjustments or {}
    now = {key: need.current for key, need in needs.items()}
    path = LearningPath(total_gap=sum(need.gap for need in needs.values()))

    def take(module: ModuleInfo) -> None:
        changes = _changes(module, needs, now)
        for change in changes:
            now[change.key] = change.after
        path.steps.append(PathStep(module, changes, adjustments.get(module.id)))

    ordered = sorted(modules, key=lambda m: (m.order, m.code))
    for module in ordered:
        if module.mandatory:
            take(module)
    electives = [m for m in ordered if not m.mandatory]
    for module in electives:
        adjustment = adjustments.get(module.id)
        if adjustment is not None and adjustment.kind == "skip":
            path.left_out.append(PathStep(module, _changes(module, needs, now), adjustment))
    for module in electives:
        adjustment = adjustments.get(module.id)
        if adjustment is not None and adjustment.kind == "recommend":
            take(module)
    rest = [m for m in electives if m.id not in adjustments]
    while rest:
        best = max(rest, key=lambda m: (sum(c.levels for c in _changes(m, needs, now)), -rest.index(m)))
        rest.remove(best)
        take(best)
    path.open_gaps = sorted(
        (
            GapChange(key, need.label, now[key], now[key], need.target)
            for key, need in needs.items()
            if now[key] < need.target
        ),
        key=lambda c: c.label,
    )
    return path
