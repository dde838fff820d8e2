"""Every source string has a translation in every language, and the catalogues are up to date.

The second test re-extracts the strings from the code into a copy of the catalogues (makemessages with
LOCALE_PATHS pointed at a temporary folder) and fails on any new, untranslated or fuzzy entry: a string
added to a template or to Python without its translations cannot land.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "biblio" / "locale"
LANGS = [code for code, _ in settings.LANGUAGES if code != "en"]
IGNORE = [".venv", "var", "bench", "tests", "node_modules", "scripts", "docs"]


def stats(po: Path) -> dict[str, int]:
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    numbers = {kind: 0 for kind in ("translated", "fuzzy", "untranslated")}
    for count, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        numbers[kind] = int(count)
    return numbers


def catalogues(base: Path, lang: str) -> list[Path]:
    folder = base / lang / "LC_MESSAGES"
    return [p for p in (folder / "django.po", folder / "djangojs.po") if p.exists()]


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_is_complete(lang):
    pos = catalogues(LOCALE, lang)
    assert pos, f"no catalogue for {lang}"
    for po in pos:
        s = stats(po)
        assert s["untranslated"] == 0 and s["fuzzy"] == 0, f"{po.relative_to(ROOT)}: {s}"
        assert s["translated"] > 100


def test_catalogues_hold_every_string_in_the_code(tmp_path, settings):
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    settings.LOCALE_PATHS = [copy]
    cwd = os.getcwd()
    os.chdir(ROOT / "biblio")
    try:
        call_command("makemessages", locale=LANGS, ignore_patterns=IGNORE, verbosity=0, no_obsolete=True)
        if any((p / "LC_MESSAGES" / "djangojs.po").exists() for p in copy.iterdir() if p.is_dir()):
            call_command(
                "makemessages",
                locale=LANGS,
                domain="djangojs",
                ignore_patterns=IGNORE,
                verbosity=0,
                no_obsolete=True,
            )
    finally:
        os.chdir(cwd)
    problems = {}
    for lang in LANGS:
        for po in catalogues(copy, lang):
            s = stats(po)
            if s["untranslated"] or s["fuzzy"]:
                problems[f"{lang}/{po.name}"] = s
    assert not problems, f"strings in the code without a translation: {problems}"


def test_plural_forms_are_right_for_latvian():
    header = (LOCALE / "lv" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "nplurals=3;" in header
