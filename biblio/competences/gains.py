"""The coordinators' picture of a cohort's average gains pre → post, per profile, area and competence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from statistics import mean

from . import charts
from .selectors import CompetenceGain, cohort_competence_gains


@dataclass
class AreaGain:
    label: str  # "DigComp 2"
    title: str
    average_pre: float
    average_post: float

    @property
    def gain(self) -> float:
        return round(self.average_post - self.average_pre, 2)


@dataclass
class GainSection:
    profile_code: str
    participants: int
    areas: list[AreaGain]
    competences: list[CompetenceGain]
    chart: charts.Bars


def gains_report(cohort_ids: list[int]) -> list[GainSection]:
    """One section per role profile: area averages (with a bar chart) and every competence."""
    by_profile: dict[str, list[CompetenceGain]] = defaultdict(list)
    for gain in cohort_competence_gains(cohort_ids):
        by_profile[gain.profile_code].append(gain)
    sections = []
    for code, gains in sorted(by_profile.items()):
        grouped: dict[tuple[str, str], list[CompetenceGain]] = defaultdict(list)
        for gain in gains:
            grouped[(gain.framework, gain.area_code)].append(gain)
        areas = [
            AreaGain(
                label=f"{members[0].framework_name} {area_code}",
                title=members[0].area_title,
                average_pre=round(mean(g.average_pre for g in members), 2),
                average_post=round(mean(g.average_post for g in members), 2),
            )
            for (_framework, area_code), members in grouped.items()
        ]
        sections.append(
            GainSection(
                profile_code=code,
                participants=max(g.participants for g in gains),
                areas=areas,
                competences=gains,
                chart=charts.gain_bars([(f"{a.label} {a.title}", a.gain) for a in areas]),
            )
        )
    return sections
