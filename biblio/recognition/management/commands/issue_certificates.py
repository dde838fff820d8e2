"""Issue every eligible certificate of a cohort from the command line, with a progress bar."""

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from biblio.accounts.models import Person
from biblio.core.errors import DomainError
from biblio.programmes.models import Cohort
from biblio.recognition.issuing import cohort_candidates, issue_many


class Command(BaseCommand):
    help = "Issue the certificates of every eligible participant of a cohort (as a coordinator)."

    def add_arguments(self, parser):
        parser.add_argument("cohort", help="the cohort's code, e.g. lv-2026")
        parser.add_argument("--as", dest="actor", required=True, help="e-mail of the coordinator issuing")

    def handle(self, *args, **options):
        cohort = Cohort.objects.filter(code=options["cohort"]).first()
        if cohort is None:
            raise CommandError(f"No cohort with the code {options['cohort']!r}.")
        actor = Person.objects.filter(email__iexact=options["actor"]).first()
        if actor is None:
            raise CommandError(f"No person with the e-mail {options['actor']!r}.")
        candidates = cohort_candidates(cohort)
        console = Console(file=self.stdout, force_terminal=None)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console) as bar:
            task = bar.add_task(f"Certificates for {cohort.code}", total=max(len(candidates), 1))
            try:
                report = issue_many(candidates, actor=actor, progress=lambda n: bar.advance(task, n))
            except DomainError as error:
                raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Issued {len(report.issued)} certificates."))
        for credential in report.issued:
            self.stdout.write(f"  {credential.number}  {credential.enrolment.person.full_name}")
        if report.skipped:
            self.stdout.write(f"Not issued ({len(report.skipped)}): not completed yet, or already certified.")
