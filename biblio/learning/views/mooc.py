"""MOOC completions: recorded one by one or imported from Moodle's course-completion CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action
from biblio.core.errors import DomainError, NotFound
from biblio.programmes.models import Programme

from ..forms import MoocImportForm, MoocRecordForm, add_domain_errors
from ..models import Enrolment
from ..selectors.access import NOT_FOUND, cohort_for
from ..services import mooc as svc
from ._common import domain_errors, paginate

PERSON_UNKNOWN = _("Nobody with this e-mail address has an account in Biblio.")


@login_required
@domain_errors
def cohort_mooc(request, code: str):
    cohort = cohort_for(request.user, code, Action.SELECT_APPLICANTS)
    if cohort.programme.kind != Programme.Kind.MOOC:
        raise NotFound(NOT_FOUND)
    import_form = MoocImportForm(prefix="import")
    record_form = MoocRecordForm(prefix="record")
    report = None
    if request.method == "POST" and "import-file" in request.FILES:
        import_form = MoocImportForm(request.POST, request.FILES, prefix="import")
        if import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            raw = upload.read(5 * 1024 * 1024 + 1)
            if len(raw) > 5 * 1024 * 1024:
                import_form.add_error("file", _("The file is too big: the limit is 5 MB."))
            else:
                try:
                    report = svc.mooc_completions_import(
                        actor=request.user,
                        cohort=cohort,
                        raw=raw,
                        dry_run=import_form.cleaned_data["dry_run"],
                    )
                except svc.ImportRejected as error:
                    report = error.report
                    import_form.add_error("file", error.message)
                except DomainError as error:
                    add_domain_errors(import_form, error)
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
            "report": report,
            "page": paginate(request, completions),
        },
    )
