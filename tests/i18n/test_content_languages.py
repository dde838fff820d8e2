"""Content in the reader's language: competence frameworks and profile reasons from the bundled data,
cohort names a coordinator gives in several languages, dropdowns that name modules and cohorts, and the
hours unit with each language's plural forms. English is the fallback for anything not translated."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import translation

from biblio.accounts.forms import AuditFilterForm
from biblio.competences.loaders import DATA_DIR, TRANSLATIONS_DIR, load_all
from biblio.competences.models import Competence, ProficiencyLevel, RoleProfile
from biblio.core.templatetags.biblio import hours_abbr, hours_unit, tr
from biblio.learning.forms import HourEntryForm
from biblio.programmes.models import Cohort, Module
from tests.factories import CohortFactory, EnrolmentFactory, ModuleFactory, PersonFactory, ProgrammeFactory

LANGS = ["lv", "bg", "el", "it", "sv"]


@pytest.fixture
def bundled():
    """The bundled frameworks and profiles with their translations, as the demo loads them."""
    load_all()


# --- The hours unit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (60, "1 stunda"),
        (21 * 60, "21 stunda"),  # Latvian: numbers ending in 1 (but not 11) take the singular
        (11 * 60, "11 stundas"),
        (2 * 60, "2 stundas"),
        (165 * 60, "165 stundas"),
        (0, "0 stundu"),  # and zero has a form of its own
        (90, "1,5 stundas"),
    ],
)
def test_hours_in_latvian_take_three_plural_forms(minutes, text):
    with translation.override("lv"):
        assert hours_unit(minutes) == text


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [
        ("en", "1 hour", "20 hours"),
        ("bg", "1 час", "20 часа"),
        ("el", "1 ώρα", "20 ώρες"),
        ("it", "1 ora", "20 ore"),
        ("sv", "1 timme", "20 timmar"),
    ],
)
def test_hours_in_words_in_every_language(lang, one, many):
    with translation.override(lang):
        assert hours_unit(1, "h") == one
        assert hours_unit(20, "h") == many


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "2.5 h"), ("lv", "2,5 h"), ("bg", "2,5 ч"), ("el", "2,5 ώρ.")]
)
def test_the_hours_symbol_follows_the_language(lang, text):
    with translation.override(lang):
        assert hours_abbr(150) == text


# --- Bundled frameworks and profiles ----------------------------------------------------------------


def test_every_framework_title_and_level_is_translated_in_every_language():
    """The data files: every area, competence and level of the three frameworks, every profile reason."""
    for lang in LANGS:
        data = json.loads((TRANSLATIONS_DIR / f"{lang}.json").read_text(encoding="utf-8"))
        for name, slug in [("digcomp-2.2", "digcomp"), ("entrecomp-1.0", "entrecomp"), ("ecf-4.0", "ecf")]:
            source = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
            codes = {a["code"] for a in source["areas"]} | {
                c["code"] for a in source["areas"] for c in a["competences"]
            }
            translated = data["frameworks"][slug]
            assert set(translated["competences"]) == codes, (lang, slug)
            assert all(v["title"] and v["description"] for v in translated["competences"].values())
            assert set(translated["levels"]) == {str(level["number"]) for level in source["levels"]}
        for profile in json.loads((DATA_DIR / "profiles.json").read_text(encoding="utf-8")):
            reasons = data["profiles"][profile["code"]]["reasons"]
            assert set(reasons) == {f"{r['framework']}:{r['code']}" for r in profile["requirements"]}


@pytest.mark.django_db
def test_loaded_frameworks_read_in_the_active_language(bundled):
    competence = Competence.objects.get(framework__slug="digcomp", code="2.1")
    level = ProficiencyLevel.objects.get(framework__slug="entrecomp", number=4)
    with translation.override("lv"):
        assert competence.tr("title") == "Mijiedarbība, izmantojot digitālās tehnoloģijas"
        assert level.tr("title") == "Uzdrošināties"
    with translation.override("el"):
        assert competence.tr("title") == "Αλληλεπίδραση μέσω ψηφιακών τεχνολογιών"
    with translation.override("en"):
        assert competence.tr("title") == "Interacting through digital technologies"
    # A language without a translation falls back to English.
    Competence.objects.filter(pk=competence.pk).update(translations={"lv": {"title": "Tikai latviski"}})
    competence.refresh_from_db()
    with translation.override("it"):
        assert competence.tr("title") == "Interacting through digital technologies"


@pytest.fixture
def latvian(bundled):
    profile = RoleProfile.objects.get(code="CECO")
    programme = ProgrammeFactory(profile=profile)
    cohort = CohortFactory(
        programme=programme,
        tracks=[programme],
        name="BIBLIO specialisation course — Latvia",
        translations={"lv": {"name": "BIBLIO specializācijas kurss — Latvija"}},
    )
    person = PersonFactory(preferred_language="lv")
    return EnrolmentFactory(person=person, cohort=cohort, programme=programme)


@pytest.mark.django_db
def test_a_latvian_participant_sees_latvian_competences_and_cohort_name(client, latvian):
    client.force_login(latvian.person)
    skills = client.get(f"/competences/skills/{latvian.pk}/").content.decode()
    assert "Mijiedarbība, izmantojot digitālās tehnoloģijas" in skills  # DigComp 2.1
    assert "Iespēju saskatīšana" in skills  # EntreComp 1.1
    assert "BIBLIO specializācijas kurss — Latvija" in skills
    assert "Interacting through digital technologies" not in skills
    profile = client.get("/competences/profiles/CECO/").content.decode()
    assert "Izvēlas un apvieno piemērotus kanālus" in profile  # why DigComp 2.1 is at level 6
    assert "Chooses and combines the right channels" not in profile
    assert "Biblio sākotnējais priekšlikums" in profile  # the profile's note


@pytest.mark.django_db
def test_a_reader_without_a_translation_sees_the_english_cohort_name(client, latvian):
    italian = EnrolmentFactory(
        person=PersonFactory(preferred_language="it"), cohort=latvian.cohort, programme=latvian.programme
    )
    client.force_login(italian.person)
    skills = client.get(f"/competences/skills/{italian.pk}/").content.decode()
    assert "BIBLIO specialisation course — Latvia" in skills
    assert "Interagire attraverso le tecnologie digitali" in skills  # the frameworks are in Italian


# --- Cohort names and dropdowns ---------------------------------------------------------------------


@pytest.mark.django_db
def test_cohort_name_in_the_readers_language_falling_back_to_english():
    cohort = CohortFactory(name="Pilot", translations={"lv": {"name": "Pilotprojekts"}, "el": {"name": ""}})
    with translation.override("lv"):
        assert tr(cohort, "name") == "Pilotprojekts"
    for lang in ["el", "bg", "en"]:  # empty or missing: English
        with translation.override(lang):
            assert tr(cohort, "name") == "Pilot"
    assert str(cohort) == "Pilot"  # the admin and the audit log keep the English name


@pytest.mark.django_db
def test_dropdowns_name_modules_and_cohorts_in_the_readers_language():
    programme = ProgrammeFactory(title="Course", translations={"lv": {"title": "Kurss"}})
    module = ModuleFactory(code="M1", title="Safety", translations={"lv": {"title": "Drošība"}})
    cohort = CohortFactory(programme=programme, name="Edition", translations={"lv": {"name": "Izdevums"}})
    enrolment = EnrolmentFactory(cohort=cohort, programme=programme)
    enrolments = type(enrolment).objects.filter(pk=enrolment.pk).select_related("cohort", "programme")
    with translation.override("lv"):
        entry = HourEntryForm(enrolments=enrolments, modules=Module.objects.filter(pk=module.pk))
        audit = AuditFilterForm(cohorts=Cohort.objects.filter(pk=cohort.pk), verbs=[], types=[])
        assert list(entry.fields["module"].choices)[1][1] == "M1 Drošība"
        assert [label for _pk, label in entry.fields["enrolment"].choices] == ["Kurss · Izdevums"]
        assert list(audit.fields["cohort"].choices)[1][1] == "Izdevums"
    with translation.override("en"):
        entry = HourEntryForm(enrolments=enrolments, modules=Module.objects.filter(pk=module.pk))
        assert list(entry.fields["module"].choices)[1][1] == "M1 Safety"


def test_translation_files_are_valid_json():
    for folder in [TRANSLATIONS_DIR, Path(DATA_DIR).parents[1] / "programmes" / "data" / "translations"]:
        for lang in LANGS:
            json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))


# --- Times ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("country", "zone"), [("LV", "Europe/Riga"), ("gr", "Europe/Athens"), ("", "UTC")])
def test_a_persons_own_times_show_in_their_countrys_time_zone(country, zone):
    from django.template import Context, Template

    from biblio.core.templatetags.biblio import country_timezone

    assert country_timezone(country) == zone
    moment = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)
    html = Template(
        '{% load tz biblio %}{% timezone c|country_timezone %}{{ m|date:"H:i" }}{% endtimezone %}'
    )
    expected = {"Europe/Riga": "12:00", "Europe/Athens": "12:00", "UTC": "09:00"}[zone]
    assert html.render(Context({"c": country, "m": moment})) == expected


@pytest.mark.django_db
def test_greek_dates_put_the_month_in_the_genitive(client):
    """ "12 Φεβρουαρίου 2026", not "12 Φεβρουάριος 2026" (Django's E: the month as a date says it)."""
    from tests.factories import SessionFactory, staff

    session = SessionFactory(start=dt.datetime(2026, 2, 12, 8, 0, tzinfo=dt.UTC))
    trainer = staff(session.cohort, "trainer", preferred_language="el")
    client.force_login(trainer)
    page = client.get(f"/learning/sessions/{session.pk}/").content.decode()
    assert "12 Φεβρουαρίου 2026, 10:00" in page  # and in the cohort's time zone (Riga, UTC+2)
    assert "Φεβρουάριος" not in page
