"""eddsa-rdfc-2022: the official Open Badges test vector, 1EdTech validator fixtures, strict JSON-LD."""

from __future__ import annotations

import copy
import hashlib
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given
from hypothesis import strategies as st

from biblio.recognition import dataintegrity as di
from biblio.recognition.multibase import (
    b58decode,
    b58encode,
    ed25519_from_multikey,
    ed25519_multikey,
)

from .conftest import ob3_file, ob3_json


@pytest.fixture
def vector():
    return ob3_json("test-vectors/eddsa-rdfc-2022.json")


@pytest.fixture
def signed():
    return ob3_json("test-vectors/eddsa-rdfc-2022-signed.json")


def test_document_canonicalises_to_the_published_nquads(signed, vector):
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    nquads = di.canonicalize(unsecured)
    assert nquads == ob3_file("test-vectors/eddsa-rdfc-2022-document-canon.nq").read_text(encoding="utf-8")
    assert hashlib.sha256(nquads.encode()).hexdigest() == vector["documentHashHex"]


def test_proof_options_canonicalise_to_the_published_nquads(signed, vector):
    options = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    nquads = di.canonicalize({**options, "@context": signed["@context"]})
    assert nquads == ob3_file("test-vectors/eddsa-rdfc-2022-proof-canon.nq").read_text(encoding="utf-8")
    assert hashlib.sha256(nquads.encode()).hexdigest() == vector["proofHashHex"]


def test_signing_with_the_published_key_reproduces_the_published_proof(signed, vector):
    seed = bytes.fromhex(vector["privateKeyHex_ed25519_seed_plus_public"])[:32]
    private = Ed25519PrivateKey.from_private_bytes(seed)
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    secured = di.sign(
        unsecured,
        private_key=private,
        verification_method=vector["verificationMethod"],
        created=datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC),
    )
    assert secured["proof"] == [{**signed["proof"], "proofValue": vector["proofValue"]}]
    assert ed25519_multikey(bytes.fromhex(vector["publicKeyHex"])) == vector["publicKeyMultibase"]


def test_the_published_credential_verifies_and_a_changed_one_does_not(signed, vector):
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(vector["publicKeyHex"]))
    assert di.verify_proof(signed, signed["proof"], public).ok
    changed = copy.deepcopy(signed)
    changed["credentialSubject"]["achievement"]["name"] = "Teamwork!"
    check = di.verify_proof(changed, changed["proof"], public)
    assert not check.ok and check.problem == "signature does not match"


def _key_of(document: dict) -> Ed25519PublicKey:
    method = di.proofs_of(document)[0]["verificationMethod"]
    multikey = method.rpartition("#")[2].rpartition(":")[2]
    return Ed25519PublicKey.from_public_bytes(ed25519_from_multikey(multikey))


@pytest.mark.parametrize(
    ("fixture", "valid"),
    [
        ("simple.json", True),
        ("simple-did-key-method.json", True),
        ("complete.json", True),
        ("endorsement-valid.json", True),
        ("simple-err-proof-value.json", False),
    ],
)
def test_1edtech_validator_fixtures(fixture, valid):
    document = ob3_json(f"validator-fixtures/{fixture}")
    proof = di.proofs_of(document)[0]
    assert di.verify_proof(document, proof, _key_of(document)).ok is valid


def test_a_property_no_context_defines_is_an_error_not_silently_unsigned(signed):
    extra = {**{k: v for k, v in signed.items() if k != "proof"}, "grade": "A+"}
    with pytest.raises(di.CanonicalisationError, match="grade"):
        di.canonicalize(extra)


def test_a_relative_type_is_an_error(signed):
    extra = {k: v for k, v in signed.items() if k != "proof"}
    extra["type"] = [*extra["type"], "Diploma"]
    with pytest.raises(di.CanonicalisationError, match="Diploma"):
        di.canonicalize(extra)


def test_contexts_are_never_fetched(signed):
    remote = {**{k: v for k, v in signed.items() if k != "proof"}}
    remote["@context"] = [*remote["@context"], "https://example.org/evil-context.json"]
    with pytest.raises(di.CanonicalisationError, match="evil-context"):
        di.canonicalize(remote)


@pytest.mark.parametrize("name", sorted(di.CONTEXT_FILES.values()))
def test_bundled_contexts_are_the_published_ones(name):
    shared = {
        "credentials-v2.jsonld": "contexts/credentials-v2.jsonld",
        "ob-v3p0-context-3.0.3.json": "context-3.0.3.json",
        "ob-v3p0-extensions.json": "contexts/ob-v3p0-extensions.json",
    }
    assert (di.CONTEXTS_DIR / name).read_bytes() == ob3_file(shared[name]).read_bytes()


@given(st.binary(max_size=64))
def test_base58_round_trips(data):
    assert b58decode(b58encode(data)) == data


def test_multikey_rejects_other_key_types():
    with pytest.raises(ValueError, match="Ed25519"):
        ed25519_from_multikey("z" + b58encode(b"\x12\x00" + bytes(32)))
