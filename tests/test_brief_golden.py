"""Golden files of the one-page HTML briefs: the overview and a case of a small hand-made workspace
(tests/fixtures/metrics), rendered without charts and dated 1 Jan 2027, must equal the files in
tests/fixtures/golden byte for byte. A change to the brief shows up here as a diff to review;
when the change is wanted, rewrite the files with HEARTBEAT_UPDATE_GOLDEN=1 and commit them."""

from __future__ import annotations

import dataclasses
import os
from datetime import date
from pathlib import Path

import pytest

from analytics import impact, ingest, workspace
from analytics.board import _brief as brief
from analytics.board import _content as content
from analytics.metrics import Slice

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = FIXTURES / "golden"
DAY = date(2027, 1, 1)
H1 = Slice(date(2026, 1, 1), date(2026, 7, 1))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    con = workspace.connect(tmp_path_factory.mktemp("golden") / "ws.duckdb")
    for kind in ("customers", "revenue", "responses"):
        ingest.import_file(con, FIXTURES / "metrics" / f"{kind}.csv", kind=kind)
    yield con
    con.close()


def same_as_golden(name: str, html: str) -> None:
    path = GOLDEN / name
    if os.environ.get("HEARTBEAT_UPDATE_GOLDEN"):
        path.write_text(html, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with HEARTBEAT_UPDATE_GOLDEN=1 to write it"
    assert html == path.read_text(encoding="utf-8"), f"the brief differs from {path}"


def test_overview_brief_matches_its_golden_file(tiny):
    with workspace.acting_as("A. Analyst"):  # the footer says who made it
        view = content.overview_content(tiny, H1, mask=True, chart_size=None, quote_chars=220)
    same_as_golden("brief_overview.html", brief.render_overview(dataclasses.replace(view, generated=DAY)))


def test_case_brief_matches_its_golden_file(tiny):
    problem = impact.Problem("attribute", "segment", "SMB", "Segment: SMB")
    built = impact.build_case(tiny, "SMB churn", problem, H1, impact.Investment(cost=20_000, effect=0.3))
    with workspace.acting_as("A. Analyst"):
        view = content.case_content(tiny, built, mask=True, chart_size=None)
    same_as_golden("brief_case.html", brief.render_case(dataclasses.replace(view, generated=DAY)))
