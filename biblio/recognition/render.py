"""Typst rendering and QR codes: pure functions, no database and no settings, so that worker processes
can run them (see `workers.py`). Built-in fonts only (they cover every Biblio language).

Each thread keeps one Typst compiler per template in a folder of its own, and a document's data reaches
its template as a file in that folder (`<template>.json`, the QR code as `qr.svg`), not as `sys.inputs`:
Typst keeps what it laid out between compilations, but anything in `sys.inputs` is part of its standard
library, so a change there discards all of it. Read from a file, only what depends on the changed values is
laid out again: the modules and outcomes that every certificate of a batch shares are not, which halves
the cost of a certificate.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import threading
from datetime import datetime
from multiprocessing.util import Finalize
from pathlib import Path

import segno
import typst

TEMPLATES = Path(__file__).resolve().parent / "typst"
# A fixed mask pattern (ISO/IEC 18004 allows any of the eight; tests/recognition/test_qr.py decodes it):
# scoring all eight to pick the best took ~4 ms a code, three times the rest of making it.
QR_MASK = 0
_local = threading.local()
_base: str | None = None  # where the folders go (None: the system's temporary folder)


def use_folder(base: str) -> None:
    """Make this process's folders inside `base` (worker processes: their parent removes it)."""
    global _base
    _base = base


class _Folder:
    """A temporary folder of this thread's, removed when the thread ends or its process exits (a worker
    process too: they skip `atexit`, not multiprocessing's finalizers)."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="biblio-typst-", dir=_base))
        self.pid = os.getpid()
        self.compilers: dict[str, typst.Compiler] = {}
        Finalize(self, shutil.rmtree, args=(self.path,), kwargs={"ignore_errors": True}, exitpriority=0)


def _here() -> _Folder:
    """This thread's folder and compilers; a forked process makes its own (it must not share files)."""
    held = getattr(_local, "held", None)
    if held is None or held.pid != os.getpid():
        held = _local.held = _Folder()
    return held


def _compiler(name: str) -> typst.Compiler:
    here = _here()
    if name not in here.compilers:
        shutil.copyfile(TEMPLATES / f"{name}.typ", here.path / f"{name}.typ")
        here.compilers[name] = typst.Compiler(
            str(here.path / f"{name}.typ"), root=str(here.path), ignore_system_fonts=True
        )
    return here.compilers[name]


def render(name: str, data: dict, *, when: datetime, qr: str = "") -> bytes:
    """The PDF of template `typst/<name>.typ` with `data` (JSON) and an optional QR code (SVG)."""
    compiler = _compiler(name)
    folder = _here().path
    (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if qr:
        (folder / "qr.svg").write_text(qr, encoding="utf-8")
    return compiler.compile(format="pdf", timestamp=when)


def qr_svg(url: str) -> str:
    """A QR code of `url` as SVG (error correction M, quiet zone included)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", mask=QR_MASK).save(buffer, kind="svg", scale=4, border=2, xmldecl=False)
    return buffer.getvalue().decode()
