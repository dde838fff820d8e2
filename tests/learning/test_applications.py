"""Applications and selection: priority score, decisions with e-mails, places, waitlist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from biblio.accounts.models import Membership, Person, Role
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning.models import Application, Enrolment
from biblio.learning.selectors.applications import places_of, ranked_applications
from biblio.learning.services import applications as svc
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    staff,
)

pytestmark = pytest.mark.django_db


def _mooc_done(person):
    mooc = CohortFactory(programme=ProgrammeFactory(kind="mooc"), call_open=False)
    EnrolmentFactory(
        person=person, cohort=mooc, status=Enrolment.Status.COMPLETED, completed_at=timezone.now()
    )


def _submit(person, cohort, **kwargs):
    values = {
        "programme": cohort.programme,
        "motivation": "To help my readers.",
        "host": OrganisationFactory(country=cohort.country),
        "project_idea": "A podcast.",
    }
    values.update(kwargs)
    return svc.application_submit(actor=person, cohort=cohort, **values)


def test_submit_records_the_application_and_mails_a_receipt(mailoutbox, django_capture_on_commit_callbacks):
    cohort = CohortFactory()
    person = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application = _submit(person, cohort)
    assert application.status == "submitted"
    assert [m.to for m in mailoutbox] == [[person.email]]
    assert cohort.name in mailoutbox[0].subject


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"programme": None}, "programme", svc.TRACK_NOT_OFFERED),
        ({"host": None}, "host", svc.HOST_MISSING),
        ({"proposed_host": "Valka library"}, "proposed_host", svc.HOST_BOTH),
        ({"motivation": " "}, "motivation", svc.MOTIVATION_MISSING),
        ({"project_idea": ""}, "project_idea", svc.IDEA_MISSING),
    ],
)
def test_bad_applications_are_explained(changes, field, message):
    cohort = CohortFactory()
    with pytest.raises(DomainError) as caught:
        _submit(PersonFactory(), cohort, **changes)
    assert caught.value.message == str(svc.APPLICATION_INVALID)
    assert caught.value.fields[field] == [str(message)]
    assert not Application.objects.exists()


def test_host_must_be_in_the_cohort_country_and_tracks_offered():
    cohort = CohortFactory()
    with pytest.raises(DomainError) as caught:
        _submit(PersonFactory(), cohort, host=OrganisationFactory(country="GR"))
    assert caught.value.fields == {"host": [str(svc.HOST_WRONG_COUNTRY)]}
    with pytest.raises(DomainError) as caught:
        _submit(PersonFactory(), cohort, programme=ProgrammeFactory())
    assert caught.value.fields == {"programme": [str(svc.TRACK_NOT_OFFERED)]}


@pytest.mark.parametrize(
    "cohort_kwargs",
    [{"call_open": False}, {"application_deadline": dt.date(2000, 1, 1)}],
)
def test_closed_calls_refuse(cohort_kwargs):
    with pytest.raises(DomainError) as caught:
        _submit(PersonFactory(), CohortFactory(**cohort_kwargs))
    assert caught.value.message == str(svc.CALL_CLOSED)


def test_one_application_per_cohort():
    cohort = CohortFactory()
    person = PersonFactory()
    _submit(person, cohort)
    with pytest.raises(DomainError) as caught:
        _submit(person, cohort)
    assert caught.value.message == str(svc.ALREADY_APPLIED)


def test_ranking_by_documented_priority_score():
    cohort = CohortFactory()
    trainer = staff(cohort, Role.TRAINER)
    everything = ApplicationFactory(cohort=cohort, host_agreed=True)
    _mooc_done(everything.person)
    svc.application_rate_idea(actor=trainer, application=everything, rating=5)
    mooc_only = ApplicationFactory(cohort=cohort)
    _mooc_done(mooc_only.person)
    host_and_idea = ApplicationFactory(cohort=cohort, host_agreed=True)
    svc.application_rate_idea(actor=trainer, application=host_and_idea, rating=3)
    nothing = ApplicationFactory(cohort=cohort)
    ranked = list(ranked_applications(cohort))
    assert [(a.pk, a.score, a.mooc_completed) for a in ranked] == [
        (everything.pk, 100, True),
        (host_and_idea.pk, 48, False),
        (mooc_only.pk, 40, True),
        (nothing.pk, 0, False),
    ]


def test_rating_range_and_who_may_rate():
    application = ApplicationFactory()
    trainer = staff(application.cohort, Role.TRAINER)
    with pytest.raises(DomainError) as caught:
        svc.application_rate_idea(actor=trainer, application=application, rating=6)
    assert caught.value.fields == {"idea_rating": [str(svc.RATING_RANGE)]}
    for outsider in (staff(CohortFactory(), Role.TRAINER), staff(application.cohort, Role.MENTOR)):
        with pytest.raises(PermissionDenied):
            svc.application_rate_idea(actor=outsider, application=application, rating=3)


@pytest.mark.parametrize(
    ("role", "same_cohort", "allowed"),
    [
        (Role.COORDINATOR, True, True),
        (Role.TRAINER, True, False),
        (Role.MODERATOR, True, False),
        (Role.MENTOR, True, False),
        (Role.COORDINATOR, False, False),
    ],
)
@pytest.mark.parametrize("decision", ["accept", "waitlist", "reject"])
def test_decision_permission_table(role, same_cohort, allowed, decision):
    application = ApplicationFactory()
    actor = staff(application.cohort if same_cohort else CohortFactory(), role)
    service = getattr(svc, f"application_{decision}")
    if allowed:
        service(actor=actor, application=application, reason="Decided.")
        application.refresh_from_db()
        assert application.status == {"accept": "accepted", "waitlist": "waitlisted"}.get(
            decision, "rejected"
        )
    else:
        with pytest.raises(PermissionDenied):
            service(actor=actor, application=application, reason="Decided.")


def test_accept_enrols_on_the_track_and_mails(mailoutbox, django_capture_on_commit_callbacks):
    digy = ProgrammeFactory()
    cohort = CohortFactory(tracks=[ProgrammeFactory(), digy])
    application = ApplicationFactory(cohort=cohort, programme=digy)
    coordinator = staff(cohort, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = svc.application_accept(actor=coordinator, application=application)
    assert (enrolment.programme, enrolment.status) == (digy, "active")
    assert Membership.objects.filter(person=application.person, cohort=cohort, role=Role.PARTICIPANT).exists()
    assert len(mailoutbox) == 1 and "place" in mailoutbox[0].subject


def test_reject_needs_a_reason_and_decided_ones_stay_decided(mailoutbox, django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    coordinator = staff(application.cohort, Role.COORDINATOR)
    with pytest.raises(DomainError) as caught:
        svc.application_reject(actor=coordinator, application=application, reason="")
    assert caught.value.fields == {"reason": [str(svc.REASON_REQUIRED)]}
    with django_capture_on_commit_callbacks(execute=True):
        svc.application_reject(actor=coordinator, application=application, reason="No host yet.")
    assert "No host yet." in mailoutbox[0].body
    with pytest.raises(DomainError) as caught:
        svc.application_accept(actor=coordinator, application=application)
    assert caught.value.message == str(svc.NOT_DECIDABLE)


def test_accept_stops_at_the_number_of_places():
    cohort = CohortFactory(places=2)
    coordinator = staff(cohort, Role.COORDINATOR)
    EnrolmentFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WITHDRAWN)  # frees its place
    svc.application_accept(actor=coordinator, application=ApplicationFactory(cohort=cohort))
    late = ApplicationFactory(cohort=cohort)
    with pytest.raises(DomainError) as caught:
        svc.application_accept(actor=coordinator, application=late)
    assert caught.value.message == str(svc.COHORT_FULL % {"places": 2})
    late.refresh_from_db()
    assert late.status == "submitted"
    assert places_of(cohort).free == 0


def test_withdrawal_offers_the_place_to_the_top_of_the_waitlist(
    mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(places=1)
    coordinator = staff(cohort, Role.COORDINATOR)
    accepted = ApplicationFactory(cohort=cohort)
    svc.application_accept(actor=coordinator, application=accepted)
    low, high = ApplicationFactory(cohort=cohort), ApplicationFactory(cohort=cohort, host_agreed=True)
    for a in (low, high):
        svc.application_waitlist(actor=coordinator, application=a)
    with django_capture_on_commit_callbacks(execute=True):
        svc.application_withdraw(actor=accepted.person, application=accepted)
    accepted.refresh_from_db()
    high.refresh_from_db()
    low.refresh_from_db()
    assert (accepted.status, high.status, low.status) == ("withdrawn", "accepted", "waitlisted")
    assert Enrolment.objects.get(person=accepted.person, cohort=cohort).status == "withdrawn"
    assert Enrolment.objects.get(person=high.person, cohort=cohort).status == "active"
    assert not Membership.objects.filter(person=accepted.person, cohort=cohort).exists()
    assert [m.to for m in mailoutbox] == [[high.person.email]]


def test_participant_withdrawing_frees_a_place_too():
    cohort = CohortFactory(places=1)
    coordinator = staff(cohort, Role.COORDINATOR)
    enrolment = EnrolmentFactory(cohort=cohort)
    waiting = ApplicationFactory(cohort=cohort)
    svc.application_waitlist(actor=coordinator, application=waiting)
    with pytest.raises(PermissionDenied):
        svc.enrolment_withdraw(actor=staff(cohort, Role.TRAINER), enrolment=enrolment)
    promoted = svc.enrolment_withdraw(actor=enrolment.person, enrolment=enrolment, reason="Moved")
    assert promoted.pk == waiting.pk
    with pytest.raises(DomainError) as caught:
        svc.enrolment_withdraw(actor=enrolment.person, enrolment=enrolment)
    assert caught.value.message == str(svc.ENROLMENT_NOT_ACTIVE)


def test_someone_else_cannot_withdraw_my_application():
    application = ApplicationFactory()
    with pytest.raises(PermissionDenied):
        svc.application_withdraw(actor=PersonFactory(), application=application)


# --- pages ----------------------------------------------------------------------------------------


def _form(cohort, **extra):
    data = {
        "programme": cohort.programme.pk,
        "motivation": "I run the children's section.",
        "host": OrganisationFactory(country=cohort.country).pk,
        "project_idea": "A digital calendar.",
    }
    data.update(extra)
    return data


def test_a_new_person_applies_and_gets_an_account(client, mailoutbox):
    cohort = CohortFactory()
    data = _form(
        cohort,
        full_name="Anna Ozola",
        email="Anna@Example.org",
        password1="a-long-passphrase-9",
        password2="a-long-passphrase-9",
    )
    response = client.post(reverse("learning:apply", args=[cohort.code]), data)
    assert response.status_code == 302
    person = Person.objects.get(email="anna@example.org")
    assert person.check_password("a-long-passphrase-9")
    assert Application.objects.get(person=person).cohort == cohort
    assert client.get(reverse("learning:my_applications")).status_code == 200  # logged in


def test_new_person_form_errors_create_nothing(client):
    cohort = CohortFactory()
    PersonFactory(email="taken@example.org")
    data = _form(
        cohort,
        full_name="X",
        email="taken@example.org",
        password1="short",
        password2="other",
        motivation="",
    )
    response = client.post(reverse("learning:apply", args=[cohort.code]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "An account with this e-mail address exists" in body
    assert "The two passwords differ." in body
    assert "Tell us why you want to take part." in body
    assert Person.objects.count() == 1 and not Application.objects.exists()


def test_service_errors_show_on_their_fields(login):
    cohort = CohortFactory()
    client = login(PersonFactory())
    response = client.post(
        reverse("learning:apply", args=[cohort.code]),
        _form(cohort, host="", proposed_host=""),
    )
    assert str(svc.HOST_MISSING) in response.content.decode()
    assert not Application.objects.exists()


def test_coordinator_page_ranks_and_decides(login, django_assert_max_num_queries):
    cohort = CohortFactory()
    coordinator = staff(cohort, Role.COORDINATOR)
    client = login(coordinator)
    url = reverse("learning:cohort_applications", args=[cohort.code])
    ApplicationFactory(cohort=cohort)
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for _ in range(15):
        ApplicationFactory(cohort=cohort)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(url).content.decode()
    assert "Priority score" in body
    application = ApplicationFactory(cohort=cohort)
    response = client.post(
        reverse("learning:application_decide", args=[application.pk]),
        {"decision": "reject", "reason": ""},
    )
    # The page comes back with the error tied to the reason field (aria-describedby names it).
    assert response.status_code == 422
    body = response.content.decode()
    assert 'id="id_reason_error"' in body and 'aria-describedby="id_reason_error"' in body
    application.refresh_from_db()
    assert application.status == "submitted"
    client.post(reverse("learning:application_decide", args=[application.pk]), {"decision": "accept"})
    application.refresh_from_db()
    assert application.status == "accepted"


@pytest.mark.parametrize("role", [Role.MENTOR, Role.PARTICIPANT, None])
def test_applications_page_is_hidden_from_others(login, role):
    cohort = CohortFactory()
    person = staff(cohort, role) if role else PersonFactory()
    response = login(person).get(reverse("learning:cohort_applications", args=[cohort.code]))
    assert response.status_code == (403 if role else 404)
