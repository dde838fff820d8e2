"""The cohort's average gains pre → post, hand-computed."""

from __future__ import annotations

import pytest

from biblio.competences.gains import gains_report
from biblio.competences.selectors import cohort_competence_gains
from tests.factories import CohortFactory, EnrolmentFactory, ProgrammeFactory

from .factories import SelfAssessmentFactory, framework_with, profile_with, submitted

pytestmark = pytest.mark.django_db


def test_gains_count_only_participants_with_both_and_of_the_cohort():
    _fw, c = framework_with(areas={"1": ["1.1", "1.2"]})
    profile = profile_with({c["1.1"]: 6, c["1.2"]: 5}, code="CECO")
    programme = ProgrammeFactory(profile=profile)
    cohort, other = CohortFactory(programme=programme), CohortFactory(programme=programme)
    a, b, only_pre, draft_post = (
        EnrolmentFactory(cohort=cohort, programme=programme).person for _ in range(4)
    )
    stranger = EnrolmentFactory(cohort=other, programme=programme).person
    submitted(a, profile, "pre", {c["1.1"]: 2, c["1.2"]: 1})
    submitted(a, profile, "post", {c["1.1"]: 4, c["1.2"]: 4})
    submitted(b, profile, "pre", {c["1.1"]: 3, c["1.2"]: 3})
    submitted(b, profile, "post", {c["1.1"]: 5, c["1.2"]: 4})
    submitted(only_pre, profile, "pre", {c["1.1"]: 0, c["1.2"]: 0})
    submitted(draft_post, profile, "pre", {c["1.1"]: 0, c["1.2"]: 0})
    SelfAssessmentFactory(person=draft_post, profile=profile, moment="post")  # a draft does not count
    submitted(stranger, profile, "pre", {c["1.1"]: 0, c["1.2"]: 0})
    submitted(stranger, profile, "post", {c["1.1"]: 8, c["1.2"]: 8})

    gains = cohort_competence_gains([cohort.pk])
    assert [(g.code, g.participants, g.average_pre, g.average_post, g.gain) for g in gains] == [
        ("1.1", 2, 2.5, 4.5, 2.0),
        ("1.2", 2, 2.0, 4.0, 2.0),
    ]
    assert {g.profile_code for g in gains} == {"CECO"}
    both = cohort_competence_gains([cohort.pk, other.pk])
    assert [(g.participants, g.average_pre, g.average_post) for g in both] == [
        (3, 1.67, 5.67),
        (3, 1.33, 5.33),
    ]

    report = gains_report([cohort.pk])
    assert [(s.profile_code, s.participants) for s in report] == [("CECO", 2)]
    area = report[0].areas[0]
    assert (area.label, area.average_pre, area.average_post, area.gain) == ("DigComp 1", 2.25, 4.25, 2.0)
    assert [bar.label for bar in report[0].chart.bars] == ["DigComp 1 Area 1"]
