"""The optional second factor for staff: enrol an authenticator app, check its codes, turn it off."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.core.errors import DomainError, NotFound

from . import totp
from .audit import audit
from .models import Person, TotpDevice
from .permissions import STAFF_ROLES, is_admin, roles_by_cohort

CODE_WRONG = _("That code is not right. Check the time on your phone and enter the current code.")
ALREADY_ON = _("Two-factor log-in is already on.")
NOT_STARTED = _("Start setting up two-factor log-in first.")
PASSWORD_WRONG = _("That is not your password.")


def may_use(person: Person) -> bool:
    """Offered to platform administrators and to trainers, moderators and coordinators."""
    if is_admin(person):
        return True
    return any(roles & STAFF_ROLES for roles in roles_by_cohort(person).values())


def device_of(person: Person) -> TotpDevice | None:
    return TotpDevice.objects.filter(person=person).first()


def is_enabled(person: Person) -> bool:
    return TotpDevice.objects.filter(person=person, confirmed_at__isnull=False).exists()


def qr_svg(device: TotpDevice, person: Person) -> str:
    """The enrolment QR code as inline SVG (no script, no style attribute: fine under our CSP)."""
    import segno

    uri = totp.provisioning_uri(device.secret, account=person.email, issuer=settings.BIBLIO_TOTP_ISSUER)
    return segno.make(uri, error="m").svg_inline(
        scale=5, border=2, title=str(_("QR code for your authenticator app"))
    )


@transaction.atomic
def totp_start(*, person: Person) -> TotpDevice:
    """A fresh secret to scan; replaces an unconfirmed one, refuses when two-factor is on."""
    if not may_use(person):
        raise NotFound(_("Not found."))
    device = TotpDevice.objects.select_for_update().filter(person=person).first()
    if device is not None and device.confirmed:
        raise DomainError(ALREADY_ON)
    if device is None:
        device = TotpDevice(person=person)
    device.secret, device.last_step, device.recovery_codes = totp.new_secret(), 0, []
    device.save()
    return device


@transaction.atomic
def totp_confirm(*, person: Person, code: str, moment: float | None = None) -> list[str]:
    """Turn two-factor on once the app shows a right code; returns the recovery codes (shown once)."""
    device = TotpDevice.objects.select_for_update().filter(person=person).first()
    if device is None:
        raise DomainError(NOT_STARTED)
    if device.confirmed:
        raise DomainError(ALREADY_ON)
    step = totp.match(device.secret, code, last_step=device.last_step, moment=moment)
    if step is None:
        raise DomainError(CODE_WRONG, fields={"code": [CODE_WRONG]})
    codes = totp.new_recovery_codes()
    device.confirmed_at, device.last_step = timezone.now(), step
    device.recovery_codes = [totp.hash_recovery_code(c) for c in codes]
    device.save()
    audit(actor=person, verb="person.two_factor_on", obj=person)
    return codes


@transaction.atomic
def totp_check(*, person: Person, code: str, moment: float | None = None) -> bool:
    """Is `code` a current authenticator code (used once) or an unused recovery code (then spent)?"""
    device = TotpDevice.objects.select_for_update().filter(person=person, confirmed_at__isnull=False).first()
    if device is None:
        return False
    step = totp.match(device.secret, code, last_step=device.last_step, moment=moment)
    if step is not None:
        device.last_step = step
        device.save(update_fields=["last_step"])
        return True
    hashed = totp.hash_recovery_code(code)
    if hashed in device.recovery_codes:
        device.recovery_codes = [h for h in device.recovery_codes if h != hashed]
        device.save(update_fields=["recovery_codes"])
        audit(
            actor=person,
            verb="person.recovery_code_used",
            obj=person,
            changes={"left": len(device.recovery_codes)},
        )
        return True
    return False


@transaction.atomic
def totp_recovery_codes_renew(*, person: Person, password: str) -> list[str]:
    """New recovery codes (the old ones stop working); asks for the password."""
    device = TotpDevice.objects.select_for_update().filter(person=person, confirmed_at__isnull=False).first()
    if device is None:
        raise DomainError(NOT_STARTED)
    if not person.check_password(password):
        raise DomainError(PASSWORD_WRONG, fields={"password": [PASSWORD_WRONG]})
    codes = totp.new_recovery_codes()
    device.recovery_codes = [totp.hash_recovery_code(c) for c in codes]
    device.save(update_fields=["recovery_codes"])
    audit(actor=person, verb="person.recovery_codes_renewed", obj=person)
    return codes


@transaction.atomic
def totp_disable(*, person: Person, password: str, actor: Person | None = None) -> None:
    """Turn two-factor off: the person with their password, or an administrator (lost phone)."""
    actor = actor or person
    if actor.pk == person.pk:
        if not person.check_password(password):
            raise DomainError(PASSWORD_WRONG, fields={"password": [PASSWORD_WRONG]})
    elif not is_admin(actor):
        raise NotFound(_("Not found."))
    deleted, _rows = TotpDevice.objects.filter(person=person).delete()
    if deleted:
        audit(actor=actor, verb="person.two_factor_off", obj=person)
