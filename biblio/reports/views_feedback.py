"""The participant's end-of-course feedback form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from biblio.core.errors import DomainError
from biblio.learning.models import Enrolment

from .forms import FeedbackForm
from .models import Feedback
from .services import feedback_enrolment_for, feedback_open, feedback_submit


@login_required
def feedback_start(request):
    """The person's courses with their feedback forms; straight to the form when there is one."""
    enrolments = list(
        Enrolment.objects.filter(person=request.user)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("cohort", "programme")
        .order_by("-cohort__start")
    )
    given = set(Feedback.objects.filter(enrolment__in=enrolments).values_list("enrolment_id", flat=True))
    rows = [{"enrolment": e, "open": feedback_open(e), "given": e.pk in given} for e in enrolments]
    open_rows = [r for r in rows if r["open"]]
    if len(open_rows) == 1 and not request.GET.get("all"):
        return redirect("reports_feedback", enrolment_id=open_rows[0]["enrolment"].pk)
    return render(request, "reports/feedback_list.html", {"rows": rows})


@login_required
def feedback_page(request, enrolment_id: int):
    enrolment = feedback_enrolment_for(request.user, enrolment_id)
    existing = Feedback.objects.filter(enrolment=enrolment).first()
    is_open = feedback_open(enrolment)
    form = FeedbackForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_submit(actor=request.user, enrolment=enrolment, answers=form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Thank you: your feedback is saved."))
            return redirect("home")
    return render(
        request,
        "reports/feedback_form.html",
        {"enrolment": enrolment, "form": form, "is_open": is_open, "existing": existing},
        status=400 if request.method == "POST" else 200,
    )
