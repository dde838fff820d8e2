"""Moving through a page with the keyboard alone, and checking that the focused element shows it."""

from __future__ import annotations

from biblio.demo import DEMO_PASSWORD

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

# One round trip per key press: where the focus is, whether it shows, whether it is where we are going.
STEP = f"""([selector, text]) => {{
    const style = ({FOCUS_STYLE})();
    return style && {{...style, matches: ({MATCHES})([selector, text])}};
}}"""


def focus_is_visible(page) -> bool:
    """The focused element draws an outline or a box shadow (WCAG 2.4.7)."""
    style = page.evaluate(FOCUS_STYLE)
    return bool(style and (style["outline"] or style["shadow"]))


def tab_to(page, selector: str, *, text: str = "", limit: int = 120, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab if `backwards`) until the focused element matches `selector` (and contains
    `text`); every element the focus passes must show it. Already there (an autofocus field): no key pressed."""
    if page.evaluate(MATCHES, [selector, text]):
        return
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        step = page.evaluate(STEP, [selector, text])
        if step is None:  # past the last element the focus leaves the page, then starts again at the top
            continue
        assert step["outline"] or step["shadow"], f"focus not visible on {step}"
        if step["matches"]:
            return
    raise AssertionError(f"{limit} presses of {key} never reached {selector} {text!r}")


def log_in(page, base_url: str, email: str) -> None:
    """The login form with the keyboard alone: Tab to each field, type, Enter."""
    page.goto(f"{base_url}/login/")
    tab_to(page, "input[name=username]")
    page.keyboard.type(email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/home/")


def log_out(page, base_url: str) -> None:
    tab_to(page, "form[action='/logout/'] button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/**")
    page.locator("header a[href='/login/']").wait_for()


def activate(page, key: str = "Enter") -> None:
    """Press Enter or Space on the focused control and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)
