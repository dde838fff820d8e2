"""Is this credential genuine? One answer, in plain words, for the public page and the API alike.

Checks, in order: it is an Open Badges credential in JSON; it carries an eddsa-rdfc-2022 proof made
with one of this issuer's keys (current or rotated out); the signature matches the content, read
strictly (a property outside the vocabulary counts as a change); it is the very credential on record;
it is not revoked; today lies within its validity period.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import keys
from .dataintegrity import proofs_of, verify_proof
from .issuer import issuer_name
from .models import Credential

MAX_BYTES = 1_000_000


class Outcome(StrEnum):
    VALID = "valid"
    TAMPERED = "tampered"
    REVOKED = "revoked"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    UNKNOWN_ISSUER = "unknown_issuer"
    UNSIGNED = "unsigned"
    MALFORMED = "malformed"


HEADLINES = {
    Outcome.VALID: _("Valid"),
    Outcome.TAMPERED: _("Tampered"),
    Outcome.REVOKED: _("Revoked"),
    Outcome.EXPIRED: _("Expired"),
    Outcome.NOT_YET_VALID: _("Not yet valid"),
    Outcome.UNKNOWN_ISSUER: _("Not issued here"),
    Outcome.UNSIGNED: _("Not signed"),
    Outcome.MALFORMED: _("Not a credential"),
}
EXPLAIN_VALID = _(
    "This certificate is genuine: %(issuer)s issued it to %(holder)s on %(date)s, and it has not been "
    "changed or revoked since."
)
EXPLAIN_TAMPERED = _(
    "This credential has been changed since it was issued: its signature no longer matches its "
    "content. Do not rely on it."
)
EXPLAIN_REVOKED = _("%(issuer)s revoked this certificate on %(date)s. Reason: %(reason)s")
EXPLAIN_EXPIRED = _("This certificate was valid until %(date)s and has expired.")
EXPLAIN_NOT_YET_VALID = _("This certificate only becomes valid on %(date)s.")
EXPLAIN_UNKNOWN_ISSUER = _(
    "This credential was not signed with a key of %(issuer)s, so it cannot be checked here. "
    "Check it with the issuer named in it."
)
EXPLAIN_UNSIGNED = _("This credential carries no signature, so nothing proves who issued it.")
EXPLAIN_NOT_JSON = _("This is not a credential: the text is not valid JSON.")
EXPLAIN_TOO_BIG = _("This is not a credential: the file is larger than 1 MB.")
EXPLAIN_NOT_OB = _("This is not an Open Badges credential: it lacks the credential types or the issuer.")
EXPLAIN_BAD_DATES = _("This is not a valid credential: its validity dates cannot be read.")
EXPLAIN_NO_RECORD = _("There is no certificate at this address.")
CHECK_SIGNATURE = _("The signature matches the content")
CHECK_KEY = _("Signed with a key of %(issuer)s")
CHECK_NOT_REVOKED = _("Not revoked")
CHECK_DATES = _("Within its validity period")


@dataclass
class Verification:
    outcome: Outcome
    explanation: str
    record: Credential | None = None
    holder: str = ""
    achievement: str = ""
    issued: datetime | None = None
    valid_until: datetime | None = None
    revoked_at: datetime | None = None
    revoked_reason: str = ""
    checks: list[tuple[str, bool | None]] = field(default_factory=list)  # (what, passed; None = not reached)

    @property
    def headline(self) -> str:
        return str(HEADLINES[self.outcome])

    @property
    def is_valid(self) -> bool:
        return self.outcome == Outcome.VALID


def verify_text(text: str | bytes) -> Verification:
    """Verify a credential pasted or uploaded as JSON text."""
    if len(text) > MAX_BYTES:
        return Verification(Outcome.MALFORMED, str(EXPLAIN_TOO_BIG))
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return Verification(Outcome.MALFORMED, str(EXPLAIN_NOT_JSON))
    return verify_document(document)


def verify_stored(credential: Credential) -> Verification:
    """Verify the credential on record (the signature too: it proves the stored copy is intact)."""
    return verify_document(credential.signed_json, record=credential)


def _types(value: Any) -> set[str]:
    return {v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)}


def _holder(document: dict) -> str:
    subject = document.get("credentialSubject")
    identifiers = subject.get("identifier", []) if isinstance(subject, dict) else []
    for item in identifiers if isinstance(identifiers, list) else []:
        if isinstance(item, dict) and item.get("identityType") == "name" and not item.get("hashed"):
            return str(item.get("identityHash", ""))
    return ""


def _achievement(document: dict) -> str:
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    return str(achievement.get("name", "")) if isinstance(achievement, dict) else ""


def _record(document: dict) -> Credential | None:
    ident = str(document.get("id", ""))
    if not ident.startswith("urn:uuid:"):
        return None
    try:
        public_id = uuid.UUID(ident.removeprefix("urn:uuid:"))
    except ValueError:
        return None
    return Credential.objects.filter(public_id=public_id).first()


def _moment(value: Any) -> datetime | None:
    """An xsd:dateTime as an aware datetime (UTC when it names no zone); None when unreadable."""
    try:
        moment = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


def _date(moment: datetime) -> str:
    return date_format(timezone.localtime(moment).date())


def verify_document(document: Any, *, record: Credential | None = None) -> Verification:
    """Verify a parsed credential; `record` is the stored credential when the caller has it."""
    if not isinstance(document, dict):
        return Verification(Outcome.MALFORMED, str(EXPLAIN_NOT_OB))
    types = _types(document.get("type"))
    if "VerifiableCredential" not in types or not types & {"OpenBadgeCredential", "AchievementCredential"}:
        return Verification(Outcome.MALFORMED, str(EXPLAIN_NOT_OB))
    if not document.get("issuer"):
        return Verification(Outcome.MALFORMED, str(EXPLAIN_NOT_OB))
    raw_from, raw_until = document.get("validFrom"), document.get("validUntil")
    valid_from, valid_until = _moment(raw_from), _moment(raw_until)
    if valid_from is None or (raw_until is not None and valid_until is None):
        return Verification(Outcome.MALFORMED, str(EXPLAIN_BAD_DATES))
    name = issuer_name()
    found = Verification(
        Outcome.VALID,
        "",
        holder=_holder(document),
        achievement=_achievement(document),
        issued=valid_from,
        valid_until=valid_until,
    )
    proofs = proofs_of(document)
    if not proofs:
        found.outcome, found.explanation = Outcome.UNSIGNED, str(EXPLAIN_UNSIGNED)
        return found
    ours = [
        (proof, key)
        for proof in proofs
        if (key := keys.find(str(proof.get("verificationMethod", "")).rpartition("#")[2])) is not None
    ]
    if not ours:
        found.outcome = Outcome.UNKNOWN_ISSUER
        found.explanation = str(EXPLAIN_UNKNOWN_ISSUER % {"issuer": name})
        found.checks = [(str(CHECK_KEY % {"issuer": name}), False)]
        return found
    signature_ok = any(verify_proof(document, proof, key.public_key).ok for proof, key in ours)
    record = record or _record(document)
    if signature_ok and record is not None:
        signature_ok = record.signed_json == document  # anything beyond the signed content, too
    found.record = record
    found.checks = [(str(CHECK_KEY % {"issuer": name}), True), (str(CHECK_SIGNATURE), signature_ok)]
    if not signature_ok:
        found.outcome, found.explanation = Outcome.TAMPERED, str(EXPLAIN_TAMPERED)
        found.checks += [(str(CHECK_NOT_REVOKED), None), (str(CHECK_DATES), None)]
        return found
    revoked = record is not None and record.revoked_at is not None
    found.checks.append((str(CHECK_NOT_REVOKED), not revoked))
    now = timezone.now()
    in_period = valid_from <= now and (valid_until is None or now < valid_until)
    found.checks.append((str(CHECK_DATES), in_period))
    if revoked:
        found.outcome, found.revoked_at, found.revoked_reason = (
            Outcome.REVOKED,
            record.revoked_at,
            record.revoked_reason,
        )
        found.explanation = str(
            EXPLAIN_REVOKED
            % {"issuer": name, "date": _date(record.revoked_at), "reason": record.revoked_reason}
        )
    elif valid_until is not None and now >= valid_until:
        found.outcome, found.explanation = (
            Outcome.EXPIRED,
            str(EXPLAIN_EXPIRED % {"date": _date(valid_until)}),
        )
    elif valid_from > now:
        found.outcome = Outcome.NOT_YET_VALID
        found.explanation = str(EXPLAIN_NOT_YET_VALID % {"date": _date(valid_from)})
    else:
        found.explanation = str(
            EXPLAIN_VALID % {"issuer": name, "holder": found.holder or "—", "date": _date(valid_from)}
        )
    return found
