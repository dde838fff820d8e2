"""The issuer's Ed25519 keys, kept as files under settings.BIBLIO_KEYS_DIR, never in the database.

Layout: `registry.json` lists every key ever used (its Multikey, when it was made, when it was rotated
out) and names the current one; `<multikey>.pem` holds the private key of the current key only (0600).
Rotating makes a new key current and deletes the old private key, while its public half stays in the
registry and on the published key list, so credentials signed with it keep verifying.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from biblio.core.errors import DomainError

from .multibase import b64url, ed25519_from_multikey, ed25519_multikey

NO_SIGNING_KEY = _("There is no signing key yet: run “manage.py keys_generate” first.")
KEY_EXISTS = _("A signing key exists already: use “manage.py keys_rotate” to replace it.")
REGISTRY = "registry.json"


@dataclass(frozen=True)
class IssuerKey:
    """The public half of one issuer key and its life span."""

    multikey: str  # publicKeyMultibase, "z6Mk…": also the key's id (the fragment of its URL)
    created: str  # ISO 8601, UTC
    retired: str | None = None  # when it was rotated out (it still verifies what it signed)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(ed25519_from_multikey(self.multikey))

    @property
    def jwk(self) -> dict:
        return {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": b64url(ed25519_from_multikey(self.multikey)),
            "kid": self.multikey,
            "use": "sig",
            "alg": "EdDSA",
        }


def keys_dir() -> Path:
    return Path(settings.BIBLIO_KEYS_DIR)


def _now(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_cache: dict[str, tuple[tuple[int, int], dict]] = {}


def _registry() -> dict:
    path = keys_dir() / REGISTRY
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {"current": None, "keys": []}
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(str(path))
    if cached is None or cached[0] != stamp:
        cached = (stamp, json.loads(path.read_text(encoding="utf-8")))
        _cache[str(path)] = cached
    return cached[1]


def _write(path: Path, data: bytes, mode: int) -> None:
    """Write a file atomically with `mode` from the first byte on."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _save_registry(registry: dict) -> None:
    _write(keys_dir() / REGISTRY, json.dumps(registry, indent=2).encode(), 0o644)
    _cache.pop(str(keys_dir() / REGISTRY), None)


def _new_private_key(now: datetime | None) -> IssuerKey:
    directory = keys_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    key = IssuerKey(multikey=ed25519_multikey(raw), created=_now(now))
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write(directory / f"{key.multikey}.pem", pem, 0o600)
    return key


def public_keys() -> list[IssuerKey]:
    """Every key the issuer has used, the current one first."""
    registry = _registry()
    keys = [IssuerKey(**row) for row in registry["keys"]]
    return sorted(keys, key=lambda k: (k.multikey != registry["current"], k.created))


def find(multikey: str) -> IssuerKey | None:
    """The issuer key with this Multikey, current or retired; None when it is not ours."""
    return next((k for k in public_keys() if k.multikey == multikey), None)


def current() -> IssuerKey | None:
    registry = _registry()
    return find(registry["current"]) if registry["current"] else None


def generate(*, now: datetime | None = None) -> IssuerKey:
    """Make the first signing key; refuses when one exists (rotation is a separate, deliberate act)."""
    if current() is not None:
        raise DomainError(KEY_EXISTS)
    key = _new_private_key(now)
    registry = _registry()
    _save_registry({"current": key.multikey, "keys": [*registry["keys"], asdict(key)]})
    return key


def rotate(*, now: datetime | None = None) -> tuple[IssuerKey, IssuerKey | None]:
    """Make a new current key, retire the old one (its private half is deleted) and return (new, old)."""
    old = current()
    key = _new_private_key(now)
    registry = _registry()
    rows = [
        {**row, "retired": _now(now)} if old and row["multikey"] == old.multikey else row
        for row in registry["keys"]
    ]
    _save_registry({"current": key.multikey, "keys": [*rows, asdict(key)]})
    if old is not None:
        (keys_dir() / f"{old.multikey}.pem").unlink(missing_ok=True)
    return key, old


def ensure() -> IssuerKey:
    """The current key, made first if there is none (the demo and a fresh laptop install)."""
    return current() or generate()


_private_cache: dict[str, tuple[int, Ed25519PrivateKey]] = {}


def signing_key() -> tuple[IssuerKey, Ed25519PrivateKey]:
    """The current key with its private half, or DomainError(NO_SIGNING_KEY)."""
    key = current()
    path = keys_dir() / f"{key.multikey}.pem" if key else None
    if key is None or path is None or not path.exists():
        raise DomainError(NO_SIGNING_KEY)
    mtime = path.stat().st_mtime_ns
    cached = _private_cache.get(str(path))
    if cached is None or cached[0] != mtime:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise DomainError(NO_SIGNING_KEY)
        cached = (mtime, private)
        _private_cache[str(path)] = cached
    return key, cached[1]
