"""Dates read as each language writes them, through the filters the pages, e-mails and documents use:
`|date:"DATE_FORMAT"` (and the other named formats), `|date:"j E Y"` / `"j F Y"`, and
`django.utils.formats.date_format` (certificates, error messages). The project's format modules
(biblio/formats/<lang>/formats.py) and month names (biblio/formats/months.py, in the catalogue)."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

DAY = dt.date(2026, 2, 5)
MOMENT = dt.datetime(2026, 2, 5, 14, 5)


def render(value, fmt: str, lang: str) -> str:
    with translation.override(lang):
        return Template("{{ value|date:fmt }}").render(Context({"value": value, "fmt": fmt}))


EXPECTED = {
    "lv": {
        "DATE_FORMAT": "2026. gada 5. februāris",
        "SHORT_DATE_FORMAT": "05.02.2026.",
        "DATETIME_FORMAT": "2026. gada 5. februāris, 14:05",
        "SHORT_DATETIME_FORMAT": "05.02.2026. 14:05",
    },
    "bg": {
        "DATE_FORMAT": "5 февруари 2026",
        "SHORT_DATE_FORMAT": "05.02.2026",
        "DATETIME_FORMAT": "5 февруари 2026, 14:05",
        "SHORT_DATETIME_FORMAT": "05.02.2026 14:05",
        "j E Y": "5 февруари 2026",
        "j F Y": "5 февруари 2026",
    },
    "it": {
        "DATE_FORMAT": "5 febbraio 2026",
        "SHORT_DATE_FORMAT": "05/02/2026",
        "DATETIME_FORMAT": "Giovedì 5 febbraio 2026 14:05",
        "SHORT_DATETIME_FORMAT": "05/02/2026 14:05",
        "j E Y": "5 febbraio 2026",
        "j F Y": "5 febbraio 2026",
    },
    # Unchanged: Django's own formats and words are right for these.
    "el": {"j E Y": "5 Φεβρουαρίου 2026", "SHORT_DATE_FORMAT": "05/02/2026"},
    "sv": {"DATE_FORMAT": "5 februari 2026", "SHORT_DATE_FORMAT": "2026-02-05"},
}


@pytest.mark.parametrize(
    ("lang", "fmt", "expected"),
    [(lang, fmt, text) for lang, cases in EXPECTED.items() for fmt, text in cases.items()],
)
def test_the_date_filter_writes_dates_as_the_language_does(lang, fmt, expected):
    value = MOMENT if "DATETIME" in fmt else DAY
    assert render(value, fmt, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("lv", "2026. gada 5. februāris"), ("bg", "5 февруари 2026"), ("it", "5 febbraio 2026")],
)
def test_date_format_in_python_agrees(lang, expected):
    with translation.override(lang):
        assert date_format(DAY) == expected


@pytest.mark.parametrize("lang", ["bg", "it"])
def test_month_names_are_lowercase_in_every_month(lang):
    for month in range(1, 13):
        text = render(dt.date(2026, month, 1), "j F Y|j E Y", lang)
        assert text == text.lower(), text


def test_a_latvian_form_reads_back_the_short_date_it_shows():
    class DateForm(forms.Form):
        day = forms.DateField()

    with translation.override("lv"):
        form = DateForm({"day": render(DAY, "SHORT_DATE_FORMAT", "lv")})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == DAY


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("el", "5 Φεβρουαρίου 2026"), ("bg", "5 февруари 2026"), ("it", "5 febbraio 2026")],
)
def test_the_rejection_mail_writes_the_date_in_its_inflected_form(lang, expected):
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    entry = SimpleNamespace(
        date=DAY,
        minutes=90,
        get_mode_display="online",
        reviewed_by=SimpleNamespace(full_name="R"),
        review_comment="",
    )
    with translation.override(lang):
        text = render_to_string(
            "learning/mail/entry_rejected.txt", {"entry": entry, "person": SimpleNamespace(full_name="P")}
        )
    assert text.splitlines()[0].count(expected) == 1, text
