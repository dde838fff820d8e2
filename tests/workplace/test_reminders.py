"""`send_mentor_reminders`: a mentor hears about entries waiting more than a week, once a week at most."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from biblio.learning.models import HourEntry
from biblio.workplace.models import MentorReminder
from tests.workplace.factories import mentee

pytestmark = pytest.mark.django_db


def waiting(m, *, days_ago: int, **kwargs) -> HourEntry:
    entry = m.entry(**kwargs)
    HourEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    return entry


def test_only_entries_older_than_a_week_are_reminded():
    old, fresh = mentee(), mentee()
    waiting(old, days_ago=8, minutes=90)
    waiting(old, days_ago=9, minutes=30)
    waiting(fresh, days_ago=2)
    waiting(fresh, days_ago=20, status=HourEntry.Status.APPROVED, reviewed_by=fresh.mentor)
    call_command("send_mentor_reminders")
    assert [m.to for m in mail.outbox] == [[old.mentor.email]]
    message = mail.outbox[0]
    assert message.subject == "2 work-based entries are waiting for your sign-off"
    assert old.participant.full_name in message.body and "2 entries (2 h)" in message.body
    assert f"/workplace/logbook/{old.enrolment.pk}/" in message.body
    assert MentorReminder.objects.get().waiting == 2


def test_a_mentor_is_not_reminded_twice_in_a_week():
    m = mentee()
    waiting(m, days_ago=10)
    call_command("send_mentor_reminders")
    call_command("send_mentor_reminders")
    assert len(mail.outbox) == 1
    MentorReminder.objects.update(sent_at=timezone.now() - dt.timedelta(days=8))
    call_command("send_mentor_reminders")
    assert len(mail.outbox) == 2


def test_dry_run_sends_nothing(capsys):
    m = mentee()
    m.mentor.preferred_language = "lv"  # rendered in the mentor's language
    m.mentor.save()
    waiting(m, days_ago=10)
    call_command("send_mentor_reminders", "--dry-run")
    assert mail.outbox == [] and not MentorReminder.objects.exists()
    assert f"{m.mentor.email}: 1 entries waiting" in capsys.readouterr().out
    call_command("send_mentor_reminders")
    assert mail.outbox[0].to == [m.mentor.email]


def test_a_former_mentor_or_a_placement_without_one_gets_nothing():
    m = mentee()
    waiting(m, days_ago=10)
    m.placement.mentor = None
    m.placement.save()
    call_command("send_mentor_reminders")
    assert mail.outbox == []
