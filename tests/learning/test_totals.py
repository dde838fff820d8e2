"""The hour totals the database keeps equal a computation from scratch after any sequence of writes:
services, bulk and queryset writes, admin-style saves, raw SQL, deletes and cascades. A Hypothesis
state machine drives them; runs on SQLite and PostgreSQL alike."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from biblio.accounts.models import Role
from biblio.core.errors import DomainError
from biblio.learning import totals
from biblio.learning.models import Attendance, Enrolment, Exemption, HourEntry, HourTotal, Session
from biblio.learning.progress import progress_for
from biblio.learning.services import entries as entry_svc
from biblio.learning.services import exemptions as exemption_svc
from biblio.learning.services import sessions as session_svc
from biblio.programmes.models import LearningMode, Module
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    ExemptionFactory,
    HourEntryFactory,
    SessionFactory,
    staff,
)
from tests.learning.factories import offered_module

pytestmark = pytest.mark.django_db

A, S, R = HourEntry.Status.APPROVED, HourEntry.Status.SUBMITTED, HourEntry.Status.REJECTED
MODES = [m.value for m in LearningMode]


def assert_totals_as_from_scratch() -> None:
    result = totals.rebuild(fix=False)
    assert result.differences == 0, result


def test_every_trigger_is_installed():
    assert {name for _table, name in totals.trigger_names()} <= totals.installed_triggers()


def test_totals_follow_entries_attendance_exemptions_and_moves():
    e = EnrolmentFactory()
    entry = HourEntryFactory(enrolment=e, mode="online", minutes=60, status=S)
    HourEntryFactory(enrolment=e, mode="online", minutes=30, status=A)
    HourEntryFactory(enrolment=e, mode="project", minutes=45, status=R)
    session = SessionFactory(cohort=e.cohort, mode="f2f")  # 4 h
    Attendance.objects.create(session=session, enrolment=e, minutes=240)
    module = offered_module(e.cohort, hours=20, mode="online")
    ExemptionFactory(enrolment=e, module=module, status=Exemption.Status.APPROVED, recognised_minutes=1200)

    rows = {t.mode: t for t in HourTotal.objects.filter(enrolment=e)}
    online = rows["online"]
    assert (online.approved_minutes, online.submitted_minutes, online.recognised_minutes) == (30, 60, 1200)
    assert (online.approved_entries, online.submitted_entries, online.oldest_waiting) == (
        1,
        1,
        entry.created_at,
    )
    assert (rows["project"].rejected_minutes, rows["f2f"].attended_minutes) == (45, 240)

    other = EnrolmentFactory(cohort=e.cohort)
    HourEntry.objects.filter(pk=entry.pk).update(enrolment=other, mode="project")  # moved
    Session.objects.filter(pk=session.pk).update(mode="online")
    Module.objects.filter(pk=module.pk).update(mode="project")
    rows = {t.mode: t for t in HourTotal.objects.filter(enrolment=e)}
    assert (rows["online"].submitted_minutes, rows["online"].oldest_waiting) == (0, None)
    assert (rows["online"].attended_minutes, rows["f2f"].attended_minutes) == (240, 0)
    assert (rows["online"].recognised_minutes, rows["project"].recognised_minutes) == (0, 1200)
    assert HourTotal.objects.get(enrolment=other, mode="project").submitted_minutes == 60

    e.delete()  # cascades to its entries, attendance and exemptions; the totals go with it
    assert not HourTotal.objects.filter(enrolment_id=e.pk).exists()
    assert_totals_as_from_scratch()


def test_rebuild_totals_reports_and_repairs_differences(capsys):
    e = EnrolmentFactory()
    HourEntryFactory(enrolment=e, minutes=90, status=A)
    HourTotal.objects.filter(enrolment=e).update(approved_minutes=1)  # as if a write had been lost
    with pytest.raises(CommandError):
        call_command("rebuild_totals", "--check")
    assert "1 totals missing or different, 1 stale" in capsys.readouterr().out
    call_command("rebuild_totals")
    assert HourTotal.objects.get(enrolment=e).approved_minutes == 90
    call_command("rebuild_totals", "--check")
    assert "all as computed from scratch" in capsys.readouterr().out


def test_progress_reads_the_budgets_and_totals_in_one_query(django_assert_num_queries):
    e = EnrolmentFactory()
    HourEntryFactory(enrolment=e, minutes=90, status=A)
    e = Enrolment.objects.select_related("cohort").get(pk=e.pk)
    with django_assert_num_queries(1):
        progress = progress_for([e])
    assert progress[e.pk].mode("online").approved_minutes == 90


class Writes(RuleBasedStateMachine):
    """Random writes to the rows the totals sum, through every path; the totals must follow."""

    @initialize()
    def world(self):
        # Each example in a savepoint rolled back at teardown: the next one (and a replay while
        # shrinking) starts from the same database.
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.cohort = CohortFactory()
        self.trainer = staff(self.cohort, Role.TRAINER)
        self.coordinator = staff(self.cohort, Role.COORDINATOR)
        self.enrolments = [EnrolmentFactory(cohort=self.cohort) for _ in range(3)]
        self.modules = [offered_module(self.cohort, hours=10, mode=m) for m in ("online", "project")]
        self.sessions = [SessionFactory(cohort=self.cohort, mode=m) for m in ("f2f", "online")]

    def _live(self, model, **filters):
        return list(model.objects.filter(**filters).order_by("pk"))

    def _entries(self, **filters):
        return self._live(HourEntry, enrolment__cohort=self.cohort, **filters)

    def _enrolment(self, data):
        live = self._live(Enrolment, cohort=self.cohort)
        return data.draw(st.sampled_from(live)) if live else None

    # --- the services ---

    @rule(data=st.data(), minutes=st.integers(1, 300), days_ago=st.integers(0, 100))
    def log(self, data, minutes, days_ago):
        e = self._enrolment(data)
        if e is None:
            return
        e = Enrolment.objects.select_related("cohort", "person").get(pk=e.pk)
        mode = data.draw(st.sampled_from(["online", "project"]))
        module = self.modules[1] if mode == "project" else None
        day = timezone.localdate() - dt.timedelta(days=days_ago)
        with contextlib.suppress(DomainError):
            entry_svc.hour_entry_create(
                actor=e.person, enrolment=e, mode=mode, module=module, date=day, minutes=minutes
            )

    @rule(data=st.data(), approve=st.booleans())
    def review(self, data, approve):
        waiting = self._entries(status=S, mode__in=["online", "project", "f2f", "assessment"])
        if not waiting:
            return
        entry = data.draw(st.sampled_from(waiting))
        if approve:
            entry_svc.hour_entry_approve(actor=self.trainer, entry=entry)
        else:
            entry_svc.hour_entry_reject(actor=self.trainer, entry=entry, reason="Not the module's work.")

    @rule()
    def approve_all(self):
        entry_svc.hour_entries_approve_bulk(
            actor=self.trainer, entry_ids=[e.pk for e in self._entries(status=S)]
        )

    @rule(data=st.data(), minutes=st.integers(1, 300))
    def edit(self, data, minutes):
        waiting = self._entries(status=S, mode__in=["online", "project"])
        if not waiting:
            return
        entry = data.draw(st.sampled_from(waiting))
        mode = data.draw(st.sampled_from(["online", "project"]))
        with contextlib.suppress(DomainError):
            entry_svc.hour_entry_update(
                actor=entry.enrolment.person,
                entry=entry,
                mode=mode,
                module=self.modules[1] if mode == "project" else None,
                date=entry.date,
                minutes=minutes,
            )

    @rule(data=st.data())
    def withdraw(self, data):
        waiting = self._entries(status=S, mode__in=["online", "project"])
        if waiting:
            entry = data.draw(st.sampled_from(waiting))
            entry_svc.hour_entry_withdraw(actor=entry.enrolment.person, entry=entry)

    @rule(data=st.data())
    def attendance(self, data):
        session = data.draw(st.sampled_from(self.sessions))
        live = [e.pk for e in self._live(Enrolment, cohort=self.cohort, status=Enrolment.Status.ACTIVE)]
        present = data.draw(st.lists(st.sampled_from(live), unique=True)) if live else []
        session_svc.attendance_record(actor=self.trainer, session=session, present=present)

    @rule(data=st.data(), approve=st.booleans(), hours=st.integers(1, 10))
    def exemption(self, data, approve, hours):
        e = self._enrolment(data)
        if e is None:
            return
        module = data.draw(st.sampled_from(self.modules))
        exemption, _ = Exemption.objects.get_or_create(
            enrolment=e, module=module, defaults={"reason": "A course."}
        )
        if exemption.status != Exemption.Status.REQUESTED:
            return
        if approve:
            exemption_svc.exemption_approve(actor=self.coordinator, exemption=exemption, minutes=hours * 60)
        else:
            exemption_svc.exemption_reject(actor=self.coordinator, exemption=exemption, note="No evidence.")

    # --- writes that bypass the services: admin saves, bulk and queryset writes, raw SQL ---

    @rule(
        data=st.data(),
        mode=st.sampled_from(MODES),
        status=st.sampled_from([A, S, R]),
        minutes=st.integers(1, 720),
        age=st.integers(0, 20),
    )
    def create_directly(self, data, mode, status, minutes, age):
        e = self._enrolment(data)
        if e is None:
            return
        entry = HourEntryFactory(enrolment=e, mode=mode, status=status, minutes=minutes)
        HourEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - dt.timedelta(days=age))

    @rule(
        data=st.data(),
        mode=st.sampled_from(MODES),
        status=st.sampled_from([A, S, R]),
        minutes=st.integers(1, 720),
    )
    def save_in_admin(self, data, mode, status, minutes):
        entries = self._entries()
        if not entries:
            return
        entry = data.draw(st.sampled_from(entries))
        target = self._enrolment(data)
        entry.enrolment, entry.mode, entry.status, entry.minutes = target, mode, status, minutes
        entry.reviewed_at = None if status == S else timezone.now()
        entry.save()  # every column, as the admin saves

    @rule(data=st.data(), status=st.sampled_from([A, S, R]), mode=st.sampled_from(MODES))
    def update_many(self, data, status, mode):
        entries = self._entries()
        chosen = data.draw(st.lists(st.sampled_from(entries), unique=True)) if entries else []
        HourEntry.objects.filter(pk__in=[e.pk for e in chosen]).update(
            status=status, mode=mode, reviewed_at=None if status == S else timezone.now()
        )

    @rule(data=st.data(), minutes=st.integers(1, 720))
    def bulk_update(self, data, minutes):
        entries = self._entries()
        chosen = data.draw(st.lists(st.sampled_from(entries), unique=True, max_size=5)) if entries else []
        for i, entry in enumerate(chosen):
            entry.minutes = max(1, minutes - i)
        HourEntry.objects.bulk_update(chosen, ["minutes"])

    @rule(data=st.data())
    def delete_raw(self, data):
        entries = self._entries()
        if entries:
            entry = data.draw(st.sampled_from(entries))
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {HourEntry._meta.db_table} WHERE id = %s", [entry.pk])  # noqa: S608

    @rule(data=st.data())
    def delete_many(self, data):
        entries = self._entries()
        chosen = data.draw(st.lists(st.sampled_from(entries), unique=True, max_size=4)) if entries else []
        HourEntry.objects.filter(pk__in=[e.pk for e in chosen]).delete()

    @rule(data=st.data(), mode=st.sampled_from(MODES))
    def move_session_or_module(self, data, mode):
        Session.objects.filter(pk=data.draw(st.sampled_from(self.sessions)).pk).update(mode=mode)
        Module.objects.filter(pk=data.draw(st.sampled_from(self.modules)).pk).update(mode=mode)

    @rule(data=st.data(), minutes=st.integers(1, 300))
    def change_attendance(self, data, minutes):
        rows = self._live(Attendance, session__cohort=self.cohort)
        if rows:
            row = data.draw(st.sampled_from(rows))
            row.minutes = minutes
            row.save()

    @rule(data=st.data())
    def delete_session(self, data):
        if len(self.sessions) > 1:
            session = data.draw(st.sampled_from(self.sessions))
            self.sessions.remove(session)
            session.delete()  # cascades to its attendance

    @rule(data=st.data())
    def delete_enrolment(self, data):
        live = self._live(Enrolment, cohort=self.cohort)
        if len(live) > 1:
            data.draw(st.sampled_from(live)).delete()  # cascades to everything it owns

    @rule()
    def add_enrolment(self):
        EnrolmentFactory(cohort=self.cohort)

    @invariant()
    def totals_as_from_scratch(self):
        assert_totals_as_from_scratch()

    def teardown(self):
        if hasattr(self, "savepoint"):
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)


def test_totals_equal_a_recomputation_after_any_writes():
    run_state_machine_as_test(
        Writes,
        settings=settings(
            max_examples=15,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
