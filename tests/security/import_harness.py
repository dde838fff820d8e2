"""Run an import in its own process so a test can kill it mid-way (python -m tests.security.import_harness).

Usage: import_harness.py framework|mooc|count [--migrate]. Progress lines ("progress N") go to stdout,
each followed by a short pause so the parent can kill the process between batches."""

from __future__ import annotations

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biblio.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

FRAMEWORK_SLUG, FRAMEWORK_ROWS = "killtest", 4000
MOOC_CODE, MOOC_PEOPLE = "mooc-killtest", 600


def say(text: str) -> None:
    print(text, flush=True)


def framework_csv() -> bytes:
    from biblio.competences.interop import moodle as m

    header = ",".join(f'"{h}"' for h in m.HEADER)
    top = f',{FRAMEWORK_SLUG},"Kill test","",1,"Low,High","",,,,,,1,"competency,competency"'
    area = ',area,"Area","",1,,,,0,null,"",,,'
    rows = [f'area,c{n},"Competence {n}","",1,,,,0,null,"",,,' for n in range(FRAMEWORK_ROWS - 1)]
    return ("\n".join([header, top, area, *rows]) + "\n").encode()


def run_framework() -> None:
    from biblio.competences.interop.importing import framework_import

    def progress(done: int, total: int) -> None:
        say(f"progress {done} {total}")
        time.sleep(0.4)

    framework_import(actor=None, data=framework_csv(), progress=progress)
    say("finished")


def mooc_setup():
    from biblio.accounts.models import Membership, Person, Role
    from biblio.programmes.models import Cohort, Programme

    with transaction.atomic():
        programme, _ = Programme.objects.get_or_create(
            slug="mooc-killtest",
            defaults={"title": "MOOC", "kind": Programme.Kind.MOOC, "eqf_level": 4, "ecvet_points": 1},
        )
        cohort, _ = Cohort.objects.get_or_create(
            code=MOOC_CODE,
            defaults={
                "programme": programme,
                "name": "MOOC kill test",
                "country": "LV",
                "start": "2026-01-01",
                "end": "2026-12-31",
                "places": 1000,
            },
        )
        coordinator, _ = Person.objects.get_or_create(
            email="coord.killtest@example.org", defaults={"full_name": "C"}
        )
        Membership.objects.get_or_create(person=coordinator, cohort=cohort, role=Role.COORDINATOR)
        existing = set(
            Person.objects.filter(email__startswith="mooc-killtest-").values_list("email", flat=True)
        )
        Person.objects.bulk_create(
            [
                Person(email=f"mooc-killtest-{n}@example.org", full_name=f"Learner {n}")
                for n in range(MOOC_PEOPLE)
                if f"mooc-killtest-{n}@example.org" not in existing
            ]
        )
    return cohort, coordinator


def run_mooc() -> None:
    from biblio.learning.services import mooc

    cohort, coordinator = mooc_setup()
    rows = ["email,Course complete,Completion date"] + [
        f"mooc-killtest-{n}@example.org,Yes,2026-03-01" for n in range(MOOC_PEOPLE)
    ]

    def progress(done: int, total: int) -> None:
        say(f"progress {done} {total}")
        time.sleep(0.3)

    mooc.BATCH = 50  # batches of 50 rows, so the parent can kill the process between them
    mooc.mooc_completions_import(
        actor=coordinator, cohort=cohort, raw="\n".join(rows).encode(), progress=progress
    )
    say("finished")


def counts() -> None:
    from biblio.accounts.models import AuditEvent
    from biblio.competences.models import Competence, CompetenceFramework
    from biblio.learning.models import Enrolment

    say(
        json.dumps(
            {
                "frameworks": CompetenceFramework.objects.filter(slug=FRAMEWORK_SLUG).count(),
                "competences": Competence.objects.filter(framework__slug=FRAMEWORK_SLUG).count(),
                "enrolments": Enrolment.objects.filter(cohort__code=MOOC_CODE).count(),
                "audit": AuditEvent.objects.filter(verb__in=["framework.import", "mooc.import"]).count(),
            }
        )
    )


if __name__ == "__main__":
    if "--migrate" in sys.argv:
        call_command("migrate", verbosity=0)
        say("migrated")
    {"framework": run_framework, "mooc": run_mooc, "count": counts}[sys.argv[1]]()
