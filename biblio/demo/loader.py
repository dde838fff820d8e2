"""Run every demo step in one transaction, with a progress bar (or quietly, for tests)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from . import DemoContext, course_year, steps

SEED = 20191101  # BIBLIO started in November 2019


def load_demo(*, today: date | None = None, quiet: bool = True, console=None) -> DemoContext:
    """Load the BIBLIO pilot; running it again changes nothing."""
    today = today or timezone.localdate()
    if quiet:
        progress_factory: Callable = lambda description, total: lambda n=1: None  # noqa: E731
        return _run(today, progress_factory)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<48}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:

        def progress_factory(description: str, total: int):
            task = bar.add_task(description, total=max(total, 1))
            return lambda n=1: bar.advance(task, n)

        return _run(today, progress_factory)


def _run(today: date, progress_factory: Callable) -> DemoContext:
    ctx = DemoContext(
        today=today, year=course_year(today), rng=random.Random(SEED), progress=progress_factory
    )
    with transaction.atomic():
        for _name, step in steps():
            step(ctx)
    return ctx
