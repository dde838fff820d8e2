"""Moving through a page with the keyboard alone, and checking that the focused element shows it."""

from __future__ import annotations

FOCUS_STYLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    return {outline, shadow, tag: el.tagName, text: (el.innerText || el.value || el.name || '').slice(0, 60)};
}"""

MATCHES = """([selector, text]) => {
    const el = document.activeElement;
    return !!el && el.matches(selector) && (!text || (el.innerText || el.textContent || '').includes(text));
}"""


def focus_is_visible(page) -> bool:
    """The focused element draws an outline or a box shadow (WCAG 2.4.7)."""
    style = page.evaluate(FOCUS_STYLE)
    return bool(style and (style["outline"] or style["shadow"]))


def tab_to(page, selector: str, *, text: str = "", limit: int = 120) -> None:
    """Press Tab until the focused element matches `selector` (and contains `text`); every element the
    focus passes must show it. Already there (an autofocus field): no key pressed."""
    if page.evaluate(MATCHES, [selector, text]):
        return
    for _ in range(limit):
        page.keyboard.press("Tab")
        style = page.evaluate(FOCUS_STYLE)
        if style is None:  # past the last element the focus leaves the page, then starts again at the top
            continue
        assert style["outline"] or style["shadow"], f"focus not visible on {style}"
        if page.evaluate(MATCHES, [selector, text]):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector} {text!r}")
