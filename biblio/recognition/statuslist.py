"""Revocation published as a W3C Bitstring Status List: one bit per credential, 1 = revoked.

Each credential's `credentialStatus` points at a bit of a list; the list itself is a signed
`BitstringStatusListCredential` built from the database when asked for (one query), so a revocation
is public the moment it commits. Bits are numbered from the left (most significant bit of byte 0).
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

from .dataintegrity import VC_V2, sign, xsd_datetime
from .issuer import issuer_id, status_list_url, verification_method
from .keys import signing_key
from .models import Credential
from .multibase import b64url, b64url_decode

LIST_SIZE = 131_072  # bits: the minimum the specification sets, for herd privacy
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def locate(status_index: int) -> tuple[int, int]:
    """(list number, bit within that list) of a credential's status index."""
    return divmod(status_index, LIST_SIZE)


def status_entry(status_index: int) -> dict:
    """The `credentialStatus` of the credential holding `status_index`."""
    number, bit = locate(status_index)
    url = status_list_url(number)
    return {
        "id": f"{url}#{bit}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(bit),
        "statusListCredential": url,
    }


def encode(bits: set[int], size: int = LIST_SIZE) -> str:
    """Multibase base64url (prefix "u") of the GZIP-compressed bitstring."""
    data = bytearray(size // 8)
    for bit in bits:
        data[bit // 8] |= 0x80 >> (bit % 8)
    return "u" + b64url(gzip.compress(bytes(data), mtime=0))


def is_set(encoded_list: str, bit: int) -> bool:
    """Is `bit` set in an `encodedList`? ValueError when the list cannot be read."""
    if not encoded_list.startswith("u"):
        raise ValueError("encodedList is not multibase base64url")
    data = gzip.decompress(b64url_decode(encoded_list[1:]))
    if bit // 8 >= len(data):
        raise ValueError("index beyond the end of the list")
    return bool(data[bit // 8] & (0x80 >> (bit % 8)))


def status_list_credential(list_number: int) -> dict:
    """The signed list: dated at its latest revocation, so the same state always gives the same bytes."""
    low, high = list_number * LIST_SIZE, (list_number + 1) * LIST_SIZE
    revoked = list(
        Credential.objects.filter(
            status_index__gte=low, status_index__lt=high, revoked_at__isnull=False
        ).values_list("status_index", "revoked_at")
    )
    changed = max((at for _index, at in revoked), default=EPOCH)
    url = status_list_url(list_number)
    document = {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": xsd_datetime(changed),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode({index - low for index, _at in revoked}),
        },
    }
    key, private = signing_key()
    return sign(
        document,
        private_key=private,
        verification_method=verification_method(key.multikey),
        created=changed,
    )
