"""Two app processes on one PostgreSQL store, in real Chromium: one imports a file from its Data
page while the other serves the Overview, and both show the new batch's figures once it commits."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from analytics import engine, metrics
from analytics.metrics import formatting
from tests.e2e.conftest import GUARD_MS, Server, open_app, screenshot, settled


def _nps_value(tab):
    tile = tab.locator("[data-testid='stColumn']").filter(
        has=tab.locator("[data-testid='stMetricLabel']", has_text="NPS")).first
    return tile.locator("[data-testid='stMetricValue']")


def test_one_process_imports_while_the_other_serves_and_both_see_the_batch(browser, demo, postgres_database,
                                                                           tmp_path):
    url = postgres_database()
    engine.publish(demo, url)
    quarter = metrics.default_slice(demo)
    day = quarter.start + timedelta(days=20)
    ids = [row[0] for row in demo.execute("SELECT customer_id FROM customers ORDER BY 1 LIMIT 500").fetchall()]
    answers = tmp_path / "late_detractors.csv"
    answers.write_text("response_id,customer_id,responded_at,survey,score,comment\n" + "".join(
        f"TEAM-{i},{cid},{day} 12:00:00,nps,0,We are leaving: the export fails every week\n"
        for i, cid in enumerate(ids)))
    servers = [Server(tmp_path / f"app{i}.duckdb", env={"HEARTBEAT_ENGINE": url}) for i in range(2)]
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        importing, serving = context.new_page(), context.new_page()
        for tab in (importing, serving):
            tab.set_default_timeout(GUARD_MS)
        open_app(serving, servers[1].url, "Overview")
        before = _nps_value(serving).inner_text()
        assert before == formatting.value("nps", metrics.compute(demo, "nps", quarter).value)

        open_app(importing, servers[0].url + "/data", "Data")
        importing.locator("input[type=file]").set_input_files(str(answers))
        expect(importing.get_by_text("This file holds")).to_be_visible()
        importing.get_by_role("button", name="Import 1 file").click()
        serving.reload()  # the other process serves pages while the import runs
        expect(serving.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
        summary = importing.get_by_text("imported as batch", exact=False)
        expect(summary).to_contain_text("500 loaded")
        screenshot(importing, "team-store-imported")

        with engine.connect(url) as pg:
            after = formatting.value("nps", metrics.compute(pg, "nps", quarter).value)
        assert after != before
        serving.reload()
        expect(_nps_value(serving)).to_have_text(after)  # the other process, once the batch committed
        settled(serving)
        screenshot(serving, "team-store-other-process")
        open_app(importing, servers[0].url, "Overview")
        expect(_nps_value(importing)).to_have_text(after)
    finally:
        context.close()
        for server in servers:
            server.stop()
