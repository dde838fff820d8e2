"""Reminder e-mails to mentors whose mentees' work-based entries have waited more than a week."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Min, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from biblio.accounts.models import Membership, Person, Role
from biblio.learning.models import HourEntry
from biblio.programmes.models import LearningMode

from .models import MentorReminder

WAIT_DAYS = 7


@dataclass
class Overdue:
    mentor: Person
    mentees: list[dict] = field(default_factory=list)  # {"name", "count", "minutes", "oldest", "url"}

    @property
    def waiting(self) -> int:
        return sum(m["count"] for m in self.mentees)


def overdue_sign_offs(*, now=None, wait_days: int = WAIT_DAYS, every_days: int = WAIT_DAYS) -> list[Overdue]:
    """Mentors with entries logged more than `wait_days` ago still waiting, not reminded in `every_days`."""
    now = now or timezone.now()
    rows = (
        HourEntry.objects.filter(
            mode=LearningMode.WORK_BASED,
            status=HourEntry.Status.SUBMITTED,
            created_at__lt=now - timedelta(days=wait_days),
            enrolment__placement__mentor__isnull=False,
            enrolment__placement__mentor__is_active=True,
        )
        .values(
            "enrolment_id",
            "enrolment__person__full_name",
            "enrolment__placement__mentor_id",
            "enrolment__cohort_id",
        )
        .annotate(count=Count("pk"), minutes=Sum("minutes"), oldest=Min("date"))
        .order_by("enrolment__placement__mentor_id", "enrolment__person__full_name")
    )
    rows = list(rows)
    mentoring = set(
        Membership.objects.filter(
            role=Role.MENTOR, person_id__in={r["enrolment__placement__mentor_id"] for r in rows}
        ).values_list("person_id", "cohort_id")
    )
    recent = set(
        MentorReminder.objects.filter(sent_at__gte=now - timedelta(days=every_days)).values_list(
            "mentor_id", flat=True
        )
    )
    mentors = Person.objects.in_bulk({r["enrolment__placement__mentor_id"] for r in rows})
    found: dict[int, Overdue] = {}
    for row in rows:
        mentor_id = row["enrolment__placement__mentor_id"]
        if mentor_id in recent or (mentor_id, row["enrolment__cohort_id"]) not in mentoring:
            continue
        item = found.setdefault(mentor_id, Overdue(mentors[mentor_id]))
        item.mentees.append(
            {
                "name": row["enrolment__person__full_name"],
                "count": row["count"],
                "minutes": row["minutes"],
                "oldest": row["oldest"],
                "url": settings.SITE_URL + reverse("workplace:logbook", args=[row["enrolment_id"]]),
            }
        )
    return list(found.values())


def send_reminders(*, now=None, dry_run: bool = False, **limits) -> list[Overdue]:
    """E-mail each mentor once (in their language) and remember it, so the next run skips them a week."""
    now = now or timezone.now()
    due = overdue_sign_offs(now=now, **limits)
    if dry_run:
        return due
    for item in due:
        with translation.override(item.mentor.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "mentor": item.mentor,
                "item": item,
                "mentor_url": settings.SITE_URL + reverse("workplace:mentor"),
            }
            subject = render_to_string("workplace/email/mentor_reminder_subject.txt", context).strip()
            body = render_to_string("workplace/email/mentor_reminder.txt", context)
        message = EmailMultiAlternatives(subject, body, to=[item.mentor.email])
        message.send()
        MentorReminder.objects.create(mentor=item.mentor, sent_at=now, waiting=item.waiting)
    return due
