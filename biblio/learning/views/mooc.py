"""MOOC completions: recorded one by one, or imported from Moodle's course-completion CSV by a background
task whose page shows its progress and, at the end, what it did or every row that stopped it."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biblio.accounts.models import Person
from biblio.core.errors import DomainError

from ..forms import MoocImportForm, MoocRecordForm, add_domain_errors
from ..models import Enrolment
from ..selectors.mooc import mooc_cohort_for, mooc_import_for, recent_mooc_imports
from ..services import mooc as svc
from ..services import mooc_jobs as jobs
from ._common import domain_errors, paginate

PERSON_UNKNOWN = gettext_lazy("Nobody with this e-mail address has an account in Biblio.")


@login_required
@domain_errors
def cohort_mooc(request, code: str):
    cohort = mooc_cohort_for(request.user, code)
    import_form = MoocImportForm(prefix="import")
    record_form = MoocRecordForm(prefix="record")
    if request.method == "POST" and "import-file" in request.FILES:
        import_form = MoocImportForm(request.POST, request.FILES, prefix="import")
        if import_form.is_valid():
            try:
                job = jobs.mooc_import_start(
                    actor=request.user,
                    cohort=cohort,
                    upload=import_form.cleaned_data["file"],
                    dry_run=import_form.cleaned_data["dry_run"],
                )
            except DomainError as error:
                add_domain_errors(import_form, error)
            else:
                return redirect("learning:mooc_import", code=cohort.code, job_id=job.pk)
    elif request.method == "POST":
        record_form = MoocRecordForm(request.POST, prefix="record")
        if record_form.is_valid():
            person = Person.objects.filter(email__iexact=record_form.cleaned_data["email"].strip()).first()
            if person is None:
                record_form.add_error("email", PERSON_UNKNOWN)
            else:
                try:
                    svc.mooc_completion_record(
                        actor=request.user,
                        cohort=cohort,
                        person=person,
                        completed_on=record_form.cleaned_data["completed_on"],
                    )
                except DomainError as error:
                    add_domain_errors(record_form, error)
                else:
                    messages.success(request, _("%(name)s completed the MOOC.") % {"name": person.full_name})
                    return redirect("learning:cohort_mooc", code=cohort.code)
    completions = (
        Enrolment.objects.filter(cohort=cohort)
        .select_related("person")
        .order_by("-completed_at", "person__full_name")
    )
    return render(
        request,
        "learning/mooc.html",
        {
            "cohort": cohort,
            "import_form": import_form,
            "record_form": record_form,
            "page": paginate(request, completions),
            "imports": recent_mooc_imports(cohort),
            "limit_mb": round(jobs.import_limit_bytes() / (1024 * 1024)),
            "max_rows": number_format(svc.MAX_ROWS, force_grouping=True),
        },
    )


SHOWN = 200  # report lines a page lists; the rest are in the downloadable report


@login_required
@domain_errors
def mooc_import(request, code: str, job_id):
    """One import: progress while it runs (the part refreshes itself, htmx), then its result."""
    job = mooc_import_for(request.user, code, job_id)
    report = job.report or {}
    context = {
        "cohort": job.cohort,
        "job": job,
        "running": job.status in (job.Status.QUEUED, job.Status.RUNNING),
        "errors": report.get("errors", [])[:SHOWN],
        "unmatched": report.get("unmatched", [])[:SHOWN],
        "more_errors": max(len(report.get("errors", [])) - SHOWN, 0),
        "more_unmatched": max(len(report.get("unmatched", [])) - SHOWN, 0),
    }
    template = "learning/_mooc_import_progress.html" if request.htmx else "learning/mooc_import.html"
    return render(request, template, context)


@login_required
@domain_errors
def mooc_import_report(request, code: str, job_id):
    """The whole report of an import as CSV: every row in error, or every unmatched row."""
    job = mooc_import_for(request.user, code, job_id)
    report = job.report or {}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mooc-import-{job.pk}.csv"'
    writer = csv.writer(response)
    if report.get("errors"):
        writer.writerow([_("Error")])
        writer.writerows([message] for message in report["errors"])
    else:
        writer.writerow([_("Row"), _("E-mail")])
        writer.writerows(report.get("unmatched", []))
    return response
