"""Applications, enrolments, sessions and attendance, hour entries and recognised prior learning."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from biblio.programmes.models import LearningMode

MAX_MINUTES_PER_DAY = 12 * 60


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    cohort = models.ForeignKey("programmes.Cohort", on_delete=models.CASCADE, related_name="applications")
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("track"), on_delete=models.PROTECT, related_name="applications"
    )
    motivation = models.TextField(_("motivation"))
    host = models.ForeignKey(
        "programmes.Organisation",
        verbose_name=_("host library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    proposed_host = models.CharField(_("proposed host library"), max_length=200, blank=True)
    host_agreed = models.BooleanField(_("the host library has agreed"), default=False)
    project_idea = models.TextField(_("first project idea"), blank=True)
    idea_rating = models.PositiveSmallIntegerField(_("project idea quality (0–5)"), null=True, blank=True)
    idea_rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.SUBMITTED)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        ordering = ["cohort", "-created_at"]
        verbose_name = _("application")
        constraints = [
            models.UniqueConstraint(fields=["person", "cohort"], name="application_once_per_cohort"),
            models.CheckConstraint(
                condition=Q(idea_rating__isnull=True) | Q(idea_rating__lte=5), name="application_rating_0_5"
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self) -> str:
        return f"{self.person} → {self.cohort}"


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    cohort = models.ForeignKey("programmes.Cohort", on_delete=models.PROTECT, related_name="enrolments")
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("track"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["cohort", "person__full_name"]
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(fields=["person", "cohort"], name="enrolment_once_per_cohort"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="enrolment_completed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self) -> str:
        return f"{self.person} in {self.cohort}"


class Session(models.Model):
    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Face-to-face seminar")
        WEBINAR = "webinar", _("Webinar")

    cohort = models.ForeignKey("programmes.Cohort", on_delete=models.CASCADE, related_name="sessions")
    module = models.ForeignKey(
        "programmes.Module", null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    mode = models.CharField(_("mode credited"), max_length=12, choices=LearningMode)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions_led",
    )

    class Meta:
        ordering = ["start"]
        verbose_name = _("session")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="session_end_after_start"),
        ]
        indexes = [models.Index(fields=["cohort", "start"])]

    def __str__(self) -> str:
        return f"{self.title} {self.start:%Y-%m-%d}"

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class Attendance(models.Model):
    """Presence at a session credits its hours to its mode; deleting the row removes them."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    minutes = models.PositiveIntegerField(_("minutes credited"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once"),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="attendance_minutes_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}"


class HourEntry(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="hour_entries")
    mode = models.CharField(_("mode"), max_length=12, choices=LearningMode)
    module = models.ForeignKey(
        "programmes.Module",
        verbose_name=_("module"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hour_entries",
    )
    activity = models.ForeignKey(
        "workplace.ProjectActivity",
        verbose_name=_("project activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hour_entries",
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("duration (minutes)"))
    note = models.TextField(_("what you did"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="evidence/%Y/%m/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("hour entry")
        verbose_name_plural = _("hour entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0, minutes__lte=MAX_MINUTES_PER_DAY), name="entry_minutes_1_720"
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(reviewed_at__isnull=False),
                name="entry_reviewed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["enrolment", "status", "mode"]),
            models.Index(fields=["status", "mode"]),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.date} {self.minutes} min {self.mode}"


class HourTotal(models.Model):
    """An enrolment's hours in one learning mode, summed: entries by status, attendance and recognised
    prior learning. Kept by database triggers on every write to the rows it sums (see totals.py), so
    it holds for services, bulk writes, the admin and raw SQL alike; never written by the application.
    `manage.py rebuild_totals` recomputes it from scratch."""

    # The database deletes the rows with the enrolment (a trigger); the unique (enrolment, mode)
    # index serves every lookup by enrolment.
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.DO_NOTHING, related_name="hour_totals", db_index=False
    )
    mode = models.CharField(_("mode"), max_length=12, choices=LearningMode)
    approved_minutes = models.IntegerField(default=0)
    approved_entries = models.IntegerField(default=0)
    submitted_minutes = models.IntegerField(default=0)
    submitted_entries = models.IntegerField(default=0)
    rejected_minutes = models.IntegerField(default=0)
    rejected_entries = models.IntegerField(default=0)
    attended_minutes = models.IntegerField(default=0)  # attendance at the mode's sessions
    recognised_minutes = models.IntegerField(default=0)  # approved exemptions of the mode's modules
    oldest_waiting = models.DateTimeField(null=True, blank=True)  # oldest submitted entry's created_at

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "mode"], name="hourtotal_once_per_mode"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.mode}"

    @property
    def credited_minutes(self) -> int:
        return self.approved_minutes + self.attended_minutes + self.recognised_minutes


class Exemption(models.Model):
    """Recognition of prior learning: a module skipped on evidence of equal study hours."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="exemptions")
    module = models.ForeignKey("programmes.Module", on_delete=models.PROTECT, related_name="exemptions")
    reason = models.TextField(_("prior learning"))
    evidence = models.FileField(_("certificate or diploma"), upload_to="exemptions/%Y/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.REQUESTED)
    recognised_minutes = models.PositiveIntegerField(_("recognised minutes"), default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exemption")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="exemption_once_per_module"),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(recognised_minutes__gt=0),
                name="exemption_approved_recognises_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} skips {self.module_id}"


class Material(models.Model):
    """A file or link a trainer attaches to a module for one cohort, with an estimated study time."""

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Link")

    cohort = models.ForeignKey("programmes.Cohort", on_delete=models.CASCADE, related_name="materials")
    module = models.ForeignKey(
        "programmes.Module", verbose_name=_("module"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind)
    file = models.FileField(_("file"), upload_to="materials/%Y/", blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    minutes = models.PositiveIntegerField(_("estimated study time (minutes)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["module", "order", "id"]
        verbose_name = _("material")
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="material_minutes_positive"),
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file="") & Q(url=""))
                | (Q(kind="link") & Q(file="") & ~Q(url="")),
                name="material_file_or_link",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "module", "order"])]

    def __str__(self) -> str:
        return self.title
