"""E-mails of the learning app, each in its recipient's language and sent only after the commit."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage

from biblio.core.mail import personal_message, reachable, send_on_commit

logger = logging.getLogger(__name__)


def _message(person, template: str, context: dict) -> EmailMessage:
    return personal_message(person, f"learning/mail/{template}.txt", context)


def send_after_commit(person, template: str, context: dict) -> None:
    """Queue one e-mail to `person`; the template's first line is the subject."""
    if not reachable(person):
        return
    send_on_commit(
        [_message(person, template, context)],
        log=logger,
        failure="Could not send %s to person %s",
        args=(template, person.pk),
    )


def send_now(person, template: str, context: dict) -> None:
    """For commands outside a transaction (the daily digest)."""
    _message(person, template, context).send(fail_silently=False)
