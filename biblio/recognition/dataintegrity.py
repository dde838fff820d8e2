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
from frozendict import frozendict
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


_PROCESSED: dict[tuple, tuple[Any, Any]] = {}  # (context id, local context, flags) -> (local, result)
_TRUSTED: dict[int, Any] = {}  # id -> context processed from the bundled contexts only (held here)
_IRIS: dict[tuple, tuple[Any, str | None]] = {}  # (context id, string, base, vocab) -> (context, IRI)
_CACHE_MAX = 50_000  # entries of _IRIS; _PROCESSED and _TRUSTED stay far smaller (~60 per shape)
_EXPANDED: dict[tuple, tuple[Any, Any, Any]] = {}  # (contexts, property, JSON) -> (contexts, expansion)
_EXPANDED_MAX = 64
SHARED_PROPERTIES = frozenset({"achievement"})  # objects every credential of a batch has alike


def _trusted(active_ctx: Any) -> bool:
    """A context made from the bundled contexts alone: PyLD's initial one, or one kept here."""
    return _TRUSTED.get(id(active_ctx)) is active_ctx or any(
        active_ctx is initial for initial in jsonld.INITIAL_CONTEXTS.values()
    )


def _scoped_in(active_ctx: Any, local_ctx: Any) -> bool:
    """Whether `local_ctx` is a scoped context a term of `active_ctx` (or of the contexts it reverts
    to) defines, so itself from the bundled contexts."""
    seen = 0
    while active_ctx is not None and seen < 8:
        if any(m.get("@context") is local_ctx for m in active_ctx["mappings"].values() if m):
            return True
        active_ctx, seen = active_ctx.get("previousContext"), seen + 1
    return False


class _Processor(jsonld.JsonLdProcessor):
    """PyLD's processor, keeping what it derives from the bundled contexts between documents.

    Processing contexts is most of the cost of expanding a credential: its contexts, then a
    type-scoped one for every typed node (~57 per Open Badges credential, ~500 term definitions each
    time), and PyLD's own cache misses for type-scoped contexts (it keys them by a fresh copy of the
    active context). The result depends only on the active and the local context, so it is kept
    here, keyed by their identity, as long as both come from the bundled contexts: a list of context
    URLs (the loader serves no others) or a scoped context a term defines, processed on top of PyLD's
    initial context or of a context made that way — finished, frozen and never changed afterwards.
    Every cache holds the objects it keys by, so ids stay unique. Contexts written in a document
    (anything a stranger sends for verification) and contexts being built (`cycles`) are processed
    as PyLD always does and never kept. Likewise, expanding a term or IRI outside context processing
    depends only on the context, the string, `base` and `vocab`: kept for those contexts.
    """

    def _process_context(
        self,
        active_ctx,
        local_ctx,
        options,
        override_protected=False,
        propagate=True,
        validate_scoped=True,
        cycles=None,
    ):
        key = None
        if cycles is None and isinstance(active_ctx, frozendict) and _trusted(active_ctx):
            flags = (override_protected, propagate, validate_scoped)
            if isinstance(local_ctx, list) and all(isinstance(c, str) for c in local_ctx):
                key = (id(active_ctx), tuple(local_ctx), *flags)
            elif isinstance(local_ctx, str):
                key = (id(active_ctx), local_ctx, *flags)
            elif isinstance(local_ctx, dict | frozendict) and _scoped_in(active_ctx, local_ctx):
                key = (id(active_ctx), id(local_ctx), *flags)
        if key is not None:
            held = _PROCESSED.get(key)
            if held is not None and (held[0] is local_ctx or held[0] == key[1]):
                return held[1]
        processed = super()._process_context(
            active_ctx, local_ctx, options, override_protected, propagate, validate_scoped, cycles
        )
        if key is not None and isinstance(processed, frozendict):
            if len(_PROCESSED) >= _CACHE_MAX // 10:
                _PROCESSED.clear()
                _TRUSTED.clear()
            _TRUSTED[id(active_ctx)] = active_ctx  # keeps the key's id unique while the entry lives
            _TRUSTED[id(processed)] = processed
            _PROCESSED[key] = (local_ctx if isinstance(key[1], int) else key[1], processed)
        return processed

    def _expand(
        self,
        active_ctx,
        active_property,
        element,
        options,
        inside_list=False,
        inside_index=False,
        type_scoped_ctx=None,
    ):
        """The expansion of an object every credential of a batch has alike (the achievement: two thirds of
        a credential), kept: it depends only on the contexts (kept ones, compared by identity), the
        property, the flags, the options that matter and the object itself (compared as JSON, in order)."""
        if (
            active_property not in SHARED_PROPERTIES
            or not isinstance(element, dict)
            or _TRUSTED.get(id(active_ctx)) is not active_ctx
            or (type_scoped_ctx is not None and _TRUSTED.get(id(type_scoped_ctx)) is not type_scoped_ctx)
        ):
            return super()._expand(
                active_ctx, active_property, element, options, inside_list, inside_index, type_scoped_ctx
            )
        try:
            text = json.dumps(element, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError):  # not plain JSON: expand it as PyLD does
            text = None
        key = (
            id(active_ctx),
            id(type_scoped_ctx),
            active_property,
            inside_list,
            inside_index,
            options.get("base"),
            options.get("processingMode"),
            options.get("isFrame"),
            text,
        )
        held = _EXPANDED.get(key) if text is not None else None
        if held is not None and held[0] is active_ctx and held[1] is type_scoped_ctx:
            return json.loads(held[2])  # a fresh copy (the caller may change it), ~5× faster than deepcopy
        expanded = super()._expand(
            active_ctx, active_property, element, options, inside_list, inside_index, type_scoped_ctx
        )
        if text is not None:
            if len(_EXPANDED) >= _EXPANDED_MAX:
                _EXPANDED.clear()
            _EXPANDED[key] = (active_ctx, type_scoped_ctx, json.dumps(expanded, ensure_ascii=False))
        return expanded

    def _expand_iri(self, active_ctx, value, base=None, vocab=False, local_ctx=None, defined=None):
        if (
            local_ctx is not None
            or defined is not None
            or not isinstance(value, str)
            or len(value) > 512
            or not isinstance(base, str | None)
            or _TRUSTED.get(id(active_ctx)) is not active_ctx
        ):
            return super()._expand_iri(active_ctx, value, base, vocab, local_ctx, defined)
        key = (id(active_ctx), value, base, vocab)
        held = _IRIS.get(key)
        if held is not None and held[0] is active_ctx:
            return held[1]
        iri = super()._expand_iri(active_ctx, value, base, vocab)
        if len(_IRIS) >= _CACHE_MAX:
            _IRIS.clear()
        _IRIS[key] = (active_ctx, iri)
        return iri


class _Canonicaliser(jsonld.URDNA2015):
    """PyLD's RDFC-1.0, without deep-copying a blank node term for each of its quads when hashing them (a
    term is a flat dict of strings: a shallow copy is the same, at a fraction of the cost)."""

    def modify_first_degree_component(self, id_, component, key):
        if component["type"] != "blank node":
            return component
        return {**component, "value": "_:a" if component["value"] == id_ else "_:z"}


def canonicalize(document: dict) -> str:
    """RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, strictly and offline."""
    processor = _Processor(on_property_dropped=_dropped)
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
        return _Canonicaliser().main(dataset, {"format": "application/n-quads"})
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
