"""“My data”: download everything Biblio holds about me; ask for erasure, or cancel the request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from biblio.core.errors import DomainError
from biblio.core.privacy import erasure, export

from .audit import audit
from .forms import ErasureRequestForm
from .models import ErasureRequest


@sensitive_post_parameters("password")
@login_required
def my_data(request):
    person = request.user
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure.erasure_request(
                person=person, password=form.cleaned_data["password"], reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            for field, errors in (exc.fields or {None: [exc.message]}).items():
                for error in errors:
                    form.add_error(field, error)
        else:
            messages.success(request, _("Your request has been recorded."))
            return redirect("my_data")
    pending = ErasureRequest.objects.filter(person=person, status=ErasureRequest.Status.PENDING).first()
    return render(request, "accounts/my_data.html", {"form": form, "pending": pending})


@login_required
@require_POST
def erasure_cancel(request):
    try:
        erasure.erasure_cancel(person=request.user)
        messages.success(request, _("Your erasure request has been cancelled."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("my_data")


@login_required
def data_export(request):
    """The zip: data.json plus the person's files. Recorded in the audit trail."""
    person = request.user
    handle = export.export_file(person)
    audit(actor=person, verb="person.data_exported", obj=person)
    name = f"biblio-my-data-{timezone.localdate():%Y-%m-%d}.zip"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    return response
