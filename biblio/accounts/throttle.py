"""Throttled log-in: too many failures for one account, or from one network address, pause log-in.

Counted in the database (LoginFailure rows, shared by every app server), keyed by an HMAC of the
e-mail address or the network address so no address is stored. Numbers are settings
(BIBLIO_LOGIN_WINDOW_MINUTES, BIBLIO_LOGIN_FAILURES_PER_ACCOUNT / _PER_ADDRESS); while a limit is reached
the password is not even checked, so guessing on gets nowhere. A successful log-in clears the account's
failures, not the address's (or one valid account would let an attacker reset the address count).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Count, Min, Q
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext_lazy

from .models import LoginFailure

Scope = LoginFailure.Scope

LOGIN_THROTTLED = ngettext_lazy(
    "Too many failed log-in attempts. Wait %(minutes)d minute and try again, or reset your password.",
    "Too many failed log-in attempts. Wait %(minutes)d minutes and try again, or reset your password.",
    "minutes",
)
RESET_THROTTLED = ngettext_lazy(
    "Too many password reset requests from your network. Wait %(minutes)d minute and try again.",
    "Too many password reset requests from your network. Wait %(minutes)d minutes and try again.",
    "minutes",
)
CODE_THROTTLED = ngettext_lazy(
    "Too many wrong codes. Wait %(minutes)d minute and log in again.",
    "Too many wrong codes. Wait %(minutes)d minutes and log in again.",
    "minutes",
)


def window() -> timedelta:
    return timedelta(minutes=settings.BIBLIO_LOGIN_WINDOW_MINUTES)


def _limits() -> dict[str, int]:
    return {
        Scope.ACCOUNT: settings.BIBLIO_LOGIN_FAILURES_PER_ACCOUNT,
        Scope.ADDRESS: settings.BIBLIO_LOGIN_FAILURES_PER_ADDRESS,
        Scope.SECOND_FACTOR: settings.BIBLIO_LOGIN_FAILURES_PER_ACCOUNT,
        Scope.RESET: settings.BIBLIO_RESET_REQUESTS_PER_ADDRESS,
    }


def _key(scope: str, value: str) -> str:
    message = f"{scope}:{value.strip().lower()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def client_address(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or the entry a trusted proxy added to X-Forwarded-For
    (BIBLIO_PROXY_HOPS proxies). IPv6 addresses count per /64, as one home or office gets a /64."""
    if request is None:
        return ""
    raw = request.META.get("REMOTE_ADDR", "")
    hops = settings.BIBLIO_PROXY_HOPS
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if hops and len(forwarded) >= hops:
        raw = forwarded[-hops]
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _keys(request: HttpRequest | None, email: str | None, scopes: tuple[str, ...]) -> dict[str, str]:
    values = {
        Scope.ACCOUNT: email or "",
        Scope.SECOND_FACTOR: email or "",
        Scope.ADDRESS: client_address(request),
        Scope.RESET: client_address(request),
    }
    return {scope: _key(scope, values[scope]) for scope in scopes if values[scope]}


def minutes_left(request: HttpRequest | None, email: str | None, scopes: tuple[str, ...]) -> int:
    """0 when the person may try; else the minutes until the oldest counted failure ages out (1 query)."""
    keys = _keys(request, email, scopes)
    if not keys:
        return 0
    now = timezone.now()
    match = Q()
    for scope, key in keys.items():
        match |= Q(scope=scope, key=key)
    rows = (
        LoginFailure.objects.filter(match, at__gte=now - window())
        .values("scope")
        .annotate(n=Count("id"), first=Min("at"))
    )
    limits = _limits()
    waits = [
        math.ceil((row["first"] + window() - now).total_seconds() / 60)
        for row in rows
        if row["n"] >= limits[row["scope"]]
    ]
    return max([max(w, 1) for w in waits], default=0)


def record(request: HttpRequest | None, email: str | None, scopes: tuple[str, ...]) -> None:
    """Count one failure (or one request) in each scope."""
    now = timezone.now()
    LoginFailure.objects.bulk_create(
        [LoginFailure(scope=scope, key=key, at=now) for scope, key in _keys(request, email, scopes).items()]
    )


def clear(email: str, scopes: tuple[str, ...] = (Scope.ACCOUNT, Scope.SECOND_FACTOR)) -> None:
    """Forget an account's failures (after a successful log-in or a password reset)."""
    keys = _keys(None, email, scopes)
    match = Q(pk__in=[])
    for scope, key in keys.items():
        match |= Q(scope=scope, key=key)
    LoginFailure.objects.filter(match).delete()


def purge(now=None) -> int:
    """Delete rows older than the longest window in use (called by apply_retention)."""
    cutoff = (now or timezone.now()) - max(window(), timedelta(hours=1))
    return LoginFailure.objects.filter(at__lt=cutoff).delete()[0]


@receiver(user_login_failed, dispatch_uid="biblio-throttle-failed")
def _on_failure(sender, credentials, request=None, **kwargs):
    # Every way in counts: the log-in page, the admin's and any call to authenticate() with a request.
    email = credentials.get("username") or credentials.get("email") or ""
    if request is not None:
        record(request, email, (Scope.ACCOUNT, Scope.ADDRESS))


@receiver(user_logged_in, dispatch_uid="biblio-throttle-success")
def _on_success(sender, request, user, **kwargs):
    clear(user.email)
