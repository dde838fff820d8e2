"""API endpoints for reports: dashboard figures (staff, per cohort) and the public map (GeoJSON).

Thin: the same filter form, scope, selectors and GeoJSON builder as the pages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from biblio.api.schemas import ErrorOut
from biblio.core.errors import DomainError
from biblio.reports.dashboards import dashboard
from biblio.reports.forms import MapFilterForm, ReportFilterForm
from biblio.reports.map import CACHE_SECONDS, geojson_bytes
from biblio.reports.scope import report_scope

router = Router(tags=["reports"])


# --- Dashboard ----------------------------------------------------------------------------------


class ReportQuery(Schema):
    cohort: str = Field("", description="Cohort code, e.g. lv-2025")
    country: str = Field("", description="Country of the cohorts (ISO 3166 alpha-2)")
    track: str = Field("", description="Role profile code: CECO or DIGY")
    library: str = Field("", description="Organisation key of the host library or the participant's")
    date_from: date | None = Field(None, alias="from", description="Start of the period")
    date_to: date | None = Field(None, alias="to", description="End of the period")


class ScopeOut(Schema):
    level: Literal["cohort", "country", "programme"]
    cohorts: list[str]
    filters: dict[str, str]


class StatusRowOut(Schema):
    key: str
    label: str
    active: int
    completed: int
    withdrawn: int
    certified: int
    total: int


class StatusOut(Schema):
    breakdown: Literal["country", "cohort", "track"]
    rows: list[StatusRowOut]
    total: StatusRowOut


class ModeHoursOut(Schema):
    mode: str
    label: str
    budget_minutes: int
    approved_minutes: int
    recognised_minutes: int
    pending_minutes: int
    rejected_minutes: int
    credited_minutes: int
    percent: int


class FunnelStageOut(Schema):
    key: str
    label: str
    count: int


class GainOut(Schema):
    code: str
    title: str
    framework: str
    pre: float
    post: float
    gain: float
    participants: int
    max_level: int


class AtRiskRowOut(Schema):
    enrolment_id: int
    name: str
    cohort_code: str
    track: str
    percent: int
    expected_percent: int
    behind: bool
    behind_modes: list[str]
    oldest_waiting: datetime | None


class AtRiskOut(Schema):
    total: int
    rows: list[AtRiskRowOut]


class MentorQueueOut(Schema):
    mentor_id: int
    name: str
    mentees: int
    waiting: int
    waiting_minutes: int
    oldest: datetime | None
    to_sign_off: int


class BlendedQueueOut(Schema):
    waiting: int
    waiting_minutes: int
    overdue: int
    oldest: datetime | None


class FeedbackOut(Schema):
    responses: int
    shown: bool
    means: dict[str, float]
    satisfied_percent: int | None
    in_practice: dict[str, int]


class IndicatorOut(Schema):
    key: str
    eqavet: str
    label: str
    value: float | None
    numerator: int | None
    denominator: int | None
    note: str


class DashboardOut(Schema):
    scope: ScopeOut
    participants_by_status: StatusOut
    hours: list[ModeHoursOut]
    hours_totals: dict[str, int]
    funnel: list[FunnelStageOut]
    competence_gains: list[GainOut]
    at_risk: AtRiskOut
    mentor_queues: list[MentorQueueOut]
    blended_queue: BlendedQueueOut
    feedback: FeedbackOut
    indicators: list[IndicatorOut]


def _querydict(values: dict[str, Any]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        if value not in (None, ""):
            data[key] = value.isoformat() if isinstance(value, date) else str(value)
    return data


def _row(r) -> dict:
    return {**r.__dict__, "total": r.total}


@router.get(
    "/dashboard",
    response={200: DashboardOut, 400: ErrorOut, 403: ErrorOut},
    summary="Dashboard figures for the cohorts the caller may see",
)
def dashboard_figures(request: HttpRequest, filters: Query[ReportQuery]):
    """Participants by status, hours against budget, the funnel, competence gains, the at-risk list,
    review queues, feedback and the EQAVET-style indicators, for the same filters as the page."""
    form = ReportFilterForm(_querydict(filters.dict(by_alias=True)), person=request.user)
    if not form.is_valid():
        raise DomainError(_("Some of the input is not valid."), fields=form.errors)
    scope = report_scope(request.user, form.filters())
    d = dashboard(scope)
    return {
        "scope": {
            "level": scope.level,
            "cohorts": sorted(c.code for c in scope.cohorts.values()),
            "filters": scope.filters.query(),
        },
        "participants_by_status": {
            "breakdown": d.breakdown,
            "rows": [_row(r) for r in d.status_rows],
            "total": _row(d.status_total),
        },
        "hours": [
            {**m.__dict__, "label": m.label, "credited_minutes": m.credited_minutes, "percent": m.percent}
            for m in d.hours
        ],
        "hours_totals": d.hours_totals,
        "funnel": [s.__dict__ for s in d.funnel],
        "competence_gains": [{**g.__dict__, "gain": g.gain} for g in d.gains],
        "at_risk": {"total": d.at_risk.total, "rows": [r.__dict__ for r in d.at_risk.rows]},
        "mentor_queues": [m.__dict__ for m in d.mentors],
        "blended_queue": d.blended.__dict__,
        "feedback": {
            "responses": d.feedback.responses,
            "shown": d.feedback.shown,
            "means": d.feedback.means,
            "satisfied_percent": d.feedback.satisfied_percent,
            "in_practice": d.feedback.in_practice,
        },
        "indicators": [i.__dict__ for i in d.indicators],
    }


# --- The map (GeoJSON, RFC 7946) ----------------------------------------------------------------


class MapQuery(Schema):
    country: str = Field("", description="Country of the cohorts (ISO 3166 alpha-2)")
    cohort: str = Field("", description="Cohort code")
    track: str = Field("", description="Role profile code: CECO or DIGY")


class PointOut(Schema):
    type: Literal["Point"]
    coordinates: list[float] = Field(..., description="[longitude, latitude] (RFC 7946)")


class ProjectOut(Schema):
    title: str
    category: str
    category_label: str
    track: str
    by: str | None = Field(None, description="The participant's name, only with their consent")


class LibraryPropertiesOut(Schema):
    key: str
    name: str
    name_en: str
    kind: str
    kind_label: str
    city: str
    region: str
    country: str
    participants: int
    tracks: dict[str, int]
    track: str = Field(..., description="CECO, DIGY, mixed or other: the marker colour")
    projects: list[ProjectOut]


class FeatureOut(Schema):
    type: Literal["Feature"]
    id: str
    geometry: PointOut
    properties: LibraryPropertiesOut


class FeatureCollectionOut(Schema):
    type: Literal["FeatureCollection"]
    features: list[FeatureOut]
    bbox: list[float] | None = None


@router.get(
    "/map",
    auth=None,
    response={200: FeatureCollectionOut, 400: ErrorOut},
    exclude_none=True,
    summary="Participating libraries as GeoJSON (public)",
)
def map_geojson(request: HttpRequest, filters: Query[MapQuery]):
    """Every participating library for the filters: participants per track and the titles of the
    project ideas published with consent. Public: names only of participants who agreed. Served as
    the page serves it: the serialised collection cached for CACHE_SECONDS (a hit is one cache read,
    no JSON work; the schema above documents it, the builder's tests hold it to RFC 7946)."""
    form = MapFilterForm(_querydict(filters.dict()))
    if not form.is_valid():
        raise DomainError(_("Some of the input is not valid."), fields=form.errors)
    response = HttpResponse(geojson_bytes(**form.values()), content_type="application/json")
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
