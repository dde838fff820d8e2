"""Sessions stay Django's database sessions (biblio/core/sessions.py only reads them cheaper): a
session logged out or expired is gone for every process at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from biblio.core.sessions import SessionStore
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def _client_of(cookie: str) -> Client:
    other = Client()  # another process, as it were: only the cookie in common
    other.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return other


def test_the_database_sessions_are_ours():
    assert settings.SESSION_ENGINE == "biblio.core.sessions"


def test_a_session_is_read_until_it_ends(client):
    person = EnrolmentFactory().person
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert _client_of(cookie).get(reverse("home")).status_code == 200
    store = SessionStore(cookie)
    assert int(store["_auth_user_id"]) == person.pk and store.session_key == cookie
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=cookie).exists()
    assert _client_of(cookie).get(reverse("home")).status_code == 302  # to the log-in page


def test_an_expired_or_unknown_session_is_not_read(client):
    client.force_login(EnrolmentFactory().person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=cookie).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert _client_of(cookie).get(reverse("home")).status_code == 302
    store = SessionStore(cookie)
    assert store.load() == {} and store.session_key is None
    for key in ("x" * 32, "short", ""):
        assert _client_of(key).get(reverse("home")).status_code == 302
    assert SessionStore(None).load() == {}
