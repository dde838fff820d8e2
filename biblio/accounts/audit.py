"""Write the audit trail inside the service's transaction, so a change and its record land together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from .models import AuditEvent, Person


def audit(
    *,
    actor: Person | None,
    verb: str,
    obj: models.Model,
    cohort_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` did `verb` to `obj`; `changes` = {"field": [before, after]}."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        cohort_id=cohort_id,
        changes=_jsonable(changes or {}),
    )


def audit_many(
    *,
    actor: Person | None,
    verb: str,
    events: Iterable[tuple[models.Model, int | None, dict[str, Any] | None]],
    batch_size: int = 1000,
) -> int:
    """Record that `actor` did `verb` to many objects at once: `events` = (obj, cohort_id, changes), all
    written with one INSERT per `batch_size` (fewer rows per statement on SQLite); returns how many."""
    who = actor if actor is not None and actor.is_authenticated else None
    at = timezone.now()
    rows = [
        AuditEvent(
            actor=who,
            verb=verb,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            cohort_id=cohort_id,
            changes=_jsonable(changes or {}),
            at=at,
        )
        for obj, cohort_id, changes in events
    ]
    AuditEvent.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def diff(before: models.Model | dict, after: models.Model, fields: list[str]) -> dict[str, list]:
    """{"field": [old, new]} for the fields whose value changed."""
    get_before = before.get if isinstance(before, dict) else lambda f: getattr(before, f)
    return {f: [get_before(f), getattr(after, f)] for f in fields if get_before(f) != getattr(after, f)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)
