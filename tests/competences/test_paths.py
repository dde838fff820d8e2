"""Gap and learning path: a factory participant's path equals the hand-computed answer."""

from __future__ import annotations

import pytest

from biblio.competences.paths import Adjustment, ModuleInfo, Need, learning_path
from biblio.competences.results import enrolment_skills
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    ModuleFactory,
    ProgrammeFactory,
    ProgrammeModuleFactory,
)

from .factories import AdjustmentFactory, LearningOutcomeFactory, framework_with, profile_with, submitted

D = "digcomp"


def need(code: str, target: int, current: int) -> Need:
    return Need((D, code), f"DigComp {code}", target, current)


def module(mid: int, code: str, *, mandatory: bool, develops: dict) -> ModuleInfo:
    return ModuleInfo(mid, code, code, 20, mandatory, mid, {(D, c): level for c, level in develops.items()})


NEEDS = {n.key: n for n in [need("1.1", 6, 3), need("1.2", 5, 5), need("2.1", 6, 2)]}
MODULES = [
    module(1, "M1", mandatory=True, develops={"1.1": 5}),
    module(2, "M2", mandatory=True, develops={"1.2": 6}),
    module(3, "E1", mandatory=False, develops={"2.1": 4}),
    module(4, "E2", mandatory=False, develops={"1.1": 6, "2.1": 6}),
    module(5, "E3", mandatory=False, develops={"1.2": 7}),
]


def steps(path):
    return [(s.module.code, [(c.key[1], c.before, c.after, c.closes) for c in s.changes]) for s in path.steps]


def test_mandatory_first_then_electives_by_remaining_gap():
    # Gaps: 1.1 = 3, 1.2 = 0, 2.1 = 4 (total 7). M1 takes 1.1 to 5; then E2 covers 1 + 4 = 5 levels,
    # more than E1 (2.1 from 2 to 4 = 2); after E2 nothing is open, so E1 and E3 follow in order.
    path = learning_path(NEEDS, MODULES)
    assert steps(path) == [
        ("M1", [("1.1", 3, 5, False)]),
        ("M2", []),
        ("E2", [("1.1", 5, 6, True), ("2.1", 2, 6, True)]),
        ("E1", []),
        ("E3", []),
    ]
    assert (path.total_gap, path.covered, path.open_gaps, path.left_out) == (7, 7, [], [])


def test_recommended_electives_come_first_and_skipped_ones_are_listed_apart():
    adjustments = {
        5: Adjustment("recommend", "Your project needs it.", "Trainer"),
        4: Adjustment("skip", "Covered at work.", "Trainer"),
    }
    path = learning_path(NEEDS, MODULES, adjustments)
    assert [s.module.code for s in path.steps] == ["M1", "M2", "E3", "E1"]
    assert [s.module.code for s in path.left_out] == ["E2"]
    assert steps(path)[3] == ("E1", [("2.1", 2, 4, False)])
    assert [(g.key[1], g.after, g.target) for g in path.open_gaps] == [("1.1", 5, 6), ("2.1", 4, 6)]


def test_an_outcome_without_level_reaches_the_target():
    needs = {n.key: n for n in [need("1.1", 6, 4), need("2.1", 6, 4)]}
    modules = [
        module(1, "A", mandatory=False, develops={"1.1": 5}),
        module(2, "B", mandatory=False, develops={"2.1": 5}),
        module(3, "C", mandatory=False, develops={"1.1": None}),
    ]
    path = learning_path(needs, modules)
    assert steps(path) == [("C", [("1.1", 4, 6, True)]), ("B", [("2.1", 4, 5, False)]), ("A", [])]


def test_ties_keep_the_programme_order():
    needs = {n.key: n for n in [need("1.1", 6, 4), need("2.1", 6, 4)]}
    modules = [
        module(2, "B", mandatory=False, develops={"2.1": 5}),
        module(1, "A", mandatory=False, develops={"1.1": 5}),
    ]
    assert [s.module.code for s in learning_path(needs, modules).steps] == ["A", "B"]


@pytest.mark.django_db
def test_factory_participant_path_from_the_database_equals_the_hand_computed_one():
    _framework, c = framework_with(areas={"1": ["1.1", "1.2"], "2": ["2.1"]})
    profile = profile_with({c["1.1"]: 6, c["1.2"]: 5, c["2.1"]: 6})
    programme = ProgrammeFactory(profile=profile)
    for order, (code, mandatory, develops) in enumerate(
        [
            ("M1", True, {"1.1": 5}),
            ("M2", True, {"1.2": 6}),
            ("E1", False, {"2.1": 4}),
            ("E2", False, {"1.1": 6, "2.1": 6}),
            ("E3", False, {"1.2": 7}),
        ],
        start=1,
    ):
        mod = ModuleFactory(code=code)
        ProgrammeModuleFactory(programme=programme, module=mod, order=order, mandatory=mandatory)
        for competence, level in develops.items():
            LearningOutcomeFactory(module=mod, competence=c[competence], level=level)
    enrolment = EnrolmentFactory(cohort=CohortFactory(programme=programme))
    submitted(enrolment.person, profile, "pre", {c["1.1"]: 3, c["1.2"]: 5, c["2.1"]: 2})

    page = enrolment_skills(enrolment.person, enrolment.pk)
    assert [(r.requirement.code, r.gap) for r in page.results.rows] == [("1.1", 3), ("1.2", 0), ("2.1", 4)]
    assert steps(page.path) == [
        ("M1", [("1.1", 3, 5, False)]),
        ("M2", []),
        ("E2", [("1.1", 5, 6, True), ("2.1", 2, 6, True)]),
        ("E1", []),
        ("E3", []),
    ]
    # The post self-assessment moves the basis: only 2.1 is open (4 of 6), and E2 still covers it first.
    submitted(enrolment.person, profile, "post", {c["1.1"]: 6, c["1.2"]: 5, c["2.1"]: 4})
    page = enrolment_skills(enrolment.person, enrolment.pk)
    assert page.results.basis.moment == "post"
    assert [(r.requirement.code, r.pre, r.post, r.gap) for r in page.results.rows] == [
        ("1.1", 3, 6, 0),
        ("1.2", 5, 5, 0),
        ("2.1", 2, 4, 2),
    ]
    assert [s.module.code for s in page.path.steps] == ["M1", "M2", "E2", "E1", "E3"]
    assert steps(page.path)[2] == ("E2", [("2.1", 4, 6, True)])
    # Area averages for the chart: area 1 = (6+5)/2 target, (3+5)/2 before, (6+5)/2 after.
    assert [(a.label, a.target, a.pre, a.post) for a in page.results.areas] == [
        ("DigComp 1", 5.5, 4.0, 5.5),
        ("DigComp 2", 6.0, 2.0, 4.0),
    ]

    # A trainer's adjustment is part of the path.
    AdjustmentFactory(
        enrolment=enrolment, module=programme.programme_modules.get(order=5).module, kind="recommend"
    )
    page = enrolment_skills(enrolment.person, enrolment.pk)
    assert [s.module.code for s in page.path.steps] == ["M1", "M2", "E3", "E2", "E1"]
