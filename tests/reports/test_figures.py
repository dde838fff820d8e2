"""Dashboard figures: statuses, hours against budget and the funnel, with every filter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from biblio.learning.models import Application, Enrolment, Exemption, HourEntry
from biblio.programmes.models import LearningMode
from biblio.reports.figures import funnel, hours_by_mode, participants_by_status
from biblio.reports.scope import ReportFilters, Scope, report_scope
from tests.factories import (
    ApplicationFactory,
    AttendanceFactory,
    CohortFactory,
    CredentialFactory,
    ExemptionFactory,
    HourEntryFactory,
    ModuleFactory,
    PersonFactory,
    SessionFactory,
)

from .factories import cohort_with_tracks, library, participant, tracks

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def admin_scope(**filters) -> Scope:
    return report_scope(PersonFactory(is_staff=True), ReportFilters(**filters), today=TODAY)


def by_mode(scope: Scope) -> dict[str, tuple[int, int, int, int, int]]:
    return {
        m.mode: (
            m.budget_minutes,
            m.approved_minutes,
            m.recognised_minutes,
            m.pending_minutes,
            m.rejected_minutes,
        )
        for m in hours_by_mode(scope)
    }


@pytest.fixture
def world():
    ceco, digy = tracks()
    cohort = cohort_with_tracks(ceco, digy, code="lv-x", country="LV")
    riga, cesis = library(key="riga", city="Rīga"), library(key="cesis", city="Cēsis")
    a = participant(cohort, ceco, host=riga)
    b = participant(cohort, digy, organisation=cesis)
    gone = participant(cohort, ceco, host=riga, status=Enrolment.Status.WITHDRAWN)
    return {
        "cohort": cohort,
        "ceco": ceco,
        "digy": digy,
        "riga": riga,
        "cesis": cesis,
        "a": a,
        "b": b,
        "gone": gone,
    }


def test_hours_count_entries_attendance_and_recognised_prior_learning_against_budget(world):
    a, b, gone = world["a"], world["b"], world["gone"]
    HourEntryFactory(enrolment=a, minutes=120, status=HourEntry.Status.APPROVED)
    HourEntryFactory(enrolment=a, minutes=60, status=HourEntry.Status.SUBMITTED)
    HourEntryFactory(enrolment=b, minutes=30, status=HourEntry.Status.REJECTED)
    HourEntryFactory(enrolment=gone, minutes=45, status=HourEntry.Status.APPROVED)
    session = SessionFactory(cohort=world["cohort"], mode=LearningMode.F2F)  # 4 hours
    AttendanceFactory(session=session, enrolment=a)
    ExemptionFactory(
        enrolment=b,
        module=ModuleFactory(mode=LearningMode.ONLINE),
        status=Exemption.Status.APPROVED,
        recognised_minutes=600,
    )
    ExemptionFactory(enrolment=a, module=ModuleFactory(mode=LearningMode.ONLINE))  # requested only

    figures = by_mode(admin_scope())

    # Budget: two participants not withdrawn × the BIBLIO budget; the withdrawn one's hours still count.
    assert figures["online"] == (2 * 160 * 60, 120 + 45, 600, 60, 30)
    assert figures["f2f"] == (2 * 20 * 60, 240, 0, 0, 0)
    assert figures["work_based"] == (2 * 165 * 60, 0, 0, 0, 0)


def test_period_keeps_records_dated_in_it(world):
    a = world["a"]
    HourEntryFactory(
        enrolment=a, minutes=60, status=HourEntry.Status.APPROVED, date=TODAY - dt.timedelta(days=40)
    )
    HourEntryFactory(
        enrolment=a, minutes=90, status=HourEntry.Status.APPROVED, date=TODAY - dt.timedelta(days=5)
    )
    start = TODAY - dt.timedelta(days=10)
    assert by_mode(admin_scope(date_from=start))["online"][1] == 90
    assert by_mode(admin_scope(date_to=start))["online"][1] == 60


def test_period_outside_the_cohort_leaves_it_out(world):
    scope = admin_scope(date_from=TODAY + dt.timedelta(days=400))
    assert world["cohort"].pk not in scope.cohort_ids


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"a", "b", "gone"}),
        ({"track": "CECO"}, {"a", "gone"}),
        ({"track": "DIGY"}, {"b"}),
        ({"library": "riga"}, {"a", "gone"}),  # the host library
        ({"library": "cesis"}, {"b"}),  # the participant's own organisation
    ],
)
def test_track_and_library_filters(world, filters, expected):
    if "library" in filters:
        filters = {"library": world[filters["library"]]}
    ids = set(admin_scope(**filters).enrolments().values_list("pk", flat=True))
    assert ids == {world[key].pk for key in expected}


def test_participants_by_status_in_one_cohort_break_down_by_track(world):
    participant(world["cohort"], world["digy"], status=Enrolment.Status.COMPLETED)
    rows, total = participants_by_status(admin_scope(cohort=world["cohort"]))
    assert [(r.label, r.active, r.completed, r.withdrawn) for r in rows] == [
        ("CECO", 1, 0, 1),
        ("DIGY", 1, 1, 0),
    ]
    assert (total.active, total.completed, total.withdrawn, total.total) == (2, 1, 1, 4)


def test_participants_by_status_across_countries_break_down_by_country(world):
    other = CohortFactory(programme=world["ceco"], country="BG", code="bg-x")
    participant(other)
    rows, _total = participants_by_status(admin_scope())
    assert [(r.key, r.total) for r in rows] == [("BG", 1), ("LV", 3)]


def test_participants_by_status_in_one_country_break_down_by_cohort(world):
    second = CohortFactory(programme=world["ceco"], country="LV", code="lv-y", name="Latvia, second")
    participant(second)
    rows, _total = participants_by_status(admin_scope(country="LV"))
    assert {(r.key, r.total) for r in rows} == {("lv-x", 3), ("lv-y", 1)}


def test_funnel_from_application_to_certificate(world):
    cohort, a, b = world["cohort"], world["a"], world["b"]
    for status in (Application.Status.SUBMITTED, Application.Status.ACCEPTED, Application.Status.ACCEPTED):
        ApplicationFactory(cohort=cohort, status=status)
    done = participant(cohort, status=Enrolment.Status.COMPLETED, host=world["riga"])
    revoked_done = participant(cohort, status=Enrolment.Status.COMPLETED)
    CredentialFactory(enrolment=done)
    CredentialFactory(enrolment=revoked_done, revoked_at=timezone.now(), revoked_reason="Issued in error.")
    a.placement.start = TODAY + dt.timedelta(days=3)  # not started yet
    a.placement.save(update_fields=["start"])
    del b

    stages = {s.key: s.count for s in funnel(admin_scope())}

    assert stages == {
        "applied": 3,
        "accepted": 2,
        "active": 4,  # a, b, and the two completed; not the withdrawn one
        "work_based": 1,  # done: placement started; a's starts in three days
        "completed": 2,
        "certified": 1,  # the revoked credential does not count
    }


def test_mooc_editions_are_reported_only_when_chosen(world):
    from biblio.programmes.models import Programme
    from tests.factories import ProgrammeFactory

    mooc = CohortFactory(
        programme=ProgrammeFactory(kind=Programme.Kind.MOOC, budget={"online": 40}), code="mooc"
    )
    participant(mooc)
    assert mooc.pk not in admin_scope().cohort_ids
    assert admin_scope(cohort=mooc).cohort_ids == {mooc.pk}


def test_a_chart_is_one_small_svg_per_bar_with_every_value_escaped():
    from biblio.reports import charts

    chart = charts.Chart(title="Hours <all>", series=[("a", "A & B"), ("b", "C")], target_label="Budget")
    chart.bars.append(
        charts.bar(
            "<script>",
            [("a", "A & B", 30, "30 h"), ("b", "C", 0, "0 h")],
            scale=60,
            target=50,
            target_text="t",
        )
    )
    html = str(charts.render(chart, "chart-x"))
    assert html.count("<svg") == 1 and "<script>" not in html and "&lt;script&gt;" in html
    assert '<rect class="seg-a" x="0.00" y="0" width="50.00" height="10">' in html
    assert 'class="seg-b"' not in html  # a segment of width 0 is not drawn
    assert '<rect class="bars__target" x="83.33"' in html
    assert '<li class="legend-target">Budget</li>' in html
    empty = str(charts.render(charts.Chart(title="None", series=[("a", "A")]), "chart-y"))
    assert "No data for this selection." in empty and "<svg" not in empty and "legend" not in empty
