"""Make the issuer's first Ed25519 signing key (under BIBLIO_KEYS_DIR, outside the database)."""

from django.core.management.base import BaseCommand, CommandError

from biblio.core.errors import DomainError
from biblio.recognition import keys


class Command(BaseCommand):
    help = "Generate the issuer's Ed25519 signing key (refuses if one exists; use keys_rotate)."

    def handle(self, *args, **options):
        try:
            key = keys.generate()
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"New signing key {key.multikey}"))
        self.stdout.write(
            f"Private key: {keys.keys_dir() / (key.multikey + '.pem')} (keep it secret, back it up)"
        )
