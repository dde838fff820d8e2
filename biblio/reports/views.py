"""Pages of the reports: dashboards, the tables behind them and their CSV / XLSX exports."""

from __future__ import annotations

from datetime import date, datetime
from math import ceil

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biblio.core.errors import DomainError, PermissionDenied

from . import exports
from .dashboards import dashboard
from .forms import ReportFilterForm
from .scope import NO_COHORTS, Scope, can_export, check_export, may_read_reports, report_scope
from .services import export_record
from .tables import TABLES, Table

PAGE_SIZE = 50
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


@login_required
def dashboard_page(request):
    """A cohort's, a country's or the whole programme's figures, for the cohorts the person sees."""
    form = ReportFilterForm(request.GET, person=request.user)
    scope = report_scope(request.user, form.filters())
    figures = dashboard(scope)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "title": _title(scope),
            "d": figures,
            "charts": figures.charts(),
            "hours_totals": figures.hours_totals,
            "tables": _links(scope, request.user),
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
    try:
        page = min(max(1, int(request.GET.get("page", 1))), pages)
    except ValueError:
        page = 1
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
