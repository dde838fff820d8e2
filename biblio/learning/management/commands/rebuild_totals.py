"""`manage.py rebuild_totals`: recompute the hour totals from scratch and report what differed."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from biblio.learning.totals import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the hour totals per enrolment and mode from the entries, attendance and exemptions, "
        "re-install the triggers that keep them, and report the differences found."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only compare; change nothing. Exits 1 on a difference."
        )

    def handle(self, *args, check: bool = False, **options):
        result = rebuild(fix=not check)
        if result.triggers_missing:
            self.stdout.write(f"Re-installed missing triggers: {', '.join(result.triggers_missing)}")
        if not result.differences:
            self.stdout.write(f"{result.rows} totals, all as computed from scratch.")
            return
        examples = ", ".join(f"{enrolment} {mode}" for enrolment, mode in result.examples)
        self.stdout.write(
            f"{result.missing} totals missing or different, {result.stale} stale (e.g. enrolment and mode: "
            f"{examples}); "
            + ("nothing changed." if check else f"replaced by {result.rows} computed from scratch.")
        )
        if check:
            raise CommandError("The hour totals differ from the rows they sum.", returncode=1)
