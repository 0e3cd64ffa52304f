"""Screenshots of every page on the demo workspace, for looking at the app as a user would.

    python -m tests.e2e.screens [--out tests/e2e/artifacts]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, Server, wait_idle

PAGES = {"overview": "", "churn": "churn", "satisfaction": "satisfaction", "voices": "voices",
         "drivers": "drivers", "case": "case", "present": "present", "themes": "themes", "data": "data"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ARTIFACTS)
    parser.add_argument("--pages", nargs="*", default=list(PAGES))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder) / "workspace.duckdb")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                tab = browser.new_page(viewport={"width": 1440, "height": 1000})
                tab.set_default_timeout(90_000)
                tab.goto(server.url)  # the first visit builds the demo and enriches it
                wait_idle(tab, timeout_ms=180_000)
                tab.wait_for_function("() => !document.body.innerText.includes('Reading your customers')",
                                      timeout=180_000)
                for name in args.pages:
                    tab.goto(f"{server.url}/{PAGES[name]}")
                    wait_idle(tab)
                    tab.wait_for_timeout(1500)
                    wait_idle(tab)
                    path = args.out / f"page-{name}.png"
                    tab.screenshot(path=str(path), full_page=True)
                    print(path)
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
