"""The permission module as a table: role × action × own / other cohort, with deny by default."""

from __future__ import annotations

import pytest

from biblio.accounts.models import Role
from biblio.accounts.permissions import RULES, Action, allows, allows_on_enrolment, enrolment_q
from biblio.learning.models import Enrolment
from tests.factories import CohortFactory, EnrolmentFactory, PersonFactory, PlacementFactory, staff

A = Action
# Expected: the roles whose holder, in the same cohort, may do the action to another participant's record.
EXPECTED_ROLE_ALLOWS = {
    A.VIEW_COHORT: {Role.TRAINER, Role.MODERATOR, Role.COORDINATOR},
    A.VIEW_ENROLMENT: {Role.TRAINER, Role.MODERATOR, Role.COORDINATOR},
    A.LOG_HOURS: set(),
    A.REVIEW_HOURS: {Role.TRAINER, Role.MODERATOR, Role.COORDINATOR},
    A.RECORD_ATTENDANCE: {Role.TRAINER, Role.MODERATOR, Role.COORDINATOR},
    A.SIGN_OFF_WORK: {Role.COORDINATOR},
    A.REVIEW_PROJECT: {Role.TRAINER, Role.MODERATOR, Role.COORDINATOR},
    A.COMMENT_PROJECT: {Role.TRAINER, Role.MODERATOR, Role.COORDINATOR},
    A.RECORD_ASSESSMENT: {Role.TRAINER, Role.COORDINATOR},
    A.ADJUST_PATH: {Role.TRAINER, Role.MODERATOR, Role.COORDINATOR},
    A.SELECT_APPLICANTS: {Role.COORDINATOR},
    A.ASSIGN_PLACEMENT: {Role.COORDINATOR},
    A.DECIDE_EXEMPTION: {Role.COORDINATOR},
    A.ISSUE_CREDENTIAL: {Role.COORDINATOR},
    A.READ_AUDIT: {Role.COORDINATOR},
    A.EXPORT_REPORTS: {Role.COORDINATOR},
    A.MANAGE_SESSIONS: {Role.TRAINER, Role.MODERATOR, Role.COORDINATOR},
    A.GIVE_FEEDBACK: set(),
    A.SELF_ASSESS: set(),
    A.VIEW_SELF_ASSESSMENT: {Role.TRAINER, Role.MODERATOR, Role.COORDINATOR},
}
OWN_ALLOWS = {A.VIEW_ENROLMENT, A.LOG_HOURS, A.GIVE_FEEDBACK, A.SELF_ASSESS, A.VIEW_SELF_ASSESSMENT}
MENTEE_ALLOWS = {A.VIEW_ENROLMENT, A.SIGN_OFF_WORK, A.COMMENT_PROJECT}


def test_every_action_has_an_expectation():
    """A new action must be added to this table with the roles DESIGN.md gives it."""
    assert set(EXPECTED_ROLE_ALLOWS) == set(Action)
    assert set(RULES) == set(Action)


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("same_cohort", [True, False])
def test_role_table(action, role, same_cohort):
    enrolment = EnrolmentFactory()
    cohort = enrolment.cohort if same_cohort else CohortFactory()
    actor = staff(cohort, role)
    expected = same_cohort and role in EXPECTED_ROLE_ALLOWS[action]
    assert allows_on_enrolment(actor, action, enrolment) is expected
    visible = Enrolment.objects.filter(enrolment_q(actor, action)).filter(pk=enrolment.pk).exists()
    assert visible is expected


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(Action))
def test_own_records(action):
    enrolment = EnrolmentFactory()
    other = EnrolmentFactory(cohort=enrolment.cohort)
    me = enrolment.person
    assert allows_on_enrolment(me, action, enrolment) is (action in OWN_ALLOWS)
    assert allows_on_enrolment(me, action, other) is False  # a participant sees nothing of a peer's


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(Action))
def test_mentor_sees_own_mentees_only(action):
    placement = PlacementFactory()
    mentor = placement.mentor
    enrolment = Enrolment.objects.select_related("placement").get(pk=placement.enrolment_id)
    peer = EnrolmentFactory(cohort=enrolment.cohort)
    PlacementFactory(enrolment=peer)  # another mentor's mentee in the same cohort
    assert allows_on_enrolment(mentor, action, enrolment) is (action in MENTEE_ALLOWS)
    assert allows_on_enrolment(mentor, action, peer) is False
    rows = set(Enrolment.objects.filter(enrolment_q(mentor, action)).values_list("pk", flat=True))
    assert rows == ({enrolment.pk} if action in MENTEE_ALLOWS else set())


@pytest.mark.django_db
def test_mentor_role_needed_in_that_cohort():
    """Being someone's placement mentor without the mentor role in the cohort grants nothing."""
    placement = PlacementFactory(mentor_membership=False)
    enrolment = Enrolment.objects.select_related("placement").get(pk=placement.enrolment_id)
    assert allows_on_enrolment(placement.mentor, A.SIGN_OFF_WORK, enrolment) is False


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(Action))
def test_admin_may_everything_anonymous_nothing(action):
    enrolment = EnrolmentFactory()
    admin = PersonFactory(is_staff=True)
    assert allows_on_enrolment(admin, action, enrolment) is True
    from django.contrib.auth.models import AnonymousUser

    assert allows(AnonymousUser(), action, cohort_id=enrolment.cohort_id) is False
    assert Enrolment.objects.filter(enrolment_q(AnonymousUser(), action)).count() == 0


@pytest.mark.django_db
def test_unknown_action_is_denied():
    enrolment = EnrolmentFactory()
    coordinator = staff(enrolment.cohort, Role.COORDINATOR)
    assert allows(coordinator, "launch_rockets", cohort_id=enrolment.cohort_id) is False


@pytest.mark.django_db
def test_inactive_person_may_nothing():
    enrolment = EnrolmentFactory()
    coordinator = staff(enrolment.cohort, Role.COORDINATOR, is_active=False)
    assert allows(coordinator, A.VIEW_COHORT, cohort_id=enrolment.cohort_id) is False
