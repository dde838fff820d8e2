"""What the final evaluation offers and holds: the profile's competences, their level scales, the saved one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max

from biblio.competences.models import ProficiencyLevel, ProfileRequirement
from biblio.learning.models import Enrolment
from biblio.learning.progress import ModeProgress, progress_for
from biblio.programmes.models import LearningMode

from ..models import FinalEvaluation, Placement

DEFAULT_MAX_LEVEL = 8  # DigComp's scale, when a framework lists no levels


def profile_requirements(enrolment: Enrolment) -> list[ProfileRequirement]:
    """The competences of the participant's role profile (one query)."""
    return list(
        ProfileRequirement.objects.filter(profile_id=enrolment.programme.profile_id)
        .select_related("competence__framework")
        .order_by("competence__framework__name", "competence__order", "competence__code")
    )


def evaluation_levels(enrolment: Enrolment) -> dict[int, int]:
    """{competence_id: highest level of its framework} for the participant's profile (two queries)."""
    profile_id = enrolment.programme.profile_id
    if profile_id is None:
        return {}
    requirements = list(
        ProfileRequirement.objects.filter(profile_id=profile_id).values_list(
            "competence_id", "competence__framework_id"
        )
    )
    top = dict(
        ProficiencyLevel.objects.filter(framework_id__in={fw for _c, fw in requirements})
        .values_list("framework_id")
        .annotate(top=Max("number"))
        .order_by()
    )
    return {competence: top.get(fw) or DEFAULT_MAX_LEVEL for competence, fw in requirements}


def evaluation_of(placement: Placement | None) -> FinalEvaluation | None:
    """The final evaluation with its observations and their competences (two queries)."""
    if placement is None:
        return None
    return (
        FinalEvaluation.objects.filter(placement=placement)
        .select_related("author")
        .prefetch_related("observations__competence__framework")
        .first()
    )


@dataclass
class EvaluationForm:
    evaluation: FinalEvaluation | None
    requirements: list[ProfileRequirement]
    levels: dict[int, int]
    progress: ModeProgress | None

    @property
    def initial(self) -> dict:
        if self.evaluation is None:
            return {}
        observed = {f"level_{o.competence_id}": o.level for o in self.evaluation.observations.all()}
        return {"narrative": self.evaluation.narrative, **observed}


def evaluation_form(enrolment: Enrolment, placement: Placement) -> EvaluationForm:
    """What the mentor's evaluation page needs: the saved draft, the profile, level scales, hours."""
    progress = progress_for([enrolment])[enrolment.pk].mode(LearningMode.WORK_BASED)
    return EvaluationForm(
        evaluation_of(placement), profile_requirements(enrolment), evaluation_levels(enrolment), progress
    )
