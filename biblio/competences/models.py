"""Competence frameworks (versioned), role profiles and self-assessments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biblio.core.i18n import TranslatableContent


class CompetenceFramework(models.Model):
    """One version of a framework. A new version is a new row: past assessments keep theirs."""

    slug = models.SlugField(_("slug"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    version = models.CharField(_("version"), max_length=20)
    title = models.CharField(_("title"), max_length=200, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    unverified_titles = models.BooleanField(_("titles not verified against the standard"), default=False)
    is_current = models.BooleanField(_("current version"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    # What another system's format carries that Biblio does not use (Moodle's scale configuration,
    # taxonomy…), kept so an export gives back what an import took in.
    interop = models.JSONField(_("interchange details"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("competence framework")
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_slug_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class ProficiencyLevel(TranslatableContent):
    framework = models.ForeignKey(CompetenceFramework, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=100)
    group = models.CharField(_("group"), max_length=100, blank=True)
    descriptor = models.TextField(_("descriptor"), blank=True)

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("proficiency level")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="level_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="level_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def tr_label(self) -> str:
        return f"{self.code} {self.tr('title')}"


class Competence(TranslatableContent):
    """A competence or an area (areas have no parent and `is_area` set)."""

    framework = models.ForeignKey(CompetenceFramework, on_delete=models.CASCADE, related_name="competences")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("code"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_area = models.BooleanField(_("area"), default=False)
    level_descriptors = models.JSONField(_("level descriptors"), default=dict, blank=True)
    order = models.PositiveIntegerField(default=0)
    related = models.ManyToManyField(
        "self", verbose_name=_("cross-referenced competences"), symmetrical=False, blank=True
    )
    interop = models.JSONField(_("interchange details"), default=dict, blank=True)

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("competence")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="competence_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def tr_label(self) -> str:
        return f"{self.code} {self.tr('title')}"


class RoleProfile(TranslatableContent):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("role profile")

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def tr_label(self) -> str:
        return f"{self.code} — {self.tr('title')}"


class ProfileRequirement(models.Model):
    profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="requirements")
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="requirements")
    target_level = models.PositiveSmallIntegerField(_("target level"))
    rationale = models.CharField(_("why this level"), max_length=300, blank=True)

    class Meta:
        ordering = ["profile", "competence__framework", "competence__order"]
        verbose_name = _("profile requirement")
        constraints = [
            models.UniqueConstraint(fields=["profile", "competence"], name="requirement_once"),
            models.CheckConstraint(condition=Q(target_level__gte=1), name="requirement_level_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.competence_id} ≥ {self.target_level}"


class SelfAssessment(models.Model):
    class Moment(models.TextChoices):
        PRE = "pre", _("Before the course")
        POST = "post", _("After the course")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_assessments"
    )
    profile = models.ForeignKey(RoleProfile, on_delete=models.PROTECT, related_name="self_assessments")
    moment = models.CharField(_("moment"), max_length=4, choices=Moment)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["person", "profile", "moment"]
        verbose_name = _("self-assessment")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "profile", "moment"], name="self_assessment_once_per_moment"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="self_assessment_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.profile_id} {self.moment}"


class SelfRating(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="ratings")
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"))

    class Meta:
        verbose_name = _("self-rating")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "competence"], name="rating_once"),
            models.CheckConstraint(condition=Q(level__gte=0), name="rating_level_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.competence_id}={self.level}"


class LearningPathAdjustment(models.Model):
    """A trainer's change to one participant's computed learning path; kept until removed, audited."""

    class Kind(models.TextChoices):
        RECOMMEND = "recommend", _("Recommend first among the electives")
        SKIP = "skip", _("Leave out of the path")

    enrolment = models.ForeignKey(
        "learning.Enrolment", on_delete=models.CASCADE, related_name="path_adjustments"
    )
    module = models.ForeignKey("programmes.Module", on_delete=models.CASCADE, related_name="path_adjustments")
    kind = models.CharField(_("adjustment"), max_length=10, choices=Kind)
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enrolment", "module__code"]
        verbose_name = _("learning path adjustment")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="path_adjustment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.module_id}: {self.kind}"
