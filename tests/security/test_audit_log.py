"""The audit trail cannot be edited from the application; coordinators read their cohorts' part."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from biblio.accounts.audit import audit
from biblio.accounts.models import AuditEvent, Role
from tests.factories import CohortFactory, EnrolmentFactory, PersonFactory, staff

pytestmark = pytest.mark.django_db


def event(cohort=None, verb="hour_entry.approve", actor=None, **kwargs) -> AuditEvent:
    obj = EnrolmentFactory(cohort=cohort) if cohort else PersonFactory()
    return audit(actor=actor, verb=verb, obj=obj, cohort_id=cohort.pk if cohort else None, **kwargs)


def test_events_cannot_be_changed_or_deleted_one_by_one_or_in_bulk():
    e = event()
    with pytest.raises(ValueError, match="append-only"):
        e.save()
    with pytest.raises(ValueError, match="append-only"):
        e.delete()
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.filter(pk=e.pk).update(verb="x")
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.filter(pk=e.pk).delete()
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=e.pk).verb == "hour_entry.approve"


def test_deleting_the_actor_keeps_the_event():
    actor = PersonFactory()
    e = event(actor=actor)
    actor.delete()
    assert AuditEvent.objects.get(pk=e.pk).actor is None


def test_the_admin_is_read_only_even_for_superusers():
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/admin/")
    request.user = PersonFactory(is_staff=True, is_superuser=True)
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_admin_change_view_shows_no_save_button(client):
    e = event()
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:accounts_auditevent_change", args=[e.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (
        client.post(reverse("admin:accounts_auditevent_delete", args=[e.pk]), {"post": "yes"}).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.TRAINER, 404),
        (Role.MODERATOR, 404),
        (Role.MENTOR, 404),
        (Role.PARTICIPANT, 404),
    ],
)
def test_only_coordinators_and_administrators_open_the_audit_log(login, role, status):
    assert login(staff(CohortFactory(), role)).get(reverse("audit_log")).status_code == status


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(reverse("audit_log"))["Location"].startswith("/login/")


def test_a_coordinator_sees_only_their_cohorts_events(login):
    mine, theirs = CohortFactory(), CohortFactory()
    coordinator = staff(mine, Role.COORDINATOR)
    seen = event(mine, verb="hour_entry.approve")
    hidden = event(theirs, verb="exemption.decide")
    platform = event(None, verb="person.update_profile")
    response = login(coordinator).get(reverse("audit_log"))
    ids = [e.pk for e, _changes in response.context["rows"]]
    assert ids == [seen.pk]
    assert [v for v, _ in response.context["form"].fields["verb"].choices][1:] == ["hour_entry.approve"]
    assert list(response.context["form"].fields["cohort"].queryset) == [mine]
    # Filtering by a cohort they may not read is a form error, not a leak.
    refused = login(coordinator).get(reverse("audit_log"), {"cohort": theirs.pk})
    assert "cohort" in refused.context["form"].errors
    assert [e.pk for e, _ in refused.context["rows"]] == [seen.pk]
    assert hidden.pk not in ids and platform.pk not in ids


def test_an_administrator_sees_everything_and_filters(login):
    a, b = CohortFactory(), CohortFactory()
    actor = PersonFactory(full_name="Inese Kalniņa")
    first = event(a, verb="hour_entry.approve", actor=actor, changes={"status": ["submitted", "approved"]})
    second = event(b, verb="exemption.decide")
    third = event(None, verb="person.update_profile")
    client = login(PersonFactory(is_staff=True))
    rows = lambda **q: [e.pk for e, _ in client.get(reverse("audit_log"), q).context["rows"]]  # noqa: E731
    assert set(rows()) == {first.pk, second.pk, third.pk}
    assert rows(cohort=b.pk) == [second.pk]
    assert rows(verb="hour_entry.approve") == [first.pk]
    assert rows(actor="kalniņa") == [first.pk]
    assert rows(object_type="accounts.person") == [third.pk]
    today = timezone.localdate()
    assert set(rows(since=today.isoformat(), until=today.isoformat())) == {first.pk, second.pk, third.pk}
    assert rows(until=(today - dt.timedelta(days=1)).isoformat()) == []
    page = client.get(reverse("audit_log"), {"verb": "hour_entry.approve"}).content.decode()
    assert "submitted → approved" in page and "Inese Kalniņa" in page


@pytest.mark.parametrize(
    "query",
    [
        {"since": "not-a-date"},
        {"page": "x"},
        {"page": "99999"},
        {"cohort": "abc"},
        {"since": "2026-05-02", "until": "2026-05-01"},
    ],
)
def test_bad_filters_never_fail(login, query):
    response = login(PersonFactory(is_staff=True)).get(reverse("audit_log"), query)
    assert response.status_code == 200


def test_pages_of_fifty(login):
    cohort = CohortFactory()
    enrolment = EnrolmentFactory(cohort=cohort)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                verb="x.y", object_type="learning.enrolment", object_id=str(enrolment.pk), cohort=cohort
            )
            for _ in range(120)
        ]
    )
    client = login(staff(cohort, Role.COORDINATOR))
    first = client.get(reverse("audit_log"))
    assert len(first.context["rows"]) == 50 and first.context["page"].paginator.num_pages == 3
    last = client.get(reverse("audit_log"), {"verb": "x.y", "page": 3})
    assert len(last.context["rows"]) == 20
    assert "verb=x.y&amp;page=2" in last.content.decode()


@pytest.mark.parametrize("size", [5, 60])
def test_constant_queries(login, django_assert_max_num_queries, size):
    cohort = CohortFactory()
    actors = PersonFactory.create_batch(3)
    for i in range(size):
        event(cohort, verb=f"verb.{i % 4}", actor=actors[i % 3], changes={"status": ["a", "b"]})
    client = login(staff(cohort, Role.COORDINATOR))
    with django_assert_max_num_queries(9):
        assert client.get(reverse("audit_log"), {"verb": "verb.1"}).status_code == 200
