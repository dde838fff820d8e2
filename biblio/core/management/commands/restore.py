"""`manage.py restore ARCHIVE [--force] [--database-url URL]`: put a backup back (docs/security.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from biblio.core.backup import BackupError, Target, restore


class Command(BaseCommand):
    help = "Restore the database, MEDIA_ROOT and the public keys from a `manage.py backup` archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="Overwrite a database that has tables.")
        parser.add_argument(
            "--database-url", help="Restore into this database instead of the configured one (a rehearsal)."
        )

    def handle(self, *args, archive: Path, force=False, database_url=None, **options):
        if not archive.is_file():
            raise CommandError(f"No such file: {archive}")
        try:
            manifest = restore(
                archive, target=Target.from_url(database_url) if database_url else None, force=force
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {len(manifest['rows'])} tables, "
            f"{sum(manifest['rows'].values())} rows. Private signing keys are not in backups: restore "
            "yours from their safe place, or run `manage.py keys_rotate`."
        )
