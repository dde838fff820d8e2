"""Request and response shapes of the competences API (biblio/api/routers/competences.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema


class LevelOut(Schema):
    number: int
    code: str
    title: str
    descriptor: str


class FrameworkOut(Schema):
    id: int
    slug: str
    name: str
    version: str
    title: str
    publisher: str
    licence: str
    is_current: bool
    unverified_titles: bool
    competence_count: int = 0
    level_count: int = 0


class CompetenceOut(Schema):
    id: int
    code: str
    title: str
    description: str
    parent_code: str | None
    is_area: bool
    level_descriptors: dict[str, str]
    related_codes: list[str]


class FrameworkDetailOut(FrameworkOut):
    levels: list[LevelOut]
    competences: list[CompetenceOut]


class RequirementOut(Schema):
    competence_id: int
    framework: str
    code: str
    title: str
    area: str
    target_level: int
    rationale: str
    levels: list[LevelOut]


class ProfileOut(Schema):
    code: str
    title: str
    description: str
    requirement_count: int


class ProfileDetailOut(Schema):
    code: str
    title: str
    description: str
    requirements: list[RequirementOut]


class SelfRatingIn(Schema):
    competence: int = Field(..., description="Competence id (from the profile's requirements).")
    level: int = Field(..., ge=0, description="0 = not yet; otherwise a level number of the framework.")


class StartIn(Schema):
    profile: str = Field(..., description="Role profile code, e.g. CECO.")
    moment: Literal["pre", "post"]


class RatingsIn(Schema):
    ratings: list[SelfRatingIn] = []


class RatingOut(Schema):
    competence_id: int
    framework: str
    code: str
    title: str
    target_level: int
    level: int | None


class SelfAssessmentOut(Schema):
    id: int
    person_id: int
    profile: str
    moment: str
    status: str
    created_at: datetime
    submitted_at: datetime | None


class SelfAssessmentDetailOut(SelfAssessmentOut):
    rated: int
    total: int
    ratings: list[RatingOut]


class GapOut(Schema):
    framework: str
    code: str
    title: str
    before: int
    after: int
    target: int
    closes: bool


class AdjustmentOut(Schema):
    kind: str
    reason: str
    by: str


class StepOut(Schema):
    module: str
    title: str
    hours: int
    mandatory: bool
    changes: list[GapOut]
    adjustment: AdjustmentOut | None


class AreaOut(Schema):
    label: str
    title: str
    top: int
    target: float
    pre: float | None
    post: float | None


class PathOut(Schema):
    enrolment_id: int
    programme: str
    profile: str | None
    based_on: str | None = Field(None, description="pre or post: the self-assessment the gaps come from")
    total_gap: int
    covered: int
    areas: list[AreaOut]
    steps: list[StepOut]
    left_out: list[StepOut]
    open_gaps: list[GapOut]


class AdjustIn(Schema):
    module: str = Field(..., description="Module code")
    kind: Literal["recommend", "skip"]
    reason: str = Field(..., max_length=300)


class CompetenceGainOut(Schema):
    profile: str
    framework: str
    area_code: str
    area_title: str
    code: str
    title: str
    target: int
    participants: int
    average_pre: float
    average_post: float
    gain: float
