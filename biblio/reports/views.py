"""Pages of the reports: dashboards, the tables behind them and their CSV / XLSX exports."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from math import ceil

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from biblio.core.errors import DomainError, PermissionDenied

from . import exports
from .attention import SHOWN_ON_DASHBOARD, at_risk, mentor_queues
from .dashboards import dashboard
from .forms import ReportFilterForm
from .scope import NO_COHORTS, Scope, can_export, check_export, may_read_reports, report_scope
from .services import export_record
from .tables import TABLES, Table

PAGE_SIZE = 50
# The dashboard's figures (rendered) are kept this long per scope, filters, day and language: a report a
# minute old is fine, the page says when they were computed and offers to recompute them (?refresh=1).
FIGURES_SECONDS = 60
INVALID_FILTERS = gettext_lazy("Some filters are not valid.")


def _title(scope: Scope) -> str:
    f = scope.filters
    if f.cohort:
        return f.cohort.tr("name")
    if f.country:
        return _("Country: %(country)s") % {"country": f.country}
    if scope.level == "cohort":
        return next(iter(scope.cohorts.values())).name
    if scope.level == "country" and scope.countries:
        return _("Country: %(country)s") % {"country": scope.countries[0]}
    return _("The whole programme")


def _links(scope: Scope, person) -> list[dict]:
    """Every table with its page and its exports, carrying the current filters."""
    query = scope.filters.querystring()
    suffix = f"?{query}" if query else ""
    exportable = can_export(person, scope)
    return [
        {
            "table": t,
            "url": reverse("reports_table", args=[name]) + suffix,
            "csv": reverse("reports_export", args=[name, "csv"]) + suffix if exportable else "",
            "xlsx": reverse("reports_export", args=[name, "xlsx"]) + suffix if exportable else "",
        }
        for name, t in TABLES.items()
        if name != "audit" or exportable
    ]


def _figures_key(scope: Scope) -> str:
    """Who sees the same figures: the same cohorts, filters, day, language and time zone (never the
    person: what differs between two people with the same cohorts, the export links, is not cached)."""
    what = "|".join(
        [
            get_language() or "",
            timezone.get_current_timezone_name(),
            ",".join(str(pk) for pk in sorted(scope.cohorts)),
            scope.filters.querystring(),
            scope.today.isoformat(),
        ]
    )
    return "reports:dashboard:v1:" + hashlib.sha256(what.encode()).hexdigest()


def dashboard_figures(request, scope: Scope, *, refresh: bool = False) -> tuple[datetime, str]:
    """When the figures were computed, and their HTML: from the cache (FIGURES_SECONDS), or computed
    and rendered now when absent or when `refresh` asks for it."""
    key = _figures_key(scope)
    cached = None if refresh else cache.get(key)
    if cached is None:
        figures = dashboard(scope, shown=SHOWN_ON_DASHBOARD)
        html = render_to_string(
            "reports/_dashboard_figures.html",
            {
                "scope": scope,
                "d": figures,
                "charts": figures.charts(),
                "hours_totals": figures.hours_totals,
                "querystring": scope.filters.querystring(),
            },
            request=request,
        )
        cached = (timezone.now(), html)
        cache.set(key, cached, FIGURES_SECONDS)
    return cached


@login_required
def dashboard_page(request):
    """A cohort's, a country's or the whole programme's figures, for the cohorts the person sees."""
    form = ReportFilterForm(request.GET, person=request.user)
    scope = report_scope(request.user, form.filters())
    as_of, html = dashboard_figures(request, scope, refresh=request.GET.get("refresh") == "1")
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "title": _title(scope),
            "figures_html": mark_safe(html),  # our template's output, escaped when it was rendered
            "figures_as_of": as_of,
            "tables": _links(scope, request.user),
            "querystring": scope.filters.querystring(),
        },
    )


ATTENTION_LISTS = {
    "at-risk": gettext_lazy("Participants at risk"),
    "mentors": gettext_lazy("Mentors' queues"),
}


def _page_number(request, pages: int) -> int:
    try:
        return min(max(1, int(request.GET.get("page", 1))), pages)
    except ValueError:
        return 1


@login_required
def attention_page(request, kind: str):
    """The whole at-risk list or every mentor's queue, a page at a time (the dashboard shows the
    first SHOWN_ON_DASHBOARD of each), for whoever may read the dashboard, with the same filters."""
    if kind not in ATTENTION_LISTS:
        raise Http404
    form = ReportFilterForm(request.GET, person=request.user)
    scope = report_scope(request.user, form.filters())
    page = _page_number(request, 10**9)
    offset = (page - 1) * PAGE_SIZE
    if kind == "at-risk":
        found = at_risk(scope, offset=offset, limit=PAGE_SIZE)
        rows, count = found.rows, found.total
    else:
        mentors = mentor_queues(scope)
        rows, count = mentors[offset : offset + PAGE_SIZE], len(mentors)
    pages = max(1, ceil(count / PAGE_SIZE))
    if page > pages:  # past the end: the last page
        page = pages
        offset = (page - 1) * PAGE_SIZE
        rows = at_risk(scope, offset=offset, limit=PAGE_SIZE).rows if kind == "at-risk" else mentors[offset:]
    return render(
        request,
        "reports/attention.html",
        {
            "form": form,
            "scope": scope,
            "title": _title(scope),
            "kind": kind,
            "heading": ATTENTION_LISTS[kind],
            "rows": rows,
            "count": count,
            "page": page,
            "pages": pages,
            "querystring": scope.filters.querystring(),
        },
    )


def _table(name: str) -> Table:
    table = TABLES.get(name)
    if table is None:
        raise Http404
    return table


def _cell(value, column) -> str:
    """A cell as the page shows it: short dates and localized numbers (exports keep the raw values)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return localize(value)


@login_required
def table_page(request, name: str):
    """One table, a page at a time, with its totals and its exports."""
    table = _table(name)
    form = ReportFilterForm(request.GET, person=request.user, action=table.action)
    scope = report_scope(request.user, form.filters(), action=table.action)
    count = table.count(scope)
    pages = max(1, ceil(count / PAGE_SIZE))
    page = _page_number(request, pages)
    rows = [
        [(_cell(value, column), column) for value, column in zip(row, table.columns, strict=True)]
        for row in table.rows(scope, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    ]
    query = scope.filters.querystring()
    exportable = can_export(request.user, scope)
    return render(
        request,
        "reports/table.html",
        {
            "form": form,
            "scope": scope,
            "title": _title(scope),
            "table": table,
            "rows": rows,
            "totals": table.totals(scope),
            "count": count,
            "page": page,
            "pages": pages,
            "querystring": query,
            "csv_url": reverse("reports_export", args=[name, "csv"]) + (f"?{query}" if query else "")
            if exportable
            else "",
            "xlsx_url": reverse("reports_export", args=[name, "xlsx"]) + (f"?{query}" if query else "")
            if exportable
            else "",
        },
    )


@login_required
def export(request, name: str, fmt: str):
    """The whole table as CSV (streamed) or XLSX, with the same filters and rows as its page."""
    table = _table(name)
    if fmt not in exports.FORMATS:
        raise Http404
    if not may_read_reports(request.user, table.action):
        raise PermissionDenied(NO_COHORTS)
    form = ReportFilterForm(request.GET, person=request.user, action=table.action)
    if not form.is_valid():
        raise DomainError(INVALID_FILTERS, fields=form.errors)
    scope = report_scope(request.user, form.filters(), action=table.action)
    check_export(request.user, scope)
    export_record(actor=request.user, table=name, fmt=fmt, scope=scope)
    parts = ["biblio", name, *scope.filters.query().values(), timezone.localdate().isoformat()]
    filename = slugify("-".join(parts)) or "biblio-export"
    if fmt == "csv":
        return exports.csv_response(table, scope, filename)
    about = [
        (_("Table"), str(table.title)),
        (_("Cohorts"), ", ".join(c.code for c in scope.cohorts.values())),
        *[(key, value) for key, value in scope.filters.query().items()],
        (_("Exported"), timezone.localtime().isoformat(timespec="seconds")),
        (_("Exported by"), request.user.email),
    ]
    return exports.xlsx_response(table, scope, filename, about)
