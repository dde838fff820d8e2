"""Project ideas: the lifecycle, the plan of activities, comments and attachments."""

from __future__ import annotations

import datetime as dt

import pytest

from biblio.accounts.models import AuditEvent, Role
from biblio.core.errors import DomainError, PermissionDenied
from biblio.workplace.models import ProjectActivity, ProjectAttachment, ProjectComment, ProjectIdea
from biblio.workplace.policy import DENIED
from biblio.workplace.services import plan, projects
from biblio.workplace.uploads import FILE_MISMATCH
from tests.factories import EnrolmentFactory, ProjectActivityFactory, ProjectIdeaFactory, staff
from tests.workplace.factories import PDF, mentee, today, upload

pytestmark = pytest.mark.django_db
S = ProjectIdea.Status


def test_the_whole_lifecycle():
    enrolment = EnrolmentFactory()
    person, trainer = enrolment.person, staff(enrolment.cohort, Role.TRAINER)
    idea = projects.project_idea_create(
        actor=person,
        enrolment=enrolment,
        title="Reading club on Instagram",
        category="social_media",
        goals="Reach teenagers.",
    )
    plan.activity_save(actor=person, idea=idea, title="Survey readers", due=today())
    idea = projects.project_idea_submit(actor=person, idea=idea)
    idea = projects.project_idea_review(actor=trainer, idea=idea, approve=False, feedback="Who exactly?")
    assert (idea.status, idea.feedback) == (S.RETURNED, "Who exactly?")
    idea = projects.project_idea_edit(
        actor=person,
        idea=idea,
        title=idea.title,
        category=idea.category,
        goals="Reach teenagers of Cēsis.",
        description="",
    )
    idea = projects.project_idea_submit(actor=person, idea=idea)
    idea = projects.project_idea_review(actor=trainer, idea=idea, approve=True)
    assert (idea.status, idea.reviewed_by_id) == (S.APPROVED, trainer.pk)
    idea = projects.project_idea_start(actor=person, idea=idea)
    idea = projects.project_idea_complete(
        actor=person, idea=idea, outcome_report="Done well.", in_practice=True
    )
    idea.refresh_from_db()
    assert (idea.status, idea.in_practice, idea.completed_at is not None) == (S.COMPLETED, True, True)
    verbs = list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "project.created",
        "activity.added",
        "project.submitted",
        "project.returned",
        "project.edited",
        "project.submitted",
        "project.approved",
        "project.started",
        "project.completed",
    ]


def test_submitting_needs_goals_and_a_plan():
    idea = ProjectIdeaFactory(goals="")
    with pytest.raises(DomainError) as caught:
        projects.project_idea_submit(actor=idea.enrolment.person, idea=idea)
    assert caught.value.fields == {
        "goals": [str(projects.GOALS_REQUIRED)],
        "__all__": [str(projects.PLAN_REQUIRED)],
    }
    idea.refresh_from_db()
    assert idea.status == S.DRAFT


@pytest.mark.parametrize("status", [S.SUBMITTED, S.APPROVED, S.IN_PROGRESS, S.COMPLETED])
def test_content_is_locked_once_submitted(status):
    idea = ProjectIdeaFactory(status=status)
    with pytest.raises(DomainError) as caught:
        projects.project_idea_edit(
            actor=idea.enrolment.person, idea=idea, title="New", category="other", goals="", description=""
        )
    assert caught.value.message == str(projects.NOT_EDITABLE)


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (projects.project_idea_start, S.SUBMITTED),
        (projects.project_idea_withdraw, S.APPROVED),
        (projects.project_idea_submit, S.IN_PROGRESS),
    ],
)
def test_moves_from_the_wrong_status_are_refused(service, status):
    idea = ProjectIdeaFactory(status=status)
    with pytest.raises(DomainError) as caught:
        service(actor=idea.enrolment.person, idea=idea)
    assert caught.value.message == str(projects.WRONG_STATUS % {"status": idea.get_status_display()})


def test_returning_needs_feedback_and_completing_needs_a_report():
    idea = ProjectIdeaFactory(status=S.SUBMITTED)
    with pytest.raises(DomainError) as caught:
        projects.project_idea_review(
            actor=staff(idea.enrolment.cohort, Role.TRAINER), idea=idea, approve=False
        )
    assert caught.value.fields == {"feedback": [str(projects.FEEDBACK_REQUIRED)]}
    started = ProjectIdeaFactory(status=S.IN_PROGRESS)
    with pytest.raises(DomainError) as caught:
        projects.project_idea_complete(
            actor=started.enrolment.person, idea=started, outcome_report=" ", in_practice=False
        )
    assert caught.value.fields == {"outcome_report": [str(projects.REPORT_REQUIRED)]}


def test_one_idea_per_enrolment_and_a_known_category():
    idea = ProjectIdeaFactory()
    with pytest.raises(DomainError) as caught:
        projects.project_idea_create(
            actor=idea.enrolment.person, enrolment=idea.enrolment, title="x", category="other"
        )
    assert caught.value.message == str(projects.IDEA_EXISTS)
    enrolment = EnrolmentFactory()
    with pytest.raises(DomainError) as caught:
        projects.project_idea_create(
            actor=enrolment.person, enrolment=enrolment, title=" ", category="astrology"
        )
    assert caught.value.fields == {
        "title": [str(projects.TITLE_REQUIRED)],
        "category": [str(projects.CATEGORY_INVALID)],
    }


@pytest.mark.parametrize(
    ("role", "same_cohort", "allowed"),
    [
        (Role.TRAINER, True, True),
        (Role.MODERATOR, True, True),
        (Role.COORDINATOR, True, True),
        (Role.TRAINER, False, False),
        (Role.MENTOR, True, False),
        (Role.PARTICIPANT, True, False),
    ],
)
def test_who_reviews(role, same_cohort, allowed):
    idea = ProjectIdeaFactory(status=S.SUBMITTED)
    actor = staff(idea.enrolment.cohort if same_cohort else EnrolmentFactory().cohort, role)
    if allowed:
        assert projects.project_idea_review(actor=actor, idea=idea, approve=True).status == S.APPROVED
    else:
        with pytest.raises(PermissionDenied):
            projects.project_idea_review(actor=actor, idea=idea, approve=True)


def test_publishing_needs_approval_and_is_the_participants_choice():
    idea = ProjectIdeaFactory(status=S.RETURNED)
    with pytest.raises(DomainError) as caught:
        projects.project_idea_publish(actor=idea.enrolment.person, idea=idea, published=True)
    assert caught.value.message == str(projects.PUBLISH_NOT_APPROVED)
    approved = ProjectIdeaFactory(status=S.APPROVED)
    with pytest.raises(PermissionDenied):
        projects.project_idea_publish(actor=staff(approved.enrolment.cohort), idea=approved, published=True)
    assert projects.project_idea_publish(
        actor=approved.enrolment.person, idea=approved, published=True
    ).published


def test_activities_stay_inside_the_course_and_keep_their_hours():
    m = mentee()
    with pytest.raises(DomainError) as caught:
        plan.activity_save(
            actor=m.participant, idea=m.idea, title="Later", due=m.cohort.end + dt.timedelta(days=1)
        )
    assert caught.value.fields["due"] == [
        str(plan.DUE_OUTSIDE_COURSE % {"start": m.cohort.start.isoformat(), "end": m.cohort.end.isoformat()})
    ]
    m.entry()
    with pytest.raises(DomainError) as caught:
        plan.activity_delete(actor=m.participant, activity=m.activity)
    assert caught.value.message == str(plan.ACTIVITY_HAS_HOURS)
    spare = ProjectActivityFactory(idea=m.idea)
    plan.activity_delete(actor=m.participant, activity=spare)
    assert not ProjectActivity.objects.filter(pk=spare.pk).exists()


def test_the_plan_is_locked_under_review_and_when_completed():
    idea = ProjectIdeaFactory(status=S.SUBMITTED)
    with pytest.raises(DomainError) as caught:
        plan.activity_save(actor=idea.enrolment.person, idea=idea, title="x", due=today())
    assert caught.value.message == str(plan.PLAN_LOCKED % {"status": idea.get_status_display()})


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("mentor", True),
        ("trainer", True),
        ("moderator", True),
        ("participant", True),
        ("other mentor", False),
        ("other participant", False),
        ("trainer elsewhere", False),
    ],
)
def test_who_comments(who, allowed):
    m = mentee()
    actor = {
        "mentor": lambda: m.mentor,
        "participant": lambda: m.participant,
        "trainer": lambda: staff(m.cohort, Role.TRAINER),
        "moderator": lambda: staff(m.cohort, Role.MODERATOR),
        "other mentor": lambda: mentee(cohort=m.cohort).mentor,
        "other participant": lambda: mentee(cohort=m.cohort).participant,
        "trainer elsewhere": lambda: staff(mentee().cohort, Role.TRAINER),
    }[who]()
    if allowed:
        assert plan.comment_add(actor=actor, idea=m.idea, text="Good start.").author_id == actor.pk
    else:
        with pytest.raises(PermissionDenied) as caught:
            plan.comment_add(actor=actor, idea=m.idea, text="Good start.")
        assert caught.value.message == str(DENIED["comment_project"])
        assert not ProjectComment.objects.exists()


def test_an_empty_comment_is_refused():
    m = mentee()
    with pytest.raises(DomainError) as caught:
        plan.comment_add(actor=m.mentor, idea=m.idea, text="  ")
    assert caught.value.fields == {"text": [str(plan.COMMENT_EMPTY)]}


def test_attachments_are_checked_stored_under_our_name_and_removable(django_capture_on_commit_callbacks):
    m = mentee()
    attachment = plan.attachment_add(
        actor=m.participant, idea=m.idea, upload=upload("../../Report 2026.pdf", PDF)
    )
    assert attachment.name == "Report 2026.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.startswith(f"projects/{m.idea.pk}/") and "Report" not in attachment.file.name
    with pytest.raises(DomainError) as caught:
        plan.attachment_add(
            actor=m.participant, idea=m.idea, upload=upload("report.pdf", b"MZ\x90\x00 not a pdf")
        )
    assert caught.value.fields == {"file": [str(FILE_MISMATCH % {"ext": "pdf"})]}
    with pytest.raises(PermissionDenied):
        plan.attachment_add(actor=m.mentor, idea=m.idea, upload=upload("report.pdf", PDF))
    stored = attachment.file.name
    storage = attachment.file.storage
    assert storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        plan.attachment_delete(actor=m.participant, attachment=attachment)
    assert not ProjectAttachment.objects.exists()
    assert not storage.exists(stored)


def test_attachments_only_while_the_project_runs():
    idea = ProjectIdeaFactory(status=S.DRAFT)
    with pytest.raises(DomainError) as caught:
        plan.attachment_add(actor=idea.enrolment.person, idea=idea, upload=upload("report.pdf", PDF))
    assert caught.value.message == str(plan.ATTACH_WRONG_STATUS)
