"""E-mails of the recognition app, each in its recipient's language and sent only after the commit."""

from __future__ import annotations

import logging

from biblio.core.mail import personal_message, reachable, send_on_commit

logger = logging.getLogger(__name__)


def send_after_commit(messages: list[tuple[object, str, dict]]) -> None:
    """Queue e-mails [(person, template, context)] to go out together once the transaction commits;
    each template's first line is the subject."""
    built = [
        personal_message(person, f"recognition/mail/{template}.txt", context)
        for person, template, context in messages
        if reachable(person)
    ]
    send_on_commit(built, log=logger, failure="Could not send %d recognition e-mails", args=(len(built),))
