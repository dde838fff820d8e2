"""The pages through HTTP: who sees what, forms that explain, and nothing hidden behind a button."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from biblio.accounts.models import Role
from biblio.learning.models import HourEntry
from biblio.learning.rules import DATE_IN_FUTURE
from biblio.workplace.models import Placement, ProjectIdea
from biblio.workplace.services import logbook as svc
from tests.factories import PersonFactory, staff
from tests.workplace.factories import PDF, mentee, today, upload

pytestmark = pytest.mark.django_db
St = HourEntry.Status


def entry_form(m, **overrides):
    data = {
        "date": (today() - dt.timedelta(days=2)).isoformat(),
        "hours": "2",
        "minutes": "30",
        "activity": str(m.activity.pk),
        "note": "Ran a workshop for colleagues.",
    }
    data.update(overrides)
    return data


def test_participant_logs_hours_on_the_logbook_page(login):
    m = mentee()
    client = login(m.participant)
    response = client.post(reverse("workplace:logbook", args=[m.enrolment.pk]), entry_form(m))
    assert response.status_code == 302
    entry = HourEntry.objects.get()
    assert (entry.minutes, entry.status, entry.mode) == (150, St.SUBMITTED, "work_based")
    page = client.get(reverse("workplace:logbook", args=[m.enrolment.pk]))
    assert "Ran a workshop for colleagues." in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": "outside"}, svc.OUTSIDE_PLACEMENT),
        ({"date": "future"}, DATE_IN_FUTURE),
        ({"hours": "12", "minutes": "15"}, "No more than 12 hours can be logged in one day."),
        ({"activity": "other"}, svc.ACTIVITY_NOT_OWN),
        ({"hours": "0", "minutes": "0"}, "Give the time you spent: hours, minutes or both."),
    ],
)
def test_bad_input_on_the_page_is_explained_and_changes_nothing(login, overrides, message):
    m = mentee()
    if overrides.get("date") == "outside":
        overrides["date"] = (m.placement.start - dt.timedelta(days=1)).isoformat()
    elif overrides.get("date") == "future":
        overrides["date"] = (today() + dt.timedelta(days=1)).isoformat()
    if overrides.get("activity") == "other":
        overrides["activity"] = str(mentee().activity.pk)
    response = login(m.participant).post(
        reverse("workplace:logbook", args=[m.enrolment.pk]), entry_form(m, **overrides)
    )
    assert response.status_code == 400
    expected = (
        str(message) % {"start": m.placement.start.isoformat(), "end": m.placement.end.isoformat()}
        if "%(" in str(message)
        else str(message)
    )
    html = response.content.decode()
    from django.utils.html import escape

    assert escape(expected) in html
    assert not HourEntry.objects.exists()


def test_the_activity_list_offers_only_the_participants_own_activities(login):
    m = mentee()
    stranger = mentee()
    html = login(m.participant).get(reverse("workplace:logbook", args=[m.enrolment.pk])).content.decode()
    assert m.activity.title in html and stranger.activity.title not in html


def test_mentor_signs_a_week_off_and_the_participant_sees_the_new_total(login, client):
    m = mentee()
    monday = today() - dt.timedelta(days=today().weekday() + 7)
    if monday < m.placement.start:
        pytest.skip("the factory's window starts after last week")
    m.entry(date=monday, minutes=120)
    m.entry(date=monday + dt.timedelta(days=1), minutes=180)
    response = login(m.mentor).post(
        reverse("workplace:week_approve", args=[m.enrolment.pk, monday.isoformat()])
    )
    assert response.status_code == 302
    assert set(HourEntry.objects.values_list("status", flat=True)) == {St.APPROVED}
    client.logout()
    page = login(m.participant).get(reverse("workplace:logbook", args=[m.enrolment.pk])).content.decode()
    assert "5 of 165 h" in page


def test_a_mentor_cannot_see_or_sign_another_mentors_mentees(login):
    mine, theirs = mentee(), None
    theirs = mentee(cohort=mine.cohort)
    entry = theirs.entry()
    client = login(mine.mentor)
    for name, args in [
        ("logbook", [theirs.enrolment.pk]),
        ("placement", [theirs.enrolment.pk]),
        ("evaluation", [theirs.enrolment.pk]),
        ("idea", [theirs.idea.pk]),
        ("entry_return", [entry.pk]),
    ]:
        assert client.get(reverse(f"workplace:{name}", args=args)).status_code == 404, name
    for name, args in [
        ("entry_approve", [entry.pk]),
        ("entry_return", [entry.pk]),
        (
            "week_approve",
            [theirs.enrolment.pk, (entry.date - dt.timedelta(days=entry.date.weekday())).isoformat()],
        ),
        ("comment_add", [theirs.idea.pk]),
    ]:
        assert (
            client.post(reverse(f"workplace:{name}", args=args), {"comment": "x", "text": "x"}).status_code
            == 404
        ), name
    entry.refresh_from_db()
    assert entry.status == St.SUBMITTED
    assert theirs.participant.full_name not in client.get(reverse("workplace:mentor")).content.decode()


def test_a_participant_cannot_sign_their_own_entries_on_the_page(login):
    m = mentee()
    entry = m.entry()
    client = login(m.participant)
    assert client.post(reverse("workplace:entry_approve", args=[entry.pk])).status_code == 403
    monday = entry.date - dt.timedelta(days=entry.date.weekday())
    assert (
        client.post(reverse("workplace:week_approve", args=[m.enrolment.pk, monday.isoformat()])).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.status == St.SUBMITTED
    assert "Sign off" not in client.get(reverse("workplace:logbook", args=[m.enrolment.pk])).content.decode()


def test_a_signed_entry_cannot_be_edited_on_the_page(login):
    m = mentee()
    entry = m.entry(status=St.APPROVED, reviewed_by=m.mentor)
    client = login(m.participant)
    response = client.post(reverse("workplace:entry_edit", args=[entry.pk]), entry_form(m, hours="5"))
    assert response.status_code == 400
    assert str(svc.ENTRY_SIGNED) in response.content.decode()
    entry.refresh_from_db()
    assert entry.minutes == 120


def test_returning_with_an_empty_comment_shows_the_form_again(login):
    m = mentee()
    entry = m.entry()
    response = login(m.mentor).post(reverse("workplace:entry_return", args=[entry.pk]), {"comment": ""})
    assert response.status_code == 400
    assert str(svc.RETURN_NEEDS_COMMENT) in response.content.decode()
    response = login(m.mentor).post(
        reverse("workplace:entry_return", args=[entry.pk]), {"comment": "Add detail"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.review_comment) == (St.REJECTED, "Add detail")


def test_bad_week_in_the_address_is_a_404(login):
    m = mentee()
    assert (
        login(m.mentor)
        .post(reverse("workplace:week_approve", args=[m.enrolment.pk, "not-a-date"]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("participant", 200),
        ("mentor", 200),
        ("trainer", 200),
        ("coordinator", 200),
        ("other participant", 404),
        ("coordinator elsewhere", 404),
        ("nobody", 404),
    ],
)
def test_who_sees_a_placement(login, who, status):
    m = mentee()
    actor = {
        "participant": lambda: m.participant,
        "mentor": lambda: m.mentor,
        "trainer": lambda: staff(m.cohort, Role.TRAINER),
        "coordinator": lambda: staff(m.cohort),
        "other participant": lambda: mentee(cohort=m.cohort).participant,
        "coordinator elsewhere": lambda: staff(mentee().cohort),
        "nobody": PersonFactory,
    }[who]()
    client = login(actor)
    for name in ("placement", "logbook"):
        assert client.get(reverse(f"workplace:{name}", args=[m.enrolment.pk])).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client):
    m = mentee()
    response = client.get(reverse("workplace:logbook", args=[m.enrolment.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_coordinator_assigns_a_placement_through_the_form(login):
    m = mentee()
    new_mentor = PersonFactory()
    client = login(staff(m.cohort))
    response = client.post(
        reverse("workplace:placement_assign", args=[m.enrolment.pk]),
        {
            "host": m.placement.host_id,
            "mentor_email": new_mentor.email.upper(),
            "start": "",
            "end": "",
            "planned_hours": "",
            "note": "Mentor moved away",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get(pk=m.placement.pk).mentor_id == new_mentor.pk
    response = client.post(
        reverse("workplace:placement_assign", args=[m.enrolment.pk]),
        {"host": m.placement.host_id, "mentor_email": "nobody@example.org"},
    )
    assert (
        response.status_code == 400
        and "Nobody with this e-mail address has an account" in response.content.decode()
    )


def test_trainer_may_see_but_not_assign(login):
    m = mentee()
    client = login(staff(m.cohort, Role.TRAINER))
    assert client.get(reverse("workplace:placement_assign", args=[m.enrolment.pk])).status_code == 403
    assert client.get(reverse("workplace:placements") + f"?cohort={m.cohort.pk}").status_code == 200


def test_project_idea_pages_walk_the_lifecycle(login, client):
    m = mentee(status=ProjectIdea.Status.DRAFT)
    trainer = staff(m.cohort, Role.TRAINER)
    participant = login(m.participant)
    assert participant.post(reverse("workplace:idea_move", args=[m.idea.pk, "submit"])).status_code == 302
    client.logout()
    reviewer = login(trainer)
    response = reviewer.post(
        reverse("workplace:idea_review", args=[m.idea.pk]), {"feedback": "", "return": "1"}
    )
    assert (
        response.status_code == 400
        and "Say what should change when you return an idea." in response.content.decode()
    )
    assert (
        reviewer.post(reverse("workplace:idea_review", args=[m.idea.pk]), {"approve": "1"}).status_code == 302
    )
    m.idea.refresh_from_db()
    assert m.idea.status == ProjectIdea.Status.APPROVED
    assert reviewer.post(reverse("workplace:idea_move", args=[m.idea.pk, "start"])).status_code == 403
    assert reviewer.post(reverse("workplace:idea_move", args=[m.idea.pk, "explode"])).status_code == 404


def test_attachments_are_served_only_to_those_who_may_see_the_idea(login, client):
    m = mentee()
    owner = login(m.participant)
    response = owner.post(
        reverse("workplace:attachment_add", args=[m.idea.pk]), {"file": upload("plan.pdf", PDF)}
    )
    assert response.status_code == 302
    attachment = m.idea.attachments.get()
    download = owner.get(reverse("workplace:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="plan.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert login(m.mentor).get(reverse("workplace:attachment", args=[attachment.pk])).status_code == 200
    client.logout()
    stranger = login(mentee(cohort=m.cohort).participant)
    assert stranger.get(reverse("workplace:attachment", args=[attachment.pk])).status_code == 404
    bad = login(m.participant).post(
        reverse("workplace:attachment_add", args=[m.idea.pk]), {"file": upload("x.exe", b"MZ")}
    )
    assert bad.status_code == 400 and m.idea.attachments.count() == 1


def test_mentor_fills_the_final_evaluation_on_the_page(login, client):
    from tests.workplace.test_evaluation import with_profile

    m = mentee()
    first, _ = with_profile(m)
    page = login(m.mentor).get(reverse("workplace:evaluation", args=[m.enrolment.pk]))
    assert page.status_code == 200 and first.title in page.content.decode()
    refused = client.post(
        reverse("workplace:evaluation", args=[m.enrolment.pk]), {"narrative": "", "submit": "1"}
    )
    assert (
        refused.status_code == 400
        and "Write a short narrative of what you observed." in refused.content.decode()
    )
    done = client.post(
        reverse("workplace:evaluation", args=[m.enrolment.pk]),
        {"narrative": "Confident and careful.", f"level_{first.pk}": "4", "submit": "1"},
    )
    assert done.status_code == 302
    m.placement.refresh_from_db()
    assert m.placement.signed_off_at is not None
    shown = client.get(reverse("workplace:placement", args=[m.enrolment.pk])).content.decode()
    assert "Confident and careful." in shown
    client.logout()
    assert login(m.participant).get(reverse("workplace:evaluation", args=[m.enrolment.pk])).status_code == 403
    assert (
        "Confident and careful."
        in client.get(reverse("workplace:placement", args=[m.enrolment.pk])).content.decode()
    )


def test_shortcuts_send_each_person_to_their_page(login, client):
    m = mentee()
    participant = login(m.participant)
    assert participant.get(reverse("workplace:logbook_own"))["Location"] == reverse(
        "workplace:logbook", args=[m.enrolment.pk]
    )
    assert participant.get(reverse("workplace:idea_own"))["Location"] == reverse(
        "workplace:idea", args=[m.idea.pk]
    )
    assert participant.get(reverse("workplace:index"))["Location"] == reverse("workplace:logbook_own")
    client.logout()
    assert login(m.mentor).get(reverse("workplace:index"))["Location"] == reverse("workplace:mentor")
    client.logout()
    assert login(staff(m.cohort)).get(reverse("workplace:index"))["Location"] == reverse(
        "workplace:placements"
    )
    client.logout()
    assert login(PersonFactory()).get(reverse("workplace:logbook_own")).status_code == 404


def test_a_participant_without_an_idea_starts_one(login):
    m = mentee()
    m.idea.delete()
    client = login(m.participant)
    assert client.get(reverse("workplace:idea_own"))["Location"] == reverse("workplace:idea_new")
    bad = client.post(reverse("workplace:idea_new"), {"title": "", "category": "other"})
    assert bad.status_code == 400 and not ProjectIdea.objects.exists()
    good = client.post(
        reverse("workplace:idea_new"), {"title": "Seniors online", "category": "other", "goals": "Teach."}
    )
    idea = ProjectIdea.objects.get()
    assert (
        good["Location"] == reverse("workplace:idea", args=[idea.pk])
        and idea.status == ProjectIdea.Status.DRAFT
    )
    activity = client.post(
        reverse("workplace:activity_new", args=[idea.pk]),
        {"title": "Recruit seniors", "due": today().isoformat(), "owner": "", "status": "planned"},
    )
    assert activity.status_code == 302 and idea.activities.count() == 1
    late = client.post(
        reverse("workplace:activity_new", args=[idea.pk]),
        {"title": "Too late", "due": (m.cohort.end + dt.timedelta(days=1)).isoformat(), "status": "planned"},
    )
    assert late.status_code == 400 and idea.activities.count() == 1


def test_the_home_page_snippets_link_into_the_app(login, client):
    m = mentee()
    home = login(m.participant).get(reverse("home")).content.decode()
    assert reverse("workplace:logbook", args=[m.enrolment.pk]) in home
    client.logout()
    home = login(m.mentor).get(reverse("home")).content.decode()
    assert reverse("workplace:mentor") in home


def test_home_snippets_run_no_queries(django_assert_num_queries, rf):
    from django.template.loader import render_to_string

    from biblio.learning.models import Enrolment
    from biblio.learning.progress import progress_for

    m = mentee()
    enrolment = Enrolment.objects.select_related("programme", "cohort").get(pk=m.enrolment.pk)
    progress = progress_for([enrolment])[enrolment.pk]
    request = rf.get("/")
    with django_assert_num_queries(0):
        html = render_to_string(
            "workplace/_home_participant.html", {"enrolment": enrolment, "progress": progress}
        )
        html += render_to_string("workplace/_home_mentor.html", {"mentees": [object(), object()]})
        html += render_to_string("workplace/_home_staff.html", {"cohort": enrolment.cohort})
        html += render_to_string(
            "workplace/_nav.html",
            {
                "nav_roles": {
                    "participant": True,
                    "mentor": True,
                    "staff": True,
                    "coordinator": True,
                    "admin": False,
                }
            },
            request=request,
        )
    assert "You mentor 2 participants." in html
    assert reverse("workplace:placements") in html and reverse("workplace:logbook_own") in html


@pytest.mark.parametrize(
    "page", ["entry_edit", "idea_edit", "idea_complete", "activity_new", "activity_edit"]
)
def test_others_see_the_records_but_not_the_participants_forms(login, page):
    m = mentee()
    entry = m.entry()
    args = {"entry_edit": [entry.pk], "activity_edit": [m.activity.pk]}.get(page, [m.idea.pk])
    client = login(m.mentor)
    assert client.get(reverse(f"workplace:{page}", args=args)).status_code == 403
    assert client.post(reverse(f"workplace:{page}", args=args), {"title": "x"}).status_code == 403
    assert client.get(reverse("workplace:idea", args=[m.idea.pk])).status_code == 200
