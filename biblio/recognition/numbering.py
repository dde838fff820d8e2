"""Certificate numbers and status-list indexes, handed out under a row lock so parallel issuing never
gives the same number twice or leaves a gap in a committed run.

Numbers run per cohort and year of issue: `LV-2026-0001`, `LV-2026-0002`… (the cohort's code in
capitals, then the year unless the code already ends with it, then a four-digit counter).
"""

from __future__ import annotations

from django.db import transaction

from biblio.programmes.models import Cohort

from .models import NumberSequence

STATUS_SEQUENCE = "status-list-index"


def allocate(name: str, count: int = 1) -> int:
    """Reserve `count` consecutive values of the sequence `name` and return the first (1-based).

    Must run inside the caller's transaction: the row stays locked until it commits, so a concurrent
    caller waits and then continues after the values this one took."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate() must run inside a transaction")
    NumberSequence.objects.bulk_create([NumberSequence(name=name)], ignore_conflicts=True)
    sequence = NumberSequence.objects.select_for_update().get(name=name)
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    return first


def number_prefix(cohort: Cohort, year: int) -> str:
    prefix = cohort.code.upper()
    return prefix if prefix.endswith(str(year)) else f"{prefix}-{year}"


def certificate_numbers(cohort: Cohort, year: int, count: int) -> list[str]:
    """`count` new certificate numbers for `cohort`, issued in `year`."""
    first = allocate(f"certificate:{cohort.pk}:{year}", count)
    prefix = number_prefix(cohort, year)
    return [f"{prefix}-{n:04d}" for n in range(first, first + count)]


def status_indexes(count: int) -> list[int]:
    """`count` fresh positions in the revocation status list (0-based)."""
    first = allocate(STATUS_SEQUENCE, count)
    return list(range(first - 1, first - 1 + count))
