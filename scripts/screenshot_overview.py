"""Take docs/img/overview.png: the whole-graph view of out/, found on the Global Migration Group.

    .venv/bin/miggraph build && .venv/bin/python scripts/screenshot_overview.py   # needs Debian's chromium
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    page_path = ROOT / "out" / "viz" / "overview.html"
    target = ROOT / "docs" / "img" / "overview.png"
    chromium = shutil.which("chromium")
    if chromium is None or not page_path.is_file():
        sys.exit("needs Debian's chromium and a build in out/ (miggraph build)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-settled]", timeout=60_000)
        page.fill("#search", "GMG")
        page.wait_for_timeout(500)
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        browser.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
