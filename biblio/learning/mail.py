"""E-mails of the learning app, each in its recipient's language and sent only after the commit."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def _message(person, template: str, context: dict) -> EmailMessage:
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        body = render_to_string(
            f"learning/mail/{template}.txt",
            {**context, "person": person, "SITE_URL": settings.SITE_URL},
        )
    subject, _sep, text = body.strip().partition("\n")
    return EmailMessage(subject=subject.strip(), body=text.strip() + "\n", to=[person.email])


def send_after_commit(person, template: str, context: dict) -> None:
    """Queue one e-mail to `person`; the template's first line is the subject."""
    if not person or not person.email or not person.is_active:
        return
    message = _message(person, template, context)

    def send() -> None:
        try:
            message.send(fail_silently=False)
        except Exception:  # a mail server outage must not undo or break a committed decision
            logger.exception("Could not send %s to person %s", template, person.pk)

    transaction.on_commit(send)


def send_now(person, template: str, context: dict) -> None:
    """For commands outside a transaction (the daily digest)."""
    _message(person, template, context).send(fail_silently=False)
