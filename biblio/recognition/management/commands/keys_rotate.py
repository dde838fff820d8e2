"""Replace the signing key; the old public key stays published so old credentials keep verifying."""

from django.core.management.base import BaseCommand

from biblio.recognition import keys


class Command(BaseCommand):
    help = "Rotate the issuer's signing key: a new key signs from now on, the old one only verifies."

    def handle(self, *args, **options):
        new, old = keys.rotate()
        self.stdout.write(self.style.SUCCESS(f"New signing key {new.multikey}"))
        if old is not None:
            self.stdout.write(
                f"Retired {old.multikey}: its private key is deleted, its public key stays listed."
            )
