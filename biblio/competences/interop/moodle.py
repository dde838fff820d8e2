"""Moodle's competency-framework CSV (tool_lpimportcsv): read every row or none, and write it back.

Reading never touches the database: `moodle_parse` returns a `ParsedFramework` or raises
`ImportRejected` listing every bad row with its line number, so an import is all or nothing.
Columns are found by their header text (the fixture's and the exporter's wording both work); like
Moodle, the file is UTF-8, comma- or semicolon-separated, and a record may span lines.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from biblio.core.errors import DomainError

from .html import HtmlFields

MAX_IDNUMBER = 100
MAX_TITLE = 300
RULE_TYPES = {"core_competency\\competency_rule_all", "core_competency\\competency_rule_points"}
TRUE_VALUES = {"1", "true", "yes"}

# (key, header Moodle's exporter writes, other spellings seen in files)
COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("parent", "Parent ID number", ("parent id number", "parent idnumber")),
    ("idnumber", "ID number", ("id number", "idnumber")),
    ("shortname", "Short name", ("short name", "shortname")),
    ("description", "Description", ("description",)),
    ("descriptionformat", "Description format", ("description format",)),
    ("scalevalues", "Scale values", ("scale values",)),
    ("scaleconfiguration", "Scale configuration", ("scale configuration",)),
    ("ruletype", "Rule type (optional)", ("rule type",)),
    ("ruleoutcome", "Rule outcome (optional)", ("rule outcome",)),
    ("ruleconfig", "Rule config (optional)", ("rule config",)),
    (
        "related",
        "Cross-referenced competency ID numbers",
        ("cross referenced competency id numbers", "related id numbers"),
    ),
    ("exportid", "Exported ID (optional)", ("exported id", "export id")),
    ("isframework", "Is framework", ("is framework",)),
    ("taxonomy", "Taxonomy", ("taxonomy", "taxonomies")),
]
HEADER = [label for _key, label, _names in COLUMNS]

ERR_EMPTY = _("The file is empty.")
ERR_ENCODING = _(
    "This line is not UTF-8 text (byte %(byte)s at position %(position)s); save the file as UTF-8."
)
ERR_CSV = _("The CSV cannot be read here: %(error)s.")
ERR_MISSING_COLUMNS = _("Missing column(s): %(columns)s.")
ERR_FIELD_COUNT = _("This row has %(found)s fields; the header has %(expected)s.")
ERR_NO_FRAMEWORK = _("No row is marked as the framework (Is framework = 1).")
ERR_TWO_FRAMEWORKS = _("A second row is marked as the framework (the first is on line %(first)s).")
ERR_NO_IDNUMBER = _("The ID number is empty.")
ERR_NO_SHORTNAME = _("The short name is empty.")
ERR_IDNUMBER_LONG = _("The ID number is longer than %(max)s characters.")
ERR_TITLE_LONG = _("The short name is longer than %(max)s characters.")
ERR_DUPLICATE = _("The ID number “%(idnumber)s” is already used on line %(first)s.")
ERR_UNKNOWN_PARENT = _("The parent ID number “%(parent)s” is not in the file.")
ERR_CYCLE = _("The parent chain of “%(idnumber)s” comes back to itself.")
ERR_UNKNOWN_RELATED = _("The cross-referenced ID number “%(related)s” is not in the file.")
ERR_NOT_INTEGER = _("%(column)s must be a whole number, not “%(value)s”.")
ERR_BAD_JSON = _("%(column)s is not valid JSON.")
ERR_RULE_TYPE = _("Unknown rule type “%(value)s”.")
ERR_NO_SCALE = _("The framework row gives no scale values, so there are no levels to rate.")
ERR_BAD_LEVELS = _("The list of proficiency levels in the description is not valid: %(error)s.")
ERR_REJECTED = _("Nothing was imported: the file has %(count)s problem(s).")


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return str(_("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message})


class ImportRejected(DomainError):
    """The file is not imported; `errors` names every bad row."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.line)
        super().__init__(
            ERR_REJECTED % {"count": len(self.errors)},
            fields={"file": [str(e) for e in self.errors]},
        )


@dataclass
class ParsedLevel:
    number: int
    code: str
    title: str
    group: str = ""
    descriptor: str = ""


@dataclass
class ParsedCompetence:
    line: int
    code: str
    parent_code: str
    title: str
    description: str
    level_descriptors: dict[str, str] = field(default_factory=dict)
    related_codes: list[str] = field(default_factory=list)
    interop: dict[str, str] = field(default_factory=dict)
    is_area: bool = False


@dataclass
class ParsedFramework:
    line: int
    idnumber: str
    slug: str
    version: str
    name: str
    title: str = ""
    publisher: str = ""
    licence: str = ""
    unverified_titles: bool = False
    notes: str = ""
    levels: list[ParsedLevel] = field(default_factory=list)
    competences: list[ParsedCompetence] = field(default_factory=list)
    interop: dict[str, str] = field(default_factory=dict)


def _normal(header: str) -> str:
    text = header.strip().lower().replace("(optional)", "").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


def decode(data: bytes) -> str:
    """UTF-8 text without a BOM, or ImportRejected naming every line that is not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    errors = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append(
                RowError(
                    number, ERR_ENCODING % {"byte": f"0x{line[exc.start]:02X}", "position": exc.start + 1}
                )
            )
    raise ImportRejected(errors)


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records, line = [], 1
    try:
        for row in reader:
            records.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportRejected([RowError(line, ERR_CSV % {"error": exc})]) from exc
    return records


def moodle_parse(data: bytes, *, slug: str = "", version: str = "") -> ParsedFramework:
    """Read a whole file; every problem is collected before anything is refused."""
    text = decode(data)
    if not text.strip():
        raise ImportRejected([RowError(1, str(ERR_EMPTY))])
    records = _records(text, _delimiter(text))
    header_line, header = records[0]
    by_name = {names: key for key, _label, spellings in COLUMNS for names in spellings}
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        key = by_name.get(_normal(name))
        if key and key not in index:
            index[key] = position
    missing = [label for key, label, _n in COLUMNS if key not in index]
    if missing:
        raise ImportRejected([RowError(header_line, ERR_MISSING_COLUMNS % {"columns": ", ".join(missing)})])
    return _Rows(records[1:], index, len(header)).parse(slug=slug, version=version)


class _Rows:
    def __init__(self, records, index: dict[str, int], width: int) -> None:
        self.records, self.index, self.width = records, index, width
        self.errors: list[RowError] = []

    def error(self, line: int, message) -> None:
        self.errors.append(RowError(line, str(message)))

    def parse(self, *, slug: str, version: str) -> ParsedFramework:
        framework: ParsedFramework | None = None
        competences: list[ParsedCompetence] = []
        first_line: dict[str, int] = {}
        for line, row in self.records:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != self.width:
                self.error(line, ERR_FIELD_COUNT % {"found": len(row), "expected": self.width})
                continue
            cell = {key: row[position] for key, position in self.index.items()}
            if cell["isframework"].strip().lower() in TRUE_VALUES:
                if framework is not None:
                    self.error(line, ERR_TWO_FRAMEWORKS % {"first": framework.line})
                    continue
                framework = self.framework_row(line, cell, slug=slug, version=version)
                continue
            competence = self.competence_row(line, cell)
            if competence is None:
                continue
            if competence.code in first_line:
                self.error(
                    line, ERR_DUPLICATE % {"idnumber": competence.code, "first": first_line[competence.code]}
                )
                continue
            first_line[competence.code] = line
            competences.append(competence)
        if framework is None:
            self.error(self.records[0][0] if self.records else 2, ERR_NO_FRAMEWORK)
        self.check_references(competences)
        if self.errors:
            raise ImportRejected(self.errors)
        assert framework is not None
        parents = {c.parent_code for c in competences if c.parent_code}
        for competence in competences:
            competence.is_area = not competence.parent_code and competence.code in parents
        framework.competences = competences
        return framework

    def ids(self, line: int, cell: dict[str, str]) -> tuple[str, str] | None:
        # Titles are kept as written (a round trip gives back every character); codes are trimmed.
        idnumber, shortname = cell["idnumber"].strip(), cell["shortname"]
        ok = True
        for value, empty, too_long, limit in (
            (idnumber, ERR_NO_IDNUMBER, ERR_IDNUMBER_LONG, MAX_IDNUMBER),
            (shortname, ERR_NO_SHORTNAME, ERR_TITLE_LONG, MAX_TITLE),
        ):
            if not value.strip():
                self.error(line, empty)
                ok = False
            elif len(value) > limit:
                self.error(line, too_long % {"max": limit})
                ok = False
        return (idnumber, shortname) if ok else None

    def description(self, line: int, cell: dict[str, str]) -> HtmlFields | None:
        raw = cell["descriptionformat"].strip()
        if raw and not re.fullmatch(r"-?\d+", raw):
            self.error(line, ERR_NOT_INTEGER % {"column": _("Description format"), "value": raw})
            return None
        if raw in ("", "0", "1"):  # FORMAT_MOODLE and FORMAT_HTML are HTML; the others plain text
            return HtmlFields.parse(cell["description"])
        return HtmlFields(text=cell["description"].strip())

    def json_cell(self, line: int, cell: dict[str, str], key: str, label) -> bool:
        value = cell[key].strip()
        if value in ("", "null"):
            return True
        try:
            json.loads(value)
        except ValueError:
            self.error(line, ERR_BAD_JSON % {"column": label})
            return False
        return True

    def framework_row(self, line: int, cell, *, slug: str, version: str) -> ParsedFramework | None:
        ids = self.ids(line, cell)
        described = self.description(line, cell)
        self.json_cell(line, cell, "scaleconfiguration", _("Scale configuration"))
        if ids is None or described is None:
            return ParsedFramework(line=line, idnumber="", slug="", version="", name="")
        idnumber, shortname = ids
        meta = described.block_attrs.get("framework", {})
        fields = described.fields
        guessed = re.fullmatch(r"(?i)([a-z0-9][a-z0-9_-]*?)-(\d[\w.]*)", idnumber)
        slug = slug or meta.get("slug") or (guessed.group(1) if guessed else idnumber)
        version = version or fields.get("version") or (guessed.group(2) if guessed else "1")
        parsed = ParsedFramework(
            line=line,
            idnumber=idnumber,
            slug=slugify(slug)[:40],
            version=version[:20],
            name=shortname[:100],
            title=fields.get("title", "")[:200],
            publisher=fields.get("publisher", "")[:200],
            licence=fields.get("licence", "")[:100],
            unverified_titles=meta.get("unverified-titles") == "1",
            notes=described.text,
        )
        parsed.levels = self.levels(line, described, cell["scalevalues"])
        for key in ("scaleconfiguration", "taxonomy"):
            if cell[key].strip():
                parsed.interop[key] = cell[key].strip()
        if idnumber != f"{parsed.slug}-{parsed.version}":
            parsed.interop["idnumber"] = idnumber
        return parsed

    def levels(self, line: int, described: HtmlFields, scale_values: str) -> list[ParsedLevel]:
        items = described.items.get("levels")
        if items:
            try:
                levels = [
                    ParsedLevel(
                        number=int(item["number"]),
                        code=item.get("code", item["number"])[:10],
                        title=item.get("title", "")[:100],
                        group=item.get("group", "")[:100],
                        descriptor=item.get("descriptor", ""),
                    )
                    for item in items
                ]
            except (KeyError, ValueError) as exc:
                self.error(line, ERR_BAD_LEVELS % {"error": exc})
                return []
            numbers = [level.number for level in levels]
            if len(set(numbers)) != len(numbers) or min(numbers) < 1:
                self.error(line, ERR_BAD_LEVELS % {"error": _("level numbers must be distinct and ≥ 1")})
            return levels
        titles = [t.strip() for t in scale_values.split(",") if t.strip()]
        if not titles:
            self.error(line, ERR_NO_SCALE)
        return [ParsedLevel(number=n, code=str(n), title=t[:100]) for n, t in enumerate(titles, start=1)]

    def competence_row(self, line: int, cell) -> ParsedCompetence | None:
        ids = self.ids(line, cell)
        described = self.description(line, cell)
        ok = ids is not None and described is not None
        ok &= self.json_cell(line, cell, "ruleconfig", _("Rule config"))
        ok &= self.json_cell(line, cell, "scaleconfiguration", _("Scale configuration"))
        outcome = cell["ruleoutcome"].strip()
        if outcome and not re.fullmatch(r"\d+", outcome):
            self.error(line, ERR_NOT_INTEGER % {"column": _("Rule outcome"), "value": outcome})
            ok = False
        rule_type = cell["ruletype"].strip()
        if rule_type and rule_type not in RULE_TYPES:
            self.error(line, ERR_RULE_TYPE % {"value": rule_type})
            ok = False
        if not ok:
            return None
        assert ids is not None and described is not None
        descriptors = {
            item["level"]: item.get("descriptor", "")
            for item in described.items.get("descriptors", [])
            if item.get("level")
        }
        interop = {
            key: cell[key].strip()
            for key in ("ruletype", "ruleconfig", "exportid", "scalevalues", "scaleconfiguration")
            if cell[key].strip() and cell[key].strip() != "null"
        }
        if outcome not in ("", "0"):
            interop["ruleoutcome"] = outcome
        return ParsedCompetence(
            line=line,
            code=ids[0],
            parent_code=cell["parent"].strip(),
            title=ids[1],
            description=described.text,
            level_descriptors=descriptors,
            related_codes=[
                code.replace("%2C", ",").strip() for code in cell["related"].split(",") if code.strip()
            ],
            interop=interop,
        )

    def check_references(self, competences: list[ParsedCompetence]) -> None:
        known = {c.code: c for c in competences}
        for competence in competences:
            if competence.parent_code and competence.parent_code not in known:
                self.error(competence.line, ERR_UNKNOWN_PARENT % {"parent": competence.parent_code})
            for related in competence.related_codes:
                if related not in known:
                    self.error(competence.line, ERR_UNKNOWN_RELATED % {"related": related})
        for competence in competences:
            seen, node = {competence.code}, competence
            while node.parent_code in known:
                node = known[node.parent_code]
                if node.code in seen:
                    self.error(competence.line, ERR_CYCLE % {"idnumber": competence.code})
                    break
                seen.add(node.code)
