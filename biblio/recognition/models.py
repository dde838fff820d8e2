"""Assessments per module and the credentials issued on completion."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Assessment(models.Model):
    class Method(models.TextChoices):
        PRESENTATION = "presentation", _("Project presentation")
        PORTFOLIO = "portfolio", _("Portfolio")
        TEST = "test", _("Test score")
        OBSERVATION = "observation", _("Observation")

    class Result(models.TextChoices):
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Fail")

    enrolment = models.ForeignKey("learning.Enrolment", on_delete=models.CASCADE, related_name="assessments")
    module = models.ForeignKey("programmes.Module", on_delete=models.PROTECT, related_name="assessments")
    method = models.CharField(_("method"), max_length=12, choices=Method)
    result = models.CharField(_("result"), max_length=4, choices=Result)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField(_("date"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["enrolment", "module", "-date"]
        verbose_name = _("assessment")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="assessment_score_0_100",
            ),
        ]
        indexes = [models.Index(fields=["enrolment", "module"])]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.module_id} {self.result}"


class Credential(models.Model):
    """A certificate: its number, the PDFs and the signed Open Badges 3.0 credential, fixed at issue time.

    `public_id` names it in public URLs (the verify link, the credential's `urn:uuid:` id) so numbers
    cannot be enumerated; `status_index` is its bit in the published revocation status list."""

    enrolment = models.ForeignKey("learning.Enrolment", on_delete=models.PROTECT, related_name="credentials")
    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    status_index = models.PositiveIntegerField(
        _("index in the status list"), unique=True, null=True, blank=True
    )
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ecvet_points = models.DecimalField(_("ECVET points"), max_digits=5, decimal_places=1)
    language = models.CharField(_("language"), max_length=8, default="en")
    pdf = models.FileField(_("certificate (PDF)"), upload_to="credentials/", blank=True)
    transcript_pdf = models.FileField(_("transcript (PDF)"), upload_to="credentials/", blank=True)
    signed_json = models.JSONField(_("signed Open Badges 3.0 credential"), default=dict, blank=True)
    key_id = models.CharField(_("signing key"), max_length=100, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("credential")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="credential_revocation_has_reason",
            ),
            # At most one certificate in force per enrolment; a revoked one may be followed by a new one.
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(revoked_at__isnull=True),
                name="credential_one_active_per_enrolment",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class NumberSequence(models.Model):
    """A named counter handed out under a row lock: certificate numbers per cohort and year, status-list
    indexes. `last` is the last value given out."""

    name = models.CharField(max_length=80, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")

    def __str__(self) -> str:
        return f"{self.name}={self.last}"
