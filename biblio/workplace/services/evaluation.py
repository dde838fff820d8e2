"""The mentor's final evaluation: competences observed (from the participant's profile, with a level)
and a narrative. Submitting it signs off the work-based learning (Placement.signed_off_at/by), which
recognition's completion rules read."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit
from biblio.accounts.models import Person
from biblio.core.errors import DomainError
from biblio.learning.models import Enrolment, HourEntry
from biblio.programmes.models import LearningMode

from ..models import FinalEvaluation, ObservedCompetence, Placement
from ..policy import require_sign_off
from ..selectors.evaluation import evaluation_levels

EVALUATION_INVALID = _("The evaluation could not be saved: please correct the marked fields.")
NO_PLACEMENT = _("This participant has no placement to evaluate.")
ALREADY_SUBMITTED = _("The final evaluation has been submitted and can no longer change.")
NARRATIVE_REQUIRED = _("Write a short narrative of what you observed.")
NOTHING_OBSERVED = _("Choose a level for at least one competence you observed.")
NOT_IN_PROFILE = _("This competence is not part of the participant's profile.")
LEVEL_OUT_OF_RANGE = _("Choose a level from 1 to %(max)s.")
ENTRIES_WAITING = _(
    "%(count)s logged entries are still waiting for sign-off: sign them off or return them first."
)


@transaction.atomic
def evaluation_save(
    *,
    actor: Person,
    enrolment: Enrolment,
    narrative: str,
    levels: dict[int, int | None],
    submit: bool = False,
) -> FinalEvaluation:
    """Save the mentor's draft evaluation; with `submit`, finalise it and sign the placement off."""
    require_sign_off(actor, enrolment)
    placement = Placement.objects.select_for_update().filter(enrolment_id=enrolment.pk).first()
    if placement is None:
        raise DomainError(NO_PLACEMENT)
    evaluation, _created = FinalEvaluation.objects.get_or_create(placement=placement)
    if evaluation.submitted_at is not None or placement.signed_off_at is not None:
        raise DomainError(ALREADY_SUBMITTED)
    allowed = evaluation_levels(enrolment)
    chosen = {cid: level for cid, level in levels.items() if level}
    fields: dict[str, list[str]] = {}
    for cid, level in chosen.items():
        if cid not in allowed:
            fields[f"level_{cid}"] = [str(NOT_IN_PROFILE)]
        elif not 1 <= level <= allowed[cid]:
            fields[f"level_{cid}"] = [str(LEVEL_OUT_OF_RANGE % {"max": allowed[cid]})]
    narrative = narrative.strip()
    if submit:
        if not narrative:
            fields["narrative"] = [str(NARRATIVE_REQUIRED)]
        if not chosen:
            fields["__all__"] = [str(NOTHING_OBSERVED)]
        waiting = HourEntry.objects.filter(
            enrolment_id=enrolment.pk, mode=LearningMode.WORK_BASED, status=HourEntry.Status.SUBMITTED
        ).count()
        if waiting:
            fields.setdefault("__all__", []).append(str(ENTRIES_WAITING % {"count": waiting}))
    if fields:
        raise DomainError(EVALUATION_INVALID, fields=fields)
    now = timezone.now()
    evaluation.narrative, evaluation.author = narrative, actor
    evaluation.submitted_at = now if submit else None
    evaluation.save(update_fields=["narrative", "author", "submitted_at", "updated_at"])
    ObservedCompetence.objects.filter(evaluation=evaluation).exclude(competence_id__in=chosen).delete()
    existing = {o.competence_id: o for o in evaluation.observations.all()}
    for cid, level in chosen.items():
        if cid in existing:
            if existing[cid].level != level:
                existing[cid].level = level
                existing[cid].save(update_fields=["level"])
        else:
            ObservedCompetence.objects.create(evaluation=evaluation, competence_id=cid, level=level)
    if submit:
        placement.signed_off_at, placement.signed_off_by = now, actor
        placement.save(update_fields=["signed_off_at", "signed_off_by"])
    audit(
        actor=actor,
        verb="evaluation.submitted" if submit else "evaluation.saved",
        obj=evaluation,
        cohort_id=enrolment.cohort_id,
        changes={
            "levels": [None, {str(k): v for k, v in sorted(chosen.items())}],
            "submitted": [None, submit],
        },
    )
    return evaluation
