"""The secret behind a person's private calendar URL: created on first use, reset on request."""

from __future__ import annotations

import secrets

from django.db import transaction

from biblio.accounts.audit import audit
from biblio.accounts.models import Person
from biblio.core.errors import PermissionDenied

from ..selectors.access import NOT_ALLOWED


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_token_ensure(*, actor: Person) -> str:
    """The person's calendar token, creating one the first time they look for their feed."""
    if not actor.is_authenticated:
        raise PermissionDenied(NOT_ALLOWED)
    person = Person.objects.select_for_update().get(pk=actor.pk)
    if not person.calendar_token:
        person.calendar_token = _new_token()
        person.save(update_fields=["calendar_token"])
        audit(actor=actor, verb="calendar.token_create", obj=person)
    actor.calendar_token = person.calendar_token
    return person.calendar_token


@transaction.atomic
def calendar_token_reset(*, actor: Person) -> str:
    """A new secret: the old private URL stops working at once."""
    if not actor.is_authenticated:
        raise PermissionDenied(NOT_ALLOWED)
    person = Person.objects.select_for_update().get(pk=actor.pk)
    person.calendar_token = _new_token()
    person.save(update_fields=["calendar_token"])
    audit(actor=actor, verb="calendar.token_reset", obj=person)
    actor.calendar_token = person.calendar_token
    return person.calendar_token
