"""Issuing in parallel (PostgreSQL): numbers stay unique and gap-free, one certificate per participant."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from biblio.core.errors import DomainError
from biblio.recognition import numbering
from biblio.recognition.issuing import credential_issue
from biblio.recognition.models import Credential
from tests.factories import CohortFactory

from .factories import coordinator_of, eligible_enrolment, programme_with_modules

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def run_in_threads(work, arguments):
    barrier = threading.Barrier(len(arguments))
    outcomes: list = []

    def run(argument):
        try:
            barrier.wait()
            outcomes.append(work(argument))
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_allocation_hands_out_each_value_once():
    def take(_):
        values = []
        for _ in range(15):
            with transaction.atomic():
                values.append(numbering.allocate("test-sequence", 2))
        return values

    outcomes = run_in_threads(take, range(8))
    firsts = sorted(v for values in outcomes for v in values)
    assert firsts == list(range(1, 8 * 15 * 2, 2))


def test_parallel_issuing_numbers_a_cohort_without_gaps_or_duplicates(key):
    cohort = CohortFactory(code="lv-2031", programme=programme_with_modules())
    coordinator = coordinator_of(cohort)
    enrolments = [eligible_enrolment(cohort=cohort) for _ in range(8)]
    outcomes = run_in_threads(lambda e: credential_issue(actor=coordinator, enrolment=e).number, enrolments)
    year = Credential.objects.first().issued_at.year
    assert sorted(outcomes) == [
        f"LV-2031-{year}-{n:04d}" if year != 2031 else f"LV-2031-{n:04d}" for n in range(1, 9)
    ]
    indexes = list(Credential.objects.values_list("status_index", flat=True))
    assert len(set(indexes)) == 8


def test_pressing_issue_twice_at_once_issues_once(key):
    enrolment = eligible_enrolment()
    coordinators = [coordinator_of(enrolment.cohort) for _ in range(4)]
    outcomes = run_in_threads(lambda c: credential_issue(actor=c, enrolment=enrolment).number, coordinators)
    assert Credential.objects.filter(enrolment=enrolment).count() == 1
    number = Credential.objects.get().number
    assert outcomes.count(number) == 1
    assert outcomes.count(f"A certificate is already in force for this participant ({number}).") == 3
