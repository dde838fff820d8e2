"""The one application error type. Services raise it; pages turn it into form errors, the API into 4xx JSON."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken: `message` is for a person to read, `fields` maps field names to messages."""

    status_code = 400

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.fields = {key: [str(m) for m in msgs] for key, msgs in (fields or {}).items()}


class NotFound(DomainError):
    """Missing and forbidden look the same from outside: nothing leaks that an object exists."""

    status_code = 404


class PermissionDenied(DomainError):
    """The person may see the object but not do this to it."""

    status_code = 403
