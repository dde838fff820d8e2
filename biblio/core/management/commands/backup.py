"""`manage.py backup [--output PATH]`: one archive with the database, uploaded files and public keys."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from biblio.core.backup import BackupError, backup, read_manifest


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump), MEDIA_ROOT and the issuer's public keys."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="A file name, or a folder (default: BIBLIO_VAR_DIR/backups/)."
        )

    def handle(self, *args, output=None, **options):
        try:
            path = backup(output)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        manifest = read_manifest(path)
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"{path} ({path.stat().st_size / 1e6:.1f} MB): {manifest['engine']}, {len(manifest['rows'])} tables, "
            f"{rows} rows, {sum(1 for f in manifest['files'] if f.startswith('media/'))} files"
        )
