"""The demo's people see their own language: cohort names, competence titles, learning outcomes and what
they and their trainers and mentors wrote (hour-entry notes, project ideas, comments, feedback)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from biblio.demo.loader import load_demo
from biblio.learning.models import Enrolment, HourEntry
from biblio.programmes.models import Cohort, LearningOutcome
from biblio.reports.models import Feedback
from biblio.workplace.models import ProjectIdea

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 9, 15)
SCRIPT = {"lv": "LATIN", "bg": "CYRILLIC", "el": "GREEK", "it": "LATIN"}
ENGLISH = {"the", "and", "of", "with", "for", "to", "a", "on", "my", "was"}


@pytest.fixture
def demo():
    load_demo(today=TODAY)


def written_in(text: str, lang: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters or not all(SCRIPT[lang] in unicodedata.name(c) for c in letters):
        return False
    return not ENGLISH & {w.strip(".,:;()!?") for w in text.lower().split()}


def test_the_demos_free_text_is_in_each_countrys_language(demo):
    for cc, lang in [("lv", "lv"), ("bg", "bg"), ("gr", "el"), ("it", "it")]:
        cohort = Cohort.objects.get(code=f"{cc}-2026")
        assert cohort.language == lang
        assert set(cohort.translations) == {"lv", "bg", "el", "it", "sv"}
        notes = set(HourEntry.objects.filter(enrolment__cohort=cohort).values_list("note", flat=True))
        assert notes and all(written_in(n, lang) for n in notes if n), (cc, notes)
        ideas = ProjectIdea.objects.filter(enrolment__cohort=cohort)
        assert all(written_in(i.title, lang) and written_in(i.goals, lang) for i in ideas), cc
        sessions = cohort.sessions.values_list("title", flat=True)
        assert all(written_in(t.split(":")[0].rstrip("0123456789 "), lang) for t in sessions), sessions
    comments = Feedback.objects.exclude(comments="").select_related("enrolment__cohort")
    assert all(written_in(f.comments, f.enrolment.cohort.language) for f in comments)


def test_learning_outcomes_and_cohort_names_have_every_language(demo):
    outcomes = LearningOutcome.objects.all()
    assert outcomes and all(set(o.translations) == {"lv", "bg", "el", "it", "sv"} for o in outcomes)
    lv = Cohort.objects.get(code="lv-2026")
    assert lv.tr("name", "lv") == "BIBLIO specializācijas kurss — Latvija 2026"
    assert lv.tr("name", "el") == "Πρόγραμμα εξειδίκευσης BIBLIO — Λετονία 2026"
    assert lv.tr("name", "en") == lv.name == "BIBLIO specialisation course — Latvia 2026"


def test_a_latvian_participants_pages_are_in_latvian(demo, client):
    me = Enrolment.objects.select_related("person").get(
        person__email="participant.lv@example.org", cohort__code="lv-2026"
    )
    client.force_login(me.person)
    home = client.get("/", follow=True).content.decode()
    assert "BIBLIO specializācijas kurss — Latvija 2026" in home
    assert "BIBLIO specialisation course" not in home
    skills = client.get(f"/competences/skills/{me.pk}/").content.decode()
    assert "Digitālās identitātes pārvaldība" in skills or "Digitālā satura izstrāde" in skills
    assert "Managing digital identity" not in skills
    entries = client.get("/learning/entries/", follow=True).content.decode()
    assert "Izlasīju moduļa materiālus" in entries or "Noskatījos vebināra ierakstu" in entries
    detail = client.get(f"/programmes/{me.programme.slug}/").content.decode()
    assert "Analizē bibliotēkas" in detail  # a learning outcome of the project module
