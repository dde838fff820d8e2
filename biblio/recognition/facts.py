"""Everything a certificate states about one participant, read for a whole batch in fixed queries.

The certificate PDF, the ECVET transcript and the Open Badges credential all read the same `Facts`,
so the three documents can never disagree (and the hours are `progress_for`'s, as on the dashboard).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import TypeVar

from django.conf import settings

from biblio.competences.models import ProfileRequirement
from biblio.learning.models import Enrolment
from biblio.programmes.models import LearningMode, LearningOutcome

from .completion import Completion, ModuleState, completion_for

LANGUAGES = {code for code, _name in settings.LANGUAGES}
T = TypeVar("T")


@dataclass
class Facts:
    enrolment: Enrolment  # with person, cohort and programme (and its profile) loaded
    completion: Completion
    outcomes: dict[int, list[LearningOutcome]]  # module id -> outcomes, in order
    requirements: list[ProfileRequirement]  # the profile's competences, with framework
    # What is the same for every participant of the batch (a module's outcomes worded in a language,
    # a document's labels), made once by whoever needs it: one dict shared by the batch's Facts.
    shared: dict = field(default_factory=dict, repr=False, compare=False)

    def once(self, key: tuple, make: Callable[[], T]) -> T:
        """`make()`, or what it returned for `key` earlier in this batch."""
        if key not in self.shared:
            self.shared[key] = make()
        return self.shared[key]

    @property
    def language(self) -> str:
        """The participant's preferred language, else the cohort's, else English."""
        for code in (self.enrolment.person.preferred_language, self.enrolment.cohort.language):
            if code in LANGUAGES:
                return code
        return "en"

    @property
    def programme(self):
        return self.enrolment.programme

    @property
    def units(self) -> list[ModuleState]:
        """The modules the participant passed or was exempted from, in programme order."""
        return [m for m in self.completion.modules if m.done]

    @property
    def modes(self):
        return self.completion.progress.modes

    def work_based_minutes(self) -> int:
        mode = self.completion.progress.mode(LearningMode.WORK_BASED)
        return mode.credited_minutes if mode else 0

    def unit_points(self) -> dict[int, Decimal]:
        """ECVET points per unit, in proportion to study hours, to 0.1, summing to the programme's."""
        units = self.units
        total_points = Decimal(self.programme.ecvet_points)
        total_hours = sum(u.module.hours for u in units)
        if not units or not total_hours:
            return {}
        tenth = Decimal("0.1")
        exact = {u.module.pk: total_points * u.module.hours / total_hours for u in units}
        shares = {pk: value.quantize(tenth, rounding=ROUND_DOWN) for pk, value in exact.items()}
        # Largest remainders get the tenths that rounding down left over.
        left = int((total_points - sum(shares.values())) / tenth)
        for pk in sorted(exact, key=lambda pk: exact[pk] - shares[pk], reverse=True)[:left]:
            shares[pk] += tenth
        return shares


def gather(enrolment_ids: Iterable[int]) -> dict[int, Facts]:
    """Facts for each enrolment id: 14 queries, whatever their number."""
    ids = list(enrolment_ids)
    loaded = list(
        Enrolment.objects.filter(pk__in=ids).select_related(
            "person", "cohort", "programme", "programme__profile"
        )
    )
    completions = completion_for(loaded)
    module_ids = {m.module.pk for c in completions.values() for m in c.modules}
    outcomes: dict[int, list[LearningOutcome]] = defaultdict(list)
    for outcome in LearningOutcome.objects.filter(module_id__in=module_ids).order_by("module_id", "order"):
        outcomes[outcome.module_id].append(outcome)
    profile_ids = {e.programme.profile_id for e in loaded if e.programme.profile_id}
    requirements: dict[int, list[ProfileRequirement]] = defaultdict(list)
    for requirement in ProfileRequirement.objects.filter(profile_id__in=profile_ids).select_related(
        "competence__framework"
    ):
        requirements[requirement.profile_id].append(requirement)
    shared: dict = {}
    return {
        e.pk: Facts(
            enrolment=e,
            completion=completions[e.pk],
            outcomes=outcomes,
            requirements=requirements.get(e.programme.profile_id, []),
            shared=shared,
        )
        for e in loaded
    }
