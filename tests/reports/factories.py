"""Reports test data: feedback, and a small helper to enrol a participant with a track and a library."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from biblio.learning.models import Enrolment
from biblio.programmes.models import Cohort, Organisation, Programme
from biblio.reports.models import Feedback
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    PersonFactory,
    PlacementFactory,
    ProgrammeFactory,
    RoleProfileFactory,
)


class FeedbackFactory(DjangoModelFactory):
    class Meta:
        model = Feedback

    enrolment = factory.SubFactory(EnrolmentFactory)
    overall = 4
    content = 4
    trainers = 5
    mentoring = 4
    organisation = 3
    project_in_practice = Feedback.InPractice.YES
    comments = "Useful seminars."
    submitted_at = factory.LazyFunction(timezone.now)


def tracks() -> tuple[Programme, Programme]:
    """The two BIBLIO tracks: programmes following the CECO and DIGY role profiles."""
    ceco = ProgrammeFactory(title="CECO course", profile=RoleProfileFactory(code="CECO", title="CECO"))
    digy = ProgrammeFactory(title="DIGY course", profile=RoleProfileFactory(code="DIGY", title="DIGY"))
    return ceco, digy


def cohort_with_tracks(ceco: Programme, digy: Programme, **kwargs) -> Cohort:
    return CohortFactory(programme=ceco, tracks=[ceco, digy], **kwargs)


def participant(
    cohort: Cohort,
    programme: Programme | None = None,
    *,
    host: Organisation | None = None,
    organisation: Organisation | None = None,
    status: str = Enrolment.Status.ACTIVE,
    **person,
) -> Enrolment:
    """An enrolment in `cohort` (its lead programme unless given), with a placement at `host`."""
    enrolment = EnrolmentFactory(
        cohort=cohort,
        programme=programme or cohort.programme,
        person=PersonFactory(organisation=organisation, **person),
        status=status,
        completed_at=timezone.now() - dt.timedelta(days=3) if status == Enrolment.Status.COMPLETED else None,
    )
    if host is not None:
        PlacementFactory(enrolment=enrolment, host=host)
    return enrolment


def library(**kwargs) -> Organisation:
    return OrganisationFactory(**kwargs)
