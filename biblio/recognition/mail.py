"""E-mails of the recognition app, each in its recipient's language and sent only after the commit."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def _message(person, template: str, context: dict) -> EmailMessage:
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        body = render_to_string(
            f"recognition/mail/{template}.txt",
            {**context, "person": person, "SITE_URL": settings.SITE_URL},
        )
    subject, _sep, text = body.strip().partition("\n")
    return EmailMessage(subject=subject.strip(), body=text.strip() + "\n", to=[person.email])


def send_after_commit(messages: list[tuple[object, str, dict]]) -> None:
    """Queue e-mails [(person, template, context)] to go out together once the transaction commits;
    each template's first line is the subject."""
    built = [
        _message(person, template, context)
        for person, template, context in messages
        if person is not None and person.email and person.is_active
    ]
    if not built:
        return

    def send() -> None:
        try:
            get_connection().send_messages(built)
        except Exception:  # a mail outage must not undo or break a committed certificate
            logger.exception("Could not send %d recognition e-mails", len(built))

    transaction.on_commit(send)
