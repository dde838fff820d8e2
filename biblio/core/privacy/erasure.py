"""Erasure at a person's request (GDPR Art. 17): ask, wait the grace period or be erased by an administrator.

What is erased and what is kept, and why, is the registry (registry.py) and docs/privacy.md. In short:
the person row is anonymised (not deleted, so cohort statistics still add up), free text about them is
cleared, their files are deleted, tokens and second factor removed, audit events about their records
redacted; issued credentials stay verifiable.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit
from biblio.accounts.models import AuditEvent, ErasureRequest, Person
from biblio.accounts.permissions import is_admin
from biblio.core.errors import DomainError, NotFound

from .export import owner_queryset
from .registry import ERASED, entries

ALREADY_REQUESTED = _("You have already asked for erasure.")
NOTHING_PENDING = _("There is no erasure request to cancel.")
ADMIN_SELF = _("An administrator cannot erase their own account here: ask another administrator.")
PASSWORD_WRONG = _("That is not your password.")
ERASED_NAME = "Erased person"  # stored data, not interface text: not translated


@transaction.atomic
def erasure_request(*, person: Person, password: str, reason: str = "") -> ErasureRequest:
    """The person asks for erasure; carried out after BIBLIO_ERASURE_GRACE_DAYS unless cancelled."""
    if not person.check_password(password):
        raise DomainError(PASSWORD_WRONG, fields={"password": [PASSWORD_WRONG]})
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if ErasureRequest.objects.filter(person=person, status=ErasureRequest.Status.PENDING).exists():
        raise DomainError(ALREADY_REQUESTED)
    now = timezone.now()
    request = ErasureRequest.objects.create(
        person=person,
        reason=reason.strip()[:2000],
        requested_at=now,
        due_at=now + timedelta(days=settings.BIBLIO_ERASURE_GRACE_DAYS),
    )
    audit(actor=person, verb="person.erasure_requested", obj=request)
    return request


@transaction.atomic
def erasure_cancel(*, person: Person) -> ErasureRequest:
    """The person changes their mind before the request is carried out."""
    request = (
        ErasureRequest.objects.select_for_update()
        .filter(person=person, status=ErasureRequest.Status.PENDING)
        .first()
    )
    if request is None:
        raise DomainError(NOTHING_PENDING)
    request.status = ErasureRequest.Status.CANCELLED
    request.save(update_fields=["status"])
    audit(actor=person, verb="person.erasure_cancelled", obj=request)
    return request


def _owned_rows(person: Person) -> dict[str, list]:
    """{model label: [pk, …]} of every record about the person (before anything changes)."""
    return {
        entry.model: list(owner_queryset(entry, person).values_list("pk", flat=True))
        for entry in entries()
        if entry.owner is not None
    }


def _delete_files(entry, queryset) -> int:
    """Clear the file fields now; delete the files once the transaction commits (a rollback keeps them)."""
    names = [name for values in queryset.values(*entry.files) for name in values.values() if name]
    if not entry.delete:
        queryset.update(**dict.fromkeys(entry.files, ""))
    for name in names:
        transaction.on_commit(lambda name=name: default_storage.delete(name))
    return len(names)


@transaction.atomic
def erase_person(*, person: Person, actor: Person | None, request: ErasureRequest | None = None) -> dict:
    """Anonymise `person` and clear or delete their personal data; returns counts per model.

    `actor` is the administrator doing it, or None for `apply_retention` after the grace period."""
    if actor is not None:
        if not is_admin(actor):
            raise NotFound(_("Not found."))
        if actor.pk == person.pk:
            raise DomainError(ADMIN_SELF)
    person = Person.objects.select_for_update().get(pk=person.pk)
    owned = _owned_rows(person)
    summary: dict[str, int] = {}
    files_deleted = 0
    for entry in entries():
        if entry.owner is None or entry.owner == "" or not owned.get(entry.model):
            continue
        queryset = entry.model_class.objects.filter(pk__in=owned[entry.model])
        files_deleted += _delete_files(entry, queryset) if entry.files else 0
        if entry.delete:
            summary[entry.model] = queryset.delete()[0]
        elif entry.erase:
            summary[entry.model] = queryset.update(**entry.erase)
    # Audit events about the person's records keep who did what and when, without the content.
    for label, pks in owned.items():
        if pks:
            events = AuditEvent.objects.filter(
                object_type=label.lower(), object_id__in=[str(pk) for pk in pks]
            )
            redacted = events.redact(object_repr=ERASED, changes={})
            if redacted:
                summary["accounts.AuditEvent"] = summary.get("accounts.AuditEvent", 0) + redacted
    now = timezone.now()
    Person.objects.filter(pk=person.pk).update(
        email=f"erased-{person.pk}@erased.invalid",
        full_name=ERASED_NAME,
        organisation=None,
        consent_public=False,
        calendar_token="",
        is_active=False,
        is_staff=False,
        is_superuser=False,
        last_login=None,
        erased_at=now,
        password=make_password(None),
    )
    person.groups.clear()
    person.user_permissions.clear()
    summary["files"] = files_deleted
    pending = (
        request or ErasureRequest.objects.filter(person=person, status=ErasureRequest.Status.PENDING).first()
    )
    if pending is None:
        pending = ErasureRequest.objects.create(person=person, due_at=now, reason="")
    ErasureRequest.objects.filter(pk=pending.pk).update(
        status=ErasureRequest.Status.DONE, done_at=now, done_by=actor, summary=summary, reason=""
    )
    audit(actor=actor, verb="person.erased", obj=pending, changes={"counts": summary})
    return summary


def erase_due(*, now=None) -> int:
    """Carry out every pending request whose grace period has passed (apply_retention); returns how many."""
    now = now or timezone.now()
    done = 0
    for request in ErasureRequest.objects.filter(
        status=ErasureRequest.Status.PENDING, due_at__lte=now
    ).select_related("person"):
        erase_person(person=request.person, actor=None, request=request)
        done += 1
    return done
