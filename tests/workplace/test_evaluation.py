"""The final evaluation: competences from the participant's profile, a narrative, and sign-off."""

from __future__ import annotations

import pytest

from biblio.accounts.models import AuditEvent
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning.models import HourEntry
from biblio.workplace.models import FinalEvaluation, ObservedCompetence
from biblio.workplace.services import evaluation as svc
from tests.factories import LevelFactory, RequirementFactory, RoleProfileFactory, staff
from tests.workplace.factories import mentee

pytestmark = pytest.mark.django_db


def with_profile(m, levels: int = 5):
    """Give the participant's track a profile of two competences in a framework of `levels` levels."""
    profile = RoleProfileFactory()
    first = RequirementFactory(profile=profile, target_level=4)
    second = RequirementFactory(
        profile=profile, competence__framework=first.competence.framework, target_level=3
    )
    for number in range(1, levels + 1):
        LevelFactory(framework=first.competence.framework, number=number)
    programme = m.enrolment.programme
    programme.profile = profile
    programme.save()
    return first.competence, second.competence


def save(m, actor=None, **kwargs):
    values = {"narrative": "Led the project with confidence.", "levels": {}, "submit": False}
    values.update(kwargs)
    return svc.evaluation_save(actor=actor or m.mentor, enrolment=m.enrolment, **values)


def test_a_draft_then_the_submission_signs_the_placement_off():
    m = mentee()
    first, second = with_profile(m)
    save(m, levels={first.pk: 3})
    m.placement.refresh_from_db()
    assert m.placement.signed_off_at is None
    evaluation = save(m, levels={first.pk: 4, second.pk: None}, submit=True)
    m.placement.refresh_from_db()
    assert m.placement.signed_off_at is not None and m.placement.signed_off_by_id == m.mentor.pk
    assert evaluation.submitted_at is not None
    assert list(ObservedCompetence.objects.values_list("competence_id", "level")) == [(first.pk, 4)]
    assert AuditEvent.objects.filter(verb="evaluation.submitted").count() == 1


def test_a_submitted_evaluation_is_final():
    m = mentee()
    first, _ = with_profile(m)
    save(m, levels={first.pk: 2}, submit=True)
    with pytest.raises(DomainError) as caught:
        save(m, levels={first.pk: 5}, submit=True)
    assert caught.value.message == str(svc.ALREADY_SUBMITTED)
    assert ObservedCompetence.objects.get().level == 2


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("no narrative", "narrative", svc.NARRATIVE_REQUIRED),
        ("nothing observed", "__all__", svc.NOTHING_OBSERVED),
        ("level too high", "level", svc.LEVEL_OUT_OF_RANGE),
        ("not in profile", "level", svc.NOT_IN_PROFILE),
    ],
)
def test_bad_evaluations_are_explained_and_sign_nothing(case, field, message):
    m = mentee()
    first, _ = with_profile(m, levels=5)
    stranger = RequirementFactory().competence
    kwargs = {
        "no narrative": {"narrative": " ", "levels": {first.pk: 3}},
        "nothing observed": {"levels": {}},
        "level too high": {"levels": {first.pk: 6}},
        "not in profile": {"levels": {stranger.pk: 2}},
    }[case]
    with pytest.raises(DomainError) as caught:
        save(m, submit=True, **kwargs)
    key = field if field != "level" else f"level_{(stranger if case == 'not in profile' else first).pk}"
    assert caught.value.fields[key] == [str(message % {"max": 5})]
    m.placement.refresh_from_db()
    assert m.placement.signed_off_at is None
    assert not ObservedCompetence.objects.exists()


def test_waiting_entries_must_be_signed_first():
    m = mentee()
    first, _ = with_profile(m)
    m.entry()
    m.entry(status=HourEntry.Status.APPROVED, reviewed_by=m.mentor)
    with pytest.raises(DomainError) as caught:
        save(m, levels={first.pk: 3}, submit=True)
    assert caught.value.fields["__all__"] == [str(svc.ENTRIES_WAITING % {"count": 1})]


def test_levels_default_to_eight_when_the_framework_lists_none():
    m = mentee()
    first, _ = with_profile(m, levels=0)
    save(m, levels={first.pk: 8}, submit=True)
    assert ObservedCompetence.objects.get().level == 8


@pytest.mark.parametrize("who", ["participant", "trainer", "other mentor"])
def test_only_the_mentor_or_coordinator_evaluates(who):
    m = mentee()
    first, _ = with_profile(m)
    actor = {
        "participant": m.participant,
        "trainer": staff(m.cohort, "trainer"),
        "other mentor": mentee(cohort=m.cohort).mentor,
    }[who]
    with pytest.raises(PermissionDenied):
        save(m, actor=actor, levels={first.pk: 3}, submit=True)
    assert not FinalEvaluation.objects.exists()


def test_the_coordinator_may_evaluate():
    m = mentee()
    first, _ = with_profile(m)
    save(m, actor=staff(m.cohort), levels={first.pk: 3}, submit=True)
    m.placement.refresh_from_db()
    assert m.placement.signed_off_at is not None
