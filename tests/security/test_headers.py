"""Security headers on every response, and templates that need no 'unsafe-inline' in the CSP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PersonFactory

ROOT = Path(__file__).resolve().parents[2] / "biblio"
TEMPLATES = sorted(p for p in ROOT.rglob("templates/**/*.html"))

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.I)


def test_the_policy_allows_no_inline_code_and_no_other_origin():
    policy = settings.CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["default-src"] == "'self'"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_script_style_or_handlers(path):
    text = path.read_text(encoding="utf-8")
    problems = [
        name
        for name, pattern in [
            ("inline <script>", INLINE_SCRIPT),
            ("style= attribute", STYLE_ATTRIBUTE),
            ("<style> element", STYLE_ELEMENT),
            ("on…= event handler", EVENT_HANDLER),
            ("javascript: URL", JS_URL),
        ]
        if pattern.search(text)
    ]
    assert not problems, f"{path.relative_to(ROOT)}: {', '.join(problems)} (blocked by the CSP)"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "person", "admin"])
def test_every_response_carries_the_headers(client, who):
    if who != "anonymous":
        client.force_login(PersonFactory(is_staff=who == "admin", is_superuser=who == "admin"))
    paths = [reverse("catalogue"), "/api/v1/programmes", "/does-not-exist/"]
    if who == "anonymous":
        paths += [reverse("login"), reverse("password_reset")]
    else:
        paths += [reverse("profile"), reverse("my_data")]
    if who == "admin":
        paths += ["/admin/", "/admin/accounts/person/", reverse("audit_log")]
    for path in paths:
        response = client.get(path)
        assert response.status_code in {200, 404}, path
        headers = response.headers
        assert headers["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY, path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["X-Frame-Options"] == "DENY", path
        assert headers["Referrer-Policy"] == "same-origin", path
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", path
        assert "geolocation=()" in headers["Permissions-Policy"], path
        if who != "anonymous":
            assert "no-store" in headers["Cache-Control"], path


def test_production_cookies_and_transport(tmp_path):
    """The production branch of settings (DEBUG off, not testing) sets secure cookies and HSTS."""
    import subprocess
    import sys

    code = (
        "import os, django; "
        "os.environ['DJANGO_SETTINGS_MODULE']='biblio.settings'; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_AGE)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "k" * 60,
        "BIBLIO_VAR_DIR": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT.parent, timeout=60
    )
    assert out.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "Lax",
        "43200",
    ], out.stderr
