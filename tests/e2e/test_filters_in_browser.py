"""Changing a filter changes the figure and the quote beside it, together, in real Chromium."""

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, wait_idle


def _nps_tile(page):
    return page.locator("[data-testid='stColumn']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text="NPS")).first


def test_segment_filter_moves_tile_and_quote_together(page, server):
    page.goto(server.url)
    wait_idle(page)
    tile = _nps_tile(page)
    expect(tile.locator("[data-testid='stMetricValue']")).to_be_visible()
    before_value = tile.locator("[data-testid='stMetricValue']").inner_text()
    before_quote = tile.get_by_text("“").first.inner_text()

    segment = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
        has_text="Segment")
    segment.click()
    page.get_by_role("option", name="Enterprise").click()
    page.keyboard.press("Escape")
    wait_idle(page)

    tile = _nps_tile(page)
    after_value = tile.locator("[data-testid='stMetricValue']").inner_text()
    after_quote = tile.get_by_text("“").first.inner_text()
    assert after_value != before_value
    assert after_quote != before_quote
    expect(tile.get_by_text("Enterprise", exact=False).first).to_be_visible()  # the quote's "who"
    screenshot(page, "overview-enterprise")
