"""A user's first minutes, in real Chromium: demo workspace, empty it, upload a real export."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import open_app, screenshot

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
TELCO = SHARED / "telco_churn_classic" / "WA_Fn-UseC_-Telco-Customer-Churn.csv"


def test_demo_opens_then_upload_of_telco_shows_the_import_summary(fresh_page, fresh_server):
    if not TELCO.exists():
        pytest.skip("../shared/data is not present")
    page = fresh_page
    open_app(page, fresh_server.url, "Overview")  # a first visit: the app builds the demo
    expect(page.get_by_text("Demo data.", exact=False)).to_be_visible()
    expect(page.get_by_text("5,000").first).to_be_visible()
    screenshot(page, "overview-demo")

    page.get_by_role("button", name="Start an empty workspace").click()
    expect(page.get_by_role("heading", name="Data")).to_be_visible()
    expect(page.get_by_text("Demo data.", exact=False)).to_have_count(0)

    page.locator("input[type=file]").set_input_files(str(TELCO))
    expect(page.get_by_text("This file holds")).to_be_visible()
    screenshot(page, "data-mapping")
    page.get_by_role("button", name="Import 1 file").click()
    summary = page.get_by_text("imported as batch", exact=False)
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("7,043 loaded")
    expect(summary).to_contain_text("0 rejected")
    screenshot(page, "data-imported")
