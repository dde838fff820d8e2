"""When has a participant completed? The one place that decides, for any number of enrolments at once.

A participant completes when every hour budget is met (approved + recognised hours, as `progress_for`
counts them), every mandatory module of their track is passed (the latest assessment) or exempted
(recognised prior learning), the work-based learning is signed off by the mentor, the project is
completed and the self-assessment after the course is submitted. Rules that a programme does not call
for are skipped: no work-based budget, no placement rule; no project budget, no project rule; no role
profile, no self-assessment. Eleven queries, whatever the number of enrolments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from biblio.competences.models import SelfAssessment
from biblio.core.templatetags.biblio import hours
from biblio.learning.models import Enrolment, Exemption
from biblio.learning.progress import Progress, progress_for
from biblio.programmes.models import LearningMode, Programme, ProgrammeModule
from biblio.workplace.models import Placement, ProjectIdea

from .models import Assessment

HOURS_SHORT = _("%(mode)s: %(credited)s of %(budget)s hours credited, %(missing)s to go.")
MODULE_OPEN = _("Module %(code)s “%(title)s” is not passed or exempted yet.")
MODULE_FAILED = _("Module %(code)s “%(title)s” was failed on %(date)s and needs a new assessment.")
NO_PLACEMENT = _("No work-based learning placement has been arranged.")
PLACEMENT_NOT_SIGNED_OFF = _("The mentor has not signed off the work-based learning yet.")
NO_PROJECT = _("There is no project idea yet.")
PROJECT_NOT_COMPLETED = _("The project is not completed yet (it is “%(status)s”).")
NO_POST_SELF_ASSESSMENT = _("The self-assessment after the course has not been submitted.")
WITHDRAWN = _("The participant has withdrawn from the course.")


@dataclass
class ModuleState:
    """One module of the participant's track: passed (by its latest assessment), exempted, or open."""

    link: ProgrammeModule  # .module, .mandatory, .order
    assessment: Assessment | None = None  # the latest one
    exempted: bool = False

    @property
    def module(self):
        return self.link.module

    @property
    def passed(self) -> bool:
        return self.assessment is not None and self.assessment.result == Assessment.Result.PASS

    @property
    def done(self) -> bool:
        return self.passed or self.exempted


@dataclass
class Completion:
    enrolment_id: int
    progress: Progress
    modules: list[ModuleState] = field(default_factory=list)
    placement: Placement | None = None
    project: ProjectIdea | None = None
    post_self_assessed: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.reasons


def completion_for(enrolments: Iterable[Enrolment], *, today: date | None = None) -> dict[int, Completion]:
    """Completion of each enrolment (load them with select_related("cohort"), as for progress_for)."""
    enrolments = list(enrolments)
    if not enrolments:
        return {}
    ids = [e.pk for e in enrolments]
    programme_ids = {e.programme_id for e in enrolments}
    progress = progress_for(enrolments, today=today)
    profile_of = dict(Programme.objects.filter(pk__in=programme_ids).values_list("pk", "profile_id"))
    links: dict[int, list[ProgrammeModule]] = defaultdict(list)
    for link in (
        ProgrammeModule.objects.filter(programme_id__in=programme_ids)
        .select_related("module")
        .order_by("programme_id", "order", "module__code")
    ):
        links[link.programme_id].append(link)
    latest: dict[tuple[int, int], Assessment] = {}
    for assessment in Assessment.objects.filter(enrolment_id__in=ids).order_by("date", "id"):
        latest[(assessment.enrolment_id, assessment.module_id)] = assessment
    exempted = set(
        Exemption.objects.filter(enrolment_id__in=ids, status=Exemption.Status.APPROVED).values_list(
            "enrolment_id", "module_id"
        )
    )
    placements = {
        p.enrolment_id: p
        for p in Placement.objects.filter(enrolment_id__in=ids).select_related("host", "mentor")
    }
    projects = {p.enrolment_id: p for p in ProjectIdea.objects.filter(enrolment_id__in=ids)}
    self_assessed = set(
        SelfAssessment.objects.filter(
            person_id__in={e.person_id for e in enrolments},
            moment=SelfAssessment.Moment.POST,
            status=SelfAssessment.Status.SUBMITTED,
        ).values_list("person_id", "profile_id")
    )

    result: dict[int, Completion] = {}
    for enrolment in enrolments:
        profile_id = profile_of.get(enrolment.programme_id)
        completion = Completion(
            enrolment_id=enrolment.pk,
            progress=progress[enrolment.pk],
            modules=[
                ModuleState(
                    link=link,
                    assessment=latest.get((enrolment.pk, link.module_id)),
                    exempted=(enrolment.pk, link.module_id) in exempted,
                )
                for link in links[enrolment.programme_id]
            ],
            placement=placements.get(enrolment.pk),
            project=projects.get(enrolment.pk),
            post_self_assessed=(enrolment.person_id, profile_id) in self_assessed,
        )
        completion.reasons = _reasons(enrolment, completion, has_profile=profile_id is not None)
        result[enrolment.pk] = completion
    return result


def _reasons(enrolment: Enrolment, c: Completion, *, has_profile: bool) -> list[str]:
    """Each rule still open, in words a coordinator can act on."""
    reasons: list[str] = []
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        reasons.append(str(WITHDRAWN))
    for mode in c.progress.modes:
        if not mode.met:
            # In tenths of an hour, as shown, so that the two figures add up to the budget.
            credited = min(round(mode.credited_minutes / 6), mode.budget_minutes // 6 - 1) * 6
            reasons.append(
                HOURS_SHORT
                % {
                    "mode": mode.label,
                    "credited": hours(credited),
                    "budget": hours(mode.budget_minutes),
                    "missing": hours(mode.budget_minutes - credited),
                }
            )
    for state in c.modules:
        if not state.link.mandatory or state.done:
            continue
        names = {"code": state.module.code, "title": state.module.tr("title")}
        if state.assessment is not None:
            reasons.append(MODULE_FAILED % {**names, "date": date_format(state.assessment.date)})
        else:
            reasons.append(MODULE_OPEN % names)
    if c.progress.mode(LearningMode.WORK_BASED) is not None:
        if c.placement is None:
            reasons.append(str(NO_PLACEMENT))
        elif c.placement.signed_off_at is None:
            reasons.append(str(PLACEMENT_NOT_SIGNED_OFF))
    if c.progress.mode(LearningMode.PROJECT) is not None:
        if c.project is None:
            reasons.append(str(NO_PROJECT))
        elif c.project.status != ProjectIdea.Status.COMPLETED:
            reasons.append(PROJECT_NOT_COMPLETED % {"status": c.project.get_status_display()})
    if has_profile and not c.post_self_assessed:
        reasons.append(str(NO_POST_SELF_ASSESSMENT))
    return reasons
