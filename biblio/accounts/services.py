"""State changes for people: their profile and their personal API tokens."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.core.errors import DomainError, NotFound

from .audit import audit, diff
from .models import ApiToken, Person

TOKEN_NAME_REQUIRED = _("Give the token a name so you can recognise it later.")
TOKEN_LIMIT = _("You already have 10 active tokens: revoke one first.")
PROFILE_FIELDS = ["full_name", "preferred_language", "consent_public"]


@transaction.atomic
def person_update_profile(*, person: Person, actor: Person, **values) -> Person:
    """Change a person's own name, language or consent (only they, or an administrator)."""
    if actor.pk != person.pk and not actor.is_staff:
        raise NotFound(_("Not found."))
    before = {f: getattr(person, f) for f in PROFILE_FIELDS}
    for field, value in values.items():
        if field in PROFILE_FIELDS:
            setattr(person, field, value)
    person.full_clean(exclude=["password"])
    person.save(update_fields=PROFILE_FIELDS)
    audit(actor=actor, verb="person.update_profile", obj=person, changes=diff(before, person, PROFILE_FIELDS))
    return person


@transaction.atomic
def api_token_create(*, person: Person, name: str) -> tuple[ApiToken, str]:
    """A new personal token; the secret is returned once and only its hash is kept."""
    name = (name or "").strip()
    if not name:
        raise DomainError(TOKEN_NAME_REQUIRED, fields={"name": [TOKEN_NAME_REQUIRED]})
    if ApiToken.objects.filter(person=person, revoked_at__isnull=True).count() >= 10:
        raise DomainError(TOKEN_LIMIT)
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        person=person, name=name[:100], key_hash=ApiToken.hash_key(secret), key_prefix=secret[:10]
    )
    audit(actor=person, verb="api_token.create", obj=token)
    return token, secret


@transaction.atomic
def api_token_revoke(*, person: Person, token_id: int) -> ApiToken:
    """Revoke one of the person's own tokens."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, person=person).first()
    if token is None:
        raise NotFound(_("Not found."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(actor=person, verb="api_token.revoke", obj=token)
    return token


@transaction.atomic
def calendar_token_reset(*, person: Person) -> str:
    """A new secret for the person's private calendar feed; the old URL stops working."""
    person.calendar_token = secrets.token_urlsafe(24)
    person.save(update_fields=["calendar_token"])
    audit(actor=person, verb="person.calendar_token_reset", obj=person)
    return person.calendar_token
