"""Work-based learning: placements with a host library and a mentor; project ideas and their plans."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Placement(models.Model):
    enrolment = models.OneToOneField("learning.Enrolment", on_delete=models.CASCADE, related_name="placement")
    host = models.ForeignKey(
        "programmes.Organisation",
        verbose_name=_("host library"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentee_placements",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    planned_hours = models.DecimalField(
        _("planned hours"), max_digits=6, decimal_places=1, default=Decimal("165")
    )
    signed_off_at = models.DateTimeField(_("signed off by the mentor"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("placement")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="placement_end_after_start"),
            models.CheckConstraint(condition=Q(planned_hours__gt=0), name="placement_hours_positive"),
        ]
        indexes = [models.Index(fields=["mentor"])]

    def __str__(self) -> str:
        return f"{self.enrolment_id} at {self.host_id}"


class ProjectIdea(models.Model):
    class Category(models.TextChoices):
        DIGITAL_STRATEGY = "digital_strategy", _("Digital development and security strategy")
        DIGITISATION = "digitisation", _("Digitisation of research material and making it public")
        WEBSITE = "website", _("The library's website and publicity")
        SOCIAL_MEDIA = "social_media", _("Social-media marketing strategy")
        CALENDAR = "calendar", _("Digital calendar and collaboration")
        TIME_MANAGEMENT = "time_management", _("Time-management plan")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned with feedback")
        APPROVED = "approved", _("Approved")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    enrolment = models.OneToOneField(
        "learning.Enrolment", on_delete=models.CASCADE, related_name="project_idea"
    )
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    goals = models.TextField(_("goals"), blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    feedback = models.TextField(_("trainer's feedback"), blank=True)
    outcome_report = models.TextField(_("outcome report"), blank=True)
    in_practice = models.BooleanField(_("the project went into practice"), default=False)
    published = models.BooleanField(_("publish the title on the public map (I consent)"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project idea")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title


class ProjectActivity(models.Model):
    """A milestone in the plan of activities."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    idea = models.ForeignKey(ProjectIdea, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=200)
    due = models.DateField(_("due"))
    owner = models.CharField(_("owner"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PLANNED)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["idea", "due", "order"]
        verbose_name = _("project activity")
        verbose_name_plural = _("project activities")

    def __str__(self) -> str:
        return self.title


class ProjectComment(models.Model):
    idea = models.ForeignKey(ProjectIdea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("project comment")

    def __str__(self) -> str:
        return self.text[:40]


class MentorAssignment(models.Model):
    """One mentor's spell on a placement: a change of mentor closes the open row and opens a new one."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="mentor_history")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("from"), default=timezone.now)
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    note = models.CharField(_("reason for the change"), max_length=300, blank=True)

    class Meta:
        ordering = ["placement", "started_at", "id"]
        verbose_name = _("mentor assignment")
        constraints = [
            models.UniqueConstraint(
                fields=["placement"], condition=Q(ended_at__isnull=True), name="mentor_assignment_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="mentor_assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id}: {self.mentor_id}"


class FinalEvaluation(models.Model):
    """The mentor's closing evaluation of a placement; submitting it signs off the work-based learning."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="evaluation")
    narrative = models.TextField(_("narrative"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("final evaluation")
        constraints = [
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(narrative=""),
                name="evaluation_submitted_has_narrative",
            ),
        ]

    def __str__(self) -> str:
        return f"evaluation of {self.placement_id}"


class ObservedCompetence(models.Model):
    """A competence of the participant's profile the mentor saw in practice, at a level."""

    evaluation = models.ForeignKey(FinalEvaluation, on_delete=models.CASCADE, related_name="observations")
    competence = models.ForeignKey("competences.Competence", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level observed"))

    class Meta:
        ordering = ["evaluation", "competence__framework", "competence__order", "competence__code"]
        verbose_name = _("observed competence")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "competence"], name="observation_once"),
            models.CheckConstraint(condition=Q(level__gte=1), name="observation_level_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.competence_id} @ {self.level}"


def _attachment_path(instance: ProjectAttachment, filename: str) -> str:
    # The stored name is ours (a random token): the original name is kept in `name` for display only.
    return f"projects/{instance.idea_id}/{filename}"


class ProjectAttachment(models.Model):
    """A file of the outcome report: content-checked on upload, served only to those who may see the idea."""

    idea = models.ForeignKey(ProjectIdea, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["idea", "uploaded_at", "id"]
        verbose_name = _("project attachment")

    def __str__(self) -> str:
        return self.name


class MentorReminder(models.Model):
    """A reminder e-mail sent to a mentor about entries waiting for sign-off (so it is not sent daily)."""

    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    waiting = models.PositiveIntegerField(_("entries waiting"))

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("mentor reminder")
        indexes = [models.Index(fields=["mentor", "-sent_at"])]

    def __str__(self) -> str:
        return f"{self.mentor_id} {self.sent_at:%Y-%m-%d}"
