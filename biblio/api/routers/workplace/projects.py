"""Project ideas, their plans of activities and comments over the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Router, Schema, Status

from biblio.api.schemas import ErrorOut
from biblio.workplace.models import ProjectIdea
from biblio.workplace.selectors import access
from biblio.workplace.selectors.projects import idea_detail, ideas_for
from biblio.workplace.services import plan, projects

from .._bounds import Id, Number

router = Router(tags=["workplace"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
MAX_LIMIT = 500


class IdeaOut(Schema):
    id: int
    enrolment_id: int
    participant: str
    title: str
    category: str
    goals: str
    description: str
    status: str
    feedback: str
    outcome_report: str
    in_practice: bool
    published: bool
    submitted_at: datetime | None
    reviewed_at: datetime | None
    completed_at: datetime | None


class ActivityOut(Schema):
    id: int
    title: str
    due: date
    owner: str
    status: str
    approved_minutes: int
    waiting_minutes: int


class CommentOut(Schema):
    id: int
    author: str
    text: str
    created_at: datetime


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class IdeaDetailOut(IdeaOut):
    activities: list[ActivityOut]
    comments: list[CommentOut]
    attachments: list[AttachmentOut]


class IdeaIn(Schema):
    title: str = Field(..., max_length=200)
    category: str
    goals: str = Field("", max_length=5000)
    description: str = Field("", max_length=10000)


class IdeaReviewIn(Schema):
    decision: Literal["approve", "return"]
    feedback: str = Field("", max_length=5000)


class CompleteIn(Schema):
    outcome_report: str = Field(..., max_length=20000)
    in_practice: bool = False


class PublishIn(Schema):
    published: bool


class ActivityIn(Schema):
    title: str = Field(..., max_length=200)
    due: date
    owner: str = Field("", max_length=120)
    status: str = "planned"


class CommentIn(Schema):
    text: str = Field(..., max_length=5000)


def _idea(i: ProjectIdea) -> dict:
    fields = [
        "title",
        "category",
        "goals",
        "description",
        "status",
        "feedback",
        "outcome_report",
        "in_practice",
        "published",
        "submitted_at",
        "reviewed_at",
        "completed_at",
    ]
    return {
        "id": i.pk,
        "enrolment_id": i.enrolment_id,
        "participant": i.enrolment.person.full_name,
        **{f: getattr(i, f) for f in fields},
    }


def _idea_detail(request, idea: ProjectIdea) -> dict:
    detail = idea_detail(idea)
    return {
        **_idea(idea),
        "activities": [
            {
                "id": a.pk,
                "title": a.title,
                "due": a.due,
                "owner": a.owner,
                "status": a.status,
                "approved_minutes": a.approved_minutes or 0,
                "waiting_minutes": a.waiting_minutes or 0,
            }
            for a in detail.activities
        ],
        "comments": [
            {
                "id": c.pk,
                "author": c.author.full_name if c.author else "",
                "text": c.text,
                "created_at": c.created_at,
            }
            for c in detail.comments
        ],
        "attachments": [
            {
                "id": f.pk,
                "name": f.name,
                "content_type": f.content_type,
                "size": f.size,
                "url": request.build_absolute_uri(f"/workplace/attachments/{f.pk}/"),
            }
            for f in detail.attachments
        ],
    }


@router.get("projects", response=list[IdeaOut], summary="Project ideas the caller may see")
def idea_list(
    request,
    status: str = "",
    category: str = "",
    cohort_id: Id | None = None,
    limit: Number = 100,
    offset: Number = 0,
):
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    ideas = ideas_for(request.user, status=status, category=category, cohort_id=cohort_id)
    return [_idea(i) for i in ideas[offset : offset + limit]]


@router.post("projects", response={201: IdeaDetailOut, **ERRORS}, summary="Start the caller's project idea")
def idea_create(request, payload: IdeaIn):
    idea = projects.project_idea_create(
        actor=request.user, enrolment=access.own_enrolment(request.user), **payload.dict()
    )
    return Status(201, _idea_detail(request, access.idea_for(request.user, idea.pk)))


@router.get("projects/{idea_id}", response={200: IdeaDetailOut, **ERRORS}, summary="One idea with its plan")
def idea_get(request, idea_id: Id):
    return _idea_detail(request, access.idea_for(request.user, idea_id))


@router.put(
    "projects/{idea_id}", response={200: IdeaDetailOut, **ERRORS}, summary="Change a draft or returned idea"
)
def idea_update(request, idea_id: Id, payload: IdeaIn):
    idea = projects.project_idea_edit(
        actor=request.user, idea=access.idea_for(request.user, idea_id), **payload.dict()
    )
    return _idea_detail(request, idea)


@router.post(
    "projects/{idea_id}/submit", response={200: IdeaDetailOut, **ERRORS}, summary="Submit to the trainers"
)
def idea_submit(request, idea_id: Id):
    idea = projects.project_idea_submit(actor=request.user, idea=access.idea_for(request.user, idea_id))
    return _idea_detail(request, idea)


@router.post(
    "projects/{idea_id}/withdraw",
    response={200: IdeaDetailOut, **ERRORS},
    summary="Take a submitted idea back to draft",
)
def idea_withdraw(request, idea_id: Id):
    idea = projects.project_idea_withdraw(actor=request.user, idea=access.idea_for(request.user, idea_id))
    return _idea_detail(request, idea)


@router.post(
    "projects/{idea_id}/start", response={200: IdeaDetailOut, **ERRORS}, summary="Start the approved project"
)
def idea_start(request, idea_id: Id):
    idea = projects.project_idea_start(actor=request.user, idea=access.idea_for(request.user, idea_id))
    return _idea_detail(request, idea)


@router.post(
    "projects/{idea_id}/review",
    response={200: IdeaDetailOut, **ERRORS},
    summary="Approve a submitted idea or return it with feedback (trainers)",
)
def idea_review(request, idea_id: Id, payload: IdeaReviewIn):
    idea = projects.project_idea_review(
        actor=request.user,
        idea=access.idea_for(request.user, idea_id),
        approve=payload.decision == "approve",
        feedback=payload.feedback,
    )
    return _idea_detail(request, idea)


@router.post(
    "projects/{idea_id}/complete", response={200: IdeaDetailOut, **ERRORS}, summary="Complete the project"
)
def idea_complete(request, idea_id: Id, payload: CompleteIn):
    idea = projects.project_idea_complete(
        actor=request.user, idea=access.idea_for(request.user, idea_id), **payload.dict()
    )
    return _idea_detail(request, idea)


@router.post(
    "projects/{idea_id}/publish",
    response={200: IdeaDetailOut, **ERRORS},
    summary="Consent (or not) to show the title on the public map",
)
def idea_publish(request, idea_id: Id, payload: PublishIn):
    idea = projects.project_idea_publish(
        actor=request.user, idea=access.idea_for(request.user, idea_id), published=payload.published
    )
    return _idea_detail(request, idea)


@router.post(
    "projects/{idea_id}/activities", response={201: ActivityOut, **ERRORS}, summary="Add an activity"
)
def activity_create(request, idea_id: Id, payload: ActivityIn):
    activity = plan.activity_save(
        actor=request.user, idea=access.idea_for(request.user, idea_id), **payload.dict()
    )
    return Status(201, _activity(activity))


@router.put("activities/{activity_id}", response={200: ActivityOut, **ERRORS}, summary="Change an activity")
def activity_update(request, activity_id: Id, payload: ActivityIn):
    activity = access.activity_for(request.user, activity_id)
    return _activity(
        plan.activity_save(actor=request.user, idea=activity.idea, activity=activity, **payload.dict())
    )


@router.delete("activities/{activity_id}", response={204: None, **ERRORS}, summary="Remove an activity")
def activity_delete(request, activity_id: Id):
    plan.activity_delete(actor=request.user, activity=access.activity_for(request.user, activity_id))
    return Status(204, None)


def _activity(a) -> dict:
    return {
        "id": a.pk,
        "title": a.title,
        "due": a.due,
        "owner": a.owner,
        "status": a.status,
        "approved_minutes": getattr(a, "approved_minutes", 0) or 0,
        "waiting_minutes": getattr(a, "waiting_minutes", 0) or 0,
    }


@router.post(
    "projects/{idea_id}/comments", response={201: CommentOut, **ERRORS}, summary="Comment on an idea"
)
def comment_create(request, idea_id: Id, payload: CommentIn):
    comment = plan.comment_add(
        actor=request.user, idea=access.idea_for(request.user, idea_id), text=payload.text
    )
    return Status(
        201,
        {
            "id": comment.pk,
            "author": request.user.full_name,
            "text": comment.text,
            "created_at": comment.created_at,
        },
    )
