"""`me`, `me/progress` and the person's own API tokens."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema, Status

from biblio.accounts import services
from biblio.accounts.models import ApiToken
from biblio.api.schemas import ErrorOut, ProgressOut, progress_out
from biblio.reports.home import own_enrolments

from ._bounds import Id

router = Router(tags=["me"])


class MembershipOut(Schema):
    cohort: str
    role: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    preferred_language: str
    is_admin: bool
    memberships: list[MembershipOut]


@router.get("me", response=MeOut, summary="The person the request is authenticated as")
def me(request):
    person = request.user
    memberships = [
        {"cohort": code, "role": role}
        for code, role in person.memberships.values_list("cohort__code", "role").order_by(
            "cohort__code", "role"
        )
    ]
    return {
        "id": person.pk,
        "email": person.email,
        "full_name": person.full_name,
        "preferred_language": person.preferred_language,
        "is_admin": person.is_staff,
        "memberships": memberships,
    }


@router.get(
    "me/progress", response=list[ProgressOut], summary="Approved, pending and recognised hours per mode"
)
def my_progress(request):
    return [progress_out(row.enrolment, row.progress) for row in own_enrolments(request.user, page=False)]


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    key_prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut):
    secret: str


@router.get("me/tokens", response=list[TokenOut])
def tokens(request):
    return list(ApiToken.objects.filter(person=request.user))


@router.post("me/tokens", response={201: NewTokenOut, 400: ErrorOut})
def token_create(request, payload: TokenIn):
    token, secret = services.api_token_create(person=request.user, name=payload.name)
    return Status(201, {**TokenOut.from_orm(token).dict(), "secret": secret})


@router.post("me/tokens/{token_id}/revoke", response={200: TokenOut, 404: ErrorOut})
def token_revoke(request, token_id: Id):
    return services.api_token_revoke(person=request.user, token_id=token_id)
