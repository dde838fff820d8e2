"""Log-in is throttled per account and per network address; the password is not checked meanwhile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from biblio.accounts import throttle
from biblio.accounts.models import LoginFailure
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.BIBLIO_LOGIN_WINDOW_MINUTES = 15
    settings.BIBLIO_LOGIN_FAILURES_PER_ACCOUNT = 5
    settings.BIBLIO_LOGIN_FAILURES_PER_ADDRESS = 8


def post_login(client, email, password, address="198.51.100.7", **extra):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address, **extra
    )


def errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].non_field_errors()] if response.context else []


def test_five_failures_pause_the_account_even_for_the_right_password(client):
    person = PersonFactory()
    for _ in range(5):
        assert post_login(client, person.email, "wrong-password").status_code == 200
    response = post_login(client, person.email, PASSWORD)
    assert errors(response) == [throttle.LOGIN_THROTTLED % {"minutes": 15}]
    assert "_auth_user_id" not in client.session
    # From another address too: the limit is the account's.
    assert errors(post_login(client, person.email, PASSWORD, address="203.0.113.9")) == [
        throttle.LOGIN_THROTTLED % {"minutes": 15}
    ]


def test_four_failures_still_let_the_right_password_in_and_clear_the_count(client):
    person = PersonFactory()
    for _ in range(4):
        post_login(client, person.email, "wrong-password")
    response = post_login(client, person.email, PASSWORD)
    assert response.status_code == 302
    assert not LoginFailure.objects.filter(scope=LoginFailure.Scope.ACCOUNT).exists()


def test_the_pause_ends_when_the_window_has_passed(client):
    person = PersonFactory()
    for _ in range(5):
        post_login(client, person.email, "wrong-password")
    LoginFailure.objects.update(at=LoginFailure.objects.first().at - timedelta(minutes=16))
    assert post_login(client, person.email, PASSWORD).status_code == 302


def test_the_wait_shown_counts_down(client):
    person = PersonFactory()
    for _ in range(5):
        post_login(client, person.email, "wrong-password")
    LoginFailure.objects.update(at=LoginFailure.objects.first().at - timedelta(minutes=11, seconds=30))
    assert errors(post_login(client, person.email, PASSWORD)) == [throttle.LOGIN_THROTTLED % {"minutes": 4}]


def test_many_accounts_guessed_from_one_address_pause_that_address(client):
    people = PersonFactory.create_batch(3)
    for i in range(8):
        post_login(client, people[i % 2].email, "wrong-password")
    assert errors(post_login(client, people[2].email, PASSWORD)) == [
        throttle.LOGIN_THROTTLED % {"minutes": 15}
    ]
    # Another address is not affected.
    assert post_login(client, people[2].email, PASSWORD, address="203.0.113.9").status_code == 302


def test_unknown_addresses_are_throttled_alike(client):
    for _ in range(5):
        post_login(client, "nobody@example.org", "x")
    assert errors(post_login(client, "nobody@example.org", "x")) == [
        throttle.LOGIN_THROTTLED % {"minutes": 15}
    ]


def test_neither_e_mail_nor_network_address_is_stored(client):
    person = PersonFactory()
    post_login(client, person.email, "wrong-password")
    keys = list(LoginFailure.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert all(person.email not in key and "198.51.100.7" not in key for key in keys)


@pytest.mark.parametrize(
    ("hops", "forwarded", "remote", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.1", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "6.6.6.6, 1.2.3.4", "10.0.0.1", "1.2.3.4"),  # one proxy: its entry, not the client's claim
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.2", "10.0.0.1", "1.2.3.4"),
        (1, "2001:db8:1:2:3:4:5:6", "10.0.0.1", "2001:db8:1:2::/64"),
        (0, "", "::ffff:192.0.2.1", "192.0.2.1"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(rf, settings, hops, forwarded, remote, expected):
    settings.BIBLIO_PROXY_HOPS = hops
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert throttle.client_address(request) == expected


def test_the_admin_logs_in_through_our_page(client):
    response = client.get("/admin/login/?next=/admin/accounts/person/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/admin/accounts/person/"


def test_a_logged_in_non_administrator_is_refused_by_the_admin_without_a_loop(login):
    client = login(PersonFactory())
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_apply_retention_forgets_old_failures(client):
    from biblio.core.privacy.retention import apply_retention

    post_login(client, "someone@example.org", "x")
    LoginFailure.objects.update(at=LoginFailure.objects.first().at - timedelta(hours=2))
    assert apply_retention().login_failures == 2
    assert not LoginFailure.objects.exists()
