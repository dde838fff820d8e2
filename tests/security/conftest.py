"""Figures the security tests report at the end of a run (the API fuzzing's request count)."""

from __future__ import annotations

import sys
import time


def pytest_terminal_summary(terminalreporter):
    fuzz = sys.modules.get("tests.security.test_api_fuzz")
    figures = getattr(fuzz, "FIGURES", None)
    if not figures or not figures["requests"]:
        return
    seconds = time.monotonic() - figures["started"]
    statuses = ", ".join(f"{code // 100}xx: {n}" for code, n in sorted(figures["by_status"].items()))
    terminalreporter.write_line(
        f"API fuzzing: {fuzz.OPERATIONS} operations, {figures['requests']} requests ({statuses}) "
        f"in {seconds:.0f} s; BIBLIO_FUZZ_CASES={fuzz.CASES}, {fuzz.PER_OPERATION} per operation and identity"
    )
