"""The REST API under /api/v1/: session auth for the browser, personal bearer tokens for integrations.

Every error is JSON `{"message": str, "extra": {"fields": {name: [messages]}}}`; bad input is a 4xx,
never a 500. Routers live in `biblio/api/routers/<area>.py` and call the same services and selectors
as the pages.
"""

from __future__ import annotations

from django.db import DataError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from biblio.accounts.models import ApiToken
from biblio.core.errors import DomainError

from .routers import (
    accounts,
    competences,
    learning,
    programmes,
    recognition,
    reports,
    workplace,
)


class SessionAuth(APIKeyCookie):
    """The browser's Django session; unsafe methods need the CSRF token as on any form."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bib_…` — a personal token; only its SHA-256 is stored."""

    def authenticate(self, request: HttpRequest, token: str):
        if not token.startswith(ApiToken.PREFIX):
            return None
        found = (
            ApiToken.objects.select_related("person")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, person__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.person
        return found.person


api = NinjaAPI(
    title="Biblio API",
    version="1",
    description="Programmes, cohorts, progress, skills, work-based learning and credentials.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _error(request, message: str, status: int, fields: dict | None = None):
    return api.create_response(
        request, {"message": message, "extra": {"fields": fields or {}}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return _error(request, exc.message, exc.status_code, exc.fields)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")]
        fields.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "")))
    return _error(request, _("Some of the input is not valid."), 422, fields)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _error(request, _("Log in or send a valid API token."), 401)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, _("Not found."), 404)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def on_out_of_range(request, exc):
    # A number beyond what the database can store (SQLite: OverflowError; PostgreSQL: DataError) is bad
    # input, not a server fault. Routers should bound their integers; this is the net under them.
    return _error(request, _("Some of the input is not valid."), 422)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return _error(request, str(exc), exc.status_code)


for module, prefix in [
    (accounts, "/"),
    (programmes, "/"),
    (competences, "/competences/"),
    (learning, "/learning/"),
    (workplace, "/workplace/"),
    (recognition, "/recognition/"),
    (reports, "/reports/"),
]:
    api.add_router(prefix, module.router)
