"""`manage.py sweep_jobs`: mark failed the background jobs whose worker died mid-run (core/jobs.py).

Run it every few minutes (cron or a systemd timer) beside the task worker; running it again changes nothing.
"""

from django.core.management.base import BaseCommand

from biblio.core.jobs import sweep_stalled


class Command(BaseCommand):
    help = (
        "Mark failed the running jobs with no heartbeat for BIBLIO_JOB_STALLED_MINUTES (their worker died)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"stalled jobs marked failed: {sweep_stalled()}")
