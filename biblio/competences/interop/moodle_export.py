"""Write a framework version as Moodle competency-framework CSV, which `moodle_parse` reads back to
the same data (and Moodle's own importer reads as a framework with its scale and hierarchy)."""

from __future__ import annotations

import csv
import io
import json

from .html import attr, inline_html, text_to_html
from .moodle import HEADER


def scale_items(levels) -> list[str]:
    """Moodle scale items: level titles, prefixed by their code when titles repeat (DigComp's do)."""
    titles = [level.title.replace(",", " ") for level in levels]
    if len(set(titles)) == len(titles):
        return titles
    return [f"{level.code} {title}" for level, title in zip(levels, titles, strict=True)]


def scale_configuration(framework, levels) -> str:
    """Moodle's scale configuration: the stored one if it still fits, else level 1 the default and
    the upper half of the scale proficient."""
    stored = framework.interop.get("scaleconfiguration")
    if stored:
        try:
            ids = [item.get("id") for item in json.loads(stored)[1:]]
            if all(isinstance(i, int) and 1 <= i <= len(levels) for i in ids):
                return stored
        except (ValueError, AttributeError, IndexError, TypeError):
            pass
    count = len(levels)
    items = [{"scaleid": ""}] + [
        {"id": n, "scaledefault": int(n == 1), "proficient": int(n > count // 2)} for n in range(1, count + 1)
    ]
    return json.dumps(items, separators=(",", ":"))


def framework_description(framework, levels) -> str:
    meta = [
        ("title", "Title", framework.title),
        ("version", "Version", framework.version),
        ("publisher", "Publisher", framework.publisher),
        ("licence", "Licence", framework.licence),
    ]
    parts = [text_to_html(framework.notes)]
    parts.append(
        f'<dl data-biblio-block="framework" data-slug="{attr(framework.slug)}" '
        f'data-unverified-titles="{int(framework.unverified_titles)}">'
    )
    parts += [
        f'<dt>{label}</dt><dd data-biblio="{name}">{inline_html(value)}</dd>'
        for name, label, value in meta
        if value
    ]
    parts.append("</dl>")
    if levels:
        parts.append('<ol data-biblio-block="levels">')
        for level in levels:
            group = f' data-group="{attr(level.group)}"' if level.group else ""
            descriptor = (
                f': <span data-biblio="descriptor">{inline_html(level.descriptor)}</span>'
                if level.descriptor
                else ""
            )
            parts.append(
                f'<li data-number="{level.number}" data-code="{attr(level.code)}"{group}>'
                f'<strong data-biblio="title">{inline_html(level.title)}</strong>{descriptor}</li>'
            )
        parts.append("</ol>")
    return "".join(parts)


def competence_description(competence, level_codes: dict[str, str]) -> str:
    html = text_to_html(competence.description)
    descriptors = competence.level_descriptors or {}
    if descriptors:
        items = "".join(
            f'<li data-level="{attr(key)}"><strong>{inline_html(level_codes.get(key, key))}</strong>: '
            f'<span data-biblio="descriptor">{inline_html(descriptors[key])}</span></li>'
            for key in sorted(descriptors, key=lambda k: (int(k) if k.isdigit() else 10**6, k))
        )
        html += f'<ul data-biblio-block="descriptors">{items}</ul>'
    return html


def taxonomy(framework, competences) -> str:
    if framework.interop.get("taxonomy"):
        return framework.interop["taxonomy"]
    by_id = {c.pk: c for c in competences}
    depth = 1
    for competence in competences:
        d, node = 1, competence
        while node.parent_id in by_id and d < 8:
            node, d = by_id[node.parent_id], d + 1
        depth = max(depth, d)
    return ",".join(["domain"] + ["competency"] * (depth - 1)) if depth > 1 else "competency"


def moodle_export(bundle) -> str:
    """The CSV text of one framework version (`bundle` from selectors.framework_bundle)."""
    framework, levels, competences = bundle.framework, bundle.levels, bundle.competences
    codes = {c.pk: c.code for c in competences}
    level_codes = {str(level.number): level.code for level in levels}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerow(
        [
            "",
            framework.interop.get("idnumber") or f"{framework.slug}-{framework.version}",
            framework.name,
            framework_description(framework, levels),
            "1",
            ",".join(scale_items(levels)),
            scale_configuration(framework, levels),
            "",
            "",
            "",
            "",
            "",
            "1",
            taxonomy(framework, competences),
        ]
    )
    for competence in competences:
        extra = competence.interop or {}
        writer.writerow(
            [
                codes.get(competence.parent_id, ""),
                competence.code,
                competence.title,
                competence_description(competence, level_codes),
                "1",
                extra.get("scalevalues", ""),
                extra.get("scaleconfiguration", ""),
                extra.get("ruletype", ""),
                extra.get("ruleoutcome", "0"),
                extra.get("ruleconfig", "null"),
                ",".join(code.replace(",", "%2C") for code in bundle.related.get(competence.pk, [])),
                extra.get("exportid", ""),
                "",
                "",
            ]
        )
    return out.getvalue()
