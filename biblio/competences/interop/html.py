"""Descriptions between Biblio's plain text and the HTML that Moodle's CSV carries.

`text_to_html` and `HtmlFields.parse` are inverse on stripped text without carriage returns:
paragraphs (blank-line separated) become <p>, single line breaks <br>. Biblio's structured blocks
(`data-biblio="…"` fields inside a `data-biblio-block` element) carry what Moodle has no column
for — a framework's version and publisher, its level scale, a competence's level descriptors —
in markup that Moodle shows as an ordinary list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


def text_to_html(text: str) -> str:
    """Plain text → HTML paragraphs; the empty string stays empty."""
    if not text:
        return ""
    return "".join(
        f"<p>{escape(para, quote=False).replace(chr(10), '<br>')}</p>" for para in text.split("\n\n")
    )


def inline_html(text: str) -> str:
    """Plain text → inline HTML (line breaks as <br>), for a field inside a list item."""
    return escape(text, quote=False).replace("\n", "<br>")


def attr(value: str) -> str:
    return escape(value, quote=True)


@dataclass
class HtmlFields:
    """What a description holds: its free text, Biblio's fields and blocks of list items."""

    text: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # data-biblio="name" outside list items
    block_attrs: dict[str, dict[str, str]] = field(default_factory=dict)  # block name → attributes
    items: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # block → [item attrs + fields]

    @classmethod
    def parse(cls, html: str) -> HtmlFields:
        parser = _Parser()
        parser.feed(html or "")
        parser.close()
        return parser.result()


class _Buffer:
    """Collects text the way `text_to_html` wrote it: <p> paragraphs, <br> line breaks."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.current: list[str] | None = None

    def open_paragraph(self) -> None:
        self.close_paragraph()
        self.current = []

    def close_paragraph(self) -> None:
        if self.current is not None:
            self.paragraphs.append("".join(self.current))
            self.current = None

    def data(self, text: str) -> None:
        # Line ends inside HTML source are just spaces (Moodle's descriptions wrap lines).
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
        if self.current is None:
            if not text.strip():
                return
            self.current = []
        self.current.append(text)

    def line_break(self) -> None:
        if self.current is None:
            self.current = []
        self.current.append("\n")

    def value(self) -> str:
        self.close_paragraph()
        return "\n\n".join(self.paragraphs).strip()


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.free = _Buffer()
        self.stack: list[tuple[str, str | None, bool]] = []  # (tag, field it opens, opens a block)
        self.capture: tuple[str, _Buffer] | None = None
        self.block: str | None = None
        self.item: dict[str, str] | None = None
        self.fields: dict[str, str] = {}
        self.block_attrs: dict[str, dict[str, str]] = {}
        self.items: dict[str, list[dict[str, str]]] = {}

    def _buffer(self) -> _Buffer | None:
        if self.capture is not None:
            return self.capture[1]
        return None if self.block is not None else self.free

    def handle_starttag(self, tag, attrs):
        attributes = {k: (v or "") for k, v in attrs}
        if tag == "br":
            buffer = self._buffer()
            if buffer is not None:
                buffer.line_break()
            return
        if tag in VOID:
            return
        opens_block = False
        opens_field: str | None = None
        if self.block is None and "data-biblio-block" in attributes:
            self.block = attributes["data-biblio-block"]
            self.block_attrs[self.block] = {
                k[len("data-") :]: v for k, v in attributes.items() if k.startswith("data-")
            }
            self.items.setdefault(self.block, [])
            opens_block = True
        elif self.block is not None and tag == "li" and self.item is None:
            self.item = {k[len("data-") :]: v for k, v in attributes.items() if k.startswith("data-")}
            opens_field = "__item__"
        elif self.capture is None and "data-biblio" in attributes:
            self.capture = (attributes["data-biblio"], _Buffer())
            opens_field = attributes["data-biblio"]
        elif tag == "p":
            buffer = self._buffer()
            if buffer is not None:
                buffer.open_paragraph()
        self.stack.append((tag, opens_field, opens_block))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # Close up to the matching open tag; tolerate sloppy HTML from other systems.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                for open_tag, opens_field, opens_block in reversed(self.stack[index:]):
                    self._close(open_tag, opens_field, opens_block)
                del self.stack[index:]
                return

    def _close(self, tag: str, opens_field: str | None, opens_block: bool) -> None:
        if opens_field == "__item__":
            if self.item is not None and self.block is not None:
                self.items[self.block].append(self.item)
            self.item = None
        elif opens_field is not None and self.capture is not None:
            name, buffer = self.capture
            value = buffer.value()
            if self.item is not None:
                self.item[name] = value
            else:
                self.fields[name] = value
            self.capture = None
        elif opens_block:
            self.block = None
        elif tag == "p":
            buffer = self._buffer()
            if buffer is not None:
                buffer.close_paragraph()

    def handle_data(self, data):
        buffer = self._buffer()
        if buffer is not None:
            buffer.data(data)

    def result(self) -> HtmlFields:
        for open_tag, opens_field, opens_block in reversed(self.stack):
            self._close(open_tag, opens_field, opens_block)
        self.stack.clear()
        return HtmlFields(
            text=self.free.value(),
            fields=self.fields,
            block_attrs=self.block_attrs,
            items=self.items,
        )
