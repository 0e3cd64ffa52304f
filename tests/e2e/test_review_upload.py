"""A review export uploaded in real Chromium: the proposal reads it (a rating on 1–10, dates like
'8th January 2024', a yes/no recommendation), the user confirms it, and the Overview shows the
Rating beside its quotes."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import expect

from analytics import workspace
from tests.e2e.conftest import _tab, open_app, running_on, screenshot
from tests.exports import review_export


@pytest.fixture
def empty_server(tmp_path):
    """The app on a workspace the user emptied (no demo)."""
    path = tmp_path / "workspace.duckdb"
    con = workspace.connect(path)
    workspace.clear(con)
    con.close()
    with running_on(path) as running:
        yield running


@pytest.fixture
def empty_page(browser, empty_server, request):
    yield from _tab(browser, request, empty_server)


def test_a_review_export_uploads_and_its_rating_shows_with_quotes(empty_page, empty_server, tmp_path):
    text, expected = review_export(rows=60)
    upload = tmp_path / "hotel_reviews.csv"
    upload.write_text(text, encoding="utf-8")
    page = empty_page
    open_app(page, f"{empty_server.url}/data", "Data")
    page.locator("input[type=file]").set_input_files(str(upload))
    expect(page.get_by_text("This file holds")).to_be_visible()
    expect(page.get_by_text("Overall score: whole numbers 2–10 → Rating 1–10")).to_be_visible()
    screenshot(page, "data-review-proposal")
    page.get_by_role("button", name="Import 1 file").click()
    summary = page.get_by_text("imported as batch", exact=False)
    expect(summary).to_contain_text(f"{len(expected)} loaded")
    expect(summary).to_contain_text("0 rejected")

    page.get_by_role("link", name="Overview").first.click()
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    # The reviews run from January to early July 2024: the page opens on the last complete quarter.
    expect(page.get_by_text("Q2 2024 · change against the previous period", exact=False)).to_be_visible()
    quarter = [row for row in expected if datetime(2024, 4, 1) <= row["at"] < datetime(2024, 7, 1)]
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Rating")
    mean = sum(row["rating"] for row in quarter) / len(quarter)
    expect(metric.locator('[data-testid="stMetricValue"]')).to_have_text(f"{mean:.2f}")
    tile = page.locator('[data-testid="stColumn"]').filter(has=metric).last
    expect(tile).to_contain_text("words of people who rated it low")
    shown = tile.inner_text()
    assert any(row["text"][:40] in shown for row in quarter if row["rating"] <= 4), shown
    screenshot(page, "overview-reviews")
