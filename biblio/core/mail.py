"""E-mail to a person in their own language, sent only once the transaction commits.

A mail template's first line is the subject, the rest the body. A mail server outage is logged, never
raised: it must not undo or break what was committed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def reachable(person) -> bool:
    """Whether `person` gets e-mail at all (an active account with an address)."""
    return bool(person is not None and person.email and person.is_active)


def personal_message(person, template: str, context: dict) -> EmailMessage:
    """The e-mail `template` (a template path) rendered in `person`'s language, addressed to them."""
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        body = render_to_string(template, {**context, "person": person, "SITE_URL": settings.SITE_URL})
    subject, _sep, text = body.strip().partition("\n")
    return EmailMessage(subject=subject.strip(), body=text.strip() + "\n", to=[person.email])


def send_on_commit(
    built: Sequence[EmailMessage], *, log: logging.Logger, failure: str, args: tuple = ()
) -> None:
    """Send `built` together, over one connection, after the current transaction commits; a failure is
    logged on `log` as `failure % args`."""
    if not built:
        return
    outgoing = list(built)

    def send() -> None:
        try:
            get_connection().send_messages(outgoing)
        except Exception:  # a mail outage must not undo or break what was committed
            log.exception(failure, *args)

    transaction.on_commit(send)
