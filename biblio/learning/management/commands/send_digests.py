"""`manage.py send_digests`: the daily e-mail of pending approvals (run it from cron once a day)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from biblio.learning.mail import send_now
from biblio.learning.selectors.digests import pending_digests


class Command(BaseCommand):
    help = "E-mail trainers, moderators and mentors the hour entries waiting for their approval."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would get a digest; send nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        digests = pending_digests()
        sent = 0
        for digest in digests:
            line = f"{digest.person.email}: {digest.total} waiting"
            if dry_run:
                self.stdout.write(line)
                continue
            try:
                send_now(digest.person, "digest", {"digest": digest})
            except Exception as exc:  # one bad address must not stop the others
                self.stderr.write(f"{digest.person.email}: not sent ({exc})")
                continue
            sent += 1
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(self.style.SUCCESS(f"{len(digests) if dry_run else sent} digests {verb}."))
