"""MOOC completion: recorded in Biblio or imported from Moodle's course-completion CSV."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from biblio.accounts.models import AuditEvent, Role
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning.models import Enrolment
from biblio.learning.selectors.applications import mooc_completed
from biblio.learning.services import mooc as svc
from tests.factories import CohortFactory, EnrolmentFactory, PersonFactory, staff
from tests.learning.factories import upload

pytestmark = pytest.mark.django_db

MOODLE_CSV = (
    "\ufeffStudent,Email address,Quiz 1,Quiz 1 Date,Course complete,Course complete Date\n"
    'Līga Bērziņa,liga@example.org,Completed,01/11/21,Completed,"Wednesday, 1 December 2021, 10:00 AM"\n'
    "Jānis Kalniņš,JANIS@example.org,Completed,02/11/21,Completed,02/12/21\n"
    "Anna Ozola,anna@example.org,Not completed,,Not completed,\n"
    "Nobody Known,ghost@example.org,Completed,,Completed,2021-12-03\n"
)


@pytest.fixture
def people():
    return [PersonFactory(email=e) for e in ("liga@example.org", "janis@example.org", "anna@example.org")]


def test_import_matches_by_email_and_reports_the_rest(mooc, people):
    EnrolmentFactory(person=people[1], cohort=mooc)  # enrolled, not yet completed
    report = svc.mooc_completions_import(
        actor=staff(mooc, Role.COORDINATOR), cohort=mooc, raw=MOODLE_CSV.encode()
    )
    assert (report.rows, report.created, report.updated) == (4, ["liga@example.org"], ["janis@example.org"])
    assert report.not_completed == 1
    assert report.unmatched == [(5, "ghost@example.org")]
    liga = Enrolment.objects.get(person=people[0], cohort=mooc)
    assert (liga.status, liga.completed_at.date()) == ("completed", dt.date(2021, 12, 1))
    assert Enrolment.objects.get(person=people[1]).completed_at.date() == dt.date(2021, 12, 2)
    assert mooc_completed(people[0]) and not mooc_completed(people[2])
    again = svc.mooc_completions_import(actor=staff(mooc), cohort=mooc, raw=MOODLE_CSV.encode())
    assert (again.created, again.updated, len(again.unchanged)) == ([], [], 2)


def test_a_file_with_a_bad_row_imports_nothing(mooc, people):
    bad = (
        MOODLE_CSV
        + "Broken,not-an-email,,,Completed,2021-12-04\nLate,anna@example.org,,,Completed,31/02/2021\n"
    )
    with pytest.raises(svc.ImportRejected) as caught:
        svc.mooc_completions_import(actor=staff(mooc), cohort=mooc, raw=bad.encode())
    assert caught.value.message == str(svc.ROWS_INVALID % {"count": 2})
    assert caught.value.report.errors == [
        str(svc.BAD_EMAIL % {"row": 6, "value": "not-an-email"}),
        str(svc.BAD_DATE % {"row": 7, "value": "31/02/2021"}),
    ]
    assert not Enrolment.objects.filter(cohort=mooc).exists()


def test_dry_run_writes_nothing(mooc, people):
    report = svc.mooc_completions_import(
        actor=staff(mooc), cohort=mooc, raw=MOODLE_CSV.encode(), dry_run=True
    )
    assert report.imported == 2 and report.dry_run
    assert not Enrolment.objects.filter(cohort=mooc).exists()
    assert not AuditEvent.objects.filter(verb="mooc.import").exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"Name,Course complete\nX,Completed\n", svc.NO_EMAIL_COLUMN),
        (b"Name,Email address\nX,x@example.org\n", svc.NO_COMPLETION_COLUMN),
        (b"Email address,Course complete\n", svc.EMPTY_FILE),
        (b"\xff\xfe\x00b\x00i\x00n", svc.NOT_CSV),
    ],
)
def test_unreadable_files_are_explained(mooc, raw, message):
    with pytest.raises(DomainError) as caught:
        svc.mooc_completions_import(actor=staff(mooc), cohort=mooc, raw=raw)
    assert caught.value.fields == {"file": [str(message)]}


def test_semicolons_and_time_completed_columns(mooc, people):
    raw = "email;timecompleted\nliga@example.org;1638352800\nanna@example.org;\n"
    report = svc.mooc_completions_import(actor=staff(mooc), cohort=mooc, raw=raw.encode())
    assert report.created == ["liga@example.org"] and report.not_completed == 1


def test_only_for_a_mooc_and_its_coordinator(mooc, people):
    course = CohortFactory()
    with pytest.raises(DomainError) as caught:
        svc.mooc_completions_import(actor=staff(course), cohort=course, raw=MOODLE_CSV.encode())
    assert caught.value.message == str(svc.NOT_A_MOOC)
    for actor in (staff(mooc, Role.TRAINER), staff(CohortFactory())):
        with pytest.raises(PermissionDenied):
            svc.mooc_completions_import(actor=actor, cohort=mooc, raw=MOODLE_CSV.encode())


def test_record_one_completion(mooc, people):
    coordinator = staff(mooc)
    with pytest.raises(DomainError) as caught:
        svc.mooc_completion_record(
            actor=coordinator,
            cohort=mooc,
            person=people[2],
            completed_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert "future" in caught.value.fields["completed_on"][0]
    svc.mooc_completion_record(
        actor=coordinator, cohort=mooc, person=people[2], completed_on=dt.date(2021, 12, 5)
    )
    assert mooc_completed(people[2])


def test_import_page(login, mooc, people, django_assert_max_num_queries, django_capture_on_commit_callbacks):
    client = login(staff(mooc))
    url = reverse("learning:cohort_mooc", args=[mooc.code])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"import-file": upload("report.csv", MOODLE_CSV.encode()), "import-dry_run": ""}
        )
    body = client.get(response["Location"]).content.decode()
    assert "ghost@example.org" in body and "Imported" in body
    for _ in range(15):
        EnrolmentFactory(cohort=mooc)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    response = client.post(url, {"record-email": "nobody@example.org", "record-completed_on": "2021-12-01"})
    assert "Nobody with this e-mail address" in response.content.decode()
    assert login(staff(CohortFactory())).get(url).status_code == 404
    course = CohortFactory()
    assert login(staff(course)).get(reverse("learning:cohort_mooc", args=[course.code])).status_code == 404
