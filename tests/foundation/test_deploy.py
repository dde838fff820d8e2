"""`manage.py check --deploy` with production-like settings reports no errors or warnings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BIBLIO_TESTING", "DEBUG", "PYTEST", "DJANGO_ALLOW"))
    }
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x7!pQ2r#Lk9vZ$eT4wN8sB1mC6yH0jF3gD5aR7uI2oP9lK4nM8bV6cX1zS3qW5eR",
            "ALLOWED_HOSTS": "biblio.example.org",
            "SITE_URL": "https://biblio.example.org",
            "BIBLIO_VAR_DIR": str(tmp_path),
            "EMAIL_URL": "smtp://mail.example.org:587?tls=1",
        }
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.modules.pop('pytest', None); "
            "sys.argv=['manage.py','check','--deploy','--fail-level','WARNING']; "
            "import runpy; runpy.run_path('manage.py', run_name='__main__')",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
