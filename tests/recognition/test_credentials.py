"""Open Badges 3.0 credentials: schema-valid, signed over every value, verified in plain words."""

from __future__ import annotations

import copy
import datetime as dt
import json
import random

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft201909Validator

from biblio.recognition import issuer, keys, statuslist
from biblio.recognition.dataintegrity import canonicalize, proofs_of, verify_proof
from biblio.recognition.issuing import credential_issue, issue_many
from biblio.recognition.services import credential_revoke
from biblio.recognition.verification import Outcome, verify_document, verify_stored, verify_text

from .conftest import ob3_json
from .factories import coordinator_of, eligible_enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(key):
    enrolment = eligible_enrolment(full_name="Līga Bērziņa", preferred_language="lv")
    return credential_issue(actor=coordinator_of(enrolment.cohort), enrolment=enrolment)


def test_the_credential_validates_against_the_official_schema(issued):
    schema = ob3_json("achievementcredential.schema.json")
    errors = sorted(Draft201909Validator(schema).iter_errors(issued.signed_json), key=str)
    assert errors == []


def test_the_issuer_profile_validates_against_the_official_schema(key):
    schema = ob3_json("profile.schema.json")
    assert list(Draft201909Validator(schema).iter_errors(issuer.issuer_profile())) == []


def test_the_credential_says_what_the_certificate_says(issued):
    document = issued.signed_json
    subject = document["credentialSubject"]
    achievement = subject["achievement"]
    programme = issued.enrolment.programme
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"] == f"urn:uuid:{issued.public_id}"
    assert document["issuer"]["id"] == issuer.issuer_id()
    assert subject["identifier"][0] == {
        "type": "IdentityObject",
        "identityType": "name",
        "hashed": False,
        "identityHash": "Līga Bērziņa",
    }
    assert achievement["creditsAvailable"] == subject["creditsEarned"] == 17
    assert achievement["alignment"][0]["targetCode"] == "5"  # the EQF level
    assert {a["targetCode"] for a in achievement["alignment"][1:]} == {"2.2", "3.1"}
    assert achievement["humanCode"] == programme.profile.code
    passed = [r for r in subject["result"] if r.get("status") == "Completed"]
    assert len(passed) == 3  # the three mandatory modules
    assert document["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert document["credentialStatus"]["statusListIndex"] == str(issued.status_index)
    assert document["proof"][0]["verificationMethod"] == issuer.verification_method(issued.key_id)
    assert achievement["inLanguage"] == "lv"


def test_it_verifies(issued):
    result = verify_stored(issued)
    assert result.outcome == Outcome.VALID
    assert result.explanation.startswith("This certificate is genuine: Biblio issued it to Līga Bērziņa on")
    assert result.checks == [
        ("Signed with a key of Biblio", True),
        ("The signature matches the content", True),
        ("Not revoked", True),
        ("Within its validity period", True),
    ]


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leaves(value, (*path, i))
    else:
        yield path, node


def _changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    return value[:-1] + ("x" if value[-1:] != "x" else "y") if value else "x"


def test_every_value_is_covered_by_the_signature(issued):
    """Cryptography alone (no comparison with the record): changing any value breaks the proof."""
    document = issued.signed_json
    proof = proofs_of(document)[0]
    public = keys.find(issued.key_id).public_key
    unsigned_paths, checked = [], 0
    for path, value in _leaves({k: v for k, v in document.items() if k != "proof"}):
        if path[0] == "@context":
            continue
        checked += 1
        changed = copy.deepcopy(document)
        target = changed
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = _changed(value)
        if verify_proof(changed, proof, public).ok:
            unsigned_paths.append(path)
    assert unsigned_paths == []
    assert checked > 100


def test_changing_any_byte_makes_verification_fail(issued):
    text = json.dumps(issued.signed_json, ensure_ascii=False, separators=(",", ":")).encode()
    assert verify_text(text).outcome == Outcome.VALID
    rng = random.Random(20191101)
    positions = sorted(rng.sample(range(len(text)), 250))
    outcomes = set()
    for position in positions:
        replacement = rng.choice([b for b in range(32, 127) if b != text[position]])
        result = verify_text(text[:position] + bytes([replacement]) + text[position + 1 :])
        assert result.outcome != Outcome.VALID, (position, chr(replacement))
        outcomes.add(result.outcome)
    assert Outcome.TAMPERED in outcomes and Outcome.MALFORMED in outcomes


def test_an_added_property_is_tampering(issued):
    changed = {**copy.deepcopy(issued.signed_json), "grade": "excellent"}
    result = verify_document(changed)
    assert result.outcome == Outcome.TAMPERED
    assert result.explanation == (
        "This credential has been changed since it was issued: its signature no longer matches its content. "
        "Do not rely on it."
    )


def test_a_revoked_credential_reports_the_date_and_the_reason(issued):
    revoker = coordinator_of(issued.enrolment.cohort)
    credential_revoke(actor=revoker, credential=issued, reason="Issued to the wrong person.")
    result = verify_document(copy.deepcopy(issued.signed_json))
    assert result.outcome == Outcome.REVOKED
    assert result.headline == "Revoked"
    assert result.revoked_reason == "Issued to the wrong person."
    assert "revoked this certificate on" in result.explanation
    assert result.explanation.endswith("Reason: Issued to the wrong person.")


def test_revocation_is_published_in_the_signed_status_list(issued, key):
    number, bit = statuslist.locate(issued.status_index)
    before = statuslist.status_list_credential(number)
    assert not statuslist.is_set(before["credentialSubject"]["encodedList"], bit)
    credential_revoke(actor=coordinator_of(issued.enrolment.cohort), credential=issued, reason="Error.")
    after = statuslist.status_list_credential(number)
    assert statuslist.is_set(after["credentialSubject"]["encodedList"], bit)
    assert verify_proof(after, after["proof"][0], key.public_key).ok
    assert after["id"] == issued.signed_json["credentialStatus"]["statusListCredential"]


def test_the_status_list_matches_the_1edtech_fixture_encoding():
    fixture = ob3_json("validator-fixtures/bit-string-list/testlist.json")
    encoded = fixture["credentialSubject"]["encodedList"]
    assert statuslist.is_set(encoded, 23) and not statuslist.is_set(encoded, 22)
    assert statuslist.encode({23})[:1] == "u"
    assert statuslist.is_set(statuslist.encode({23}), 23)


def test_a_credential_signed_with_a_rotated_out_key_still_verifies(issued):
    old_key = issued.key_id
    keys.rotate()
    assert keys.current().multikey != old_key
    assert verify_stored(issued).outcome == Outcome.VALID
    second = eligible_enrolment(cohort=issued.enrolment.cohort)
    newer = credential_issue(actor=coordinator_of(second.cohort), enrolment=second)
    assert newer.key_id == keys.current().multikey
    assert verify_stored(newer).outcome == Outcome.VALID


def test_expired_and_not_yet_valid(key):
    enrolment = eligible_enrolment()
    coordinator = coordinator_of(enrolment.cohort)
    now = timezone.now()
    [old] = issue_many(
        [enrolment],
        actor=coordinator,
        at=now - dt.timedelta(days=800),
        expires_at=now - dt.timedelta(days=70),
    ).issued
    result = verify_stored(old)
    assert result.outcome == Outcome.EXPIRED
    assert result.explanation.startswith("This certificate was valid until ")
    credential_revoke(actor=coordinator, credential=old, reason="Superseded.")
    [future] = issue_many([enrolment], actor=coordinator, at=now + dt.timedelta(days=3)).issued
    assert verify_stored(future).outcome == Outcome.NOT_YET_VALID


def test_credentials_of_other_issuers_are_not_vouched_for(key):
    result = verify_document(ob3_json("validator-fixtures/simple.json"))
    assert result.outcome == Outcome.UNKNOWN_ISSUER
    assert result.explanation.startswith("This credential was not signed with a key of Biblio")


def test_an_unsigned_credential(issued):
    unsigned = {k: v for k, v in issued.signed_json.items() if k != "proof"}
    assert verify_document(unsigned).outcome == Outcome.UNSIGNED


@pytest.mark.parametrize(
    ("text", "explanation"),
    [
        ("not json at all", "This is not a credential: the text is not valid JSON."),
        ("[1, 2]", "This is not an Open Badges credential: it lacks the credential types or the issuer."),
        (
            '{"type": ["VerifiableCredential"]}',
            "This is not an Open Badges credential: it lacks the credential types or the issuer.",
        ),
        ("x" * 1_000_001, "This is not a credential: the file is larger than 1 MB."),
    ],
)
def test_malformed_input_is_named_not_a_crash(text, explanation, key):
    result = verify_text(text)
    assert result.outcome == Outcome.MALFORMED and result.explanation == explanation


def test_unreadable_dates_are_malformed(issued):
    broken = {**copy.deepcopy(issued.signed_json), "validFrom": "yesterday"}
    assert (
        verify_document(broken).explanation
        == "This is not a valid credential: its validity dates cannot be read."
    )


def test_canonical_form_is_stable_across_a_json_round_trip(issued):
    again = json.loads(json.dumps(issued.signed_json))
    unsigned = {k: v for k, v in again.items() if k != "proof"}
    assert canonicalize(unsigned) == canonicalize(
        {k: v for k, v in issued.signed_json.items() if k != "proof"}
    )


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON)
def test_any_json_gets_an_answer_never_an_error(key, value):
    result = verify_document(value)
    assert result.outcome != Outcome.VALID and result.explanation


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(replacement=JSON, data=st.data())
def test_a_credential_with_any_part_replaced_is_not_valid(issued, replacement, data):
    document = copy.deepcopy(issued.signed_json)
    paths = [path for path, _value in _leaves({k: v for k, v in document.items() if k != "proof"})]
    path = data.draw(st.sampled_from(paths))
    target = document
    for step in path[:-1]:
        target = target[step]
    if target[path[-1]] == replacement:
        return
    target[path[-1]] = replacement
    assert verify_document(document).outcome != Outcome.VALID
