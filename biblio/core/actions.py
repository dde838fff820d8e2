"""Pages' one-button actions: call a service, say how it went in a flash message, redirect.

A DomainError raised by the service becomes an error message; a refusal (403) may instead be re-raised so
the usual 403 page answers (DomainErrorMiddleware). Other exceptions pass through untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .errors import DomainError

T = TypeVar("T")


def act_and_redirect(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: str | Callable[[T], str],
    to: str | Callable[[], HttpResponse | str],
    raise_forbidden: bool = False,
    field_messages: bool = False,
) -> HttpResponse:
    """Run `call()`; on success flash `success` (or `success(result)`), on a DomainError flash its message
    (and, with `field_messages`, each field's message too). Then redirect to `to`: a URL or URL name, or a
    callable giving a response or URL, evaluated after the call. With `raise_forbidden`, a 403 DomainError
    is not a message but propagates (the 403 page)."""
    try:
        result = call()
    except DomainError as exc:
        if raise_forbidden and exc.status_code == 403:
            raise
        messages.error(request, exc.message)
        if field_messages:
            for texts in exc.fields.values():
                for text in texts:
                    messages.error(request, text)
    else:
        messages.success(request, success(result) if callable(success) else success)
    target = to() if callable(to) else to
    return target if isinstance(target, HttpResponse) else redirect(target)
