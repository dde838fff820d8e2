"""Password reset by e-mail (Django's views, our templates) and password change."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from biblio.accounts import throttle
from biblio.accounts.models import LoginFailure
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db


def reset_link(message) -> str:
    return re.search(r"https?://\S+/password-reset/\S+/", message.body).group(0)


def test_reset_by_e_mail_end_to_end(client, settings):
    settings.SITE_URL = "https://biblio.example.org"
    settings.ALLOWED_HOSTS = ["*"]  # even if a deployment allowed any Host, the link would not follow it
    person = PersonFactory(email="ilze@example.org")
    response = client.post(
        reverse("password_reset"), {"email": "ILZE@example.org"}, HTTP_HOST="evil.example.com"
    )
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ilze@example.org"]
    link = reset_link(mail.outbox[0])
    assert link.startswith("https://biblio.example.org/password-reset/")  # never the request's Host
    path = link.removeprefix("https://biblio.example.org")
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    new = "a-new-long-password-42"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("password_reset_complete")
    person.refresh_from_db()
    assert person.check_password(new)
    assert not client.get(path, follow=True).context["validlink"]  # the link works once


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_inactive_and_erased_people_get_no_mail(client):
    PersonFactory(email="gone@example.org", is_active=False)
    client.post(reverse("password_reset"), {"email": "gone@example.org"})
    assert mail.outbox == []


def test_weak_new_passwords_are_refused_with_reasons(client):
    person = PersonFactory()
    client.post(reverse("password_reset"), {"email": person.email})
    page = client.get("/" + reset_link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1], follow=True)
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )
    errors = response.context["form"].errors["new_password2"]
    assert any("too short" in e for e in errors) and any("entirely numeric" in e for e in errors)


def test_reset_requests_are_limited_per_address(client, settings):
    settings.BIBLIO_RESET_REQUESTS_PER_ADDRESS = 2
    person = PersonFactory()
    for _ in range(2):
        client.post(reverse("password_reset"), {"email": person.email})
    response = client.post(reverse("password_reset"), {"email": person.email})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [throttle.RESET_THROTTLED % {"minutes": 15}]
    assert len(mail.outbox) == 2


def test_a_reset_lifts_the_log_in_pause(client, settings):
    person = PersonFactory()
    for _ in range(5):
        client.post(reverse("login"), {"username": person.email, "password": "wrong"})
    client.post(reverse("password_reset"), {"email": person.email})
    page = client.get("/" + reset_link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1], follow=True)
    new = "a-new-long-password-42"
    client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert not LoginFailure.objects.filter(scope="account").exists()
    assert client.post(reverse("login"), {"username": person.email, "password": new}).status_code == 302


def test_password_change_keeps_this_session(login):
    person = PersonFactory()
    client = login(person)
    bad = client.post(
        reverse("password_change"), {"old_password": "x", "new_password1": "n", "new_password2": "n"}
    )
    assert "old_password" in bad.context["form"].errors
    new = "another-long-password-7"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response["Location"] == reverse("profile")
    assert client.get(reverse("profile")).status_code == 200
    person.refresh_from_db()
    assert person.check_password(new)


def test_the_log_in_page_links_to_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
