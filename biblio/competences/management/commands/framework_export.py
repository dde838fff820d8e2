"""`manage.py framework_export SLUG [VERSION]`: write a framework version as Moodle CSV or CASE JSON."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from biblio.competences.interop.case import case_package
from biblio.competences.interop.moodle_export import moodle_export
from biblio.competences.models import CompetenceFramework
from biblio.competences.selectors import framework_bundle


class Command(BaseCommand):
    help = "Export a competence framework version as Moodle competency CSV or 1EdTech CASE JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("version", nargs="?", default="", help="Default: the current version.")
        parser.add_argument("--format", choices=["moodle", "case"], default="moodle")
        parser.add_argument("-o", "--output", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, **options):
        found = CompetenceFramework.objects.filter(slug=options["slug"])
        framework = (
            found.filter(version=options["version"]).first()
            if options["version"]
            else found.order_by("-is_current", "-created_at").first()
        )
        if framework is None:
            raise CommandError(f"No framework {options['slug']} {options['version']}".strip())
        bundle = framework_bundle(framework)
        if options["format"] == "moodle":
            text = moodle_export(bundle)
        else:
            text = json.dumps(case_package(bundle), ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8", newline="")
            self.stderr.write(f"Wrote {framework} to {options['output']}")
        else:
            self.stdout.write(text, ending="")
