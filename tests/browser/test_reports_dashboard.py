"""A coordinator reads the dashboard; the CSV and XLSX exports hold the same totals."""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook
from playwright.sync_api import expect

from biblio.learning.models import Enrolment, HourEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MINUTES, STATUS = 9, 11  # columns of the hours export (titles follow the reader's language)


def figure(text: str) -> Decimal:
    """A number as the page prints it in the reader's language ("8279,3" in Latvian)."""
    return Decimal(text.strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))


def as_hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def test_dashboard_totals_equal_the_exports(demo, page, live_server, log_in):
    log_in("coordinator.lv@example.org")
    page.goto(f"{live_server.url}/reports/")
    cohort = demo.cohorts["lv"]
    page.locator("#id_cohort").select_option(cohort.code)
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(
        f"{live_server.url}/reports/?cohort={cohort.code}&country=&track=&library=&from=&to="
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(cohort.tr("name", "lv"))
    approved = figure(page.locator("#table-hours tfoot [data-total=approved]").inner_text())
    waiting = figure(page.locator("#table-hours tfoot [data-total=pending]").inner_text())
    participants = int(page.locator("#table-status tfoot [data-total=participants]").inner_text())
    assert approved > 0 and participants == Enrolment.objects.filter(cohort=cohort).count() >= 42

    export = page.locator("#tables a[href^='/reports/export/hours.csv']").get_attribute("href")
    assert export == f"/reports/export/hours.csv?cohort={cohort.code}"
    response = page.request.get(f"{live_server.url}{export}")
    assert response.ok
    rows = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff"))))[1:]
    minutes: dict[str, int] = {}
    for row in rows:
        minutes[row[STATUS]] = minutes.get(row[STATUS], 0) + int(row[MINUTES])
    with translation.override("lv"):
        approved_label, waiting_label = (
            str(HourEntry.Status.APPROVED.label),
            str(HourEntry.Status.SUBMITTED.label),
        )
    assert as_hours(minutes[approved_label]) == approved
    assert as_hours(minutes[waiting_label]) == waiting

    with page.expect_download() as info:
        page.locator("#tables a[href^='/reports/export/roster.xlsx']").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    with open(info.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).worksheets[0]
    roster = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(roster) == participants


def test_dashboard_and_a_table_have_no_serious_accessibility_problems(demo, page, live_server, log_in):
    from .test_reports_map import serious_violations

    log_in("coordinator.lv@example.org")
    page.goto(f"{live_server.url}/reports/?cohort={demo.cohorts['lv'].code}")
    assert serious_violations(page, live_server) == []
    page.goto(f"{live_server.url}/reports/tables/hours/?cohort={demo.cohorts['lv'].code}")
    assert serious_violations(page, live_server) == []
