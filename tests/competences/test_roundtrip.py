"""Export → import is lossless: the same data comes back, and exporting it again gives the same bytes."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biblio.competences.interop.html import HtmlFields, text_to_html
from biblio.competences.interop.importing import framework_import
from biblio.competences.interop.moodle_export import moodle_export
from biblio.competences.models import CompetenceFramework, RoleProfile
from biblio.competences.selectors import framework_bundle
from tests.factories import CompetenceFactory, FrameworkFactory, LevelFactory

pytestmark = pytest.mark.django_db


def snapshot(framework: CompetenceFramework) -> dict:
    """Everything Biblio holds about a framework version except row ids and interchange details."""
    bundle = framework_bundle(framework)
    codes = {c.pk: c.code for c in bundle.competences}
    return {
        "framework": {
            f: getattr(framework, f)
            for f in [
                "slug",
                "version",
                "name",
                "title",
                "publisher",
                "licence",
                "unverified_titles",
                "notes",
            ]
        },
        "levels": [(lv.number, lv.code, lv.title, lv.group, lv.descriptor) for lv in bundle.levels],
        "competences": [
            (
                c.code,
                codes.get(c.parent_id),
                c.title,
                c.description,
                c.is_area,
                c.level_descriptors,
                c.order,
                bundle.related.get(c.pk, []),
            )
            for c in bundle.competences
        ],
    }


def export(framework: CompetenceFramework) -> str:
    return moodle_export(framework_bundle(framework))


@pytest.mark.parametrize("slug", ["digcomp", "entrecomp", "ecf"])
def test_bundled_frameworks_survive_export_and_import(bundled, slug):
    original = CompetenceFramework.objects.get(slug=slug)
    before, text = snapshot(original), export(original)
    RoleProfile.objects.all().delete()  # requirements protect the competences
    original.delete()

    result = framework_import(actor=None, data=text.encode())
    assert snapshot(result.framework) == before
    assert export(result.framework) == text


def test_awkward_text_survives(db):
    framework = FrameworkFactory(
        slug="odd",
        name='Odd, "quoted" name',
        version="3.1-beta",
        title="Ā & <b>not bold</b>",
        publisher="Rīga",
        licence="CC BY 4.0",
        unverified_titles=True,
        notes="First paragraph.\n\nSecond, with a\nline break.",
    )
    for n, title in enumerate(["Sākums", "Vidējs, ar komatu", "Augsts"], start=1):
        LevelFactory(
            framework=framework,
            number=n,
            code=f"L{n}",
            title=title,
            group="G" if n < 3 else "",
            descriptor=f"Does <{n}> things;\nwell." if n != 2 else "",
        )
    area = CompetenceFactory(
        framework=framework,
        code="A,1",
        title='Area "one"',
        is_area=True,
        order=1,
        description="Line one\nline two",
    )
    leaf = CompetenceFactory(
        framework=framework,
        code="A,1.1",
        title="Ļoti garš nosaukums " * 5,
        parent=area,
        order=2,
        description="Uses <script>alert(1)</script> & more",
        level_descriptors={"1": "one", "3": "three\n\nparagraphs"},
    )
    other = CompetenceFactory(framework=framework, code="B", title="B", is_area=False, order=3)
    leaf.related.add(other, area)
    before, text = snapshot(framework), export(framework)
    framework.delete()
    result = framework_import(actor=None, data=text.encode())
    assert snapshot(result.framework) == before
    assert export(result.framework) == text


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_moodle_sample_comes_back_field_for_field(moodle_example):
    framework = framework_import(actor=None, data=moodle_example).framework
    original, exported = rows(moodle_example.decode()), rows(export(framework))
    assert len(exported) == len(original) == 66
    for ours, theirs in zip(exported[1:], original[1:], strict=True):
        # Description HTML is rewritten from the stored text; compare what it says.
        assert HtmlFields.parse(ours[3]).text == HtmlFields.parse(theirs[3]).text
        ours[3] = theirs[3] = ""
        assert ours == theirs


@given(
    st.lists(st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=0, max_size=30), max_size=4)
)
def test_text_to_html_and_back_is_identity(pieces):
    text = "\n".join(pieces).strip()
    assert HtmlFields.parse(text_to_html(text)).text == text
