"""Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226) with the standard library only.

Authenticator apps (FreeOTP, Aegis, Google Authenticator, 1Password…) read the `otpauth://` URI from a
QR code and show a 6-digit code that changes every 30 seconds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP = 30
DIGITS = 6
DRIFT_STEPS = 1  # accept the previous and the next code too (clock drift, typing time)


def new_secret() -> str:
    """A random 160-bit secret as unpadded base32, as RFC 4226 recommends."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def secret_bytes(secret_b32: str) -> bytes:
    cleaned = secret_b32.strip().replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest=hashlib.sha1) -> str:
    """RFC 4226 HOTP: dynamic truncation of HMAC(key, counter)."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    code = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


def step_at(moment: float, *, step: int = STEP) -> int:
    return int(moment // step)


def totp(key: bytes, moment: float, *, step: int = STEP, digits: int = DIGITS, digest=hashlib.sha1) -> str:
    """RFC 6238 TOTP: HOTP over the number of `step`-second periods since the Unix epoch."""
    return hotp(key, step_at(moment, step=step), digits=digits, digest=digest)


def match(secret_b32: str, code: str, *, last_step: int, moment: float | None = None) -> int | None:
    """The time step `code` belongs to (within the drift), if it is later than `last_step`; else None.

    Returning the step lets the caller store it, so the same code cannot be used twice."""
    code = "".join(ch for ch in str(code) if ch.isdigit())
    if len(code) != DIGITS:
        return None
    key = secret_bytes(secret_b32)
    now_step = step_at(time.time() if moment is None else moment)
    for candidate in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if candidate > last_step and hmac.compare_digest(hotp(key, candidate), code):
            return candidate
    return None


def provisioning_uri(secret_b32: str, *, account: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {"secret": secret_b32, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP}
    )
    return f"otpauth://totp/{label}?{query}"


def new_recovery_codes(count: int = 10) -> list[str]:
    """One-time codes for when the phone is lost: 10 groups like `k3f9-x2pq`."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return [
        "".join(secrets.choice(alphabet) for _ in range(4))
        + "-"
        + "".join(secrets.choice(alphabet) for _ in range(4))
        for _ in range(count)
    ]


def hash_recovery_code(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace(" ", "").encode()).hexdigest()
