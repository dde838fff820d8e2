"""`manage.py apply_retention [--dry-run]`: delete what has outlived its retention period (docs/privacy.md).

Run it daily (cron or a systemd timer). It also carries out erasure requests whose grace period is over.
"""

from django.core.management.base import BaseCommand

from biblio.core.privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Apply the retention periods (BIBLIO_RETENTION_DAYS_*) and carry out due erasure requests."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be removed.")

    def handle(self, *args, dry_run=False, **options):
        report = apply_retention(dry_run=dry_run)
        prefix = "would remove — " if dry_run else ""
        for line in report.lines():
            self.stdout.write(prefix + line)
