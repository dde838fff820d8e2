"""Schemas shared by several routers."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    message: str
    extra: dict


class ModeProgressOut(Schema):
    mode: str
    label: str
    budget_hours: float
    approved_hours: float
    pending_hours: float
    recognised_hours: float
    credited_hours: float
    expected_hours: float
    percent: int
    met: bool


class ProgressOut(Schema):
    enrolment_id: int
    cohort: str
    programme: str
    percent: int
    budgets_met: bool
    behind: bool
    modes: list[ModeProgressOut]


def progress_out(enrolment, progress) -> dict:
    return {
        "enrolment_id": enrolment.pk,
        "cohort": enrolment.cohort.code,
        "programme": enrolment.programme.slug,
        "percent": progress.percent,
        "budgets_met": progress.budgets_met,
        "behind": progress.behind,
        "modes": [
            {
                "mode": m.mode,
                "label": str(m.label),
                "budget_hours": round(m.budget_hours, 2),
                "approved_hours": round(m.approved_hours, 2),
                "pending_hours": round(m.pending_hours, 2),
                "recognised_hours": round(m.recognised_hours, 2),
                "credited_hours": round(m.credited_hours, 2),
                "expected_hours": round(m.expected_hours, 2),
                "percent": m.percent,
                "met": m.met,
            }
            for m in progress.modes
        ],
    }
