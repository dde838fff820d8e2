"""The CPU-heavy half of issuing, run in worker processes for large batches.

Canonicalising a credential (JSON-LD → RDFC-1.0, pure Python) and rendering two PDFs take most of the
time of a certificate and need neither the database nor Django: a batch of hundreds is spread over
the machine's cores. This module imports nothing of Django, so a fresh worker process (forkserver:
no inherited threads, locks or database connections) only loads PyLD and Typst.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from .dataintegrity import document_hash
from .render import qr_svg, render, use_folder

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
    pid: int = 0  # the process that computed it
    cpu_seconds: float = 0.0  # that process's CPU time so far, start-up included


def crunch(work: Work) -> Done:
    """Hash the canonical credential and render both PDFs."""
    return Done(
        document_hash=document_hash(work.unsigned),
        certificate_pdf=render("certificate", work.certificate, when=work.when, qr=qr_svg(work.verify_url)),
        transcript_pdf=render("transcript", work.transcript, when=work.when),
        pid=os.getpid(),
        cpu_seconds=time.process_time(),
    )


class _Now:
    """A result computed in this process, shaped like a Future."""

    def __init__(self, done: Done) -> None:
        self.done = done

    def result(self) -> Done:
        return self.done


class Workers:
    """`submit(work)` runs in this process, or on every core once `start()`ed for a large batch.

    Submitted work starts at once in a worker while this process prepares the next and finishes the
    ones before, so the database half and the CPU half of issuing overlap. `cpu_seconds`: the CPU the
    worker processes used (this process's own is the caller's to count)."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.folder: str | None = None
        self.size = 1
        self._cpu: dict[int, float] = {}

    def start(self, batch_size: int) -> Workers:
        cores = os.cpu_count() or 1
        if batch_size >= PARALLEL_FROM and cores > 1:
            self.size = min(cores, 8)
            context = multiprocessing.get_context("forkserver")
            self.folder = tempfile.mkdtemp(prefix="biblio-typst-")  # the workers' files, removed in stop()
            self.pool = ProcessPoolExecutor(
                max_workers=self.size, mp_context=context, initializer=use_folder, initargs=(self.folder,)
            )
        return self

    def submit(self, work: Work) -> Future[Done] | _Now:
        if self.pool is None:
            return _Now(crunch(work))
        return self.pool.submit(crunch, work)

    def collect(self, pending: Future[Done] | _Now) -> Done:
        """The result of submitted work (waiting for it), counting its worker's CPU."""
        done = pending.result()
        if self.pool is not None:
            self._cpu[done.pid] = max(self._cpu.get(done.pid, 0.0), done.cpu_seconds)
        return done

    def run(self, works: list[Work]) -> list[Done]:
        return [self.collect(pending) for pending in [self.submit(work) for work in works]]

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
