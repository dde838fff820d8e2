#!/usr/bin/env python
"""Screenshot pages in Debian's Chromium at desktop and phone widths: shoot.py BASE OUTDIR [--login EMAIL] PATH…"""

import argparse
import pathlib
import re

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("outdir")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--login", default="")
    parser.add_argument("--password", default="biblio-demo")
    parser.add_argument("--lang", default="")
    args = parser.parse_args()
    out = pathlib.Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width, height, tag in [(1280, 900, "desktop"), (390, 844, "phone")]:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            errors = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            if args.login:
                page.goto(args.base + "/login/")
                page.fill("input[name=username]", args.login)
                page.fill("input[name=password]", args.password)
                page.click("form button[type=submit] >> nth=-1")
            if args.lang:
                page.goto(args.base + "/home/")
                page.select_option("#lang-select", args.lang)
                page.wait_for_load_state()
            for path in args.paths:
                page.goto(args.base + path)
                name = re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_") or "root"
                target = out / f"{name}-{tag}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target, page.title(), "console errors:" if errors else "", "; ".join(errors))
                errors.clear()
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
