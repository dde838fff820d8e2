"""`manage.py framework_import FILE`: a Moodle competency-framework CSV becomes a new framework version."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from biblio.competences.interop.importing import framework_import, framework_validate
from biblio.competences.interop.moodle import ImportRejected


class Command(BaseCommand):
    help = (
        "Import a Moodle competency-framework CSV as a new framework version. All or nothing: "
        "a bad file changes nothing and every bad row is listed with its line number."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--slug", default="", help="Framework key (default: from the file).")
        parser.add_argument(
            "--framework-version", dest="version", default="", help="Version (default: from the file)."
        )
        parser.add_argument(
            "--adopt", action="store_true", help="Make it current and move the role profiles onto it."
        )
        parser.add_argument("--check", action="store_true", help="Only check the file; write nothing.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        data = path.read_bytes()
        console = Console(file=self.stdout, force_terminal=False) if not options["quiet"] else None
        try:
            if options["check"]:
                parsed = framework_validate(data=data, slug=options["slug"], version=options["version"])
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{path.name} is valid: {parsed.name} {parsed.version}, "
                        f"{len(parsed.competences)} competences, {len(parsed.levels)} levels."
                    )
                )
                return
            result = self._import(data, options, console)
        except ImportRejected as exc:
            for line in exc.fields["file"]:
                self.stderr.write(line)
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.framework}: {result.competences} competences, {result.levels} levels, "
                f"{result.relations} cross-references"
                + (f"; {result.moved_requirements} profile requirements moved" if options["adopt"] else "")
                + "."
            )
        )
        for kept in result.kept_requirements:
            self.stdout.write(f"  kept on the earlier version (code missing): {kept}")

    def _import(self, data: bytes, options: dict, console):
        kwargs = {
            "actor": None,
            "data": data,
            "slug": options["slug"],
            "version": options["version"],
            "adopt": options["adopt"],
        }
        if console is None:
            return framework_import(**kwargs)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("Competences", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=max(total, 1))

            return framework_import(**kwargs, progress=progress)
