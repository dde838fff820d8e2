"""iCalendar (RFC 5545) feeds of sessions: one per cohort for its members, one private per person.

Events carry the cohort's zone (TZID with a generated VTIMEZONE), so calendars show the right wall
time on both sides of a daylight-saving change; the stored times are UTC.
"""

from __future__ import annotations

import hmac
from datetime import date, datetime, timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from biblio.accounts.models import Person
from biblio.programmes.models import Cohort

from ..models import Session
from ..timezones import zone

FEED_HISTORY_DAYS = 400  # the personal feed covers cohorts that ended in the last ~year


def _host() -> str:
    return urlparse(settings.SITE_URL).hostname or "biblio.local"


def _event(session: Session, stamp: datetime) -> Event:
    tz = zone(session.cohort.timezone)
    event = Event()
    event.add("uid", f"session-{session.pk}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", session.start.astimezone(tz))
    event.add("dtend", session.end.astimezone(tz))
    event.add("summary", session.title)
    if session.place:
        event.add("location", session.place)
    elif session.link:
        event.add("location", session.link)
    if session.link:
        event.add("url", session.link)
    lines = [f"{session.get_kind_display()} · {session.cohort.tr('name')}"]
    if session.module_id:
        lines.append(f"{_('Module')}: {session.module.code} {session.module.tr('title')}")
    if session.trainer_id:
        lines.append(f"{_('Trainer')}: {session.trainer.full_name}")
    if session.link:
        lines.append(session.link)
    event.add("description", "\n".join(lines))
    event.add("categories", [session.get_kind_display()])
    return event


def build_calendar(sessions: list[Session], *, name: str) -> bytes:
    """The VCALENDAR for these sessions, with a VTIMEZONE for each zone used."""
    cal = Calendar()
    cal.add("prodid", "-//Biblio//Sessions//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = timezone.now().replace(microsecond=0)
    for session in sessions:
        cal.add_component(_event(session, stamp))
    if sessions:
        first = min(s.start for s in sessions).date() - timedelta(days=366)
        last = max(s.end for s in sessions).date() + timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical()


def _sessions() -> QuerySet[Session]:
    return Session.objects.select_related("cohort", "module", "trainer").order_by("start", "pk")


def cohort_feed(cohort: Cohort) -> bytes:
    """Every session of the cohort (2 queries)."""
    return build_calendar(list(_sessions().filter(cohort=cohort)), name=cohort.tr("name"))


def person_for_feed(person_id: int, token: str) -> Person | None:
    """The person whose private feed this is, or None: the token must match theirs exactly."""
    if not token or len(token) < 20:
        return None
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    if person is None or not person.calendar_token:
        return None
    if not hmac.compare_digest(person.calendar_token.encode(), token.encode()):
        return None
    return person


def person_feed(person: Person, *, today: date | None = None) -> bytes:
    """Sessions of every recent cohort the person belongs to, in any role (2 queries)."""
    today = today or timezone.localdate()
    sessions = list(
        _sessions()
        .filter(
            cohort__memberships__person=person,
            cohort__end__gte=today - timedelta(days=FEED_HISTORY_DAYS),
        )
        .distinct()
    )
    return build_calendar(sessions, name=_("Biblio sessions of %(name)s") % {"name": person})
