"""Programmes, their modules, learning outcomes and hour budgets; cohorts; organisations."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from biblio.core.i18n import TranslatableContent


class LearningMode(models.TextChoices):
    F2F = "f2f", _("Face-to-face seminars")
    ONLINE = "online", _("Online study and self-study")
    PROJECT = "project", _("Project-based learning")
    ASSESSMENT = "assessment", _("Assessment")
    WORK_BASED = "work_based", _("Work-based learning")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NATIONAL_LIBRARY = "national_library", _("National library")
        REGIONAL_LIBRARY = "regional_library", _("Regional library")
        MUNICIPAL_LIBRARY = "municipal_library", _("Municipal library")
        LIAISON_BODY = "liaison_body", _("Liaison body")
        TRAINING_PROVIDER = "training_provider", _("Training provider")
        UNIVERSITY = "university", _("University")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100)
    lat = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    lon = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("organisation")
        constraints = [
            models.CheckConstraint(condition=Q(lat__gte=-90, lat__lte=90), name="org_lat_range"),
            models.CheckConstraint(condition=Q(lon__gte=-180, lon__lte=180), name="org_lon_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"

    @property
    def is_library(self) -> bool:
        return self.kind.endswith("library")


class Programme(TranslatableContent):
    class Kind(models.TextChoices):
        MOOC = "mooc", _("MOOC")
        SPECIALISATION = "specialisation", _("Specialisation course")

    class Difficulty(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    profile = models.ForeignKey(
        "competences.RoleProfile",
        verbose_name=_("role profile"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    eqf_level = models.PositiveSmallIntegerField(_("EQF level"))
    ecvet_points = models.DecimalField(_("ECVET points"), max_digits=5, decimal_places=1, default=0)
    # Catalogue facets as the EU Digital Skills and Jobs Platform lists initiatives.
    geographic_area = models.CharField(_("geographic area"), max_length=100, blank=True)
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    difficulty = models.CharField(_("difficulty level"), max_length=20, choices=Difficulty, blank=True)
    target_group = models.CharField(_("target group"), max_length=100, blank=True)
    initiative_type = models.CharField(_("type of initiative"), max_length=100, blank=True)
    funding_type = models.CharField(_("type of funding"), max_length=100, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="programmes"
    )
    funder_note = models.TextField(_("funder acknowledgement"), blank=True)
    contract_number = models.CharField(_("contract number"), max_length=80, blank=True)
    published = models.BooleanField(_("published in the catalogue"), default=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("programme")
        constraints = [
            models.CheckConstraint(condition=Q(eqf_level__gte=1, eqf_level__lte=8), name="programme_eqf_1_8"),
            models.CheckConstraint(condition=Q(ecvet_points__gte=0), name="programme_ecvet_nonneg"),
        ]

    def __str__(self) -> str:
        return self.title


class HourBudget(models.Model):
    """How many hours of one learning mode a programme asks for."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budgets")
    mode = models.CharField(_("mode"), max_length=12, choices=LearningMode)
    hours = models.PositiveIntegerField(_("hours"))

    class Meta:
        ordering = ["programme", "mode"]
        verbose_name = _("hour budget")
        constraints = [
            models.UniqueConstraint(fields=["programme", "mode"], name="budget_one_per_mode"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="budget_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.mode} {self.hours} h"


class Module(TranslatableContent):
    class Kind(models.TextChoices):
        DIGITAL = "digital", _("Digital")
        TRANSVERSAL = "transversal", _("Transversal")
        PROJECT = "project", _("Project")
        ASSESSMENT = "assessment", _("Assessment")
        WORK_BASED = "work_based", _("Work-based")

    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    mode = models.CharField(_("mode its hours count toward"), max_length=12, choices=LearningMode)
    hours = models.PositiveIntegerField(_("study hours"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("module")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="module_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def tr_label(self) -> str:
        return f"{self.code} {self.tr('title')}"


class ProgrammeModule(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="programme_modules")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="programme_modules")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    mandatory = models.BooleanField(_("mandatory"), default=True)

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("module of a programme")
        constraints = [
            models.UniqueConstraint(fields=["programme", "module"], name="programme_module_once"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.module_id}"


class LearningOutcome(TranslatableContent):
    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge")
        SKILLS = "skills", _("Skills")
        AUTONOMY = "autonomy", _("Responsibility and autonomy")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    text = models.TextField(_("outcome"))
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("competence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["module", "order"]
        verbose_name = _("learning outcome")

    def __str__(self) -> str:
        return self.text[:60]


class Cohort(TranslatableContent):
    """One edition in one country. `programme` is the lead programme; `tracks` lists every programme
    offered in this edition (BIBLIO: the CECO and DIGY courses run as one national cohort). Each
    enrolment follows one track. The coordinator may give the name in several languages
    (`translations`, read with `tr("name")`)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    tracks = models.ManyToManyField(
        Programme, verbose_name=_("tracks offered"), blank=True, related_name="track_cohorts"
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    timezone = models.CharField(_("time zone"), max_length=60, default="Europe/Riga")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    wb_start = models.DateField(_("work-based learning from"), null=True, blank=True)
    wb_end = models.DateField(_("work-based learning until"), null=True, blank=True)
    places = models.PositiveIntegerField(_("places"), default=25)
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    call_open = models.BooleanField(_("call for applications open"), default=False)

    label_field = "name"

    class Meta:
        ordering = ["-start", "country"]
        verbose_name = _("cohort")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="cohort_end_after_start"),
            models.CheckConstraint(
                condition=Q(wb_start__isnull=True) | Q(wb_end__isnull=True) | Q(wb_end__gt=F("wb_start")),
                name="cohort_wb_end_after_start",
            ),
            models.CheckConstraint(condition=Q(places__gt=0), name="cohort_places_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def expected_share(self, today: date) -> float:
        """Share of the course's calendar elapsed on `today`, for 'where should they be by now'."""
        if today <= self.start:
            return 0.0
        if today >= self.end:
            return 1.0
        return (today - self.start).days / max((self.end - self.start).days, 1)
