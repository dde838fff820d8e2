"""Pages: public frameworks and profiles; taking a self-assessment; skills; adjusting a path."""

from __future__ import annotations

import pytest

from biblio.accounts.permissions import roles_by_cohort
from biblio.competences.models import LearningPathAdjustment, SelfAssessment
from tests.factories import PersonFactory

from .scale import course

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    return course(competences=3, participants=2)


def test_public_pages(client, bundled):
    index = client.get("/competences/").content.decode()
    assert "DigComp" in index and "EntreComp" in index and "e-CF" in index and "titles not verified" in index
    framework = client.get("/competences/frameworks/digcomp/2.2/").content.decode()
    assert 'id="c-2.1"' in framework and "Interacting through digital technologies" in framework
    profile = client.get("/competences/profiles/ceco/").content.decode()
    assert "Community Engagement and Communication Officer" in profile
    assert client.get("/competences/frameworks/digcomp/9.9/").status_code == 404
    assert client.get("/competences/profiles/nope/").status_code == 404
    csv_response = client.get("/competences/frameworks/digcomp/2.2/moodle.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert 'filename="digcomp-2.2-moodle.csv"' in csv_response["Content-Disposition"]
    assert client.get("/competences/frameworks/ecf/4.0/case.json").json()["CFDocument"]["version"] == "4.0"


def test_taking_a_self_assessment_on_the_page(client, c):
    person = c.enrolment.person
    client.force_login(person)
    page = client.get(f"/competences/self-assessment/{c.draft.pk}/").content.decode()
    requirements = list(c.profile.requirements.select_related("competence"))
    first = requirements[0].competence
    # Radio buttons with the level descriptors visible beside each choice.
    assert f'type="radio" name="competence_{first.pk}" value="5"' in page
    assert f"{first.code} at level 5." in page and "Generic level 4." in page

    bad = client.post(
        f"/competences/self-assessment/{c.draft.pk}/", {f"competence_{first.pk}": "99", "action": "save"}
    )
    assert bad.status_code == 400
    assert "Choose one of the levels shown." in bad.content.decode()

    saved = client.post(
        f"/competences/self-assessment/{c.draft.pk}/", {f"competence_{first.pk}": "4", "action": "save"}
    )
    assert saved.status_code == 302
    assert c.draft.ratings.get().level == 4

    incomplete = client.post(f"/competences/self-assessment/{c.draft.pk}/", {"action": "submit"})
    assert incomplete.status_code == 400
    body = incomplete.content.decode()
    assert f"Rate every competence before submitting: {len(requirements) - 1} still without a level." in body
    assert 'class="field-errors"' in body
    # What was chosen before stays chosen when the page comes back with errors.
    assert f'name="competence_{first.pk}" value="4" checked' in body

    answers = {f"competence_{r.competence.pk}": str(r.target_level) for r in requirements}
    done = client.post(f"/competences/self-assessment/{c.draft.pk}/", {**answers, "action": "submit"})
    assert done.status_code == 302 and done["Location"] == f"/competences/skills/{c.enrolment.pk}/#chart"
    c.draft.refresh_from_db()
    assert c.draft.status == SelfAssessment.Status.SUBMITTED
    again = client.post(f"/competences/self-assessment/{c.draft.pk}/", {**answers, "action": "save"})
    assert again.status_code == 200 and 'type="radio"' not in again.content.decode()


def test_an_applicant_starts_from_the_list_and_previews_the_path(client, c):
    applicant = PersonFactory()
    client.force_login(applicant)
    mine = client.get("/competences/self-assessment/").content.decode()
    assert c.profile.title in mine
    response = client.post("/competences/self-assessment/start/", {"profile": c.profile.pk, "moment": "pre"})
    assessment = SelfAssessment.objects.get(person=applicant)
    assert response["Location"] == f"/competences/self-assessment/{assessment.pk}/"
    refused = client.post(
        "/competences/self-assessment/start/", {"profile": c.profile.pk, "moment": "post"}, follow=True
    )
    assert (
        "The self-assessment after the course is for participants of a course with this role profile."
        in refused.content.decode()
    )
    preview = client.get(f"/competences/preview/{c.programme.slug}/")
    assert (
        preview.status_code == 200
        and "A preview for someone considering this course" in preview.content.decode()
    )
    assert client.get("/competences/skills/").status_code == 302  # no course: back to the self-assessments


def test_skills_page_shows_chart_table_and_path(client, c):
    client.force_login(c.enrolment.person)
    body = client.get(f"/competences/skills/{c.enrolment.pk}/").content.decode()
    assert '<svg class="chart radar"' in body and '<title id="radar-title">' in body and "<desc" in body
    assert 'id="area-table"' in body and "Learning path" in body
    assert "radar__series--pre" in body and "radar__series--post" not in body  # no post submitted yet
    assert client.get("/competences/skills/")["Location"] == f"/competences/skills/{c.enrolment.pk}/"


def test_trainer_adjusts_the_path_on_the_page(client, c):
    client.force_login(c.trainer)
    elective = c.programme.programme_modules.filter(mandatory=False).last().module
    mandatory = c.programme.programme_modules.filter(mandatory=True).first().module
    page = client.get(f"/competences/skills/{c.enrolment.pk}/").content.decode()
    assert "Adjust this path" in page
    bad = client.post(
        f"/competences/skills/{c.enrolment.pk}/adjust/",
        {"module": mandatory.pk, "kind": "skip", "reason": "x"},
    )
    assert (
        bad.status_code == 400 and "A mandatory module cannot be left out of the path" in bad.content.decode()
    )
    empty = client.post(
        f"/competences/skills/{c.enrolment.pk}/adjust/", {"module": elective.pk, "kind": "skip", "reason": ""}
    )
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    ok = client.post(
        f"/competences/skills/{c.enrolment.pk}/adjust/",
        {"module": elective.pk, "kind": "skip", "reason": "Done it."},
    )
    assert ok.status_code == 302
    page = client.get(f"/competences/skills/{c.enrolment.pk}/").content.decode()
    assert "Left out by the trainer" in page and "Done it." in page
    client.post(f"/competences/skills/{c.enrolment.pk}/adjust/remove/", {"module": elective.pk})
    assert not LearningPathAdjustment.objects.filter(module=elective).exists()
    missing = client.post(
        f"/competences/skills/{c.enrolment.pk}/adjust/remove/", {"module": "abc"}, follow=True
    )
    assert "There is no adjustment for this module to remove." in missing.content.decode()


def test_gains_page_has_chart_and_tables(client, c):
    client.force_login(c.coordinator)
    body = client.get(f"/competences/cohorts/{c.cohort.pk}/gains/").content.decode()
    assert "No participant of this cohort has submitted both self-assessments yet." in body


def test_home_snippets_run_no_queries(django_assert_num_queries, c, rf):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = c.enrolment.person
    roles_by_cohort(request.user)  # the header's context processor reads roles once per request
    with django_assert_num_queries(0):
        participant = render_to_string(
            "competences/_home_participant.html", {"enrolment": c.enrolment}, request
        )
        coordinator = render_to_string("competences/_home_staff.html", {"cohort": c.cohort}, request)
        nav = render_to_string("competences/_nav.html", {"nav_roles": {"participant": True}}, request)
    assert f"/competences/skills/{c.enrolment.pk}/" in participant
    assert f"/competences/cohorts/{c.cohort.pk}/gains/" in coordinator
    assert "/competences/skills/" in nav
