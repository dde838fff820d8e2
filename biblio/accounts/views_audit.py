"""The audit log page: coordinators read their cohorts' events, administrators all of them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors
from .forms import AuditFilterForm


@login_required
def audit_log(request):
    cohorts = selectors.audit_cohorts(request.user)  # 404 for anyone who may read no cohort's log
    verbs, types = selectors.audit_vocabulary(request.user)
    form = AuditFilterForm(request.GET or None, cohorts=cohorts, verbs=verbs, types=types)
    filters = (
        selectors.AuditFilters(**form.filters())
        if form.is_bound and form.is_valid()
        else selectors.AuditFilters()
    )
    page = selectors.audit_page(request.user, filters, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": [(event, selectors.change_rows(event.changes)) for event in page],
            "query": query.urlencode(),
        },
    )
