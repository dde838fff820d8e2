"""The MOOC completion import as a background task: the upload is checked for size and stored, a job made
and the task queued on commit; the job's page (and the API) show its progress, then what it did or every
row that stopped it. Only whom may import in the cohort starts or sees it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from biblio.accounts.models import AuditEvent, Membership, Person, Role
from biblio.core.models import Job
from biblio.learning import tasks
from biblio.learning.models import Enrolment
from biblio.learning.services import mooc as svc
from biblio.learning.services import mooc_jobs
from tests.factories import CohortFactory, EnrolmentFactory, PersonFactory, ProgrammeFactory, staff
from tests.learning.factories import people, upload

pytestmark = pytest.mark.django_db

API = "/api/v1/learning"
ON = dt.date(2021, 12, 1)
HEADER = "First name,Surname,Email address,Course complete,Course complete date"


def report_csv(emails: list[str], extra: str = "") -> bytes:
    lines = [HEADER] + [f"A,B,{e},Completed,{ON:%d/%m/%Y}" for e in emails]
    return ("\n".join(lines) + "\n" + extra).encode()


def moodle_size_file() -> bytes:
    """A Moodle report of 100 000 rows as its export looks: ~6.4 MB, over the old 5 MB cap."""
    lines = [HEADER] + [
        f"Participant,Number {i},participant.{i}@libraries.example.org,Completed,{ON:%d/%m/%Y}"
        for i in range(100_000)
    ]
    return ("\n".join(lines) + "\n").encode()


def start(client, cohort, raw: bytes, **data):
    url = reverse("learning:cohort_mooc", args=[cohort.code])
    return client.post(url, {"import-file": upload("report.csv", raw), **data})


def test_a_100_000_row_moodle_file_is_accepted_stored_and_queued(
    login, mooc, django_capture_on_commit_callbacks
):
    raw = moodle_size_file()
    assert 6_000_000 < len(raw) < mooc_jobs.import_limit_bytes() and len(raw) > 5 * 1024 * 1024
    coordinator = staff(mooc)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = start(login(coordinator), mooc, raw)
    job = Job.objects.get(kind=mooc_jobs.JOB_KIND)
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:mooc_import", args=[mooc.code, job.pk])
    assert (job.status, job.cohort, job.created_by) == ("queued", mooc, coordinator)
    assert job.report == {"file": "report.csv", "bytes": len(raw), "dry_run": False}
    with default_storage.open(f"imports/mooc/{job.pk}.csv", "rb") as stored:
        assert stored.read() == raw
    assert len(queued) == 1  # the task, queued on commit
    event = AuditEvent.objects.get(verb="mooc.import_started")
    assert event.actor == coordinator and event.changes["bytes"] == [None, len(raw)]


def test_the_cap_is_16_mb_and_one_setting(settings):
    assert settings.BIBLIO_MAX_IMPORT_BYTES == 16 * 1024 * 1024 == mooc_jobs.import_limit_bytes()
    assert mooc_jobs.too_big_message() == "The file is too big: the limit is 16 MB."


def test_a_file_over_the_cap_is_refused_with_the_message_on_the_page_and_the_api(login, mooc, settings):
    settings.BIBLIO_MAX_IMPORT_BYTES = 1024 * 1024
    client = login(staff(mooc))
    too_big = report_csv([]) + b"x" * (1024 * 1024)
    response = start(client, mooc, too_big)
    assert response.status_code == 200
    assert response.context["import_form"].errors["file"] == ["The file is too big: the limit is 1 MB."]
    response = client.post(f"{API}/cohorts/{mooc.code}/mooc/import", {"file": upload("r.csv", too_big)})
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["file"] == ["The file is too big: the limit is 1 MB."]
    assert not Job.objects.exists() and not default_storage.exists("imports/mooc")


def test_the_import_runs_as_a_task_and_its_page_shows_the_result(
    login, mooc, django_capture_on_commit_callbacks
):
    emails = people("done", 3)
    EnrolmentFactory(person=Person.objects.get(email=emails[0]), cohort=mooc, status="active")
    client = login(staff(mooc))
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, mooc, report_csv([*emails, "ghost@example.org"]))
    job = Job.objects.get()
    assert (job.status, job.total, job.done, job.percent, job.message) == ("done", 4, 4, 100, "")
    assert job.report["created"] == 2 and job.report["updated"] == 1
    assert job.report["unmatched"] == [[5, "ghost@example.org"]] and job.report["errors"] == []
    assert Enrolment.objects.filter(cohort=mooc, status="completed").count() == 3
    assert not default_storage.exists(f"imports/mooc/{job.pk}.csv")  # the upload is not kept
    assert AuditEvent.objects.filter(verb="mooc.import").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Imported" in page and "2 new completions" in page and "Row 5: ghost@example.org" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: no more polling
    report = client.get(reverse("learning:mooc_import_report", args=[mooc.code, job.pk]))
    assert report["Content-Type"].startswith("text/csv")
    assert report.content.decode().splitlines() == ["Row,E-mail", "5,ghost@example.org"]
    listing = client.get(reverse("learning:cohort_mooc", args=[mooc.code])).content.decode()
    assert reverse("learning:mooc_import", args=[mooc.code, job.pk]) in listing


def test_a_dry_run_reports_and_writes_nothing(login, mooc, django_capture_on_commit_callbacks):
    emails = people("dry", 2)
    client = login(staff(mooc))
    with django_capture_on_commit_callbacks(execute=True):
        start(client, mooc, report_csv(emails), **{"import-dry_run": "on"})
    job = Job.objects.get()
    assert job.status == "done" and job.report["dry_run"] and job.report["created"] == 2
    assert not Enrolment.objects.filter(cohort=mooc).exists()
    listing = client.get(reverse("learning:cohort_mooc", args=[mooc.code])).content.decode()
    assert "r.csv" not in listing and "report.csv</a> — checked" in listing


def test_progress_is_written_to_the_job_after_each_batch(
    mooc, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(svc, "BATCH", 100)
    emails = people("batch", 250)
    seen: list[tuple[str, int, int]] = []
    real = tasks._Progress.__call__

    def spy(self, done, total):
        real(self, done, total)
        seen.append(Job.objects.values_list("status", "done", "total").get())

    monkeypatch.setattr(tasks._Progress, "__call__", spy)
    with django_capture_on_commit_callbacks(execute=True):
        mooc_jobs.mooc_import_start(
            actor=staff(mooc), cohort=mooc, upload=upload("r.csv", report_csv(emails))
        )
    size = svc._batch_size()
    expected = [("running", 0, 250)] + [("running", min(d, 250), 250) for d in range(size, 250 + size, size)]
    assert seen == expected
    assert Job.objects.values_list("status", "done", "total").get() == ("done", 250, 250)


def test_a_running_job_shows_its_progress_and_polls(login, mooc):
    client = login(staff(mooc))
    job = Job.objects.create(
        kind=mooc_jobs.JOB_KIND,
        title="t",
        cohort=mooc,
        status="running",
        total=400,
        done=100,
        report={"file": "r.csv", "live": True},
    )
    url = reverse("learning:mooc_import", args=[mooc.code, job.pk])
    page = client.get(url).content.decode()
    assert "Recording completions: 100 of 400 rows." in page
    assert '<progress max="100" value="25"' in page and f'hx-get="{url}"' in page
    assert '<meta http-equiv="refresh"' in page  # inside <noscript>: no script needed
    part = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert part.startswith('<div id="import-progress"') and "<html" not in part
    Job.objects.filter(pk=job.pk).update(report={"file": "r.csv", "live": False})  # SQLite: the phase
    assert "Recording 400 completions (all or nothing)" in client.get(url).content.decode()
    Job.objects.filter(pk=job.pk).update(status="queued", total=0, done=0)
    assert "Waiting for the background worker" in client.get(url).content.decode()


def test_every_bad_row_is_reported_and_nothing_is_written(
    login, mooc, monkeypatch, django_capture_on_commit_callbacks
):
    from biblio.learning.views import mooc as views

    monkeypatch.setattr(views, "SHOWN", 2)
    emails = people("ok", 3)
    bad = "A,B,broken,Completed,01/12/2021\nA,B,x@example.org,Completed,1 Smarch 2021\nA,B,also-bad,Completed,\n"
    client = login(staff(mooc))
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, mooc, report_csv(emails, bad))
    job = Job.objects.get()
    errors = [
        str(svc.BAD_EMAIL % {"row": 5, "value": "broken"}),
        str(svc.BAD_DATE % {"row": 6, "value": "1 Smarch 2021"}),
        str(svc.BAD_EMAIL % {"row": 7, "value": "also-bad"}),
    ]
    assert (job.status, job.message) == ("failed", str(svc.ROWS_INVALID % {"count": 3}))
    assert job.report["errors"] == errors
    assert not Enrolment.objects.filter(cohort=mooc).exists()
    assert not AuditEvent.objects.filter(verb="mooc.import").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page and errors[0] in page and errors[2] not in page
    assert "And 1 more row." in page
    report = client.get(reverse("learning:mooc_import_report", args=[mooc.code, job.pk])).content.decode()
    assert report.splitlines() == ["Error", *errors]  # every bad row, whatever the page shows


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b"\x00\xff\x00binary", svc.NOT_CSV), (b"Name,Grade\nA,1\n", svc.NO_EMAIL_COLUMN)],
)
def test_an_unreadable_file_fails_the_job_with_the_reason(
    mooc, raw, message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mooc_jobs.mooc_import_start(actor=staff(mooc), cohort=mooc, upload=upload("r.csv", raw))
    job = Job.objects.get()
    assert (job.status, job.message) == ("failed", str(message))


def test_the_report_is_in_the_starters_language(mooc, django_capture_on_commit_callbacks):
    coordinator = staff(mooc, preferred_language="lv")
    with django_capture_on_commit_callbacks(execute=True):
        mooc_jobs.mooc_import_start(actor=coordinator, cohort=mooc, upload=upload("r.csv", b"Name\nA\n"))
    assert Job.objects.get().message != str(svc.NO_EMAIL_COLUMN)  # Latvian, not English


def test_an_unexpected_error_fails_the_job_and_the_task(
    mooc, monkeypatch, django_capture_on_commit_callbacks
):
    def boom(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(tasks, "mooc_completions_import", boom)
    with django_capture_on_commit_callbacks(execute=True):
        mooc_jobs.mooc_import_start(actor=staff(mooc), cohort=mooc, upload=upload("r.csv", b"x"))
    job = Job.objects.get()  # the task is marked failed too (the backend records the exception)
    assert (job.status, job.message) == ("failed", str(tasks.CRASHED))
    assert not default_storage.exists(f"imports/mooc/{job.pk}.csv")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("admin", 200),
        ("trainer", 403),  # a member who may not import there
        ("participant", 403),
        ("coordinator_elsewhere", 404),
        ("stranger", 404),
    ],
)
def test_who_may_see_an_import(login, mooc, who, status):
    other = CohortFactory(programme=mooc.programme, call_open=False)
    person = {
        "coordinator": lambda: staff(mooc),
        "admin": lambda: PersonFactory(is_staff=True),
        "trainer": lambda: staff(mooc, Role.TRAINER),
        "participant": lambda: staff(mooc, Role.PARTICIPANT),
        "coordinator_elsewhere": lambda: staff(other),
        "stranger": PersonFactory,
    }[who]()
    job = Job.objects.create(kind=mooc_jobs.JOB_KIND, title="t", cohort=mooc, created_by=staff(mooc))
    client = login(person)
    for url in (
        reverse("learning:mooc_import", args=[mooc.code, job.pk]),
        reverse("learning:mooc_import_report", args=[mooc.code, job.pk]),
        f"{API}/cohorts/{mooc.code}/mooc/imports/{job.pk}",
    ):
        assert client.get(url).status_code == status, url


def test_a_job_is_only_found_under_its_own_cohort_and_kind(login, mooc):
    other = CohortFactory(programme=mooc.programme, call_open=False)
    coordinator = staff(mooc)
    Membership.objects.create(person=coordinator, cohort=other, role=Role.COORDINATOR)
    theirs = Job.objects.create(kind=mooc_jobs.JOB_KIND, title="t", cohort=other)
    issuing = Job.objects.create(kind="recognition.issue_cohort", title="t", cohort=mooc)
    client = login(coordinator)
    for job in (theirs, issuing):
        assert client.get(reverse("learning:mooc_import", args=[mooc.code, job.pk])).status_code == 404
        assert client.get(f"{API}/cohorts/{mooc.code}/mooc/imports/{job.pk}").status_code == 404


@pytest.mark.parametrize("role", [Role.TRAINER, Role.PARTICIPANT])
def test_only_whom_may_import_can_start_one(login, mooc, role):
    client = login(staff(mooc, role))
    assert start(client, mooc, report_csv([])).status_code == 403
    response = client.post(
        f"{API}/cohorts/{mooc.code}/mooc/import", {"file": upload("r.csv", report_csv([]))}
    )
    assert response.status_code == 403
    assert not Job.objects.exists()
    assert (
        login(staff(CohortFactory()))
        .post(f"{API}/cohorts/{mooc.code}/mooc/import", {"file": upload("r.csv", report_csv([]))})
        .status_code
        == 404
    )


def test_the_job_page_runs_the_same_queries_whatever_the_report(login, mooc):
    client = login(staff(mooc))

    def queries_for(n: int) -> int:
        job = Job.objects.create(
            kind=mooc_jobs.JOB_KIND,
            title="t",
            cohort=mooc,
            status="failed",
            message="m",
            report={"file": "r.csv", "errors": [f"Row {i}: bad" for i in range(n)]},
        )
        url = reverse("learning:mooc_import", args=[mooc.code, job.pk])
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_for(3) == queries_for(3_000)


def test_the_api_answers_202_with_the_job_then_its_report(login, mooc, django_capture_on_commit_callbacks):
    emails = people("api", 2)
    client = login(staff(mooc))
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            f"{API}/cohorts/{mooc.code}/mooc/import", {"file": upload("r.csv", report_csv(emails))}
        )
    assert response.status_code == 202
    body = response.json()
    job = Job.objects.get()
    assert body["status"] == "queued" and body["url"] == f"{API}/cohorts/{mooc.code}/mooc/imports/{job.pk}"
    assert body["page"] == reverse("learning:mooc_import", args=[mooc.code, job.pk])
    tasks.import_mooc_completions.call(job_id=str(job.pk), path=f"imports/mooc/{job.pk}.csv")
    body = client.get(body["url"]).json()
    assert (body["status"], body["percent"], body["report"]["created"]) == ("done", 100, 2)
    assert body["report"]["file"] == "r.csv" and body["message"] == ""


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_and_its_worker_run_the_import(settings):
    """As deployed: the task waits in the database until `db_worker` runs it. On PostgreSQL its
    progress is committed as it goes ("live"); SQLite has one writer, so there the phase shows."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mooc = CohortFactory(programme=ProgrammeFactory(kind="mooc"), call_open=False)
    emails = people("worker", 3)
    job = mooc_jobs.mooc_import_start(
        actor=staff(mooc), cohort=mooc, upload=upload("r.csv", report_csv(emails))
    )
    job.refresh_from_db()
    assert job.status == "queued" and DBTaskResult.objects.filter(status="READY").count() == 1
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 3, 3)
    assert job.report["live"] is (connection.vendor != "sqlite")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert Enrolment.objects.filter(cohort=mooc, status="completed").count() == 3


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_progress_is_seen_by_others_while_the_import_writes(monkeypatch, settings):
    """The page reads the job from another connection: it sees each batch while the import's one
    transaction is still open (and nothing of the rows until it commits)."""
    from django.db import DEFAULT_DB_ALIAS, connections

    monkeypatch.setattr(svc, "BATCH", 100)
    mooc = CohortFactory(programme=ProgrammeFactory(kind="mooc"), call_open=False)
    emails = people("seen", 300)
    outside = connections.create_connection(DEFAULT_DB_ALIAS)
    seen: list[tuple[int, int, int]] = []
    real = tasks._Progress.__call__

    def spy(self, done, total):
        real(self, done, total)
        with outside.cursor() as cursor:
            cursor.execute("SELECT done, total FROM core_job WHERE id = %s", [self.job.pk])
            row = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM learning_enrolment WHERE cohort_id = %s", [mooc.pk])
            seen.append((*row, cursor.fetchone()[0]))

    monkeypatch.setattr(tasks._Progress, "__call__", spy)
    try:
        mooc_jobs.mooc_import_start(
            actor=staff(mooc), cohort=mooc, upload=upload("r.csv", report_csv(emails))
        )
    finally:
        outside.close()
    assert seen == [(0, 300, 0), (100, 300, 0), (200, 300, 0), (300, 300, 0)]
    assert Enrolment.objects.filter(cohort=mooc).count() == 300


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_progress_write_that_fails_does_not_stop_the_import(monkeypatch):
    from django.db import DatabaseError

    class Broken:
        def cursor(self):
            raise DatabaseError("too many connections")

        def close(self):
            pass

    monkeypatch.setattr(tasks.connections, "create_connection", lambda alias: Broken())
    mooc = CohortFactory(programme=ProgrammeFactory(kind="mooc"), call_open=False)
    emails = people("broken", 2)
    mooc_jobs.mooc_import_start(actor=staff(mooc), cohort=mooc, upload=upload("r.csv", report_csv(emails)))
    assert Job.objects.values_list("status", "done", "total").get() == ("done", 2, 2)
    assert Enrolment.objects.filter(cohort=mooc).count() == 2
