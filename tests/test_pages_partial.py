"""Every page on a workspace holding only part of what Heartbeat can use: only survey or review
answers, only tickets, only customers. No page may raise; a figure that cannot be computed says
which data it needs (and offers the upload); what can be computed is shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import ingest, workspace
from tests.apptest_support import app_factory  # noqa: F401  (fixture)
from tests.exports import csv_text, review_export

PAGES = sorted(p.name for p in (Path(__file__).parent.parent / "pages").glob("*.py"))


def _tickets() -> str:
    rows = [[f"T-{i}", f"2024-0{1 + i % 6}-{10 + i % 18}", subject, f"{body} (case {i})", "Email"]
            for i, (subject, body) in enumerate([
                ("Login fails", "I cannot sign in since the update and the reset link never arrives"),
                ("Invoice wrong", "The invoice shows last year's price and the wrong company address"),
                ("Export broken", "Exporting the monthly report to Excel times out every single time")] * 12)]
    return csv_text(["Ticket ID", "Created", "Subject", "Description", "Channel"], rows)


def _customers() -> str:
    rows = [[["Basic", "Plus", "Premium"][i % 3], 20 + i % 7, "1" if i % 4 == 0 else "0"] for i in range(90)]
    return csv_text(["Tariff", "Monthly fee", "Churn"], rows)  # no IDs, no dates (like the Iranian telecom file)


def _workspace(tmp_path, kind: str) -> Path:
    text = {"responses": lambda: review_export(rows=60)[0], "tickets": _tickets, "customers": _customers}[kind]()
    (tmp_path / f"{kind}.csv").write_text(text, encoding="utf-8")
    path = tmp_path / f"{kind}.duckdb"
    con = workspace.connect(path)
    try:
        ingest.import_file(con, tmp_path / f"{kind}.csv")
    finally:
        con.close()
    return path


def _said(at) -> str:
    return " ".join(element.value for element in [*at.info, *at.warning, *at.error, *at.caption])


@pytest.mark.parametrize("kind", ["responses", "tickets", "customers"])
def test_every_page_renders_on_partial_data_and_says_what_is_missing(app_factory, tmp_path, kind):  # noqa: F811
    at = app_factory(_workspace(tmp_path, kind))
    at.run()
    said = {}
    for page in PAGES:
        at.switch_page(f"pages/{page}").run()
        assert not at.exception, (kind, page, [e.message for e in at.exception])
        said[page] = (_said(at), [m.label for m in at.metric])
    if kind == "responses":
        assert {"Rating", "Would recommend"} <= set(said["overview.py"][1])
        assert "Rating" in said["satisfaction.py"][1]
        assert "needs a customer file" in said["case.py"][0]
        assert "No customer records yet" in said["churn.py"][0]
    if kind == "tickets":
        assert "carries no headline figure" in said["overview.py"][0]
        assert "No survey answers or ratings yet" in said["satisfaction.py"][0]
    if kind == "customers":
        assert "Logo churn" in said["overview.py"][1]
        assert "No themes yet" in said["drivers.py"][0]
        assert "No survey answers or ratings yet" in said["satisfaction.py"][0]


def test_a_figure_on_too_few_customers_says_how_many_and_of_what(app_factory, tmp_path):  # noqa: F811
    """Six customers: the churn tile says 'Too few to show a figure: n = 6 customers', not 'too few
    responses' of a figure that counts customers."""
    (tmp_path / "customers.csv").write_text(csv_text(["customer_id", "mrr", "churned"],
                                                     [[f"C{i}", 100 + i, "Yes" if i < 2 else "No"] for i in range(6)]))
    path = tmp_path / "few.duckdb"
    con = workspace.connect(path)
    try:
        ingest.import_file(con, tmp_path / "customers.csv")
    finally:
        con.close()
    at = app_factory(path)
    at.run()
    captions = [c.value for c in at.caption]
    assert any("Too few to show a figure: n = 6 customers (minimum 30)." in c for c in captions), captions
    assert not any("Too few responses" in c for c in captions)
