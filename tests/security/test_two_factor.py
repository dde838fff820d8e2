"""TOTP (RFC 6238) with the standard library: the RFC's own vectors, enrolment, log-in, recovery codes."""

from __future__ import annotations

import hashlib
import re
import time

import pytest
from django.urls import reverse

from biblio.accounts import throttle, totp, twofactor
from biblio.accounts.models import AuditEvent, Role, TotpDevice
from tests.factories import PASSWORD, CohortFactory, EnrolmentFactory, PersonFactory, staff

# RFC 4226 appendix D: HOTP of "12345678901234567890" for counters 0..9.
HOTP_VECTORS = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
]

# RFC 6238 appendix B: 8-digit TOTP, 30-second steps, for SHA-1, SHA-256 and SHA-512.
SEEDS = {
    hashlib.sha1: b"12345678901234567890",
    hashlib.sha256: b"12345678901234567890123456789012",
    hashlib.sha512: b"1234567890123456789012345678901234567890123456789012345678901234",
}
TOTP_VECTORS = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize(("counter", "expected"), list(enumerate(HOTP_VECTORS)))
def test_hotp_matches_rfc_4226(counter, expected):
    assert totp.hotp(b"12345678901234567890", counter) == expected


@pytest.mark.parametrize(("moment", "sha1", "sha256", "sha512"), TOTP_VECTORS)
def test_totp_matches_rfc_6238(moment, sha1, sha256, sha512):
    for digest, expected in [(hashlib.sha1, sha1), (hashlib.sha256, sha256), (hashlib.sha512, sha512)]:
        assert totp.totp(SEEDS[digest], moment, digits=8, digest=digest) == expected


def test_match_accepts_one_step_of_drift_and_never_the_same_step_twice():
    secret = totp.new_secret()
    key = totp.secret_bytes(secret)
    now = 1_700_000_000
    step = totp.step_at(now)
    assert totp.match(secret, totp.totp(key, now), last_step=0, moment=now) == step
    assert totp.match(secret, totp.totp(key, now - 30), last_step=0, moment=now) == step - 1
    assert totp.match(secret, totp.totp(key, now + 30), last_step=0, moment=now) == step + 1
    assert totp.match(secret, totp.totp(key, now - 90), last_step=0, moment=now) is None
    assert totp.match(secret, totp.totp(key, now), last_step=step, moment=now) is None  # replay
    assert totp.match(secret, "12345", last_step=0, moment=now) is None
    assert totp.match(secret, "abcdef", last_step=0, moment=now) is None


def test_provisioning_uri_names_issuer_and_account():
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", account="ana@example.org", issuer="Biblio")
    assert uri.startswith("otpauth://totp/Biblio:ana@example.org?")
    assert "secret=JBSWY3DPEHPK3PXP" in uri and "issuer=Biblio" in uri and "period=30" in uri


def current_code(person) -> str:
    device = TotpDevice.objects.get(person=person)
    return totp.totp(totp.secret_bytes(device.secret), time.time())


def enrol(client, person) -> list[str]:
    client.post(reverse("two_factor"), {"action": "start"})
    client.post(reverse("two_factor"), {"action": "confirm", "code": current_code(person)})
    body = client.get(reverse("two_factor"))  # codes were shown on the redirect target already
    assert body.status_code == 200
    device = TotpDevice.objects.get(person=person)
    assert device.confirmed
    return device


@pytest.mark.django_db
def test_a_coordinator_enrols_with_the_qr_code_and_sees_recovery_codes_once(login):
    person = staff(CohortFactory(), Role.COORDINATOR)
    client = login(person)
    client.post(reverse("two_factor"), {"action": "start"})
    page = client.get(reverse("two_factor")).content.decode()
    assert "<svg" in page and "otpauth" not in page  # the secret is in the QR code, not as a link
    assert not re.search(r"<svg[^>]*\sstyle=", page)  # CSP: no inline styles
    wrong = client.post(reverse("two_factor"), {"action": "confirm", "code": "000000"})
    assert wrong.context["code_form"].errors["code"] == [twofactor.CODE_WRONG]
    shown = client.post(
        reverse("two_factor"), {"action": "confirm", "code": current_code(person)}, follow=True
    )
    codes = shown.context["recovery_codes"]
    assert len(codes) == 10 and codes[0] in shown.content.decode()
    assert client.get(reverse("two_factor")).context["recovery_codes"] is None
    assert AuditEvent.objects.filter(verb="person.two_factor_on", object_id=str(person.pk)).exists()


@pytest.mark.django_db
def test_participants_are_not_offered_two_factor(login):
    client = login(EnrolmentFactory().person)
    assert client.get(reverse("two_factor")).status_code == 404
    assert "two-factor" not in client.get(reverse("profile")).content.decode().lower()


@pytest.mark.django_db
def test_log_in_then_asks_for_the_code_and_is_not_complete_before(client):
    person = PersonFactory(is_staff=True)
    client.force_login(person)
    enrol(client, person)
    client.logout()
    response = client.post(
        reverse("login"), {"username": person.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == reverse("login_verify")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # not logged in yet
    wrong = client.post(reverse("login_verify"), {"code": "000000"})
    assert wrong.context["form"].errors["code"] == [twofactor.CODE_WRONG]
    TotpDevice.objects.update(last_step=0)
    done = client.post(reverse("login_verify"), {"code": current_code(person)})
    assert done["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(person.pk)


@pytest.mark.django_db
def test_a_recovery_code_works_once(client, settings):
    person = PersonFactory(is_staff=True)
    client.force_login(person)
    client.post(reverse("two_factor"), {"action": "start"})
    codes = client.post(
        reverse("two_factor"), {"action": "confirm", "code": current_code(person)}, follow=True
    ).context["recovery_codes"]
    client.logout()
    for expected_ok in (True, False):
        client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
        response = client.post(reverse("login_verify"), {"code": codes[0].upper()})
        assert (response.status_code == 302) is expected_ok
        client.logout()
    assert len(TotpDevice.objects.get(person=person).recovery_codes) == 9


@pytest.mark.django_db
def test_wrong_codes_are_throttled(client, settings):
    settings.BIBLIO_LOGIN_FAILURES_PER_ACCOUNT = 3
    person = PersonFactory(is_staff=True)
    TotpDevice.objects.create(person=person, secret=totp.new_secret(), confirmed_at="2026-01-01T00:00Z")
    client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    for _ in range(3):
        client.post(reverse("login_verify"), {"code": "000000"})
    response = client.post(reverse("login_verify"), {"code": current_code(person)}, follow=True)
    assert "_auth_user_id" not in client.session
    assert throttle.CODE_THROTTLED % {"minutes": 15} in [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_the_code_step_expires(client, monkeypatch):
    person = PersonFactory(is_staff=True)
    TotpDevice.objects.create(person=person, secret=totp.new_secret(), confirmed_at="2026-01-01T00:00Z")
    client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    session = client.session
    session["biblio_second_factor"]["at"] -= 301
    session.save()
    response = client.post(reverse("login_verify"), {"code": current_code(person)})
    assert response["Location"] == reverse("login")


@pytest.mark.django_db
def test_turning_off_needs_the_password_and_renewing_replaces_the_codes(login):
    person = PersonFactory(is_staff=True)
    client = login(person)
    device = enrol(client, person)
    old_codes = list(device.recovery_codes)
    bad = client.post(reverse("two_factor"), {"action": "renew", "renew-password": "nope"})
    assert bad.context["renew_form"].errors["password"] == [twofactor.PASSWORD_WRONG]
    client.post(reverse("two_factor"), {"action": "renew", "renew-password": PASSWORD})
    assert TotpDevice.objects.get(person=person).recovery_codes != old_codes
    bad = client.post(reverse("two_factor"), {"action": "disable", "disable-password": "nope"})
    assert bad.context["disable_form"].errors["password"] == [twofactor.PASSWORD_WRONG]
    assert TotpDevice.objects.filter(person=person).exists()
    client.post(reverse("two_factor"), {"action": "disable", "disable-password": PASSWORD})
    assert not TotpDevice.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_an_administrator_turns_it_off_for_a_lost_phone():
    person = PersonFactory(is_staff=True)
    TotpDevice.objects.create(person=person, secret=totp.new_secret(), confirmed_at="2026-01-01T00:00Z")
    admin = PersonFactory(is_staff=True)
    twofactor.totp_disable(person=person, password="", actor=admin)
    assert not TotpDevice.objects.exists()
    with pytest.raises(Exception, match="Not found"):
        twofactor.totp_disable(person=admin, password="", actor=PersonFactory())
