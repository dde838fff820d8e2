"""`manage.py send_mentor_reminders`: remind mentors of work-based entries waiting more than a week."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from biblio.workplace.reminders import WAIT_DAYS, send_reminders


class Command(BaseCommand):
    help = "E-mail mentors whose mentees' work-based entries have waited for sign-off more than a week."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=WAIT_DAYS, help="How long an entry may wait (days).")
        parser.add_argument(
            "--every",
            type=int,
            default=WAIT_DAYS,
            help="Remind the same mentor at most once in this many days.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be reminded; send nothing."
        )

    def handle(self, *args, days: int, every: int, dry_run: bool, **options) -> None:
        due = send_reminders(wait_days=days, every_days=every, dry_run=dry_run)
        for item in due:
            self.stdout.write(f"{item.mentor.email}: {item.waiting} entries waiting")
        verb = "would be reminded" if dry_run else "reminded"
        self.stdout.write(self.style.SUCCESS(f"{len(due)} mentors {verb}."))
