"""axe-core (vendored under biblio/static/vendor/axe-core) in a Playwright page.

The site's CSP allows scripts from 'self' only, so the helper adds axe as a <script src> served by the live
server (same origin) rather than as inline content — or, cheaper when one context visits many pages,
`install_axe(context)` has Chromium evaluate the file in every document it opens (an init script, which the
page's CSP does not govern), so no page fetches it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every rule axe has for WCAG 2.1 A/AA, plus its best practices (heading order, landmarks, region, tabindex…).
FULL_TAGS = [*WCAG_TAGS, "best-practice"]
BLOCKING = {"serious", "critical"}
AXE_PATH = "/static/vendor/axe-core/axe.min.js"
AXE_FILE = Path(__file__).resolve().parents[2] / "biblio" / "static" / "vendor" / "axe-core" / "axe.min.js"


def install_axe(context) -> None:
    """Every page the context opens from now on has `window.axe` before its own scripts run."""
    context.add_init_script(path=AXE_FILE)


AXE_RUN = """async (tags) => {
    if (typeof window.axe === 'undefined') return null;
    const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                   targets: v.nodes.map(n => n.target.join(' '))}));
}"""


@dataclass(frozen=True)
class Violation:
    url: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        shown = ", ".join(self.targets[:3]) + (" …" if len(self.targets) > 3 else "")
        return f"{self.url} [{self.impact}] {self.rule}: {self.help} — {shown}"


def run_axe(page, base_url: str, tags: list[str] = WCAG_TAGS) -> list[Violation]:
    """The violations of the rules tagged `tags` (WCAG 2.1 A/AA by default) axe finds on the page now."""
    result = page.evaluate(AXE_RUN, tags)
    if (
        result is None
    ):  # not installed in this context: add it from the live server (same origin, so the CSP allows it)
        page.add_script_tag(url=f"{base_url}{AXE_PATH}")
        result = page.evaluate(AXE_RUN, tags)
    url = page.url.removeprefix(base_url)
    return [Violation(url, v["id"], v["impact"] or "", v["help"], tuple(v["targets"])) for v in result]


def serious(violations: list[Violation]) -> list[Violation]:
    """Only the serious and critical ones (the ones the suite fails on)."""
    return [v for v in violations if v.impact in BLOCKING]
