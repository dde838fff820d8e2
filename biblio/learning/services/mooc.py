"""MOOC completion, which selection reads: recorded in Biblio one by one, or imported from a Moodle
course-completion report exported as CSV (matched by e-mail; unmatched rows reported; a file with any
bad row imports nothing).

The import is set-based: every row is parsed and checked first, then people are matched and
enrolments written in batches of `BATCH` rows — a constant number of statements per batch (people by
e-mail, the cohort's enrolments of those people, locked; one INSERT of the new enrolments and one of
their memberships; one UPDATE per completion date of the enrolled) — and one audit event per import."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import lru_cache
from itertools import islice

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import number_format
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
TOO_MANY_ROWS = _("The file has more than %(max)s rows: split it.")
ROWS_INVALID = _("Nothing was imported: %(count)s rows have errors. Correct them and upload again.")
BAD_EMAIL = _("Row %(row)s: “%(value)s” is not an e-mail address.")
BAD_DATE = _("Row %(row)s: “%(value)s” is not a date.")
FUTURE_DATE = _("Row %(row)s: the completion date %(value)s is in the future.")
DATE_REQUIRED = _("Give the date the MOOC was completed.")
NOT_ALLOWED = _("You are not allowed to do this.")

MAX_ROWS = 100_000  # a national MOOC's whole completion report in one file
BATCH = 2_000  # rows matched and written per round of statements (fewer on SQLite: see _batch_size)
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


@lru_cache(maxsize=4096)  # a report repeats few completion dates: each format is tried once per text
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


def _rows(text: str) -> Iterator[list[str]]:
    """The CSV's non-blank rows, one at a time (a 100 000-row report is never held as a list of rows)."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return (r for r in csv.reader(_lines(text), dialect) if any(c.strip() for c in r))


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, as `io.StringIO(text)` gives them, without its copy of the
    whole text at four bytes a character (100 MB for a 100 000-row report)."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def parse_completion_csv(raw: bytes, *, today: date) -> tuple[dict[str, tuple[date, int]], ImportReport]:
    """{e-mail: (completion date, row)} for completed rows, and a report (errors, not completed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(NOT_CSV, fields={"file": [NOT_CSV]}) from exc
    if "\x00" in text:
        raise DomainError(NOT_CSV, fields={"file": [NOT_CSV]})
    rows = _rows(text)
    header = next(rows, None)
    try:
        columns = _columns(header) if header is not None else None
    except DomainError as error:  # said after the file's size, as before
        columns, bad_header = None, error
    else:
        bad_header = None
    report = ImportReport()
    completed: dict[str, tuple[date, int]] = {}
    for number, row in enumerate(rows, start=2):
        report.rows += 1
        if report.rows > MAX_ROWS:
            message = str(TOO_MANY_ROWS % {"max": number_format(MAX_ROWS, force_grouping=True)})
            raise DomainError(message, fields={"file": [message]})
        if columns is not None:
            _parse_row(row, number, columns, today, completed, report)
    if report.rows == 0:
        raise DomainError(EMPTY_FILE, fields={"file": [EMPTY_FILE]})
    if bad_header is not None:
        raise bad_header
    return completed, report


def _parse_row(
    row: list[str],
    number: int,
    columns: tuple[int, int | None, int | None],
    today: date,
    completed: dict[str, tuple[date, int]],
    report: ImportReport,
) -> None:
    email_col, status_col, date_col = columns
    email = _cell(row, email_col).lower()
    try:
        validate_email(email)
    except ValidationError:
        report.errors.append(str(BAD_EMAIL % {"row": number, "value": email[:80]}))
        return
    status_text, date_text = _cell(row, status_col), _cell(row, date_col)
    done = bool(_DONE.match(status_text)) if status_col is not None else bool(date_text)
    if date_col is not None and date_text and status_col is None:
        done = True
    if not done:
        report.not_completed += 1
        return
    try:
        when = _parse_date(date_text) if date_text else None
    except ValueError:
        report.errors.append(str(BAD_DATE % {"row": number, "value": date_text[:40]}))
        return
    when = when or today
    if when > today:
        report.errors.append(str(FUTURE_DATE % {"row": number, "value": when.isoformat()}))
        return
    completed[email] = (when, number)


def _check(actor: Person | None, cohort: Cohort) -> None:
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


def _batch_size() -> int:
    """Rows per batch: every statement of a batch binds at most this many values per column, under
    SQLite's declared limit of variables (999) and at `BATCH` on PostgreSQL."""
    return min(BATCH, connection.features.max_query_params or BATCH)


def _write_batch(
    cohort: Cohort,
    batch: list[tuple[str, tuple[date, int]]],
    report: ImportReport,
    *,
    dry_run: bool,
) -> None:
    """Match one batch of completed rows to people and record their completions, set-based."""
    people = dict(
        Person.objects.filter(email__in=[email for email, _row in batch]).values_list("email", "pk")
    )  # e-mails are stored lower-case
    existing = dict(
        Enrolment.objects.select_for_update()
        .filter(cohort=cohort, person_id__in=list(people.values()))
        .values_list("person_id", "status")
    )
    new: list[Enrolment] = []
    by_date: dict[date, list[int]] = defaultdict(list)  # person ids to complete, by completion date
    for email, (on, number) in batch:
        person_id = people.get(email)
        if person_id is None:
            report.unmatched.append((number, email))
        elif person_id not in existing:
            report.created.append(email)
            new.append(
                Enrolment(
                    person_id=person_id,
                    cohort=cohort,
                    programme_id=cohort.programme_id,
                    status=Enrolment.Status.COMPLETED,
                    completed_at=_noon(on),
                )
            )
        elif existing[person_id] == Enrolment.Status.COMPLETED:
            report.unchanged.append(email)
        else:
            report.updated.append(email)
            by_date[on].append(person_id)
    if dry_run:
        return
    if new:
        Enrolment.objects.bulk_create(new, batch_size=len(new))
        Membership.objects.bulk_create(
            [Membership(person_id=e.person_id, cohort=cohort, role=Role.PARTICIPANT) for e in new],
            batch_size=len(new),
            ignore_conflicts=True,
        )
    for on, person_ids in by_date.items():
        Enrolment.objects.filter(cohort=cohort, person_id__in=person_ids).exclude(
            status=Enrolment.Status.COMPLETED
        ).update(status=Enrolment.Status.COMPLETED, completed_at=_noon(on))


def _noon(on: date) -> datetime:
    return datetime.combine(on, time(12, 0), tzinfo=UTC)


def mooc_completions_import(
    *,
    actor: Person | None,
    cohort: Cohort,
    raw: bytes,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a Moodle course-completion CSV into the MOOC `cohort`: all rows or none.

    Every row is checked before anything is written, outside the transaction (on SQLite a transaction
    holds the one write lock); then `progress(0, total)`, and the completed rows are matched and
    written in batches in one transaction, `progress(done, total)` called after each (for a task's
    Job: the counts are of completed rows)."""
    _check(actor, cohort)
    completed, report = parse_completion_csv(raw, today=timezone.localdate())
    report.dry_run = dry_run
    if report.errors:
        raise ImportRejected(ROWS_INVALID % {"count": len(report.errors)}, report=report)
    if progress is not None:
        progress(0, len(completed))
    _write(actor=actor, cohort=cohort, completed=completed, report=report, progress=progress)
    return report


@transaction.atomic
def _write(
    *,
    actor: Person | None,
    cohort: Cohort,
    completed: dict[str, tuple[date, int]],
    report: ImportReport,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Record the checked rows, batch by batch, and audit the import: all in one transaction."""
    dry_run = report.dry_run
    size, total, done = _batch_size(), len(completed), 0
    rows = iter(completed.items())
    while batch := list(islice(rows, size)):
        _write_batch(cohort, batch, report, dry_run=dry_run)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    audit(
        actor=actor,
        verb="mooc.import",
        obj=cohort,
        cohort_id=cohort.pk,
        changes={
            "rows": [None, report.rows],
            "imported": [None, report.imported],
            "created": [None, len(report.created)],
            "updated": [None, len(report.updated)],
            "unmatched": [None, len(report.unmatched)],
            "dry_run": [None, dry_run],
        },
    )
    if dry_run:
        transaction.set_rollback(True)
