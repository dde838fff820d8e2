"""Progress pages: a participant's own, one enrolment in full, and a cohort's roster."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from biblio.accounts.permissions import Action, allows
from biblio.programmes.models import LearningMode

from ..models import Exemption
from ..progress import MODE_ORDER
from ..selectors.access import cohort_for, enrolment_for
from ..selectors.enrolments import my_enrolments, overview, roster
from ..selectors.entries import entries_of_enrolment
from ..selectors.sessions import attended_by
from ._common import domain_errors, paginate


@login_required
def my_progress(request):
    return render(request, "learning/my_progress.html", {"rows": my_enrolments(request.user)})


@login_required
@domain_errors
def enrolment_detail(request, enrolment_id: int):
    """One participant's hours, attendance and exemptions (participant, mentor, cohort staff)."""
    enrolment = enrolment_for(request.user, enrolment_id)
    user = request.user
    return render(
        request,
        "learning/enrolment.html",
        {
            "row": overview(enrolment),
            "enrolment": enrolment,
            "entries": paginate(request, entries_of_enrolment(enrolment)),
            "attendance": list(attended_by(enrolment)[:100]),
            "exemptions": list(Exemption.objects.filter(enrolment=enrolment).select_related("module")),
            "own": enrolment.person_id == user.pk,
            "can_review": allows(user, Action.REVIEW_HOURS, cohort_id=enrolment.cohort_id),
            "can_withdraw": enrolment.status == "active"
            and (
                enrolment.person_id == user.pk
                or allows(user, Action.SELECT_APPLICANTS, cohort_id=enrolment.cohort_id)
            ),
        },
    )


@login_required
@domain_errors
def cohort_roster(request, code: str):
    cohort = cohort_for(request.user, code, Action.VIEW_COHORT)
    search = request.GET.get("q", "").strip()[:100]
    only_waiting = request.GET.get("waiting") == "1"
    rows = roster(cohort, search=search, only_waiting=only_waiting)
    modes = [m for m in MODE_ORDER if any(r.progress.mode(m) for r in rows)]
    table = [(row, [row.progress.mode(m) for m in modes]) for row in rows]
    return render(
        request,
        "learning/roster.html",
        {
            "cohort": cohort,
            "rows": table,
            "modes": [LearningMode(m).label for m in modes],
            "q": search,
            "only_waiting": only_waiting,
            "waiting_total": sum(r.waiting for r in rows),
            "can_review": allows(request.user, Action.REVIEW_HOURS, cohort_id=cohort.pk),
        },
    )
