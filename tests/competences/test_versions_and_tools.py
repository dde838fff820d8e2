"""Loading the bundled data, new framework versions and adoption, the commands and the admin."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from biblio.competences.interop.importing import framework_import
from biblio.competences.interop.moodle_export import moodle_export
from biblio.competences.loaders import DATA_DIR, framework_load_json, load_all
from biblio.competences.models import (
    Competence,
    CompetenceFramework,
    ProfileRequirement,
    RoleProfile,
    SelfRating,
)
from biblio.competences.results import person_results
from biblio.competences.selectors import framework_bundle
from biblio.core.models import Job
from tests.factories import PersonFactory

from .conftest import MOODLE, shared_file
from .factories import submitted

pytestmark = pytest.mark.django_db


def test_bundled_frameworks_load_with_the_published_structure(bundled):
    counts = {
        f.slug: (
            f.competences.filter(is_area=True).count(),
            f.competences.filter(is_area=False).count(),
            f.levels.count(),
        )
        for f in CompetenceFramework.objects.all()
    }
    assert counts == {"digcomp": (5, 21, 8), "entrecomp": (3, 15, 8), "ecf": (5, 41, 5)}
    ecf = CompetenceFramework.objects.get(slug="ecf")
    assert ecf.unverified_titles and list(ecf.levels.values_list("code", flat=True)) == [
        "e-1",
        "e-2",
        "e-3",
        "e-4",
        "e-5",
    ]
    assert {p: ProfileRequirement.objects.filter(profile__code=p).count() for p in ["CECO", "DIGY"]} == {
        "CECO": 15,
        "DIGY": 17,
    }
    assert all(r.rationale for r in ProfileRequirement.objects.all())  # every target level says why


def test_loading_twice_changes_nothing(bundled):
    before = list(Competence.objects.order_by("pk").values_list("pk", "code", "title", "order"))
    load_all()
    assert list(Competence.objects.order_by("pk").values_list("pk", "code", "title", "order")) == before


def test_a_new_version_keeps_past_self_assessments_and_profiles_move_on_adoption(bundled):
    digcomp = CompetenceFramework.objects.get(slug="digcomp")
    old_21 = digcomp.competences.get(code="2.1")
    person = PersonFactory()
    ceco = RoleProfile.objects.get(code="CECO")
    pre = submitted(
        person, ceco, "pre", {r.competence: 3 for r in ceco.requirements.select_related("competence")}
    )

    text = moodle_export(framework_bundle(digcomp)).replace(
        "Interacting through digital technologies", "Interacting digitally"
    )
    result = framework_import(actor=None, data=text.encode(), version="2.3", adopt=True)
    new = result.framework
    assert (new.version, new.is_current) == ("2.3", True)
    digcomp.refresh_from_db()
    assert not digcomp.is_current
    assert result.moved_requirements == 18 and result.kept_requirements == []  # CECO 8 + DIGY 10
    assert (
        ProfileRequirement.objects.get(
            profile=ceco, competence__code="2.1", competence__framework__slug="digcomp"
        ).competence.framework
        == new
    )
    # The old rating still points at the old competence, titles and all.
    assert SelfRating.objects.get(assessment=pre, competence__code="2.1").competence_id == old_21.pk
    old_21.refresh_from_db()
    assert old_21.title == "Interacting through digital technologies"
    # …and still counts for the profile, matched by framework and code.
    results = person_results(person, ceco)
    row = next(r for r in results.rows if r.requirement.code == "2.1")
    assert (row.requirement.title, row.pre) == ("Interacting digitally", 3)


def test_loading_a_version_does_not_steal_current_from_an_adopted_one(bundled):
    digcomp = CompetenceFramework.objects.get(slug="digcomp")
    framework_import(
        actor=None, data=moodle_export(framework_bundle(digcomp)).encode(), version="2.3", adopt=True
    )
    framework_load_json(DATA_DIR / "digcomp-2.2.json")
    assert list(
        CompetenceFramework.objects.filter(slug="digcomp", is_current=True).values_list("version", flat=True)
    ) == ["2.3"]


def test_import_command_checks_imports_and_refuses(tmp_path):
    example = shared_file(MOODLE / "example.csv")
    out = io.StringIO()
    call_command("framework_import", str(example), "--check", stdout=out)
    assert "is valid: OECD 1, 64 competences, 2 levels." in out.getvalue()
    assert not CompetenceFramework.objects.exists()
    call_command("framework_import", str(example), stdout=out)
    assert "Imported OECD 1: 64 competences" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(example.read_text().replace(",level-2,", ",level-1,"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: the file has 1 problem"):
        call_command("framework_import", str(bad), "--framework-version", "2", stderr=err, stdout=out)
    assert "Line 11: The ID number “level-1” is already used on line 10." in err.getvalue()


def test_export_command_writes_moodle_and_case(bundled, tmp_path):
    target = tmp_path / "ecf.csv"
    call_command("framework_export", "ecf", "--format", "moodle", "-o", str(target), stderr=io.StringIO())
    assert target.read_text().splitlines()[0].startswith("Parent ID number,ID number")
    out = io.StringIO()
    call_command("framework_export", "entrecomp", "1.0", "--format", "case", stdout=out)
    assert '"CFDocument"' in out.getvalue()
    with pytest.raises(CommandError):
        call_command("framework_export", "nope")


def test_frameworks_load_command(db):
    out = io.StringIO()
    call_command("frameworks_load", stdout=out)
    call_command("frameworks_load", stdout=out)
    assert "3 framework versions, 77 competences, 2 role profiles." in out.getvalue()


@pytest.fixture
def admin_client(client):
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_import_lists_every_bad_row_and_imports_a_good_file(admin_client):
    example = shared_file(MOODLE / "example.csv").read_bytes()
    url = "/admin/competences/competenceframework/import/"
    assert admin_client.get(url).status_code == 200
    broken = example.replace(b"levels,level-2,", b"nowhere,level-2,")
    upload = io.BytesIO(broken)
    upload.name = "broken.csv"
    response = admin_client.post(url, {"file": upload, "version": ""})
    body = response.content.decode()
    assert (
        "Nothing was imported" in body
        and "Line 11: The parent ID number “nowhere” is not in the file." in body
    )
    good = io.BytesIO(example)
    good.name = "example.csv"
    response = admin_client.post(url, {"file": good})
    framework = CompetenceFramework.objects.get(slug="oecd-core")
    assert response.status_code == 302 and response["Location"].endswith(f"/{framework.pk}/change/")


def test_admin_large_import_runs_as_a_task_with_progress(admin_client, monkeypatch):
    monkeypatch.setattr("biblio.competences.admin.INLINE_IMPORT_LIMIT", 10)
    good = io.BytesIO(shared_file(MOODLE / "example.csv").read_bytes())
    good.name = "example.csv"
    response = admin_client.post(
        "/admin/competences/competenceframework/import/", {"file": good, "adopt": "on"}
    )
    job = Job.objects.get(kind="competences.import")
    assert response["Location"] == f"/admin/core/job/{job.pk}/change/"
    assert (job.status, job.done, job.total, job.report["competences"]) == ("done", 64, 64, 64)


def test_admin_export_and_adopt_actions(admin_client, bundled):
    url = "/admin/competences/competenceframework/"
    ids = list(CompetenceFramework.objects.order_by("slug").values_list("pk", flat=True))
    one = admin_client.post(url, {"action": "export_moodle", "_selected_action": ids[:1]})
    assert one["Content-Type"].startswith("text/csv")
    many = admin_client.post(url, {"action": "export_case", "_selected_action": ids})
    assert many["Content-Type"] == "application/zip"
    adopted = admin_client.post(url, {"action": "adopt", "_selected_action": ids[:1]}, follow=True)
    assert "is now current; 0 profile requirement(s) moved, 0 kept." in adopted.content.decode()
