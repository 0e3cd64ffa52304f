"""`python -m analytics metrics|evidence`: what a script or a finance analyst gets on the command
line is the same figure, with n and interval, as the app shows. Few subprocesses: each spawns Python."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from analytics import metrics, workspace
from analytics.cli import main
from analytics.demo import generate_demo
from analytics.metrics import Slice

REPO_ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", *args], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def demo_path(demo_module_copy) -> str:
    return str(demo_module_copy)


def test_demo_command_builds_the_demo_workspace(tmp_path):
    path = tmp_path / "ws.duckdb"
    done = run("demo", "--workspace", str(path))
    assert done.returncode == 0, done.stderr
    frames = generate_demo()
    assert json.loads(done.stdout) == {"workspace": str(path.resolve()), **{
        kind: len(frames[kind]) for kind in ("customers", "revenue", "responses", "tickets")}}


def in_process(path: str, key: str, slice_: Slice) -> metrics.Result:
    con = workspace.connect(path, read_only=True)  # closed again before the next subprocess
    try:
        return metrics.compute(con, key, slice_)
    finally:
        con.close()


def test_metrics_json_lists_every_headline_figure(demo_path):
    done = run("metrics", "--workspace", demo_path, "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert isinstance(rows, list)
    for row in rows:
        assert {"metric", "slice", "value", "n", "ci_low", "ci_high"} <= set(row)
    by_key = {row["metric"]: row for row in rows}
    assert {"nps", "csat", "ces", "churn_rate", "revenue_churn"} <= set(by_key)
    for key in ("nps", "churn_rate", "revenue_churn"):
        expected = in_process(demo_path, key, Slice())
        assert by_key[key]["value"] == pytest.approx(expected.value, abs=1e-12)
        assert by_key[key]["n"] == expected.n
        assert by_key[key]["ci_low"] <= by_key[key]["value"] <= by_key[key]["ci_high"]
    assert by_key["nps"]["slice"] == {"from": None, "to": None}


def test_metrics_by_segment_per_quarter_within_dates(demo_path):
    done = run("metrics", "--workspace", demo_path, "--json", "--by", "segment", "--period", "quarter",
               "--from", "2026-01-01", "--to", "2026-07-01", "--metric", "churn_rate", "--metric", "nps")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    seen = {(r["slice"]["from"], r["slice"]["to"], tuple(r["slice"]["segment"]), r["metric"]) for r in rows}
    quarters = [("2026-01-01", "2026-04-01"), ("2026-04-01", "2026-07-01")]
    assert seen == {(start, end, (segment,), key) for start, end in quarters
                    for segment in ("Enterprise", "Mid-Market", "SMB") for key in ("churn_rate", "nps")}
    assert len(rows) == len(seen)
    for row in rows:
        slice_ = Slice(date.fromisoformat(row["slice"]["from"]), date.fromisoformat(row["slice"]["to"]))
        expected = in_process(demo_path, row["metric"], slice_.where("segment", *row["slice"]["segment"]))
        assert (row["value"], row["n"]) == (pytest.approx(expected.value, abs=1e-12), expected.n), row
        if row["metric"] == "churn_rate":  # a quarter: monthly and annualised rates beside it
            assert 0 <= row["monthly"] <= row["value"] <= row["annualised"] <= 1


def test_evidence_json_quotes_only_the_filtered_customers(demo_path):
    done = run("evidence", "--workspace", demo_path, "--metric", "nps", "--filter", "segment=SMB",
               "--json")
    assert done.returncode == 0, done.stderr
    quotes = json.loads(done.stdout)
    assert 0 < len(quotes) <= 5
    con = workspace.connect(demo_path, read_only=True)
    try:
        for quote in quotes:
            assert {"customer_id", "text", "why"} <= set(quote) and quote["text"] and quote["why"]
            segment, comment, score = con.execute(
                "SELECT c.segment, r.comment, r.score FROM responses r JOIN customers c USING (customer_id) "
                "WHERE r.response_id = ?", [quote["unit_id"]]).fetchone()
            assert segment == "SMB" and "SMB" in quote["why"]
            assert comment == quote["text"] and score <= 6  # a detractor's own words
        assert quotes[0]["picked"].startswith("1 of ") and "most typical" in quotes[0]["picked"]
    finally:
        con.close()


def test_a_figure_the_workspace_holds_no_data_for_is_said_not_a_traceback(tmp_path):
    ws = tmp_path / "ws.duckdb"
    (tmp_path / "customers.csv").write_text("customer_id,mrr,churned\nC1,10,No\nC2,20,Yes\n")
    assert run("import", str(tmp_path / "customers.csv"), "--workspace", str(ws)).returncode == 0
    done = run("metrics", "--workspace", str(ws), "--metric", "grr", "--json")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == ("error: this workspace holds no data for grr (grr needs a revenue history (one row "
                                   "per customer and month, with its MRR))")


def test_the_text_output_names_the_slice_each_figure_was_computed_on(tmp_path, capsys):
    """A quarter's NPS says 'Q1 2024'; churn from a list without churn dates says 'All time',
    the slice it was computed on, not the quarter asked for."""
    ws = tmp_path / "ws.duckdb"
    (tmp_path / "customers.csv").write_text("customer_id,churned\n" + "".join(
        f"C{i},{'Yes' if i % 4 == 0 else 'No'}\n" for i in range(40)))
    (tmp_path / "answers.csv").write_text("response_id,customer_id,date,nps\n" + "".join(
        f"r{i},C{i},2024-02-{1 + i % 28:02d},{i % 11}\n" for i in range(40)))
    for name in ("customers.csv", "answers.csv"):
        assert main(["import", str(tmp_path / name), "--workspace", str(ws)]) == 0
    capsys.readouterr()
    assert main(["metrics", "--workspace", str(ws), "--from", "2024-01-01", "--to", "2024-04-01"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert lines["nps"].endswith("Q1 2024") and lines["churn_rate"].endswith("All time")


def test_a_revenue_history_alone_gives_grr_month_by_month(tmp_path, capsys):
    """A month-by-customer revenue sheet is the whole workspace: `--period month` gives one GRR a
    month (it gave one figure for the whole range), each pandas' kept MRR over the month before's."""
    def mrr(c: int, month: int) -> int:  # some shrink from March, some leave in April
        shrunk = 100 + 10 * c - (20 * c if month >= 3 and c % 3 == 0 else 0)
        return 0 if month >= 4 and c % 5 == 0 else shrunk

    rows = [(f"C{c:02d}", month, mrr(c, month)) for c in range(12) for month in range(1, 6)]
    (tmp_path / "mrr.csv").write_text("customer_id,month,mrr\n" + "".join(f"{c},2024-{m:02d},{v}\n"
                                                                          for c, m, v in rows))
    ws = tmp_path / "ws.duckdb"
    assert main(["import", str(tmp_path / "mrr.csv"), "--workspace", str(ws)]) == 0
    capsys.readouterr()
    assert main(["metrics", "--workspace", str(ws), "--metric", "grr", "--period", "month",
                 "--from", "2024-02-01", "--to", "2024-06-01", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [r["slice"]["from"] for r in found] == ["2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"]
    paid = {(c, m): v for c, m, v in rows}
    for result, month in zip(found, range(2, 6)):
        before = {c: paid[c, month - 1] for c in {c for c, _ in paid} if paid[c, month - 1] > 0}
        kept = sum(min(v, paid[c, month]) for c, v in before.items())
        assert result["value"] == pytest.approx(kept / sum(before.values())) and result["n"] == len(before)
