"""No user-facing text in a template escapes translation.

Every template is read as text; translated blocks, template tags and variables, scripts, styles, comments
and inline SVG geometry are removed; what is left between tags, and in the attributes people read
(aria-label, title, placeholder, alt, value of buttons), must hold no words.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "biblio"
TEMPLATES = sorted(p for p in ROOT.rglob("*.html") if "static" not in p.parts)

REMOVE = [
    re.compile(r"{%\s*block\s+(main_class|title_suffix|body_class)\s*%}.*?{%\s*endblock\s*%}", re.S),
    re.compile(r"&[a-zA-Z]+;|&#\d+;"),
    re.compile(r"{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}", re.S),
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<script\b.*?</script>", re.S | re.I),
    re.compile(r"<style\b.*?</style>", re.S | re.I),
    re.compile(r"<(code|pre|kbd)\b.*?</\1>", re.S | re.I),
    re.compile(r"{%.*?%}", re.S),
    re.compile(r"{{.*?}}", re.S),
]
READ_ATTRS = re.compile(r"""\b(aria-label|title|placeholder|alt)\s*=\s*(["'])(.*?)\2""", re.S | re.I)
TAG = re.compile(r"<[^>]*>", re.S)
WORD = re.compile(r"[^\W\d_]{2,}", re.U)
# Words that are the same in every language: codes, units, proper names of standards.
ALLOWED = {
    "CECO",
    "DIGY",
    "EQF",
    "ECVET",
    "DigComp",
    "EntreComp",
    "CASE",
    "CSV",
    "XLSX",
    "JSON",
    "PDF",
    "ICS",
    "API",
    "Biblio",
    "BIBLIO",
    "GeoJSON",
    "OpenAPI",
    "Moodle",
    "JWK",
    "QR",
    "URL",
    "ID",
    "JSONL",
    "TOTP",
    "e-CF",
    "CF",
    "SVG",
    "Multikey",
    "did",
    "web",
    "OB",
    "ECTS",
    "PNG",
    "SQL",
    "h",
    "min",
    "km",
    "Leaflet",
    "OpenStreetMap",
    "vs",
    "pre",
    "post",
    "iCal",
    "iCalendar",
    "HTTPS",
    "HTML",
    "Bearer",
    "Authorization",
    "bib",
    "eddsa",
    "rdfc",
    "VC",
    "OpenBadgeCredential",
    "Europass",
    "EQAVET",
}


def leftovers(text: str) -> list[str]:
    for pattern in REMOVE:
        text = pattern.sub(" ", text)
    found = []
    for _attr, _q, value in READ_ATTRS.findall(text):
        found += [w for w in WORD.findall(value) if w not in ALLOWED]
    text = TAG.sub(" ", text)
    found += [w for w in WORD.findall(text) if w not in ALLOWED]
    return found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_untranslated_text(template):
    words = leftovers(template.read_text(encoding="utf-8"))
    assert not words, f"untranslated text in {template.relative_to(ROOT)}: {' '.join(words[:20])}"


def test_the_check_finds_untranslated_text():
    assert leftovers("<p>Hello {{ name }}</p>") == ["Hello"]
    assert leftovers('<button aria-label="Close">x</button>') == ["Close"]
    assert leftovers("<p>{% translate 'Hello' %} {{ name }}</p>") == []
    assert leftovers("{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}") == []
