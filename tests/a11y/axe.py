"""axe-core (vendored under biblio/static/vendor/axe-core) in a Playwright page.

The site's CSP allows scripts from 'self' only, so the helper adds axe as a <script src> served by the live
server (same origin) rather than as inline content.
"""

from __future__ import annotations

from dataclasses import dataclass

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
AXE_PATH = "/static/vendor/axe-core/axe.min.js"


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


def run_axe(page, base_url: str) -> list[Violation]:
    """All WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=f"{base_url}{AXE_PATH}")
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           targets: v.nodes.map(n => n.target.join(' '))}));
        }""",
        WCAG_TAGS,
    )
    url = page.url.removeprefix(base_url)
    return [Violation(url, v["id"], v["impact"] or "", v["help"], tuple(v["targets"])) for v in result]


def serious(violations: list[Violation]) -> list[Violation]:
    """Only the serious and critical ones (the ones the suite fails on)."""
    return [v for v in violations if v.impact in BLOCKING]
