"""Screenshots of every page, for looking at the app as a user would.

    python -m tests.e2e.screens [--out tests/e2e/artifacts] [--workspace FILE] [--pages overview churn …]

Without --workspace it starts on a brand-new workspace, so the first visit builds the demo.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, GUARD_MS, Server, open_app

PAGES = {"overview": ("", "Overview"), "churn": ("churn", "Churn"),
         "satisfaction": ("satisfaction", "Satisfaction"), "voices": ("voices", "Voices"),
         "drivers": ("drivers", "Drivers"), "case": ("case", "Investment case"),
         "present": ("present", None), "themes": ("themes", "Themes"), "data": ("data", "Data")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ARTIFACTS)
    parser.add_argument("--workspace", type=Path, help="a workspace file to show (default: a new one)")
    parser.add_argument("--pages", nargs="*", default=list(PAGES))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        server = Server(args.workspace or Path(folder) / "workspace.duckdb")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                tab = browser.new_page(viewport={"width": 1440, "height": 1000})
                tab.set_default_timeout(GUARD_MS)
                open_app(tab, server.url, "Overview")  # a first visit may build the demo
                for name in args.pages:
                    path, heading = PAGES[name]
                    if heading:
                        open_app(tab, f"{server.url}/{path}", heading)
                    else:  # the presentation's title is its slide's
                        tab.goto(f"{server.url}/{path}")
                        expect(tab.get_by_role("button", name="Exit")).to_be_visible()
                    shot = args.out / f"page-{name}.png"
                    tab.screenshot(path=str(shot), full_page=True)
                    print(shot)
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
