"""Pages: the right people see them, bad input is explained, queries stay constant as data grows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from biblio.accounts.models import Role
from biblio.learning.models import HourEntry, Material
from biblio.learning.services import entries as entry_svc
from biblio.programmes.models import LearningOutcome
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    HourEntryFactory,
    PersonFactory,
    PlacementFactory,
    SessionFactory,
    staff,
)
from tests.learning.factories import PDF, MaterialFactory, docx, offered_module, upload

pytestmark = pytest.mark.django_db


def _grow(cohort, n):
    for _ in range(n):
        e = EnrolmentFactory(cohort=cohort)
        HourEntryFactory(enrolment=e)
        HourEntryFactory(enrolment=e, status=HourEntry.Status.APPROVED, minutes=60)


def _constant(client, url, grow, django_assert_max_num_queries):
    """The page costs as many queries with 3 rows as with 25."""
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    grow()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_log_hours_page(login):
    e = EnrolmentFactory()
    client = login(e.person)
    page = client.get(reverse("learning:entry_create")).content.decode()
    assert 'value="work_based"' not in page  # the logbook's, not offered here
    assert f'href="{reverse("workplace:logbook_own")}"' in page
    response = client.post(
        reverse("learning:entry_create"),
        {
            "enrolment": e.pk,
            "mode": "online",
            "date": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
            "hours": "1.5",
            "note": "",
        },
    )
    assert "The date cannot be in the future." in response.content.decode()
    assert not HourEntry.objects.exists()
    response = client.post(
        reverse("learning:entry_create"),
        {"enrolment": e.pk, "mode": "work_based", "date": timezone.localdate().isoformat(), "hours": "2"},
    )
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        reverse("learning:entry_create"),
        {
            "enrolment": e.pk,
            "mode": "online",
            "date": timezone.localdate().isoformat(),
            "hours": "1.5",
            "note": "MOOC unit 3",
            "evidence": upload("proof.pdf", PDF),
        },
    )
    assert response.status_code == 302
    entry = HourEntry.objects.get()
    assert (entry.minutes, entry.status) == (90, "submitted")


def test_someone_elses_enrolment_cannot_be_chosen(login):
    e = EnrolmentFactory()
    other = EnrolmentFactory()
    response = login(e.person).post(
        reverse("learning:entry_create"),
        {"enrolment": other.pk, "mode": "online", "date": timezone.localdate().isoformat(), "hours": "1"},
    )
    assert response.status_code == 200 and not HourEntry.objects.exists()


def test_edit_withdraw_and_evidence_pages(login):
    entry = HourEntryFactory(evidence="evidence/x.pdf")
    owner = login(entry.enrolment.person)
    assert owner.get(reverse("learning:entry_edit", args=[entry.pk])).status_code == 200
    owner.post(
        reverse("learning:entry_edit", args=[entry.pk]),
        {"mode": "online", "date": entry.date.isoformat(), "hours": "3", "note": "more"},
    )
    entry.refresh_from_db()
    assert entry.minutes == 180
    other = login(PersonFactory())
    assert other.get(reverse("learning:entry_edit", args=[entry.pk])).status_code == 404
    assert other.post(reverse("learning:entry_withdraw", args=[entry.pk])).status_code == 404
    assert other.get(reverse("learning:entry_evidence", args=[entry.pk])).status_code == 404
    trainer = login(staff(entry.enrolment.cohort, Role.TRAINER))
    assert trainer.get(reverse("learning:entry_edit", args=[entry.pk])).status_code == 403
    owner = login(entry.enrolment.person)
    owner.post(reverse("learning:entry_withdraw", args=[entry.pk]))
    assert not HourEntry.objects.exists()


def test_evidence_download_for_owner_reviewer_and_mentor(login):
    placement = PlacementFactory()
    e = placement.enrolment
    entry = entry_svc.hour_entry_create(
        actor=e.person,
        enrolment=e,
        mode="online",
        date=timezone.localdate(),
        minutes=30,
        evidence=upload("a.pdf", PDF),
    )
    url = reverse("learning:entry_evidence", args=[entry.pk])
    for person in (e.person, staff(e.cohort, Role.MODERATOR), placement.mentor):
        response = login(person).get(url)
        assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert login(staff(CohortFactory(), Role.TRAINER)).get(url).status_code == 404


def test_review_queue_filters_approves_and_rejects(login, django_assert_max_num_queries):
    cohort = CohortFactory()
    trainer = staff(cohort, Role.TRAINER)
    mine = HourEntryFactory(enrolment__cohort=cohort)
    HourEntryFactory(enrolment__cohort=cohort, mode="work_based")
    foreign = HourEntryFactory()
    client = login(trainer)
    body = client.get(reverse("learning:review")).content.decode()
    assert f'value="{mine.pk}"' in body and f'value="{foreign.pk}"' not in body
    assert body.count('name="entries"') == 1  # work-based entries are the mentors'
    url = reverse("learning:review") + f"?cohort={cohort.pk}&mode=online"
    _constant(client, url, lambda: _grow(cohort, 25), django_assert_max_num_queries)
    response = client.post(reverse("learning:entry_reject", args=[mine.pk]), {"reason": ""})
    assert response.status_code == 400 and str(entry_svc.REASON_REQUIRED) in response.content.decode()
    client.post(reverse("learning:entry_reject", args=[mine.pk]), {"reason": "Which unit?"})
    mine.refresh_from_db()
    assert mine.status == "rejected"
    waiting = list(
        HourEntry.objects.filter(status="submitted", mode="online", enrolment__cohort=cohort).values_list(
            "pk", flat=True
        )
    )
    response = client.post(reverse("learning:review_bulk_approve"), {"entries": [*waiting, foreign.pk]})
    assert response.status_code == 302
    assert HourEntry.objects.filter(pk__in=waiting, status="approved").count() == len(waiting)
    foreign.refresh_from_db()
    assert foreign.status == "submitted"


def test_review_page_is_not_found_for_people_without_reviews(login):
    assert login(PersonFactory()).get(reverse("learning:review")).status_code == 404


def test_my_entries_and_progress_pages_grow_without_more_queries(login, django_assert_max_num_queries):
    e = EnrolmentFactory()
    client = login(e.person)
    for status in HourEntry.Status.values:
        HourEntryFactory(enrolment=e, minutes=10, status=status)

    def grow():
        for _ in range(25):
            HourEntryFactory(enrolment=e, minutes=10)

    for name in ("learning:my_entries", "learning:my_progress"):
        _constant(client, reverse(name), grow, django_assert_max_num_queries)
    _constant(client, reverse("learning:enrolment", args=[e.pk]), grow, django_assert_max_num_queries)


@pytest.mark.parametrize(
    ("who", "status"),
    [("participant", 200), ("mentor", 200), ("trainer", 200), ("other_trainer", 404), ("stranger", 404)],
)
def test_enrolment_page_access(login, who, status):
    placement = PlacementFactory()
    e = placement.enrolment
    person = {
        "participant": e.person,
        "mentor": placement.mentor,
        "trainer": staff(e.cohort, Role.TRAINER),
        "other_trainer": staff(CohortFactory(), Role.TRAINER),
        "stranger": PersonFactory(),
    }[who]
    assert login(person).get(reverse("learning:enrolment", args=[e.pk])).status_code == status


def test_roster_page(login, django_assert_max_num_queries):
    cohort = CohortFactory()
    _grow(cohort, 2)
    client = login(staff(cohort, Role.MODERATOR))
    url = reverse("learning:cohort_roster", args=[cohort.code])
    _constant(client, url, lambda: _grow(cohort, 25), django_assert_max_num_queries)
    body = client.get(url + "?waiting=1").content.decode()
    assert "Review 27 entries" in body
    assert login(staff(cohort, Role.MENTOR)).get(url).status_code == 403
    assert login(PersonFactory()).get(url).status_code == 404


def test_offer_and_module_pages(login, django_assert_max_num_queries):
    e = EnrolmentFactory()
    module = offered_module(e.cohort, code="DIG01", title="Digital content")
    LearningOutcome.objects.create(module=module, kind="skills", text="Curates digital collections")
    SessionFactory(
        cohort=e.cohort, module=module, title="Curation webinar", start=timezone.now() + dt.timedelta(days=3)
    )
    MaterialFactory(cohort=e.cohort, module=module, title="Reading list", minutes=90)
    MaterialFactory(cohort=CohortFactory(), module=module, title="Elsewhere")
    client = login(e.person)
    offer = client.get(reverse("learning:offer")).content.decode()
    assert "DIG01" in offer
    url = reverse("learning:module", args=["DIG01"])
    body = client.get(url).content.decode()
    for text in ("Curates digital collections", "Curation webinar", "Reading list", "1.5"):
        assert text in body
    assert "Elsewhere" not in body

    def grow():
        for _i in range(25):
            MaterialFactory(cohort=e.cohort, module=module)
            offered_module(e.cohort)

    _constant(client, url, grow, django_assert_max_num_queries)
    _constant(client, reverse("learning:offer"), grow, django_assert_max_num_queries)
    assert login(PersonFactory()).get(url).status_code == 404
    assert client.get(reverse("learning:module", args=["NOPE"])).status_code == 404


def test_trainer_attaches_orders_and_removes_materials(login):
    cohort = CohortFactory()
    module = offered_module(cohort, code="TR02")
    client = login(staff(cohort, Role.TRAINER))
    url = reverse("learning:material_create", args=[cohort.code])
    response = client.post(
        url,
        {
            "module": module.pk,
            "title": "Slides",
            "kind": "file",
            "minutes": 30,
            "file": upload("slides.exe", b"MZ\x90\x00"),
        },
    )
    assert "Word, Excel or PowerPoint" in response.content.decode()
    client.post(
        url,
        {
            "module": module.pk,
            "title": "Slides",
            "kind": "file",
            "minutes": 30,
            "file": upload("slides.docx", docx()),
        },
    )
    client.post(
        url,
        {
            "module": module.pk,
            "title": "Video",
            "kind": "link",
            "minutes": 15,
            "url": "https://video.example.org/1",
        },
    )
    response = client.post(
        url, {"module": module.pk, "title": "Bad", "kind": "link", "minutes": 15, "url": ""}
    )
    assert "Give the address of the link" in response.content.decode()
    slides, video = Material.objects.order_by("order")
    assert slides.file.name.endswith(".docx")
    client.post(reverse("learning:material_move", args=[video.pk]), {"up": "1"})
    assert list(Material.objects.order_by("order").values_list("title", flat=True)) == ["Video", "Slides"]
    participant = login(EnrolmentFactory(cohort=cohort).person)
    assert participant.get(reverse("learning:material_file", args=[slides.pk])).status_code == 200
    assert participant.post(reverse("learning:material_delete", args=[slides.pk])).status_code == 403
    assert login(PersonFactory()).get(reverse("learning:material_file", args=[slides.pk])).status_code == 404
    login(staff(cohort, Role.TRAINER)).post(reverse("learning:material_delete", args=[slides.pk]))
    assert list(Material.objects.values_list("title", flat=True)) == ["Video"]


def test_home_shows_the_learning_snippets(login):
    e = EnrolmentFactory()
    body = login(e.person).get(reverse("home")).content.decode()
    assert reverse("learning:entry_create") in body and reverse("learning:my_calendar") in body
    coordinator = staff(e.cohort, Role.COORDINATOR)
    body = login(coordinator).get(reverse("home")).content.decode()
    assert reverse("learning:cohort_applications", args=[e.cohort.code]) in body
    assert reverse("learning:review") in body


def test_calls_and_apply_pages(client):
    open_cohort = CohortFactory()
    closed = CohortFactory(call_open=False)
    body = client.get(reverse("learning:calls")).content.decode()
    assert open_cohort.name in body and closed.name not in body
    assert client.get(reverse("learning:apply", args=[open_cohort.code])).status_code == 200
    closed_page = client.get(reverse("learning:apply", args=[closed.code])).content.decode()
    assert "Applications to this cohort are closed." in closed_page
