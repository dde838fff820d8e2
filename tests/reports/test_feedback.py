"""The end-of-course feedback form: only one's own, only at the end, validated, audited without answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from biblio.accounts.models import AuditEvent, Role
from biblio.core.errors import DomainError, NotFound
from biblio.learning.models import Enrolment
from biblio.reports.models import Feedback
from biblio.reports.services import (
    FEEDBACK_INVALID,
    FEEDBACK_NOT_OPEN,
    FEEDBACK_WITHDRAWN,
    feedback_open,
    feedback_submit,
)
from tests.factories import CohortFactory, HourEntryFactory, PersonFactory, ProgrammeFactory, staff

from .factories import participant

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
ANSWERS = {
    "overall": "5",
    "content": "4",
    "trainers": "4",
    "mentoring": "3",
    "organisation": "5",
    "project_in_practice": "partly",
    "comments": "The seminars were the best part.",
}


def ending_cohort(**kwargs):
    """A cohort in its last month: the feedback form is open."""
    return CohortFactory(end=TODAY + dt.timedelta(days=10), **kwargs)


@pytest.fixture
def enrolment():
    return participant(ending_cohort())


def test_participant_sends_feedback_and_the_audit_holds_no_answers(enrolment, login):
    client = login(enrolment.person)
    assert client.get(f"/reports/feedback/{enrolment.pk}/").status_code == 200

    response = client.post(f"/reports/feedback/{enrolment.pk}/", ANSWERS)

    assert response.status_code == 302
    feedback = Feedback.objects.get(enrolment=enrolment)
    assert (feedback.overall, feedback.project_in_practice, feedback.went_into_practice) == (
        5,
        "partly",
        True,
    )
    event = AuditEvent.objects.get(verb="feedback.submit")
    assert (event.actor, event.cohort_id, event.changes) == (enrolment.person, enrolment.cohort_id, {})


def test_a_second_submission_replaces_the_first(enrolment, login):
    client = login(enrolment.person)
    client.post(f"/reports/feedback/{enrolment.pk}/", ANSWERS)
    client.post(f"/reports/feedback/{enrolment.pk}/", {**ANSWERS, "overall": "2"})
    assert list(Feedback.objects.values_list("overall", flat=True)) == [2]
    assert AuditEvent.objects.filter(verb="feedback.update").count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"overall": ""}, "overall", "This field is required."),
        ({"overall": "6"}, "overall", "Select a valid choice. 6 is not one of the available choices."),
        (
            {"project_in_practice": "maybe"},
            "project_in_practice",
            "Select a valid choice. maybe is not one of the available choices.",
        ),
        (
            {"comments": "x" * 4001},
            "comments",
            "Ensure this value has at most 4000 characters (it has 4001).",
        ),
    ],
)
def test_bad_answers_are_explained_beside_their_field(enrolment, login, change, field, message):
    response = login(enrolment.person).post(f"/reports/feedback/{enrolment.pk}/", {**ANSWERS, **change})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("who", ["another participant", "coordinator", "admin"])
def test_nobody_else_sees_or_sends_a_participants_form(enrolment, login, who):
    person = {
        "another participant": lambda: participant(enrolment.cohort).person,
        "coordinator": lambda: staff(enrolment.cohort, Role.COORDINATOR),
        "admin": lambda: PersonFactory(is_staff=True),
    }[who]()
    client = login(person)
    assert client.get(f"/reports/feedback/{enrolment.pk}/").status_code == 404
    assert client.post(f"/reports/feedback/{enrolment.pk}/", ANSWERS).status_code == 404
    with pytest.raises(NotFound):
        feedback_submit(actor=person, enrolment=enrolment, answers=ANSWERS)
    assert not Feedback.objects.exists()


def test_form_is_closed_before_the_last_month(login):
    enrolment = participant(CohortFactory(end=TODAY + dt.timedelta(days=60)))
    assert not feedback_open(enrolment)
    with pytest.raises(DomainError) as exc:
        feedback_submit(actor=enrolment.person, enrolment=enrolment, answers=ANSWERS)
    assert exc.value.message == str(FEEDBACK_NOT_OPEN)
    page = login(enrolment.person).get(f"/reports/feedback/{enrolment.pk}/")
    assert str(FEEDBACK_NOT_OPEN) in page.content.decode()
    assert '<form method="post"' not in page.content.decode()


def test_form_opens_early_once_every_budget_is_met():
    cohort = CohortFactory(
        end=TODAY + dt.timedelta(days=60), programme=ProgrammeFactory(budget={"online": 1})
    )
    enrolment = participant(cohort)
    HourEntryFactory(enrolment=enrolment, minutes=60, status="approved")
    assert feedback_open(enrolment)


def test_completed_course_is_open_and_withdrawn_is_refused():
    cohort = CohortFactory(end=TODAY + dt.timedelta(days=60))
    done = participant(cohort, status=Enrolment.Status.COMPLETED)
    assert feedback_open(done)
    gone = participant(ending_cohort(), status=Enrolment.Status.WITHDRAWN)
    with pytest.raises(DomainError) as exc:
        feedback_submit(actor=gone.person, enrolment=gone, answers=ANSWERS)
    assert exc.value.message == str(FEEDBACK_WITHDRAWN)


def test_service_validates_the_answers(enrolment):
    with pytest.raises(DomainError) as exc:
        feedback_submit(actor=enrolment.person, enrolment=enrolment, answers={**ANSWERS, "overall": 9})
    assert exc.value.message == str(FEEDBACK_INVALID)
    assert "overall" in exc.value.fields


def test_start_page_goes_straight_to_the_one_open_form(enrolment, login):
    client = login(enrolment.person)
    response = client.get("/reports/feedback/")
    assert response.status_code == 302
    assert response.url == f"/reports/feedback/{enrolment.pk}/"
    listing = client.get("/reports/feedback/?all=1")
    assert enrolment.cohort.name in listing.content.decode()


def test_home_card_links_to_the_form(enrolment, login):
    text = login(enrolment.person).get("/home/").content.decode()
    assert f"/reports/feedback/{enrolment.pk}/" in text
