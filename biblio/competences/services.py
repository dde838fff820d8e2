"""Operations that change competence data: self-assessments and learning-path adjustments.

(Framework import and adoption live in `interop/importing.py`.)
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit, diff
from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, allows, allows_on_enrolment
from biblio.core.errors import DomainError, PermissionDenied
from biblio.learning.models import Enrolment
from biblio.programmes.models import Module, ProgrammeModule

from .models import (
    LearningPathAdjustment,
    ProficiencyLevel,
    ProfileRequirement,
    RoleProfile,
    SelfAssessment,
    SelfRating,
)
from .selectors import profiles_open_to

ERR_NOT_YOURS = _("You can only take your own self-assessment.")
ERR_NOT_OPEN = _("This role profile belongs to none of your courses and to no published programme.")
ERR_POST_NEEDS_ENROLMENT = _(
    "The self-assessment after the course is for participants of a course with this role profile."
)
ERR_POST_NEEDS_PRE = _("Submit the self-assessment before the course first.")
ERR_SUBMITTED = _("This self-assessment has been submitted; it can no longer be changed.")
ERR_NOT_IN_PROFILE = _("This competence is not part of the role profile.")
ERR_LEVEL_RANGE = _("Choose a level from 0 to %(max)s.")
ERR_INCOMPLETE = _("Rate every competence before submitting: %(count)s still without a level.")
ERR_MAY_NOT_ADJUST = _("Only the participant's trainers and coordinators may adjust the learning path.")
ERR_NOT_IN_PROGRAMME = _("This module is not part of the participant's course.")
ERR_MANDATORY_SKIP = _(
    "A mandatory module cannot be left out of the path; recognition of prior learning (an exemption) "
    "is the way to skip it."
)
ERR_REASON_REQUIRED = _("Say why, so the participant understands the change.")
ERR_NO_ADJUSTMENT = _("There is no adjustment for this module to remove.")


def _check_own(actor: Person, person_id: int) -> None:
    # Self-assessment has no cohort: the rule is "own" (or a platform administrator).
    if not allows(actor, Action.SELF_ASSESS, cohort_id=0, participant_id=person_id):
        raise PermissionDenied(ERR_NOT_YOURS)


@transaction.atomic
def self_assessment_start(
    *, actor: Person, person: Person, profile: RoleProfile, moment: str
) -> SelfAssessment:
    """Open (or return the existing) self-assessment of `person` for `profile` at `moment`."""
    _check_own(actor, person.pk)
    open_to = profiles_open_to(person)
    entry = open_to.get(profile.pk)
    if entry is None:
        raise DomainError(ERR_NOT_OPEN, fields={"profile": [ERR_NOT_OPEN]})
    if moment == SelfAssessment.Moment.POST:
        if not entry.enrolled:
            raise DomainError(ERR_POST_NEEDS_ENROLMENT)
        if not SelfAssessment.objects.filter(
            person=person,
            profile=profile,
            moment=SelfAssessment.Moment.PRE,
            status=SelfAssessment.Status.SUBMITTED,
        ).exists():
            raise DomainError(ERR_POST_NEEDS_PRE)
    assessment, created = SelfAssessment.objects.get_or_create(person=person, profile=profile, moment=moment)
    if created:
        audit(actor=actor, verb="self_assessment.start", obj=assessment, changes={"moment": [None, moment]})
    return assessment


def _lock_draft(actor: Person, assessment: SelfAssessment) -> SelfAssessment:
    locked = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    _check_own(actor, locked.person_id)
    if locked.status != SelfAssessment.Status.DRAFT:
        raise DomainError(ERR_SUBMITTED)
    return locked


def _apply_ratings(assessment: SelfAssessment, ratings: dict[int, int]) -> tuple[int, set[int]]:
    """Validate and store ratings; returns (how many changed, the profile's competence ids)."""
    required = dict(
        ProfileRequirement.objects.filter(profile_id=assessment.profile_id).values_list(
            "competence_id", "competence__framework_id"
        )
    )
    top = dict(
        ProficiencyLevel.objects.filter(framework_id__in=set(required.values()))
        .values("framework_id")
        .annotate(top=Max("number"))
        .values_list("framework_id", "top")
    )
    errors: dict[str, list[str]] = {}
    for competence_id, level in ratings.items():
        name = f"competence_{competence_id}"
        if competence_id not in required:
            errors[name] = [str(ERR_NOT_IN_PROFILE)]
            continue
        maximum = top.get(required[competence_id], 0)
        if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= maximum:
            errors[name] = [str(ERR_LEVEL_RANGE % {"max": maximum})]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], fields=errors)
    existing = {r.competence_id: r for r in SelfRating.objects.filter(assessment=assessment)}
    new, changed = [], []
    for competence_id, level in ratings.items():
        rating = existing.get(competence_id)
        if rating is None:
            new.append(SelfRating(assessment=assessment, competence_id=competence_id, level=level))
        elif rating.level != level:
            rating.level = level
            changed.append(rating)
    SelfRating.objects.bulk_create(new)
    SelfRating.objects.bulk_update(changed, ["level"])
    return len(new) + len(changed), set(required) - set(existing) - {r.competence_id for r in new}


@transaction.atomic
def self_assessment_save(
    *, actor: Person, assessment: SelfAssessment, ratings: dict[int, int]
) -> SelfAssessment:
    """Store levels in a draft (any subset of the profile's competences)."""
    locked = _lock_draft(actor, assessment)
    count, _missing = _apply_ratings(locked, ratings)
    audit(actor=actor, verb="self_assessment.save", obj=locked, changes={"ratings": [None, count]})
    return locked


@transaction.atomic
def self_assessment_submit(
    *, actor: Person, assessment: SelfAssessment, ratings: dict[int, int] | None = None
) -> SelfAssessment:
    """Store the last levels and submit: from now on it is read-only."""
    locked = _lock_draft(actor, assessment)
    count, missing = _apply_ratings(locked, ratings or {})
    if missing:
        raise DomainError(
            ERR_INCOMPLETE % {"count": len(missing)},
            fields={f"competence_{pk}": [str(_("Choose a level."))] for pk in sorted(missing)},
        )
    locked.status = SelfAssessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at"])
    audit(
        actor=actor,
        verb="self_assessment.submit",
        obj=locked,
        changes={"status": ["draft", "submitted"], "ratings": [None, count]},
    )
    return locked


@transaction.atomic
def path_adjust(
    *, actor: Person, enrolment: Enrolment, module: Module, kind: str, reason: str
) -> LearningPathAdjustment:
    """A trainer recommends an elective first, or leaves one out, for one participant."""
    if not allows_on_enrolment(actor, Action.ADJUST_PATH, enrolment):
        raise PermissionDenied(ERR_MAY_NOT_ADJUST)
    link = ProgrammeModule.objects.filter(programme_id=enrolment.programme_id, module=module).first()
    if link is None:
        raise DomainError(ERR_NOT_IN_PROGRAMME, fields={"module": [ERR_NOT_IN_PROGRAMME]})
    if kind == LearningPathAdjustment.Kind.SKIP and link.mandatory:
        raise DomainError(ERR_MANDATORY_SKIP, fields={"kind": [ERR_MANDATORY_SKIP]})
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(ERR_REASON_REQUIRED, fields={"reason": [ERR_REASON_REQUIRED]})
    existing = (
        LearningPathAdjustment.objects.select_for_update().filter(enrolment=enrolment, module=module).first()
    )
    before = (
        {"kind": existing.kind, "reason": existing.reason} if existing else {"kind": None, "reason": None}
    )
    adjustment = existing or LearningPathAdjustment(enrolment=enrolment, module=module)
    adjustment.kind, adjustment.reason, adjustment.created_by = kind, reason[:300], actor
    adjustment.save()
    audit(
        actor=actor,
        verb="learning_path.adjust",
        obj=adjustment,
        cohort_id=enrolment.cohort_id,
        changes={"module": [None, module.code], **diff(before, adjustment, ["kind", "reason"])},
    )
    return adjustment


@transaction.atomic
def path_adjustment_remove(*, actor: Person, enrolment: Enrolment, module: Module) -> None:
    """Take a trainer's adjustment back: the module returns to its computed place."""
    if not allows_on_enrolment(actor, Action.ADJUST_PATH, enrolment):
        raise PermissionDenied(ERR_MAY_NOT_ADJUST)
    adjustment = (
        LearningPathAdjustment.objects.select_for_update().filter(enrolment=enrolment, module=module).first()
    )
    if adjustment is None:
        raise DomainError(ERR_NO_ADJUSTMENT)
    audit(
        actor=actor,
        verb="learning_path.adjustment_removed",
        obj=adjustment,
        cohort_id=enrolment.cohort_id,
        changes={
            "module": [module.code, None],
            "kind": [adjustment.kind, None],
            "reason": [adjustment.reason, None],
        },
    )
    adjustment.delete()
