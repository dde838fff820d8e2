"""W3C Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (Ed25519 over RDFC-1.0 N-Quads).

The contexts a credential may use are bundled in `contexts/` and served by an offline document
loader: nothing is ever fetched, and a document naming any other context is refused. Processing is
strict: JSON-LD silently drops a property no context defines (so it would sit outside the signature);
here such a property, or an id or type that is not an absolute IRI, is an error instead.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

from .multibase import from_multibase_b58, multibase_b58

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CONTEXT_FILES = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-v3p0-context-3.0.3.json",
    OB_EXTENSIONS: "ob-v3p0-extensions.json",
}
CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


class CanonicalisationError(ValueError):
    """The document cannot be canonicalised losslessly (unknown context, undefined term, bad IRI)."""


@cache
def _context(url: str) -> dict:
    return json.loads((CONTEXTS_DIR / CONTEXT_FILES[url]).read_text(encoding="utf-8"))


def document_loader(url: str, options: dict | None = None) -> dict:
    """Serve the bundled contexts; refuse everything else (no network, ever)."""
    if url not in CONTEXT_FILES:
        raise jsonld.JsonLdError(
            f"Context not available offline: {url}",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    return {"contextUrl": None, "documentUrl": url, "document": _context(url)}


def _dropped(prop: str | None) -> None:
    raise CanonicalisationError(f"a property is not defined by any context ({prop})")


def _check_iris(node: Any) -> None:
    """Every @id and @type of the expanded document must be an absolute IRI or a blank node."""
    if isinstance(node, list):
        for item in node:
            _check_iris(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "@id":
            if not (value.startswith("_:") or _ABSOLUTE_IRI.match(value)):
                raise CanonicalisationError(f"not an absolute IRI: {value!r}")
        elif key == "@type":
            for item in value if isinstance(value, list) else [value]:
                if item != "@json" and not _ABSOLUTE_IRI.match(item):
                    raise CanonicalisationError(f"not an absolute IRI: {item!r}")
        elif key not in ("@value", "@language", "@direction", "@index"):
            _check_iris(value)


def canonicalize(document: dict) -> str:
    """RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, strictly and offline."""
    processor = jsonld.JsonLdProcessor(on_property_dropped=_dropped)
    options = {
        "documentLoader": document_loader,
        "base": None,
    }  # None: relative IRIs stay relative (and fail)
    try:
        expanded = processor.expand(document, options)
        _check_iris(expanded)
        # What `JsonLdProcessor.to_rdf` does after expanding, without expanding a second time (a third
        # of the cost). Private PyLD API, pinned by the test vector in the tests.
        issuer = jsonld.IdentifierIssuer("_:b")
        node_map: dict = {"@default": {}}
        rdf_options = {"produceGeneralizedRdf": False, "processingMode": "json-ld-1.1", "rdfDirection": None}
        processor._create_node_map(expanded, node_map, "@default", issuer)
        dataset = {
            name: processor._graph_to_rdf(graph, issuer, rdf_options)
            for name, graph in sorted(node_map.items())
            if name == "@default" or jsonld._is_absolute_iri(name)
        }
        return jsonld.URDNA2015().main(dataset, {"format": "application/n-quads"})
    except jsonld.JsonLdError as exc:
        raise CanonicalisationError(str(exc)) from exc
    except (TypeError, AttributeError, KeyError, IndexError, ValueError, RecursionError) as exc:
        # Input from strangers reaches here: whatever shape trips PyLD up is "not valid", never a crash.
        raise CanonicalisationError(f"not valid JSON-LD: {exc!r}") from exc


@lru_cache(maxsize=64)
def _proof_hash(config_json: str) -> bytes:
    """The hash of a proof configuration: the same for every credential of one issuing run."""
    return hashlib.sha256(canonicalize(json.loads(config_json)).encode()).digest()


def document_hash(unsecured: dict) -> bytes:
    """SHA-256 of the canonical document without its proof: the costly half of signing."""
    return hashlib.sha256(canonicalize(unsecured).encode()).digest()


def _hash_data(unsecured: dict, proof_options: dict, hashed_document: bytes | None = None) -> bytes:
    config = {**proof_options, "@context": unsecured.get("@context")}
    config.pop("proofValue", None)
    proof_hash = _proof_hash(json.dumps(config, sort_keys=True))
    return proof_hash + (hashed_document if hashed_document is not None else document_hash(unsecured))


def xsd_datetime(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign(
    unsecured: dict,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
    hashed_document: bytes | None = None,
) -> dict:
    """The document with a Data Integrity proof (eddsa-rdfc-2022, assertionMethod), as an array (the
    strict Open Badges schema wants arrays). `hashed_document`: its `document_hash`, if already made."""
    unsecured = {k: v for k, v in unsecured.items() if k != "proof"}
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = private_key.sign(_hash_data(unsecured, options, hashed_document))
    return {**unsecured, "proof": [{**options, "proofValue": multibase_b58(signature)}]}


@dataclass(frozen=True)
class ProofCheck:
    ok: bool
    verification_method: str = ""
    problem: str = ""  # why not, for logs and tests (the page words it for people)


def proofs_of(document: dict) -> list[dict]:
    proof = document.get("proof")
    items = proof if isinstance(proof, list) else [proof] if proof is not None else []
    return [p for p in items if isinstance(p, dict)]


def verify_proof(document: dict, proof: dict, public_key: Ed25519PublicKey) -> ProofCheck:
    """Check one eddsa-rdfc-2022 proof of `document` with `public_key`."""
    method = str(proof.get("verificationMethod", ""))
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return ProofCheck(False, method, "unsupported proof type")
    if proof.get("proofPurpose") != "assertionMethod":
        return ProofCheck(False, method, "proof purpose is not assertionMethod")
    try:
        signature = from_multibase_b58(str(proof.get("proofValue", "")))
        unsecured = {k: v for k, v in document.items() if k != "proof"}
        data = _hash_data(copy.deepcopy(unsecured), dict(proof))
    except (ValueError, CanonicalisationError) as exc:
        return ProofCheck(False, method, str(exc))
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return ProofCheck(False, method, "signature does not match")
    return ProofCheck(True, method)
