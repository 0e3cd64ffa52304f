"""The CX lead's journey in real Chromium: Drivers → pick a theme → build the case → export the
deck; the downloaded .pptx holds the figures the screen showed."""

import io

from playwright.sync_api import expect
from pptx import Presentation

from tests.e2e.conftest import screenshot, wait_idle


def _metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label)).first
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def test_from_a_theme_on_drivers_to_the_board_deck(page, server):
    page.goto(server.url)
    wait_idle(page)
    page.get_by_role("link", name="Drivers").click()
    wait_idle(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 * 2.5)  # the second theme's row marker
    wait_idle(page)
    screenshot(page, "journey-drivers")
    page.get_by_role("button", name="Build an investment case for this theme").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Investment case")).to_be_visible()
    affected = _metric(page, "Customers affected")
    at_risk = _metric(page, "Revenue at risk per year")
    screenshot(page, "journey-case")

    page.get_by_text("Export for the board").click()
    page.get_by_role("button", name="Prepare the board deck (.pptx)").click()
    wait_idle(page, timeout_ms=120_000)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Download the deck").click()
    deck = Presentation(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)
    assert at_risk in text
    assert affected in text
