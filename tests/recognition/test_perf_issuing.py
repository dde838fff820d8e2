"""Issuing faster with nothing changed: canonicalisation keeps what it derives from the bundled contexts
between documents and still gives PyLD's own result; a document's own contexts are never kept; a chunk
of certificates costs the same statements whatever its size; worker processes' CPU is counted."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pyld import jsonld

from biblio.recognition import dataintegrity as di
from biblio.recognition.issuing import issue_many
from tests.factories import CohortFactory

from .conftest import ob3_json
from .factories import coordinator_of, eligible_enrolment, programme_with_modules


def reference(document: dict) -> str:
    """What PyLD itself says, with none of our caches."""
    options = {
        "documentLoader": di.document_loader,
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
    }
    return jsonld.normalize(copy.deepcopy(document), options)


@pytest.fixture
def unsigned():
    document = ob3_json("test-vectors/eddsa-rdfc-2022-signed.json")
    return {k: v for k, v in document.items() if k != "proof"}


def variants(document: dict) -> list[dict]:
    found = []
    for i in range(4):
        changed = copy.deepcopy(document)
        changed["id"] = f"urn:uuid:00000000-0000-4000-8000-00000000000{i}"
        changed["name"] = f"{document.get('name', 'Credential')} {i}"
        if i == 2:
            changed["credentialSubject"]["achievement"]["name"] = "Another achievement"
        if i == 3:
            changed["type"] = ["VerifiableCredential", "OpenBadgeCredential", "AchievementCredential"]
        found.append(changed)
    return found


def test_kept_contexts_canonicalise_exactly_as_pyld_does(unsigned):
    documents = [unsigned, *variants(unsigned)]
    for document in documents + documents:  # the second round runs on what the first one kept
        assert di.canonicalize(document) == reference(document)
    assert di._PROCESSED and di._TRUSTED and di._IRIS


def test_contexts_written_in_a_document_are_never_kept(unsigned):
    di.canonicalize(unsigned)
    kept = (len(di._PROCESSED), len(di._TRUSTED))
    inline = {"ex": "https://example.org/one#", "note": "ex:note"}
    document = {**copy.deepcopy(unsigned), "note": "hello"}
    document["@context"] = [*unsigned["@context"], inline]
    first = di.canonicalize(document)
    assert first == reference(document) and "https://example.org/one#note" in first
    assert (len(di._PROCESSED), len(di._TRUSTED)) == kept
    inline["ex"] = "https://example.org/two#"  # the same object, changed: never a stale answer
    second = di.canonicalize(document)
    assert second == reference(document) and "https://example.org/two#note" in second


def test_a_tampered_credential_still_fails_after_many_good_ones(unsigned):
    private = Ed25519PrivateKey.generate()
    signed = di.sign(
        unsigned,
        private_key=private,
        verification_method="https://x.example/#k",
        created=datetime(2026, 11, 25, 12, tzinfo=UTC),
    )
    for _ in range(3):
        assert di.verify_proof(signed, signed["proof"][0], private.public_key()).ok
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Forged"
    assert not di.verify_proof(tampered, tampered["proof"][0], private.public_key()).ok


@pytest.mark.django_db
def test_a_chunk_costs_the_same_statements_whatever_its_size(key):
    cohort = CohortFactory(code="lv-2026", programme=programme_with_modules())
    coordinator = coordinator_of(cohort)
    issue_many([eligible_enrolment(cohort=cohort)], actor=coordinator)  # sequences and roles, once
    counts = []
    for n in (2, 6):
        enrolments = [eligible_enrolment(cohort=cohort) for _ in range(n)]
        with CaptureQueriesContext(connection) as queries:
            report = issue_many(enrolments, actor=coordinator)
        assert len(report.issued) == n
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_worker_processes_report_their_cpu(key, monkeypatch):
    from biblio.recognition import workers

    cohort = CohortFactory(code="lv-2026", programme=programme_with_modules())
    enrolments = [eligible_enrolment(cohort=cohort) for _ in range(3)]
    in_process = issue_many(enrolments[:1], actor=coordinator_of(cohort))
    assert in_process.worker_cpu_seconds == 0
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    folders = []
    real_mkdtemp = workers.tempfile.mkdtemp
    monkeypatch.setattr(
        workers.tempfile, "mkdtemp", lambda **kw: folders.append(real_mkdtemp(**kw)) or folders[-1]
    )
    report = issue_many(enrolments[1:], actor=coordinator_of(cohort))
    assert len(report.issued) == 2
    typst_folders = [f for f in folders if Path(f).name.startswith("biblio-typst-")]
    assert typst_folders and not any(Path(f).exists() for f in typst_folders)  # the workers' files: gone
    if (__import__("os").cpu_count() or 1) > 1:
        assert report.worker_cpu_seconds > 0


def test_a_kept_achievement_expansion_follows_the_achievement(unsigned):
    """The achievement's expansion is kept between credentials, keyed by its JSON: the same dict changed
    in place, or a different achievement, canonicalises as PyLD says, never as the kept one."""
    document = copy.deepcopy(unsigned)
    assert di.canonicalize(document) == reference(document)
    assert di._EXPANDED
    assert di.canonicalize(copy.deepcopy(unsigned)) == reference(unsigned)  # kept, and the same
    document["credentialSubject"]["achievement"]["name"] = "Changed in place"
    changed = di.canonicalize(document)
    assert changed == reference(document) and "Changed in place" in changed
    document["credentialSubject"]["achievement"]["unknownTerm"] = "x"  # still strict on a kept shape
    with pytest.raises(di.CanonicalisationError):
        di.canonicalize(document)


@pytest.mark.django_db
def test_a_batch_words_the_achievement_once_per_language_and_shares_no_dict(key):
    cohort = CohortFactory(code="lv-2026", programme=programme_with_modules())
    enrolments = [eligible_enrolment(cohort=cohort, preferred_language=lang) for lang in ("lv", "lv", "it")]
    report = issue_many(enrolments, actor=coordinator_of(cohort))
    by_pk = {c.enrolment_id: c.signed_json["credentialSubject"]["achievement"] for c in report.issued}
    lv1, lv2, it = (by_pk[e.pk] for e in enrolments)
    assert lv1 == lv2 and lv1 is not lv2
    assert (lv1["inLanguage"], it["inLanguage"]) == ("lv", "it")
    assert lv1["criteria"]["narrative"] != it["criteria"]["narrative"]


@pytest.mark.django_db
def test_assessments_worded_once_per_batch_still_read_each_participants_own():
    from datetime import date

    from biblio.recognition.documents import transcript_data
    from biblio.recognition.facts import gather
    from biblio.recognition.models import Assessment

    cohort = CohortFactory(code="lv-2026", programme=programme_with_modules())
    same, other = (eligible_enrolment(cohort=cohort, preferred_language="en") for _ in range(2))
    Assessment.objects.filter(enrolment=other).update(score=61, date=date(2026, 3, 4))
    facts = gather([same.pk, other.pk])
    options = {
        "number": "N",
        "issued_at": datetime(2026, 11, 25, tzinfo=UTC),
        "issuer": "B",
        "verify_url": "u",
    }
    mine, theirs = (transcript_data(facts[e.pk], **options) for e in (same, other))
    assert all("score 88" in u["assessment"] for u in mine["units"])
    assert all("score 61" in u["assessment"] and "2026" in u["assessment"] for u in theirs["units"])
    assert mine["units"][0]["assessment"] != theirs["units"][0]["assessment"]
