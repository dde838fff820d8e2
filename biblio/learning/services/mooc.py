"""MOOC completion, which selection reads: recorded in Biblio one by one, or imported from a Moodle
course-completion report exported as CSV (matched by e-mail; unmatched rows reported; a file with any
bad row imports nothing)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit
from biblio.accounts.models import Membership, Person, Role
from biblio.accounts.permissions import Action, allows
from biblio.core.errors import DomainError, PermissionDenied
from biblio.programmes.models import Cohort, Programme

from ..models import Enrolment

NOT_A_MOOC = _("Completions can only be recorded for a MOOC.")
NO_EMAIL_COLUMN = _("The file has no e-mail column (Moodle: add “Email address” to the report).")
NO_COMPLETION_COLUMN = _("The file has no course-completion column (“Course complete”).")
NOT_CSV = _("The file is not a CSV text file.")
EMPTY_FILE = _("The file has no rows.")
TOO_MANY_ROWS = _("The file has more than 20,000 rows: split it.")
ROWS_INVALID = _("Nothing was imported: %(count)s rows have errors. Correct them and upload again.")
BAD_EMAIL = _("Row %(row)s: “%(value)s” is not an e-mail address.")
BAD_DATE = _("Row %(row)s: “%(value)s” is not a date.")
FUTURE_DATE = _("Row %(row)s: the completion date %(value)s is in the future.")
DATE_REQUIRED = _("Give the date the MOOC was completed.")
NOT_ALLOWED = _("You are not allowed to do this.")

MAX_ROWS = 20_000
_DONE = re.compile(r"^\s*(complete|completed|yes|y|1|true|done)\b", re.IGNORECASE)
_DATE_FORMATS = [
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%y, %H:%M",
    "%d/%m/%Y, %H:%M",
    "%d/%m/%y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%A, %d %B %Y, %I:%M %p",
    "%A, %d %B %Y, %H:%M",
    "%d %B %Y, %I:%M %p",
    "%d %B %Y, %H:%M",
    "%A, %d %B %Y",
    "%d %B %Y",
]


class ImportRejected(DomainError):
    """Some rows are wrong: nothing was written. `report` says which."""

    def __init__(self, message: str, *, report: ImportReport) -> None:
        super().__init__(message, fields={"file": report.errors})
        self.report = report


@dataclass
class ImportReport:
    rows: int = 0
    created: list[str] = field(default_factory=list)  # e-mails newly recorded as completed
    updated: list[str] = field(default_factory=list)  # enrolled, now completed
    unchanged: list[str] = field(default_factory=list)  # already completed in Biblio
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (row, e-mail)
    not_completed: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return len(self.created) + len(self.updated)


def _parse_date(value: str) -> date | None:
    value = re.sub(r"^\s*(completed|complete)\s*:?\s*", "", value.strip(), flags=re.IGNORECASE)
    if not value:
        return None
    if value.isdigit() and len(value) >= 9:  # a Unix timestamp
        return datetime.fromtimestamp(int(value), tz=UTC).date()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _columns(header: list[str]) -> tuple[int, int | None, int | None]:
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    email = next((i for i, n in enumerate(names) if "email" in n or "e-mail" in n), None)
    status = next((i for i, n in enumerate(names) if n in ("course complete", "completed")), None)
    when = next(
        (
            i
            for i, n in enumerate(names)
            if n in ("course complete date", "time completed", "timecompleted", "date completed")
            or n.startswith("course complete ")
            or n in ("completion date", "course completion date")
        ),
        None,
    )
    if email is None:
        raise DomainError(NO_EMAIL_COLUMN, fields={"file": [NO_EMAIL_COLUMN]})
    if status is None and when is None:
        raise DomainError(NO_COMPLETION_COLUMN, fields={"file": [NO_COMPLETION_COLUMN]})
    return email, status, when


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def parse_completion_csv(raw: bytes, *, today: date) -> tuple[dict[str, tuple[date, int]], ImportReport]:
    """{e-mail: (completion date, row)} for completed rows, and a report (errors, not completed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(NOT_CSV, fields={"file": [NOT_CSV]}) from exc
    if "\x00" in text:
        raise DomainError(NOT_CSV, fields={"file": [NOT_CSV]})
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise DomainError(EMPTY_FILE, fields={"file": [EMPTY_FILE]})
    if len(rows) > MAX_ROWS + 1:
        raise DomainError(TOO_MANY_ROWS, fields={"file": [TOO_MANY_ROWS]})
    email_col, status_col, date_col = _columns(rows[0])
    report = ImportReport(rows=len(rows) - 1)
    completed: dict[str, tuple[date, int]] = {}
    for number, row in enumerate(rows[1:], start=2):
        email = _cell(row, email_col).lower()
        try:
            validate_email(email)
        except ValidationError:
            report.errors.append(str(BAD_EMAIL % {"row": number, "value": email[:80]}))
            continue
        status_text, date_text = _cell(row, status_col), _cell(row, date_col)
        done = bool(_DONE.match(status_text)) if status_col is not None else bool(date_text)
        if date_col is not None and date_text and status_col is None:
            done = True
        if not done:
            report.not_completed += 1
            continue
        try:
            when = _parse_date(date_text) if date_text else None
        except ValueError:
            report.errors.append(str(BAD_DATE % {"row": number, "value": date_text[:40]}))
            continue
        when = when or today
        if when > today:
            report.errors.append(str(FUTURE_DATE % {"row": number, "value": when.isoformat()}))
            continue
        completed[email] = (when, number)
    return completed, report


def _check(actor: Person, cohort: Cohort) -> None:
    if not allows(actor, Action.SELECT_APPLICANTS, cohort_id=cohort.pk):
        raise PermissionDenied(NOT_ALLOWED)
    if cohort.programme.kind != Programme.Kind.MOOC:
        raise DomainError(NOT_A_MOOC)


def _complete(cohort: Cohort, person_id: int, on: date, existing: Enrolment | None) -> str:
    """Record one completion; returns "created", "updated" or "unchanged"."""
    at = datetime.combine(on, time(12, 0), tzinfo=UTC)
    if existing is None:
        Enrolment.objects.create(
            person_id=person_id,
            cohort=cohort,
            programme_id=cohort.programme_id,
            status=Enrolment.Status.COMPLETED,
            completed_at=at,
        )
        Membership.objects.get_or_create(person_id=person_id, cohort=cohort, role=Role.PARTICIPANT)
        return "created"
    if existing.status == Enrolment.Status.COMPLETED:
        return "unchanged"
    existing.status, existing.completed_at = Enrolment.Status.COMPLETED, at
    existing.save(update_fields=["status", "completed_at"])
    return "updated"


@transaction.atomic
def mooc_completion_record(
    *, actor: Person, cohort: Cohort, person: Person, completed_on: date | None
) -> Enrolment:
    """Record in Biblio that `person` completed the MOOC `cohort` on `completed_on`."""
    _check(actor, cohort)
    if completed_on is None:
        raise DomainError(DATE_REQUIRED, fields={"completed_on": [DATE_REQUIRED]})
    if completed_on > timezone.localdate():
        message = FUTURE_DATE % {"row": 1, "value": completed_on.isoformat()}
        raise DomainError(message, fields={"completed_on": [message]})
    existing = Enrolment.objects.select_for_update().filter(cohort=cohort, person=person).first()
    outcome = _complete(cohort, person.pk, completed_on, existing)
    enrolment = Enrolment.objects.get(cohort=cohort, person=person)
    audit(
        actor=actor,
        verb="mooc.complete",
        obj=enrolment,
        cohort_id=cohort.pk,
        changes={
            "status": [existing.status if existing else None, enrolment.status],
            "how": [None, outcome],
        },
    )
    return enrolment


@transaction.atomic
def mooc_completions_import(
    *, actor: Person, cohort: Cohort, raw: bytes, dry_run: bool = False
) -> ImportReport:
    """Import a Moodle course-completion CSV into the MOOC `cohort`: all rows or none."""
    _check(actor, cohort)
    completed, report = parse_completion_csv(raw, today=timezone.localdate())
    report.dry_run = dry_run
    if report.errors:
        raise ImportRejected(ROWS_INVALID % {"count": len(report.errors)}, report=report)
    people = dict(
        Person.objects.filter(email__in=list(completed)).values_list("email", "pk")
    )  # e-mails are stored lower-case
    existing = {
        e.person_id: e
        for e in Enrolment.objects.select_for_update().filter(cohort=cohort, person_id__in=people.values())
    }
    for email, (on, number) in completed.items():
        person_id = people.get(email)
        if person_id is None:
            report.unmatched.append((number, email))
            continue
        outcome = _complete(cohort, person_id, on, existing.get(person_id))
        getattr(report, outcome).append(email)
    audit(
        actor=actor,
        verb="mooc.import",
        obj=cohort,
        cohort_id=cohort.pk,
        changes={
            "rows": [None, report.rows],
            "imported": [None, report.imported],
            "unmatched": [None, len(report.unmatched)],
            "dry_run": [None, dry_run],
        },
    )
    if dry_run:
        transaction.set_rollback(True)
    return report
