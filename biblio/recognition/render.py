"""Typst rendering and QR codes: pure functions, no database and no settings, so that worker processes
can run them (see `workers.py`). Each thread keeps one Typst compiler per template: a warm compiler
renders a page in a few milliseconds. Built-in fonts only (they cover every Biblio language)."""

from __future__ import annotations

import io
import json
import threading
from datetime import datetime
from pathlib import Path

import segno
import typst

TEMPLATES = Path(__file__).resolve().parent / "typst"
_local = threading.local()


def _compiler(name: str) -> typst.Compiler:
    compilers = getattr(_local, "compilers", None)
    if compilers is None:
        compilers = _local.compilers = {}
    if name not in compilers:
        compilers[name] = typst.Compiler(
            str(TEMPLATES / f"{name}.typ"), root=str(TEMPLATES), ignore_system_fonts=True
        )
    return compilers[name]


def render(name: str, data: dict, *, when: datetime, qr: str = "") -> bytes:
    """The PDF of template `typst/<name>.typ` with `data` (JSON) and an optional QR code (SVG)."""
    inputs = {"data": json.dumps(data, ensure_ascii=False), "qr": qr}
    return _compiler(name).compile(format="pdf", sys_inputs=inputs, timestamp=when)


def qr_svg(url: str) -> str:
    """A QR code of `url` as SVG (error correction M, quiet zone included)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False)
    return buffer.getvalue().decode()
