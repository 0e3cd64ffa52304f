"""Uploaded text that looks like markup, in a real browser: a segment value and a theme name made of
markdown images and links, HTML, colour directives and maths. Every page that shows them is opened
in Chromium; no request leaves for the address they point at, no dialog opens, and the characters
show as typed (invisible reordering characters as their code, "[U+202E]")."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from analytics import voices, workspace
from tests.e2e.conftest import _tab, open_app, running_on, settled

TRAP = "127.0.0.1:9"  # nothing listens there: any request to it means markup came alive
SEGMENT = (f"![x](http://{TRAP}/t.png) <img src=http://{TRAP}/i.png onerror=alert(1)> :red[X] $$x$$"
           " \u202etxet\u200b")  # a right-to-left override and a zero-width space
THEME = f"<a href='http://{TRAP}/a'>Billing</a> [go](http://{TRAP}/b) **bold**"
# The pages that draw the segment or the theme name (charts, tables, captions); AppTest checks
# every page's markdown (tests/test_markup_safety.py), this checks what a browser makes of it.
PAGES = [("churn", "Churn"), ("drivers", "Drivers"), ("voices", "Voices"), ("themes", "Themes"), ("data", "Data")]


@pytest.fixture
def hostile_server(tmp_path, demo_file):
    path = tmp_path / "workspace.duckdb"
    shutil.copyfile(demo_file, path)
    con = workspace.connect(path)
    with workspace.transaction(con):
        con.execute("UPDATE customers SET segment = ? WHERE segment = 'SMB'", [SEGMENT])
    voices.rename_theme(con, "billing-invoices", THEME)
    con.close()
    with running_on(path) as running:
        yield running


@pytest.fixture
def tab(browser, hostile_server, request):
    yield from _tab(browser, request, hostile_server)


def test_markup_in_uploaded_names_stays_text_in_the_browser(tab, hostile_server):
    requests, dialogs = [], []
    tab.on("request", lambda r: requests.append(r.url) if TRAP in r.url else None)
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path, heading in PAGES:
        open_app(tab, f"{hostile_server.url}/{path}", heading)
        settled(tab)
        assert "\u202e" not in tab.locator("body").inner_text(), heading
        if path == "churn":  # the segment, as typed, on a chart; the override shown, nothing flipped
            expect(tab.get_by_text(":red[X]", exact=False).first).to_be_visible()
            expect(tab.get_by_text("[U+202E]txet[U+200B]", exact=False).first).to_be_visible()
        if path == "drivers":
            expect(tab.get_by_text("**bold**", exact=False).first).to_be_attached()  # the theme's name, as typed
    assert not requests, requests
    assert not dialogs, dialogs
