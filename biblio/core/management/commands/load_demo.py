import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from biblio.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the BIBLIO pilot as demo data (deterministic; running it twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today must be a date like 2026-05-01: {exc}") from exc
        ctx = load_demo(today=today, quiet=options["quiet"])
        self.stdout.write(
            self.style.SUCCESS(
                f"BIBLIO pilot loaded for the {ctx.year} course year: "
                f"{sum(len(v) for v in ctx.enrolments.values())} participants in {len(ctx.cohorts)} cohorts. "
                "Log in with any demo account, password biblio-demo."
            )
        )
