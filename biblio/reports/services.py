"""Reports' use cases that change state: submitting end-of-course feedback, recording an export."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit
from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, allows_on_enrolment
from biblio.core.errors import DomainError, NotFound
from biblio.learning.models import Enrolment
from biblio.learning.progress import progress_for

from .models import RATING_ITEMS, Feedback
from .scope import Scope

FEEDBACK_OPENS_DAYS_BEFORE_END = 30
FEEDBACK_NOT_OPEN = _(
    "The feedback form opens in the last month of the course, or as soon as you have met every "
    "hour budget or completed the course."
)
FEEDBACK_INVALID = _("Some answers are missing or not valid.")
FEEDBACK_FIELDS = [*RATING_ITEMS, "project_in_practice", "comments"]
FEEDBACK_WITHDRAWN = _("You withdrew from this course, so there is no end-of-course feedback to give.")


def feedback_enrolment_for(person: Person, enrolment_id: int) -> Enrolment:
    """The person's own enrolment, for their feedback; NotFound for anyone else's (even an admin's
    view would end the anonymity of the answers)."""
    enrolment = (
        Enrolment.objects.select_related("cohort", "programme")
        .filter(pk=enrolment_id, person_id=person.pk)
        .first()
    )
    if enrolment is None or not allows_on_enrolment(person, Action.GIVE_FEEDBACK, enrolment):
        raise NotFound(_("Not found."))
    return enrolment


def feedback_open(enrolment: Enrolment, *, today: date | None = None) -> bool:
    """Open for a completed course, in its last month, or once every budget is met."""
    today = today or timezone.localdate()
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        return False
    if enrolment.status == Enrolment.Status.COMPLETED:
        return True
    if today >= enrolment.cohort.end - timedelta(days=FEEDBACK_OPENS_DAYS_BEFORE_END):
        return True
    return progress_for([enrolment], today=today)[enrolment.pk].budgets_met


@transaction.atomic
def feedback_submit(
    *, actor: Person, enrolment: Enrolment, answers: dict, today: date | None = None
) -> Feedback:
    """Save the participant's end-of-course feedback (a second submission replaces the first)."""
    if enrolment.person_id != actor.pk or not allows_on_enrolment(actor, Action.GIVE_FEEDBACK, enrolment):
        raise NotFound(_("Not found."))
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        raise DomainError(FEEDBACK_WITHDRAWN)
    if not feedback_open(enrolment, today=today):
        raise DomainError(FEEDBACK_NOT_OPEN)
    # Lock the enrolment so two quick submissions update one row instead of racing to insert two.
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    feedback = Feedback.objects.filter(enrolment=enrolment).first() or Feedback(enrolment=enrolment)
    created = feedback.pk is None
    for name in FEEDBACK_FIELDS:
        setattr(feedback, name, answers.get(name, "" if name == "comments" else None))
    feedback.submitted_at = timezone.now()
    try:
        feedback.full_clean(exclude=["enrolment"])
    except ValidationError as exc:
        raise DomainError(FEEDBACK_INVALID, fields=exc.message_dict) from exc
    feedback.save()
    # The answers stay out of the audit trail: it names the actor, the report must not.
    audit(
        actor=actor,
        verb="feedback.submit" if created else "feedback.update",
        obj=feedback,
        cohort_id=enrolment.cohort_id,
    )
    return feedback


def export_record(*, actor: Person, table: str, fmt: str, scope: Scope) -> None:
    """Personal data left the platform: who exported which table, with which filters."""
    audit(
        actor=actor,
        verb="reports.export",
        obj=actor,
        cohort_id=scope.single_cohort_id,
        changes={
            "table": table,
            "format": fmt,
            "filters": scope.filters.query(),
            "cohorts": sorted(scope.cohort_ids),
        },
    )
