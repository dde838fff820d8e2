"""Moodle competency-framework CSV import: Moodle's own sample imports; a bad file changes nothing
and every bad row is named with its line number and reason."""

from __future__ import annotations

import pytest

from biblio.accounts.models import AuditEvent
from biblio.competences.interop import moodle as m
from biblio.competences.interop.importing import ERR_ADMIN_ONLY, ERR_VERSION_EXISTS, framework_import
from biblio.competences.interop.moodle import ImportRejected, RowError
from biblio.competences.models import Competence, CompetenceFramework, ProficiencyLevel
from biblio.core.errors import PermissionDenied
from tests.factories import PersonFactory

from .conftest import MOODLE, shared_file

pytestmark = pytest.mark.django_db

HEADER = ",".join(f'"{h}"' for h in m.HEADER)
FRAMEWORK_ROW = ',fw-1,"Framework","<p>About</p>",1,"Low,High","",,,,,,1,"competency,competency"'


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def row(parent: str, idnumber: str, name: str = "Name", related: str = "") -> str:
    return f'{parent},{idnumber},"{name}","",1,,,,0,null,"{related}",,,'


def rejected(data: bytes) -> list[tuple[int, str]]:
    counts = (
        CompetenceFramework.objects.count(),
        Competence.objects.count(),
        ProficiencyLevel.objects.count(),
    )
    with pytest.raises(ImportRejected) as caught:
        framework_import(actor=None, data=data)
    assert (
        CompetenceFramework.objects.count(),
        Competence.objects.count(),
        ProficiencyLevel.objects.count(),
    ) == counts
    assert (
        caught.value.message == f"Nothing was imported: the file has {len(caught.value.errors)} problem(s)."
    )
    return [(e.line, e.message) for e in caught.value.errors]


def test_moodles_own_sample_imports(moodle_example):
    result = framework_import(actor=None, data=moodle_example)
    fw = result.framework
    assert (fw.slug, fw.version, fw.name, fw.is_current) == ("oecd-core", "1", "OECD", True)
    assert result.competences == 64 == fw.competences.count()
    assert [(lv.number, lv.title) for lv in fw.levels.all()] == [(1, "Not yet competent"), (2, "Competent")]
    level_1 = fw.competences.get(code="level-1")
    assert level_1.parent.code == "levels"
    assert level_1.related.count() == 39
    assert sorted(fw.competences.filter(is_area=True).values_list("code", flat=True)) == [
        "competencies",
        "levels",
    ]
    teamwork = fw.competences.get(code="teamwork")
    assert teamwork.title == "Teamwork and Team Leadership" and teamwork.parent.code == "delivery"
    assert fw.competences.get(code="DR-AT1").parent.code == "analytical-thinking"
    # HTML descriptions become text: paragraphs, line breaks, and wrapped source lines joined by a space.
    assert fw.notes.startswith(
        "The Core Competencies summarise the capabilities that are important across all jobs"
    )
    assert "we believe collectively contribute" in fw.notes
    assert "\n\n• The delivery-related competencies \n• The interpersonal competencies" in fw.notes
    assert fw.interop == {
        "scaleconfiguration": '[{"scaleid":"2"},{"id":2,"scaledefault":1,"proficient":1}]',
        "taxonomy": "competency,competency,competency,competency",
        "idnumber": "OECD-CORE",
    }
    assert AuditEvent.objects.filter(verb="framework.import", object_id=str(fw.pk)).count() == 1


def test_the_excerpt_imports_too():
    data = shared_file(MOODLE / "example-excerpt.csv").read_bytes()
    result = framework_import(actor=None, data=data, slug="oecd-excerpt")
    assert result.framework.slug == "oecd-excerpt" and result.competences > 0


def test_crlf_line_ends_inside_quoted_fields_are_read(moodle_example):
    text = moodle_example.decode()
    crlf = text.replace("believe\ncollectively", "believe\r\ncollectively")
    assert framework_import(actor=None, data=crlf.encode()).competences == 64


def test_semicolon_separated_and_bom():
    data = (
        "\ufeff"
        + "\n".join(
            [
                ";".join(m.HEADER),
                ";fw-2;Framework;<p>About</p>;1;Low,High;;;;;;;1;competency",
                ";a;Area;;1;;;;0;null;;;;",
                "a;a.1;Leaf;;1;;;;0;null;;;;",
            ]
        )
        + "\n"
    )
    result = framework_import(actor=None, data=data.encode())
    assert (result.framework.slug, result.framework.version, result.competences) == ("fw", "2", 2)


def test_missing_column_is_named_on_line_1():
    header = ",".join(h for h in m.HEADER if h != "Is framework")
    assert rejected(csv_file(FRAMEWORK_ROW, header=header)) == [(1, "Missing column(s): Is framework.")]


def test_unknown_parent_duplicate_id_and_unknown_cross_reference_are_all_reported():
    data = csv_file(
        FRAMEWORK_ROW,
        row("", "area"),
        row("area", "a.1"),
        row("nowhere", "a.2"),
        row("area", "a.1", name="Again"),
        row("area", "a.3", related="a.1,ghost"),
    )
    assert rejected(data) == [
        (5, "The parent ID number “nowhere” is not in the file."),
        (6, "The ID number “a.1” is already used on line 4."),
        (7, "The cross-referenced ID number “ghost” is not in the file."),
    ]


def test_bad_encoding_names_every_bad_line():
    data = csv_file(
        FRAMEWORK_ROW,
        row("", "area", name="Bibliot\xe9ka"),
        row("area", "b"),
        row("area", "c", name="K\xf8benhavn"),
    )
    latin1 = data.decode().encode("latin-1")
    assert rejected(latin1) == [
        (3, "This line is not UTF-8 text (byte 0xE9 at position 15); save the file as UTF-8."),
        (5, "This line is not UTF-8 text (byte 0xF8 at position 10); save the file as UTF-8."),
    ]


def test_multi_line_records_are_reported_at_their_first_line():
    data = csv_file(
        FRAMEWORK_ROW, row("", "area"), ',"x","two\nline name","",1,,,,0,null,,,,', row("missing", "y")
    )
    assert rejected(data) == [(6, "The parent ID number “missing” is not in the file.")]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([row("", "a")], [(2, "No row is marked as the framework (Is framework = 1).")]),
        (
            [FRAMEWORK_ROW, FRAMEWORK_ROW.replace("fw-1", "fw-2")],
            [(3, "A second row is marked as the framework (the first is on line 2).")],
        ),
        ([FRAMEWORK_ROW, row("", "")], [(3, "The ID number is empty.")]),
        ([FRAMEWORK_ROW, row("", "x", name="")], [(3, "The short name is empty.")]),
        ([FRAMEWORK_ROW, row("", "x" * 101)], [(3, "The ID number is longer than 100 characters.")]),
        (
            [FRAMEWORK_ROW, row("b", "a"), row("a", "b")],
            [
                (3, "The parent chain of “a” comes back to itself."),
                (4, "The parent chain of “b” comes back to itself."),
            ],
        ),
        (
            [FRAMEWORK_ROW, '"",x,"X","",html,,,,0,null,,,,'],
            [(3, "Description format must be a whole number, not “html”.")],
        ),
        ([FRAMEWORK_ROW, '"",x,"X","",1,,,,0,{oops,,,,'], [(3, "Rule config is not valid JSON.")]),
        ([FRAMEWORK_ROW, '"",x,"X","",1,,,Some\\Rule,0,null,,,,'], [(3, "Unknown rule type “Some\\Rule”.")]),
        ([FRAMEWORK_ROW, '"",x,"X"'], [(3, "This row has 3 fields; the header has 14.")]),
        (
            [FRAMEWORK_ROW.replace('"Low,High"', '""')],
            [(2, "The framework row gives no scale values, so there are no levels to rate.")],
        ),
    ],
    ids=[
        "no-framework",
        "two-frameworks",
        "no-id",
        "no-name",
        "long-id",
        "cycle",
        "format",
        "json",
        "rule",
        "fields",
        "no-scale",
    ],
)
def test_each_bad_row_is_named(rows, expected):
    assert rejected(csv_file(*rows)) == expected


def test_empty_file_is_refused():
    assert rejected(b"") == [(1, "The file is empty.")]


def test_an_existing_version_is_never_rewritten(moodle_example):
    framework_import(actor=None, data=moodle_example)
    assert rejected(moodle_example) == [(2, str(ERR_VERSION_EXISTS % {"name": "OECD", "version": "1"}))]
    second = framework_import(actor=None, data=moodle_example, version="2")
    assert second.framework.version == "2" and not second.framework.is_current
    assert CompetenceFramework.objects.filter(slug="oecd-core").count() == 2


def test_only_administrators_import(moodle_example):
    with pytest.raises(PermissionDenied) as caught:
        framework_import(actor=PersonFactory(), data=moodle_example)
    assert caught.value.message == str(ERR_ADMIN_ONLY)
    assert framework_import(actor=PersonFactory(is_staff=True), data=moodle_example).competences == 64


def test_row_errors_read_as_sentences():
    assert str(RowError(7, "Oops.")) == "Line 7: Oops."
