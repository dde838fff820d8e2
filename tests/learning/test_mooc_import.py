"""The MOOC completion import at size: set-based (a constant number of statements per batch), the same
outcome row by row as before, progress per batch, and a row limit said in the reader's numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biblio.accounts.models import AuditEvent, Membership, Person, Role
from biblio.core.errors import DomainError
from biblio.learning.models import Enrolment
from biblio.learning.services import mooc as svc
from tests.factories import EnrolmentFactory, staff
from tests.learning.factories import people

pytestmark = pytest.mark.django_db

ON = dt.date(2021, 12, 1)
LATER = dt.date(2021, 12, 9)


def report_csv(rows: list[tuple[str, dt.date]]) -> bytes:
    lines = ["First name,Surname,Email address,Course complete,Course complete date"]
    lines += [f"A,B,{email.upper()},Completed,{on:%d/%m/%Y}" for email, on in rows]
    return ("\n".join(lines) + "\n").encode()


def test_a_big_file_is_written_in_batches_of_constant_statements(mooc, monkeypatch):
    """2 400 rows: new completions, enrolled people, already completed ones, strangers; 400 rows a batch."""
    monkeypatch.setattr(svc, "BATCH", 400)
    new, enrolled, done = people("new", 1500), people("enrolled", 500), people("done", 200)
    for email in enrolled[:5]:
        EnrolmentFactory(person=Person.objects.get(email=email), cohort=mooc, status="withdrawn")
    Enrolment.objects.bulk_create(
        [
            Enrolment(person=p, cohort=mooc, programme=mooc.programme, status="active")
            for p in Person.objects.filter(email__in=enrolled[5:])
        ]
        + [
            Enrolment(
                person=p,
                cohort=mooc,
                programme=mooc.programme,
                status="completed",
                completed_at=svc._noon(ON),
            )
            for p in Person.objects.filter(email__in=done)
        ]
    )
    rows = [(e, ON if i % 2 else LATER) for i, e in enumerate(new + enrolled + done)]
    rows += [(f"ghost{i}@example.org", ON) for i in range(200)]
    coordinator = staff(mooc)
    seen: list[tuple[int, int]] = []
    with CaptureQueriesContext(connection) as queries:
        report = svc.mooc_completions_import(
            actor=coordinator, cohort=mooc, raw=report_csv(rows), progress=lambda d, t: seen.append((d, t))
        )
    batches = 2400 // svc._batch_size()
    assert seen == [(0, 2400)] + [(400 * (i + 1), 2400) for i in range(batches)]  # checked, then each batch
    # Per batch: people, locked enrolments, INSERT enrolments and memberships (SQLite: split at its 999
    # variables: 3 + 2 statements for 400 rows), one UPDATE per completion date; then the audit.
    inserts = 5 if connection.vendor == "sqlite" else 2
    assert len(queries) <= batches * (2 + inserts + 2) + 8, [q["sql"][:80] for q in queries.captured_queries]
    assert (report.rows, len(report.created), len(report.updated), len(report.unchanged)) == (
        2400,
        1500,
        500,
        200,
    )
    assert report.unmatched[0] == (2202, "ghost0@example.org") and len(report.unmatched) == 200
    assert report.created[:2] == ["new0@example.org", "new1@example.org"]  # in the file's order
    enrolments = Enrolment.objects.filter(cohort=mooc)
    assert enrolments.count() == 2200 and not enrolments.exclude(status="completed").exists()
    assert enrolments.get(person__email="new1@example.org").completed_at == svc._noon(ON)
    assert enrolments.get(person__email="new0@example.org").completed_at == svc._noon(LATER)
    assert enrolments.get(person__email="enrolled2@example.org").completed_at == svc._noon(LATER)
    assert enrolments.get(person__email="done0@example.org").completed_at == svc._noon(ON)  # untouched
    participants = Membership.objects.filter(cohort=mooc, role=Role.PARTICIPANT)
    assert participants.count() == 1505  # the new ones, and the five the factory enrolled
    event = AuditEvent.objects.get(verb="mooc.import")
    assert event.changes["imported"] == [None, 2000] and event.changes["created"] == [None, 1500]


def test_twice_the_rows_costs_twice_the_batches_not_more(mooc, monkeypatch):
    monkeypatch.setattr(svc, "BATCH", 300)
    coordinator = staff(mooc)
    counts = []
    for prefix, n in (("small", 600), ("large", 1200)):
        emails = people(prefix, n)
        with CaptureQueriesContext(connection) as queries:
            svc.mooc_completions_import(
                actor=coordinator, cohort=mooc, raw=report_csv([(e, ON) for e in emails])
            )
        counts.append(len(queries))
    fixed = 2 * counts[0] - counts[1]  # what does not depend on the rows: permission, audit, savepoints
    assert counts[1] - fixed == 2 * (counts[0] - fixed)
    assert fixed <= 8


def test_a_dry_run_of_a_big_file_reports_all_and_writes_nothing(
    mooc, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(svc, "BATCH", 500)
    emails = people("dry", 1000)
    with django_assert_max_num_queries(2 * 2 + 8):  # per batch: people and enrolments, nothing written
        report = svc.mooc_completions_import(
            actor=staff(mooc), cohort=mooc, raw=report_csv([(e, ON) for e in emails]), dry_run=True
        )
    assert len(report.created) == 1000 and report.dry_run
    assert not Enrolment.objects.filter(cohort=mooc).exists()
    assert not Membership.objects.filter(cohort=mooc, role=Role.PARTICIPANT).exists()


def test_every_bad_row_is_named_and_nothing_is_written(mooc, monkeypatch):
    monkeypatch.setattr(svc, "BATCH", 100)
    emails = people("ok", 300)
    rows = [(e, ON) for e in emails]
    raw = (
        report_csv(rows).decode()
        + "A,B,broken,Completed,01/12/2021\nA,B,x@example.org,Completed,1 Smarch 2021\n"
    )
    with pytest.raises(svc.ImportRejected) as caught:
        svc.mooc_completions_import(actor=staff(mooc), cohort=mooc, raw=raw.encode())
    assert caught.value.report.errors == [
        str(svc.BAD_EMAIL % {"row": 302, "value": "broken"}),
        str(svc.BAD_DATE % {"row": 303, "value": "1 Smarch 2021"}),
    ]
    assert not Enrolment.objects.filter(cohort=mooc).exists()


def test_the_row_limit_counts_rows_not_lines(mooc, monkeypatch):
    monkeypatch.setattr(svc, "MAX_ROWS", 3)
    emails = people("limit", 4)
    fits = report_csv([(e, ON) for e in emails[:3]]).decode().replace("\n", "\n\n")  # blank lines skipped
    assert svc.mooc_completions_import(actor=staff(mooc), cohort=mooc, raw=fits.encode()).imported == 3
    with pytest.raises(DomainError) as caught:
        svc.mooc_completions_import(actor=staff(mooc), cohort=mooc, raw=report_csv([(e, ON) for e in emails]))
    assert caught.value.fields == {"file": ["The file has more than 3 rows: split it."]}


def test_a_national_mooc_fits_in_one_file():
    assert svc.MAX_ROWS == 100_000
    assert str(svc.TOO_MANY_ROWS % {"max": "100,000"}) == "The file has more than 100,000 rows: split it."


def test_the_lines_of_a_report_are_read_as_before():
    import csv
    import io

    for text in ['a,b\r\nc,"d\ne"\r\n\r\nx,y', "a;b\nc;d\n", "a,b", "", "\n\n", "\ufeffé,ü\n"]:
        assert list(svc._lines(text)) == list(io.StringIO(text))
        assert list(csv.reader(svc._lines(text))) == list(csv.reader(io.StringIO(text)))
