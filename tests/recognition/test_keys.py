"""Issuer keys: made by a command, kept as files outside the database, rotated without breaking old
credentials."""

from __future__ import annotations

import json
import stat

import pytest
from django.core.management import CommandError, call_command

from biblio.core.errors import DomainError
from biblio.recognition import keys


def test_keys_generate_writes_a_private_key_only_its_owner_can_read(settings):
    call_command("keys_generate", stdout=open("/dev/null", "w"))  # noqa: SIM115
    key = keys.current()
    private = settings.BIBLIO_KEYS_DIR / f"{key.multikey}.pem"
    assert key.multikey.startswith("z6Mk")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    registry = json.loads((settings.BIBLIO_KEYS_DIR / "registry.json").read_text())
    assert registry["current"] == key.multikey
    assert "PRIVATE" not in (settings.BIBLIO_KEYS_DIR / "registry.json").read_text()


def test_keys_generate_refuses_a_second_key():
    keys.generate()
    with pytest.raises(DomainError, match=str(keys.KEY_EXISTS)):
        keys.generate()
    with pytest.raises(CommandError, match="keys_rotate"):
        call_command("keys_generate")


def test_rotation_retires_the_old_key_and_deletes_its_private_half(settings):
    old = keys.generate()
    call_command("keys_rotate", stdout=open("/dev/null", "w"))  # noqa: SIM115
    new = keys.current()
    assert new.multikey != old.multikey
    assert not (settings.BIBLIO_KEYS_DIR / f"{old.multikey}.pem").exists()
    assert keys.signing_key()[0] == new
    retired = keys.find(old.multikey)
    assert retired is not None and retired.retired is not None
    assert [k.multikey for k in keys.public_keys()] == [new.multikey, old.multikey]


def test_without_a_key_signing_explains_what_to_do():
    with pytest.raises(DomainError) as error:
        keys.signing_key()
    assert error.value.message == str(keys.NO_SIGNING_KEY)


def test_the_published_jwk_is_the_same_key_as_the_multikey():
    key = keys.generate()
    from cryptography.hazmat.primitives import serialization

    from biblio.recognition.multibase import b64url

    raw = key.public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert key.jwk == {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": b64url(raw),
        "kid": key.multikey,
        "use": "sig",
        "alg": "EdDSA",
    }
