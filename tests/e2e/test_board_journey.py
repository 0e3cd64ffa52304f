"""The CX lead's journey in real Chromium: Drivers → pick a theme → build the case → export the
deck; the downloaded .pptx holds the figures the screen showed."""

import io

from playwright.sync_api import expect
from pptx import Presentation

from tests.e2e.conftest import GUARD_MS, open_app, screenshot, settled


def _metric(page, label: str):
    box = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label)).first
    return box.locator("[data-testid='stMetricValue']")


def test_from_a_theme_on_drivers_to_the_board_deck(page, server):
    open_app(page, f"{server.url}/drivers", "Drivers")
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_be_visible()
    hint = page.get_by_text("The costliest theme", exact=False)
    expect(hint).to_be_visible()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 * 2.5)  # the second theme's row marker
    expect(hint).to_have_count(0)  # a row is selected: the panel shows that theme
    settled(page)
    screenshot(page, "journey-drivers")

    page.get_by_role("button", name="Build an investment case for this theme").click()
    expect(page.get_by_role("heading", name="Investment case")).to_be_visible()
    affected, at_risk = _metric(page, "Customers affected"), _metric(page, "Revenue at risk per year")
    expect(at_risk).to_be_visible()
    settled(page)
    affected_text, at_risk_text = affected.inner_text().strip(), at_risk.inner_text().strip()
    screenshot(page, "journey-case")

    page.get_by_text("Export for the board").click()
    prepare = page.get_by_role("button", name="Prepare the board deck (.pptx)")
    expect(prepare).to_be_enabled()
    settled(page)  # no run in flight: the click starts the one that builds the deck
    prepare.click()
    download_button = page.get_by_role("button", name="Download the deck")
    building = page.get_by_text("Drawing charts and writing slides", exact=False)
    try:
        expect(download_button.or_(building).first).to_be_visible(timeout=20_000)
    except AssertionError:
        # In 2 of 3 cold CI runs on a busy 2-core machine the browser lost this click: no run
        # started, while the same server built another session's deck in 2 s. A user clicks again.
        # (A click that was only slow to start its run is harmless to repeat: the deck is built again.)
        settled(page)
        prepare.click()
    expect(download_button).to_be_visible()
    with page.expect_download(timeout=GUARD_MS) as download:
        download_button.click()
    deck = Presentation(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)
    assert at_risk_text in text
    assert affected_text in text
