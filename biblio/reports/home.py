"""Each person's home page (by their roles) and a cohort's roster with everyone's progress."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import redirect, render

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, cohort_ids_with, enrolment_q, is_admin, mentor_cohort_ids
from biblio.core.errors import NotFound
from biblio.learning.models import Enrolment
from biblio.learning.progress import Progress, progress_for
from biblio.programmes.models import Cohort

ROSTER_PAGE_SIZE = 50


@dataclass
class Row:
    enrolment: Enrolment
    progress: Progress


def _with_progress(enrolments: list[Enrolment]) -> list[Row]:
    progress = progress_for(enrolments)
    return [Row(e, progress[e.pk]) for e in enrolments]


def _enrolments() -> QuerySet[Enrolment]:
    return Enrolment.objects.select_related(
        "person", "cohort", "programme__profile", "placement__host", "placement__mentor"
    )


# The columns each reader of a person's own enrolments uses: the home page (reports/home.html and the
# apps' _home_participant.html), the progress API, and progress_for (the cohort's dates).
_COHORT_COLUMNS = ("cohort__code", "cohort__start", "cohort__end", "cohort__wb_start", "cohort__wb_end")
_OWN_PAGE_COLUMNS = (
    "person_id",
    "cohort_id",
    "programme_id",
    "status",
    "completed_at",
    *_COHORT_COLUMNS,
    "cohort__name",
    "cohort__translations",
    "programme__title",
    "programme__translations",
    "programme__kind",
    "programme__profile__code",
    "placement__enrolment_id",
    "placement__host__name",
    "placement__mentor__full_name",
)
_OWN_API_COLUMNS = ("person_id", "cohort_id", "programme_id", "status", *_COHORT_COLUMNS, "programme__slug")


def own_enrolments(person: Person, *, page: bool = True) -> list[Row]:
    """The person's own current enrolments (specialisation courses first), with progress.

    `page`: also the role profile, the placement, its host and mentor (the home page shows them); the
    progress API needs only the cohort and the programme. The person is the one asking, so it is not
    joined again (those joins and their columns were half the cost of the query's compilation); only
    the columns shown are read (a template that shows another would cost a query per enrolment: the
    home page's query-count tests catch it)."""
    related, columns = (
        (("cohort", "programme__profile", "placement__host", "placement__mentor"), _OWN_PAGE_COLUMNS)
        if page
        else (("cohort", "programme"), _OWN_API_COLUMNS)
    )
    rows = list(
        Enrolment.objects.select_related(*related)
        .only(*columns)
        .filter(person=person)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .order_by("-cohort__start")
    )
    for enrolment in rows:
        Enrolment.person.field.set_cached_value(enrolment, person)
    return _with_progress(rows)


def mentee_enrolments(person: Person) -> list[Row]:
    """Participants whose current mentor is this person, in cohorts where they hold the mentor role."""
    if not (is_admin(person) or mentor_cohort_ids(person) or cohort_ids_with(person, Action.VIEW_ENROLMENT)):
        # Neither mentor, staff nor administrator anywhere: only their own enrolments would pass the
        # filter, and a participant cannot be their own mentor (workplace.services.placements).
        return []
    rows = list(
        _enrolments()
        .filter(placement__mentor=person)
        .filter(enrolment_q(person, Action.VIEW_ENROLMENT))
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .order_by("person__full_name")
    )
    return _with_progress(rows)


def staff_cohorts(person: Person) -> QuerySet[Cohort]:
    """Cohorts whose roster the person may see."""
    qs = Cohort.objects.select_related("programme").order_by("-start", "country")
    if is_admin(person):
        return qs
    ids = cohort_ids_with(person, Action.VIEW_COHORT)
    return qs.filter(id__in=ids) if ids else qs.none()


def cohort_for(person: Person, code: str, action: Action = Action.VIEW_COHORT) -> Cohort:
    """The cohort if the person may see it; NotFound otherwise (missing and forbidden alike)."""
    cohort = staff_cohorts(person).filter(code=code).first()
    if cohort is None:
        raise NotFound("Not found.")
    return cohort


def roster(cohort: Cohort, *, track: str = "", page: int = 1):
    """A page of the cohort's participants with progress: a constant number of queries per page."""
    qs = _enrolments().filter(cohort=cohort).order_by("person__full_name")
    if track:
        qs = qs.filter(programme__profile__code=track)
    paginator = Paginator(qs, ROSTER_PAGE_SIZE)
    page_obj = paginator.get_page(page)
    return page_obj, _with_progress(list(page_obj.object_list))


@login_required
def home(request):
    person = request.user
    own = own_enrolments(person)
    context = {
        "own": own,
        "mentees": mentee_enrolments(person),
        "cohorts": list(staff_cohorts(person)[:20]),
    }
    return render(request, "reports/home.html", context)


def root(request):
    return redirect("home" if request.user.is_authenticated else "catalogue")


@login_required
def roster_page(request, code: str):
    cohort = cohort_for(request.user, code)
    track = request.GET.get("track", "")
    page_obj, rows = roster(cohort, track=track, page=request.GET.get("page", 1))
    return render(
        request,
        "reports/roster.html",
        {"cohort": cohort, "rows": rows, "page_obj": page_obj, "track": track},
    )
