"""A page opened while sentiment and themes are still being computed, in Chromium: the figures are
there at once, with a note saying what is still being updated and how far it is."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from analytics import workspace
from tests.e2e.conftest import _tab, open_app, running_on

COPIES = 7  # ~63,000 voices waiting: tens of seconds of tagging, far longer than a page takes


@pytest.fixture
def busy_server(tmp_path, demo_file):
    """The demo with its comments imported seven more times and nothing enriched yet."""
    path = tmp_path / "workspace.duckdb"
    shutil.copyfile(demo_file, path)
    con = workspace.connect(path)
    with workspace.transaction(con):
        con.execute("""INSERT INTO responses
                       SELECT r.* REPLACE (r.response_id || '-copy-' || copies.i AS response_id)
                       FROM responses r, range(1, ? + 1) copies(i) WHERE r.comment IS NOT NULL""", [COPIES])
        con.execute("DELETE FROM voice_themes; DELETE FROM voice_enrichment")
    waiting = con.execute("SELECT count(*) FROM voices").fetchone()[0]
    con.close()
    with running_on(path) as running:
        yield running, waiting


@pytest.fixture
def tab(browser, busy_server, request):
    yield from _tab(browser, request, busy_server[0])


def test_a_page_shows_its_figures_while_enrichment_runs(tab, busy_server):
    server, waiting = busy_server
    assert waiting > 60_000
    open_app(tab, server.url, "Overview")
    note = tab.get_by_text("Sentiment and themes are being updated", exact=False)
    expect(note).to_be_visible()
    expect(note).to_contain_text(re.compile(r"\(\d{1,2}%\)"))  # how far, below 100%
    first = note.inner_text()
    nps = tab.get_by_test_id("stMetric").filter(has_text="NPS").first
    expect(nps.get_by_test_id("stMetricValue")).to_have_text(re.compile(r"^[+−-]?\d+$"))
    expect(note).not_to_have_text(first)  # the server's scoring process is making progress
