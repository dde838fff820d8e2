"""The MOOC completion import in a real browser: the upload lands on the job's page, which shows the result;
a running job's page follows its progress by itself (htmx, under the strict CSP) until the result."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.a11y.axe import FULL_TAGS, run_axe, serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_then_the_job_page_shows_the_result_and_follows_a_running_job(
    demo, page, live_server, log_in, tmp_path
):
    from biblio.core.models import Job
    from biblio.learning.models import Enrolment

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    mooc = demo.cohorts["mooc"]
    report = tmp_path / "moodle.csv"
    report.write_text(
        "Email address,Course complete,Course complete date\n"
        "participant.lv@example.org,Completed,01/10/2025\n"
        "ghost@example.org,Completed,02/10/2025\n",
        encoding="utf-8",
    )
    log_in("admin@example.org")
    page.goto(f"{live_server.url}/learning/cohorts/{mooc.code}/mooc/")
    page.get_by_label("Course-completion report (CSV)").set_input_files(str(report))
    page.get_by_label("Only check the file; import nothing").uncheck()
    page.locator("section[aria-labelledby=import-h] button[type=submit]").click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()  # the test backend runs it at once
    expect(page.get_by_text("1 already recorded")).to_be_visible()  # the demo's Līga completed it
    expect(page.get_by_text("Row 3: ghost@example.org")).to_be_visible()
    assert not Enrolment.objects.filter(cohort=mooc, person__email="ghost@example.org").exists()
    assert serious(run_axe(page, live_server.url, FULL_TAGS)) == []

    job = Job.objects.create(
        kind="learning.mooc_import",
        title="t",
        cohort=mooc,
        status="running",
        total=1000,
        done=250,
        report={"file": "big.csv", "live": True},
    )
    page.goto(f"{live_server.url}/learning/cohorts/{mooc.code}/mooc/imports/{job.pk}/")
    expect(page.get_by_text("Recording completions: 250 of 1,000 rows.")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "25")
    assert serious(run_axe(page, live_server.url, FULL_TAGS)) == []
    Job.objects.filter(pk=job.pk).update(done=750)
    expect(page.get_by_text("Recording completions: 750 of 1,000 rows.")).to_be_visible()
    Job.objects.filter(pk=job.pk).update(
        status="done", done=1000, report={"file": "big.csv", "rows": 1000, "created": 1000, "unmatched": []}
    )
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    expect(page.get_by_text("1,000 new completions")).to_be_visible()
    assert errors == []  # no CSP violation, no script error (axe came from the live server: same origin)
