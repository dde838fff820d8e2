"""The CPU-heavy half of issuing, run in worker processes for large batches.

Canonicalising a credential (JSON-LD → RDFC-1.0, pure Python) and rendering two PDFs take most of the
time of a certificate and need neither the database nor Django: a batch of hundreds is spread over
the machine's cores. This module imports nothing of Django, so a fresh worker process (forkserver:
no inherited threads, locks or database connections) only loads PyLD and Typst.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from .dataintegrity import document_hash
from .render import qr_svg, render

PARALLEL_FROM = 24  # smaller batches run in this process: starting workers would cost more


@dataclass(frozen=True)
class Work:
    unsigned: dict  # the credential without its proof
    certificate: dict  # what the certificate template shows
    transcript: dict  # what the transcript template shows
    verify_url: str
    when: datetime


@dataclass(frozen=True)
class Done:
    document_hash: bytes
    certificate_pdf: bytes
    transcript_pdf: bytes


def crunch(work: Work) -> Done:
    """Hash the canonical credential and render both PDFs."""
    return Done(
        document_hash=document_hash(work.unsigned),
        certificate_pdf=render("certificate", work.certificate, when=work.when, qr=qr_svg(work.verify_url)),
        transcript_pdf=render("transcript", work.transcript, when=work.when),
    )


class Workers:
    """`run(works)` in this process, or on every core once `start()`ed for a large batch."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.size = 1

    def start(self, batch_size: int) -> Workers:
        cores = os.cpu_count() or 1
        if batch_size >= PARALLEL_FROM and cores > 1:
            self.size = min(cores, 8)
            context = multiprocessing.get_context("forkserver")
            self.pool = ProcessPoolExecutor(max_workers=self.size, mp_context=context)
        return self

    def run(self, works: list[Work]) -> list[Done]:
        if self.pool is None:
            return [crunch(work) for work in works]
        return list(
            self.pool.map(crunch, works, chunksize=max(1, len(works) // (2 * self.pool._max_workers)))
        )

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
