"""CSV and XLSX exports hold the same numbers as the dashboard; they stream; they are safe to open."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import load_workbook

from biblio.accounts.models import AuditEvent, Role
from biblio.learning.models import Application, Enrolment, Exemption, HourEntry
from biblio.programmes.models import LearningMode
from biblio.recognition.models import Assessment
from biblio.reports.models import RATING_ITEMS
from tests.factories import (
    ApplicationFactory,
    AssessmentFactory,
    AttendanceFactory,
    CredentialFactory,
    ExemptionFactory,
    HourEntryFactory,
    ModuleFactory,
    SessionFactory,
    staff,
)

from .factories import FeedbackFactory, cohort_with_tracks, library, participant, tracks

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
APPROVED = str(HourEntry.Status.APPROVED.label)
WAITING = str(HourEntry.Status.SUBMITTED.label)
RECOGNISED = "Recognised"


@pytest.fixture
def world():
    ceco, digy = tracks()
    cohort = cohort_with_tracks(ceco, digy, code="lv-x", name="Latvia X")
    host = library(key="riga", name="Rīgas bibliotēka")
    people = [
        participant(cohort, (ceco, digy)[i % 2], host=host, full_name=f"Dalībnieks {i}") for i in range(6)
    ]
    session = SessionFactory(cohort=cohort, mode=LearningMode.F2F)
    for i, e in enumerate(people):
        HourEntryFactory(
            enrolment=e,
            minutes=60 + i * 15,
            status=HourEntry.Status.APPROVED,
            date=TODAY - dt.timedelta(days=20 + i),
        )
        HourEntryFactory(
            enrolment=e, minutes=45, status=HourEntry.Status.SUBMITTED, mode=LearningMode.PROJECT
        )
        HourEntryFactory(enrolment=e, minutes=30, status=HourEntry.Status.REJECTED)
        AttendanceFactory(session=session, enrolment=e)
        ApplicationFactory(
            person=e.person,
            cohort=cohort,
            programme=e.programme,
            host=host,
            status=Application.Status.ACCEPTED,
        )
        AssessmentFactory(enrolment=e, result=Assessment.Result.PASS if i % 3 else Assessment.Result.FAIL)
    ApplicationFactory(cohort=cohort, status=Application.Status.REJECTED)
    ExemptionFactory(
        enrolment=people[0],
        module=ModuleFactory(mode=LearningMode.ONLINE),
        status=Exemption.Status.APPROVED,
        recognised_minutes=900,
        decided_at=timezone.now() - dt.timedelta(days=2),
    )
    for e in people[:4]:
        Enrolment.objects.filter(pk=e.pk).update(
            status=Enrolment.Status.COMPLETED, completed_at=timezone.now()
        )
        CredentialFactory(enrolment=e)
        FeedbackFactory(enrolment=e, overall=3 + e.pk % 3, comments=f"Comment number {e.pk % 7}.")
    return {"cohort": cohort, "people": people, "coordinator": staff(cohort, Role.COORDINATOR)}


def csv_rows(response, read) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = read(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def xlsx_rows(response, read) -> list[dict]:
    assert isinstance(response, FileResponse)
    workbook = load_workbook(io.BytesIO(read(response)), read_only=True)
    sheet = workbook.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    assert workbook.sheetnames[1] == "About"
    # Empty trailing cells are not stored: pad each row to the header's width.
    return [dict(zip(header, (*row, *[None] * (len(header) - len(row))), strict=True)) for row in values[1:]]


def export(client, read, table: str, fmt: str, query: str = "") -> list[dict]:
    response = client.get(f"/reports/export/{table}.{fmt}{query}")
    assert response.status_code == 200, response.content[:300]
    return csv_rows(response, read) if fmt == "csv" else xlsx_rows(response, read)


def number(value) -> Decimal:
    return Decimal(str(value or 0))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("query", ["", "?from={start}", "?track=DIGY"])
def test_hours_export_totals_equal_the_dashboard(world, login, read, fmt, query):
    query = query.format(start=(TODAY - dt.timedelta(days=22)).isoformat())
    client = login(world["coordinator"])
    totals = client.get(f"/reports/{query}").context["hours_totals"]

    rows = export(client, read, "hours", fmt, query)

    minutes = Counter()
    for row in rows:
        minutes[row["Status"]] += int(row["Minutes"])
        assert number(row["Hours"]) == (Decimal(int(row["Minutes"])) / 60).quantize(Decimal("0.01"))
    assert minutes[APPROVED] == totals["approved"]
    assert minutes[RECOGNISED] == totals["recognised"]
    assert minutes[WAITING] == totals["pending"]
    assert minutes[str(HourEntry.Status.REJECTED.label)] == totals["rejected"]
    assert totals["approved"] > 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_roster_export_credited_hours_equal_the_dashboard(world, login, read, fmt):
    client = login(world["coordinator"])
    page = client.get("/reports/")
    rows = export(client, read, "roster", fmt)
    assert len(rows) == page.context["d"].status_total.total == 6
    credited = sum(number(r["Credited hours"]) for r in rows)
    assert credited * 60 == page.context["hours_totals"]["credited"]
    assert Counter(r["Status"] for r in rows) == {"Completed": 4, "Active": 2}
    assert {r["Participant"] for r in rows} == {e.person.full_name for e in world["people"]}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_funnel_tables_match_the_dashboard(world, login, read, fmt):
    client = login(world["coordinator"])
    stages = {s.key: s.count for s in client.get("/reports/").context["d"].funnel}

    applications = export(client, read, "applications", fmt)
    assert len(applications) == stages["applied"] == 7
    assert sum(r["Decision"] == "Accepted" for r in applications) == stages["accepted"] == 6

    credentials = export(client, read, "credentials", fmt)
    assert sum(r["State"] == "Valid" for r in credentials) == stages["certified"] == 4

    assessments = export(client, read, "assessments", fmt)
    assert Counter(r["Result"] for r in assessments) == {"Pass": 4, "Fail": 2}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_feedback_export_is_anonymous_and_matches_the_dashboard(world, login, read, fmt):
    client = login(world["coordinator"])
    summary = client.get("/reports/").context["d"].feedback
    rows = export(client, read, "feedback", fmt)
    assert len(rows) == summary.responses == 4
    overall = [int(r["Overall, how satisfied are you with the course?"]) for r in rows]
    assert round(sum(overall) / len(overall), 2) == summary.means["overall"]
    people = [e.person for e in world["people"]]
    text = str(rows)
    assert not any(p.full_name in text or p.email in text for p in people)
    assert set(rows[0]) == {
        "Cohort",
        "Country",
        "Track",
        *[str(q) for q in RATING_ITEMS.values()],
        "Project went into practice",
        "Comments",
    }


def test_feedback_export_is_empty_below_the_minimum_group(world, login, read):
    client = login(world["coordinator"])
    # Two of the four who answered follow DIGY: fewer than three, so nothing is shown.
    rows = export(client, read, "feedback", "csv", "?track=DIGY")
    assert rows == []


def test_xlsx_cells_are_typed(world, login, read):
    client = login(world["coordinator"])
    rows = export(client, read, "hours", "xlsx")
    row = next(r for r in rows if r["Source"] == "Hour entry")
    assert isinstance(row["Minutes"], int)
    assert isinstance(row["Date"], dt.datetime)  # a date cell (openpyxl reads dates as datetimes)


def test_cells_that_look_like_formulas_stay_text(world, login, read):
    e = world["people"][0]
    e.person.full_name = '=HYPERLINK("http://evil.example","click")'
    e.person.save(update_fields=["full_name"])
    e.feedback.comments = "+1 great\x07 course"  # a control character openpyxl cannot store
    e.feedback.save(update_fields=["comments"])
    client = login(world["coordinator"])

    roster = export(client, read, "roster", "csv")
    assert '\'=HYPERLINK("http://evil.example","click")' in {r["Participant"] for r in roster}

    response = client.get("/reports/export/roster.xlsx")
    sheet = load_workbook(io.BytesIO(read(response))).worksheets[0]
    names = [c for c in sheet["D"] if c.value and str(c.value).startswith("=HYPERLINK")]
    assert names and all(c.data_type == "s" for c in names)

    feedback = export(client, read, "feedback", "xlsx")
    assert "+1 great course" in {r["Comments"] for r in feedback}


def test_an_export_is_audited_with_its_filters(world, login, read):
    client = login(world["coordinator"])
    read(client.get("/reports/export/roster.csv?track=CECO"))
    event = AuditEvent.objects.get(verb="reports.export")
    assert event.actor == world["coordinator"]
    assert event.cohort_id == world["cohort"].pk
    assert event.changes == {
        "table": "roster",
        "format": "csv",
        "filters": {"track": "CECO"},
        "cohorts": [world["cohort"].pk],
    }


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/reports/export/roster.pdf", 404),
        ("/reports/export/nothing.csv", 404),
        ("/reports/export/roster.csv?from=not-a-date", 400),
        ("/reports/export/roster.csv?from=2026-05-01&to=2026-04-01", 400),
        ("/reports/export/roster.csv?track=NOPE", 400),
    ],
)
def test_bad_export_requests(world, login, url, status):
    response = login(world["coordinator"]).get(url)
    assert response.status_code == status
    assert not AuditEvent.objects.filter(verb="reports.export").exists()


def test_table_page_totals_are_the_export_totals(world, login, read):
    client = login(world["coordinator"])
    page = client.get("/reports/tables/hours/")
    totals = {t.label: t.value for t in page.context["totals"]}
    rows = export(client, read, "hours", "csv")
    assert totals["Rows"] == len(rows) == page.context["count"]
    approved = sum(int(r["Minutes"]) for r in rows if r["Status"] == APPROVED)
    assert totals["Approved hours"] == (Decimal(approved) / 60).quantize(Decimal("0.01"))
