"""Programmes (public) and cohorts (members see theirs; staff get the roster)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Router, Schema

from biblio.accounts.permissions import Action, allows, is_admin, roles_by_cohort
from biblio.api.schemas import ErrorOut, ProgressOut, progress_out
from biblio.core.errors import NotFound
from biblio.programmes import selectors
from biblio.programmes.models import Cohort
from biblio.reports.home import roster

from ._bounds import Number

router = Router(tags=["programmes"])


class BudgetOut(Schema):
    mode: str
    hours: int


class ProgrammeOut(Schema):
    slug: str
    title: str
    summary: str
    kind: str
    profile: str | None
    eqf_level: int
    ecvet_points: Decimal
    budgets: list[BudgetOut]
    facets: dict[str, str]
    funder_note: str
    contract_number: str


def _programme(p) -> dict:
    return {
        "slug": p.slug,
        "title": p.tr("title"),
        "summary": p.tr("summary"),
        "kind": p.kind,
        "profile": p.profile.code if p.profile else None,
        "eqf_level": p.eqf_level,
        "ecvet_points": p.ecvet_points,
        "budgets": [{"mode": b.mode, "hours": b.hours} for b in p.budgets.all()],
        "facets": {name: getattr(p, name) for name in selectors.FACETS},
        "funder_note": p.funder_note,
        "contract_number": p.contract_number,
    }


@router.get("programmes", response=list[ProgrammeOut], auth=None, summary="The public catalogue")
def programme_list(request, topic: str = "", difficulty: str = "", target_group: str = ""):
    filters = {"topic": topic, "difficulty": difficulty, "target_group": target_group}
    return [_programme(p) for p in selectors.programme_list(filters=filters)]


@router.get("programmes/{slug}", response={200: ProgrammeOut, 404: ErrorOut}, auth=None)
def programme_get(request, slug: str):
    programme = selectors.programme_detail(slug=slug)
    if programme is None:
        raise NotFound("Not found.")
    return _programme(programme)


class CohortOut(Schema):
    code: str
    name: str
    programme: str
    tracks: list[str]
    country: str
    language: str
    timezone: str
    start: date
    end: date
    wb_start: date | None
    wb_end: date | None
    places: int
    my_roles: list[str]


class RosterRowOut(Schema):
    person: str
    email: str
    track: str
    status: str
    host: str | None
    mentor: str | None
    progress: ProgressOut


class RosterOut(Schema):
    cohort: str
    count: int
    page: int
    pages: int
    results: list[RosterRowOut]


def _cohorts_visible(person):
    qs = Cohort.objects.select_related("programme").prefetch_related("tracks").order_by("-start", "country")
    return qs if is_admin(person) else qs.filter(id__in=roles_by_cohort(person).keys())


def _cohort(c, person) -> dict:
    return {
        "code": c.code,
        "name": c.name,
        "programme": c.programme.slug,
        "tracks": [t.slug for t in c.tracks.all()],
        "country": c.country,
        "language": c.language,
        "timezone": c.timezone,
        "start": c.start,
        "end": c.end,
        "wb_start": c.wb_start,
        "wb_end": c.wb_end,
        "places": c.places,
        "my_roles": sorted(roles_by_cohort(person).get(c.pk, ())),
    }


@router.get(
    "cohorts", response=list[CohortOut], summary="Cohorts where I hold a role (all, for administrators)"
)
def cohort_list(request):
    return [_cohort(c, request.user) for c in _cohorts_visible(request.user)]


@router.get("cohorts/{code}", response={200: CohortOut, 404: ErrorOut})
def cohort_get(request, code: str):
    cohort = _cohorts_visible(request.user).filter(code=code).first()
    if cohort is None:
        raise NotFound("Not found.")
    return _cohort(cohort, request.user)


@router.get(
    "cohorts/{code}/roster",
    response={200: RosterOut, 404: ErrorOut},
    summary="Participants with progress (staff)",
)
def cohort_roster(request, code: str, track: str = "", page: Number = 1):
    cohort = Cohort.objects.filter(code=code).first()
    if cohort is None or not allows(request.user, Action.VIEW_COHORT, cohort_id=cohort.pk):
        raise NotFound("Not found.")
    page_obj, rows = roster(cohort, track=track, page=max(page, 1))
    return {
        "cohort": cohort.code,
        "count": page_obj.paginator.count,
        "page": page_obj.number,
        "pages": page_obj.paginator.num_pages,
        "results": [
            {
                "person": r.enrolment.person.full_name,
                "email": r.enrolment.person.email,
                "track": r.enrolment.programme.profile.code
                if r.enrolment.programme.profile
                else r.enrolment.programme.slug,
                "status": r.enrolment.status,
                "host": getattr(getattr(r.enrolment, "placement", None), "host", None)
                and r.enrolment.placement.host.name,
                "mentor": getattr(getattr(r.enrolment, "placement", None), "mentor", None)
                and r.enrolment.placement.mentor.full_name,
                "progress": progress_out(r.enrolment, r.progress),
            }
            for r in rows
        ],
    }
