"""`manage.py frameworks_load`: the bundled DigComp 2.2, EntreComp and e-CF 4.0 and the CECO / DIGY
profiles (idempotent; the demo loads them too)."""

from django.core.management.base import BaseCommand

from biblio.competences.loaders import load_all
from biblio.competences.models import Competence, CompetenceFramework, RoleProfile


class Command(BaseCommand):
    help = "Load the bundled competence frameworks and role profiles (running it twice changes nothing)."

    def handle(self, *args, **options):
        load_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"{CompetenceFramework.objects.count()} framework versions, "
                f"{Competence.objects.filter(is_area=False).count()} competences, "
                f"{RoleProfile.objects.count()} role profiles."
            )
        )
