"""The dashboard's SQL floor (bench/floor.py) computes the same numbers as the dashboard it stands for:
every figure of a cohort's cold dashboard, the bounded tables' rows and their totals included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bench import floor
from bench.generate import populate
from bench.world import Spec
from biblio.programmes.models import Cohort, LearningMode
from biblio.reports.attention import SHOWN_ON_DASHBOARD
from biblio.reports.dashboards import dashboard
from biblio.reports.models import Feedback
from biblio.reports.scope import CohortInfo, Scope
from biblio.reports.sql import _datetime

SMALL = Spec(participants=60, entries_per_participant=12, countries=2, mooc=4)


def _scope(cohort: Cohort, today: dt.date) -> Scope:
    info = CohortInfo(
        cohort.pk, cohort.code, cohort.name, cohort.country, cohort.places, cohort.start, cohort.end
    )
    return Scope(cohorts={cohort.pk: info}, today=today)


def _num(value) -> float | int | None:
    if value is None:
        return None
    return float(value) if isinstance(value, float | Decimal) else int(value)


def test_shown_is_the_dashboards():
    assert floor.SHOWN == SHOWN_ON_DASHBOARD


@pytest.mark.django_db
def test_the_dashboard_floor_computes_every_figure_the_page_shows():
    from django.utils import timezone

    today = timezone.localdate()
    populate(SMALL, seed=3, today=today)
    cohort = max(Cohort.objects.exclude(programme__kind="mooc"), key=lambda c: c.enrolments.count())
    now = timezone.now()
    # The generator writes no feedback: a few answers (from three on, the page shows them).
    for i, enrolment in enumerate(cohort.enrolments.order_by("pk")[:7]):
        Feedback.objects.create(
            enrolment=enrolment,
            overall=1 + i % 5,
            content=5 - i % 3,
            trainers=2 + i % 4,
            mentoring=3,
            organisation=1 + i % 2,
            project_in_practice=floor.PRACTICE[i % 4],
            submitted_at=now,
        )
    d = dashboard(_scope(cohort, today), shown=SHOWN_ON_DASHBOARD)
    rows = floor.fetch("dashboard", floor.dashboard_params(cohort.pk, now=now))
    by: dict[str, list[tuple]] = {}
    for kind, *rest in rows:
        by.setdefault(kind, []).append(tuple(rest))

    # Participants by status per track, the certified and the funnel's enrolment stages.
    status = {}
    for track, st, *_s, n, certified, work_based, _a, _b, _c, _d, _at in by["status"]:
        row = status.setdefault(
            track or "", {"active": 0, "completed": 0, "withdrawn": 0, "certified": 0, "wb": 0}
        )
        row[st] += n
        row["certified"] += certified
        row["wb"] += work_based
    assert {r.key: (r.active, r.completed, r.withdrawn, r.certified) for r in d.status_rows} == {
        k: (v["active"], v["completed"], v["withdrawn"], v["certified"]) for k, v in status.items()
    }
    (cohort_row,) = by["cohort"]
    (apps,) = by["applications"]
    funnel = {s.key: s.count for s in d.funnel}
    assert funnel == {
        "applied": apps[5],
        "accepted": apps[6] or 0,
        "active": sum(v["active"] + v["completed"] for v in status.values()),
        "work_based": sum(v["wb"] for v in status.values()),
        "completed": sum(v["completed"] for v in status.values()),
        "certified": sum(v["certified"] for v in status.values()),
    }

    # Hours per mode against the budget, and the blended queue.
    budget = {mode: n for mode, *_s, n, _a, _b, _c, _d, _e, _f, _at in by["budget"]}
    hours = {r[0]: r for r in by.get("hours", [])}
    for m in d.hours:
        h = hours.get(m.mode)
        got = (
            m.budget_minutes,
            m.approved_minutes,
            m.recognised_minutes,
            m.pending_minutes,
            m.rejected_minutes,
        )
        assert got == (budget.get(m.mode, 0), *((_num(x) or 0) for x in (h[5:9] if h else (0, 0, 0, 0)))), (
            m.mode
        )
    blended = [h for mode, h in hours.items() if mode != "work_based"]
    oldest = [_datetime(h[12]) for h in blended if h[12] is not None]
    (overdue,) = by["blended_overdue"]
    assert (d.blended.waiting, d.blended.waiting_minutes, d.blended.overdue, d.blended.oldest) == (
        sum(_num(h[9]) or 0 for h in blended),
        sum(_num(h[7]) or 0 for h in blended),
        overdue[5],
        min(oldest) if oldest else None,
    )

    # Competence gains.
    gains = {
        int(g[9]): (g[0], g[1], g[2], round(float(g[5]), 2), round(float(g[6]), 2), g[7], g[8])
        for g in by.get("gain", [])
    }
    assert d.gains, "the generated world has pairs of self-assessments"
    assert d.feedback.shown and d.at_risk.total > len(d.at_risk.rows) and d.mentors, "every table has rows"
    assert {
        g.competence_id: (g.code, g.title, g.framework, g.pre, g.post, g.participants, g.max_level)
        for g in d.gains
    } == gains

    # The at-risk list: its rows, furthest behind first, and how many in all.
    at_risk = by.get("at_risk", [])
    assert d.at_risk.total == (at_risk[0][10] if at_risk else 0) > 0
    floor_rows = sorted(at_risk, key=lambda r: ((r[6] - r[7]) / (r[8] or 1), r[5]))
    assert len(d.at_risk.rows) == len(floor_rows) == min(SHOWN_ON_DASHBOARD, d.at_risk.total)
    for shown, (
        code,
        name,
        email,
        track,
        behind_modes,
        pk,
        credited,
        expected,
        budget_m,
        behind,
        _t,
        _n,
        at,
    ) in zip(d.at_risk.rows, floor_rows, strict=True):
        assert (shown.enrolment_id, shown.name, shown.email, shown.cohort_code, shown.track) == (
            pk,
            name,
            email,
            code,
            track,
        )
        assert shown.percent == (round(credited * 100 / budget_m) if budget_m else 0)
        assert shown.expected_percent == (round(expected * 100 / budget_m) if budget_m else 0)
        assert shown.behind == bool(behind)
        assert shown.behind_modes == (
            [str(LearningMode(m).label) for m in behind_modes.split()] if behind else []
        )
        assert shown.oldest_waiting == _datetime(at)

    # The mentors' queues: the longest, and how many in all.
    mentors = by.get("mentor", [])
    assert d.mentors_total == (mentors[0][10] if mentors else 0)
    assert {
        (m.mentor_id, m.name, m.email, m.mentees, m.waiting, m.waiting_minutes, m.to_sign_off)
        for m in d.mentors
    } == {(r[5], r[0], r[1], r[6], r[7], r[8], r[9]) for r in mentors}
    assert {m.mentor_id: m.oldest for m in d.mentors} == {r[5]: _datetime(r[12]) for r in mentors}

    # Feedback and the indicators.
    (fb,) = by["feedback"]
    practice = dict(zip(floor.PRACTICE, map(int, fb[0].split()), strict=True))
    assert d.feedback.responses == fb[5]
    if d.feedback.shown:
        assert d.feedback.satisfied == fb[6]
        assert d.feedback.in_practice == practice
        means = [round(float(x), 2) for x in fb[7:12]]
        assert [d.feedback.means[k] for k in floor.RATINGS] == means
    (ideas,) = by["ideas"]
    indicators = {i.key: (i.numerator, i.denominator) for i in d.indicators}
    not_withdrawn = sum(v["active"] + v["completed"] for v in status.values())
    completed = sum(v["completed"] for v in status.values())
    enrolled = sum(v["active"] + v["completed"] + v["withdrawn"] for v in status.values())
    assert indicators["participation"] == (not_withdrawn, cohort_row[5])
    assert indicators["completion"] == ((completed, enrolled) if cohort_row[6] else (0, 0))
    assert indicators["certification"] == (sum(v["certified"] for v in status.values()), completed)
    assert indicators["ideas_in_practice"] == (ideas[6] or 0, ideas[5])
    assert indicators["response"] == (fb[5], not_withdrawn)


@pytest.mark.django_db
def test_the_core_floor_is_kept_as_a_second_reference():
    populate(
        Spec(participants=10, entries_per_participant=5, countries=2, mooc=2), seed=1, today=dt.date.today()
    )
    cohort = Cohort.objects.exclude(programme__kind="mooc").first()
    assert floor.run("dashboard_core", {"cohort": cohort.pk}) > 0
    assert floor.run("dashboard", {"cohort": cohort.pk}) > 0
