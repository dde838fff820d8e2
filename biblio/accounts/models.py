"""People, their roles per cohort, personal API tokens and the audit trail."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> Person:
        if not email:
            raise ValueError("An e-mail address is required.")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_user(self, email: str, password: str | None = None, **fields) -> Person:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> Person:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username: str) -> Person:
        return self.get(email__iexact=username)


class Person(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in. Logs in by e-mail; platform administrators are staff."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    organisation = models.ForeignKey(
        "programmes.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    consent_public = models.BooleanField(
        _("show my name with my published project on the public map"), default=False
    )
    calendar_token = models.CharField(max_length=64, blank=True, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("platform administrator"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="person_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    MENTOR = "mentor", _("Mentor")
    TRAINER = "trainer", _("Trainer")
    MODERATOR = "moderator", _("Moderator")
    COORDINATOR = "coordinator", _("Coordinator")


class Membership(models.Model):
    """A role a person holds in one cohort. Access is always decided per cohort."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    cohort = models.ForeignKey("programmes.Cohort", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        ordering = ["cohort", "role", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "cohort", "role"], name="membership_one_per_person_cohort_role"
            ),
        ]
        indexes = [models.Index(fields=["cohort", "role"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.cohort_id}"


class ApiToken(models.Model):
    """A personal token for integrations. Only a SHA-256 of the secret is stored."""

    PREFIX = "bib_"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    key_prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def hash_key(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def new_secret(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class AuditEventQuerySet(models.QuerySet):
    """Bulk changes are refused like single ones: the trail is edited by no page, form or API call.

    Two narrow doors stay open, used only by `biblio.core.privacy`: `purge_before` (the retention period,
    BIBLIO_RETENTION_DAYS_AUDIT) and `redact` (erasure of a person's data at their request)."""

    def update(self, **kwargs):
        raise ValueError("Audit events are append-only.")

    def delete(self):
        raise ValueError("Audit events are append-only.")

    def purge_before(self, moment) -> int:
        """Delete the events older than `moment` (retention); returns how many."""
        return models.QuerySet.delete(self.filter(at__lt=moment))[0]

    def redact(self, **values) -> int:
        """Overwrite personal data in these events (erasure); returns how many."""
        return models.QuerySet.update(self, **values)


class AuditEvent(models.Model):
    """Who did what to which object, when, with the values before and after. Append-only."""

    actor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    verb = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    cohort = models.ForeignKey(
        "programmes.Cohort", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        indexes = [
            models.Index(fields=["cohort", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.verb} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.pop("_allow_update", False):
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")


class LoginFailure(models.Model):
    """One failed log-in (or reset request, or wrong second-factor code), for throttling.

    `key` is a keyed hash of the e-mail address or network address, never the value itself; rows older
    than the throttling window are deleted by `manage.py apply_retention`."""

    class Scope(models.TextChoices):
        ACCOUNT = "account", _("account")
        ADDRESS = "address", _("network address")
        SECOND_FACTOR = "totp", _("second factor")
        RESET = "reset", _("password reset request")

    scope = models.CharField(max_length=8, choices=Scope)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("failed log-in")
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.at:%Y-%m-%d %H:%M}"


class TotpDevice(models.Model):
    """A person's authenticator app (RFC 6238 TOTP): the shared secret, the last time step used (so a
    code works once) and one-time recovery codes (only their SHA-256 is kept)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)  # base32
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_step = models.BigIntegerField(default=0)
    recovery_codes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("two-factor device")

    def __str__(self) -> str:
        return f"TOTP for {self.person_id}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class ErasureRequest(models.Model):
    """A person's request to erase their personal data: carried out by an administrator, or by
    `manage.py apply_retention` once the grace period (BIBLIO_ERASURE_GRACE_DAYS) has passed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Carried out")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="erasure_requests")
    reason = models.TextField(_("reason (optional)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    due_at = models.DateTimeField(_("carried out after"))
    done_at = models.DateTimeField(_("carried out"), null=True, blank=True)
    done_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.JSONField(_("what was erased"), default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("erasure request")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(status="pending"), name="erasure_one_pending"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_at__isnull=False),
                name="erasure_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"erasure {self.person_id} {self.status}"
