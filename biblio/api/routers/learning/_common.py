"""Shared bits of the learning API: error responses, module lookup, list windows."""

from __future__ import annotations

from ninja import Schema

from biblio.api.schemas import ErrorOut
from biblio.core.errors import DomainError
from biblio.learning.selectors.access import NOT_FOUND
from biblio.programmes.models import Module

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
MAX_LIMIT = 200


def module_or_error(module_id: int | None, field: str = "module_id") -> Module | None:
    """The module, None when not given, or a field error (never a 500) when it does not exist."""
    if module_id is None:
        return None
    module = Module.objects.filter(pk=module_id).first()
    if module is None:
        raise DomainError(NOT_FOUND, fields={field: [str(NOT_FOUND)]})
    return module


def window(limit: int, offset: int) -> slice:
    limit = min(max(limit, 1), MAX_LIMIT)
    offset = max(offset, 0)
    return slice(offset, offset + limit)


class ReasonIn(Schema):
    reason: str = ""
