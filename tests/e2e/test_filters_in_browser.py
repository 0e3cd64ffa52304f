"""Changing a filter changes the figure and the quote beside it, together, in real Chromium."""

from playwright.sync_api import expect

from tests.e2e.conftest import open_app, screenshot, settled


def _nps_tile(page):
    return page.locator("[data-testid='stColumn']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text="NPS")).first


def test_segment_filter_moves_tile_and_quote_together(page, server):
    open_app(page, server.url, "Overview")
    tile = _nps_tile(page)
    value, quote = tile.locator("[data-testid='stMetricValue']"), tile.get_by_text("“").first
    expect(value).to_be_visible()
    before_value, before_quote = value.inner_text(), quote.inner_text()

    segment = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
        has_text="Segment")
    segment.click()
    page.get_by_role("option", name="Enterprise").click()
    page.keyboard.press("Escape")

    expect(value).not_to_have_text(before_value)  # the rerun for Enterprise has drawn the tile…
    expect(quote).not_to_have_text(before_quote)  # …and the quote beside it
    settled(page)
    expect(tile.get_by_text("Enterprise", exact=False).first).to_be_visible()  # the quote's "who"
    screenshot(page, "overview-enterprise")


def test_a_page_url_opens_inside_the_app_on_a_new_server(page, server):
    """The first visit after the server starts goes straight to a page's URL: the page is drawn
    inside the app (menu, filters), and no list of files is ever shown."""
    open_app(page, f"{server.url}/churn", "Churn")
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("Filters", exact=True)).to_be_visible()
    expect(sidebar.get_by_role("link", name="Drivers")).to_be_visible()
    expect(page.locator("[data-testid='stSidebarNav']")).to_have_count(0)
    expect(sidebar.get_by_role("link", name="common")).to_have_count(0)
