"""The daily digest of pending approvals: trainers and moderators, and mentors."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from biblio.accounts.models import Role
from biblio.learning.models import HourEntry
from biblio.learning.selectors.digests import pending_digests
from tests.factories import CohortFactory, EnrolmentFactory, HourEntryFactory, PlacementFactory, staff

pytestmark = pytest.mark.django_db


def test_digests_go_to_reviewers_and_mentors(mailoutbox, django_assert_max_num_queries):
    cohort = CohortFactory(name="Latvia 2026")
    trainer, moderator = staff(cohort, Role.TRAINER), staff(cohort, Role.MODERATOR)
    coordinator = staff(cohort, Role.COORDINATOR)  # reviews too, but gets no digest
    quiet = staff(CohortFactory(), Role.TRAINER)  # nothing waiting in their cohort
    placement = PlacementFactory(enrolment__cohort=cohort)
    HourEntryFactory(enrolment=placement.enrolment)
    HourEntryFactory(enrolment__cohort=cohort, mode="project")
    HourEntryFactory(enrolment__cohort=cohort, status=HourEntry.Status.APPROVED)
    HourEntryFactory(enrolment=placement.enrolment, mode="work_based")
    for _ in range(10):
        HourEntryFactory(enrolment=EnrolmentFactory(cohort=cohort))
    with django_assert_max_num_queries(4):
        digests = {d.person.pk: d for d in pending_digests()}
    assert set(digests) == {trainer.pk, moderator.pk, placement.mentor_id}
    assert [(line.label, line.waiting) for line in digests[trainer.pk].reviews] == [("Latvia 2026", 12)]
    mentor = digests[placement.mentor_id]
    assert (mentor.reviews, [(x.label, x.waiting) for x in mentor.sign_offs]) == (
        [],
        [(placement.enrolment.person.full_name, 1)],
    )
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "3 digests sent." in out.getvalue()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [trainer.email, moderator.email, placement.mentor.email]
    )
    assert coordinator.email not in {m.to[0] for m in mailoutbox} and quiet.pk not in digests
    trainer_mail = next(m for m in mailoutbox if m.to == [trainer.email])
    assert trainer_mail.subject == "Biblio: 12 entries waiting for your approval"
    assert "/learning/review/" in trainer_mail.body
    mentor_mail = next(m for m in mailoutbox if m.to == [placement.mentor.email])
    assert reverse("workplace:mentor") in mentor_mail.body


def test_dry_run_sends_nothing(mailoutbox):
    entry = HourEntryFactory()
    trainer = staff(entry.enrolment.cohort, Role.TRAINER)
    out = StringIO()
    call_command("send_digests", "--dry-run", stdout=out)
    assert f"{trainer.email}: 1 waiting" in out.getvalue() and not mailoutbox
