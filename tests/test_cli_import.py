"""`python -m analytics import` and the workspace it writes, as a person at a terminal meets them:
the dry-run proposal, the choices that override it (--map, --date-format, --scale), refusals that
change nothing, slicing metrics by uploaded columns, and faults of the workspace itself (a folder,
a damaged file, a busy, full or read-only place), each one line on stderr with its exit code
(0 done, 1 not imported or workspace unusable, 2 usage error, 3 already imported).

Most cases call `analytics.cli.main` in-process; a few spawn the command as typed (each spawn
starts Python), where a traceback, another process or a file-size limit is the point."""

from __future__ import annotations

import hashlib
import json
import random
import resource
import signal
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics import workspace
from analytics.cli import main
from tests.exports import write_csv

REPO_ROOT = Path(__file__).resolve().parent.parent
LTR = "How likely are you to recommend us to a friend?"


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", *map(str, args)], check=False,
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, **kwargs)


def cli(capsys, *args) -> tuple[int, str, str]:
    """The command in-process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def reviews_csv(folder: Path) -> Path:
    """A review export: an 'Overall score' on 1–10, written-out dates, sentences, yes/no."""
    rows = [["r1", 9, 8, "3rd March 2021", "The staff were friendly and the room was spotless.", "Yes"],
            ["r2", 4, 3, "14th April 2021", "Breakfast was cold and the service slow.", "No"],
            ["r3", 7, 9, "21st May 2021", "Good value for the price overall.", "Yes"],
            ["r4", 10, 10, "1st June 2021", "Absolutely wonderful stay from start to finish.", "Yes"],
            ["r5", 2, 1, "22nd July 2021", "The room smelled of smoke and nobody helped.", "No"],
            ["r6", 8, 6, "5th August 2021", "Comfortable beds and a quiet street.", "Yes"],
            ["r7", 6, 5, "30th September 2021", "Fine but nothing special about it.", "No"],
            ["r8", 9, 7, "12th October 2021", "Lovely view and helpful reception team.", "Yes"]]
    return write_csv(folder / "reviews.csv", ["id", "Overall score", "Value for money", "Date of review",
                                              "Review", "Would recommend"], rows)


def ambiguous_dates_csv(folder: Path) -> Path:
    """Customers whose signup dates read both ways (no day above 12)."""
    days = ["01/02/2024", "03/04/2024", "05/06/2024", "07/08/2024", "09/10/2024", "11/12/2024",
            "02/01/2024", "04/03/2024"]
    return write_csv(folder / "customers.csv", ["customer_id", "signup_date", "plan"],
                     [[f"c{i}", day, ("Basic", "Pro")[i % 2]] for i, day in enumerate(days, 1)])


def scores_csv(folder: Path, name: str, column: str, low: int, high: int, rows: int = 40) -> Path:
    rng = random.Random(name)
    return write_csv(folder / name, ["response_id", "Date", column, "Comment"],
                     [[f"{name[0]}{i}", f"2024-{1 + i % 9:02d}-{10 + i % 15}",
                       low if i == 0 else rng.randint(low, high), f"Some words about the service, number {i}"]
                      for i in range(rows)])


def batches(con) -> list[tuple]:
    """Every batch the workspace records (undone ones included)."""
    return con.execute("SELECT batch_id, file_name, rows_loaded FROM imports ORDER BY batch_id").fetchall()


def imports(ws: Path) -> list[tuple]:
    """The workspace's batches (none when a dry run did not even create the file)."""
    if not ws.exists():
        return []
    with duckdb.connect(str(ws), read_only=True) as con:
        return batches(con)


def state(ws: Path) -> tuple:
    """What a refused command must leave as it was: row counts, the version counter, the batches."""
    with workspace.connect(ws, read_only=True) as con:
        return workspace.summary(con), workspace.version(con), batches(con)


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


# 1. --dry-run

def test_dry_run_prints_one_proposal_per_file_and_imports_nothing(tmp_path):
    ws = tmp_path / "ws.duckdb"
    done = run("import", "--workspace", ws, "--dry-run", reviews_csv(tmp_path), ambiguous_dates_csv(tmp_path))
    assert done.returncode == 0, done.stderr
    proposals = [json.loads(line) for line in done.stdout.splitlines()]
    assert [p["file"] for p in proposals] == [str(tmp_path / "reviews.csv"), str(tmp_path / "customers.csv")]
    review, customers = proposals
    for proposal in proposals:
        assert {"kind", "kind_reason", "fields", "scales", "date_format", "warnings", "reasons"} <= set(proposal)
    assert review["kind"] == "responses" and customers["kind"] == "customers"
    assert review["kind_reason"]
    assert review["fields"]["rating"] == "Overall score"
    assert review["fields"]["recommend"] == "Would recommend"
    assert review["fields"]["responded_at"] == "Date of review"
    assert review["scales"]["rating"] == [1, 10]
    assert review["date_format"] == "DD Month YYYY"
    assert "Overall score" in review["reasons"]["rating"] and "Rating 1–10" in review["reasons"]["rating"]
    assert imports(ws) == []


@pytest.mark.parametrize("make, expected", [
    (ambiguous_dates_csv, ["no day above 12", "DD/MM/YYYY"]),
    (lambda folder: scores_csv(folder, "ltr.csv", LTR, 1, 10), ["NPS", "1–10", "9–10 promoters"]),
], ids=["ambiguous-dates", "nps-question-on-1-10"])
def test_dry_run_keeps_the_proposals_warnings(tmp_path, capsys, make, expected):
    """What the proposal found worth a warning reaches the person running the dry run."""
    code, out, err = cli(capsys, "import", "--workspace", tmp_path / "ws.duckdb", "--dry-run", make(tmp_path))
    assert code == 0, err
    warnings = " ".join(json.loads(out)["warnings"])
    assert all(word in warnings for word in expected), warnings


def test_a_dry_run_says_when_the_import_would_be_refused(tmp_path, capsys):
    """A customer file without a header row: its first row is data, so no column is named for an
    ID, churn or MRR. The dry run says what the import would say, and exits 1 as it would."""
    path = tmp_path / "no_header.csv"
    path.write_text("".join(f"{1000 + i},{30 + i},{'Yes' if i % 3 else 'No'}\n" for i in range(20)))
    code, out, err = cli(capsys, "import", "--workspace", tmp_path / "ws.duckdb", "--dry-run", path)
    assert code == 1, err
    assert json.loads(out)["refused"].startswith("This customers / accounts file needs a column for Customer ID")
    assert imports(tmp_path / "ws.duckdb") == []
    code, out, err = cli(capsys, "import", "--workspace", tmp_path / "ws.duckdb", "--dry-run", reviews_csv(tmp_path))
    assert (code, json.loads(out)["refused"]) == (0, None)


def test_a_dry_run_never_writes_a_workspace_and_works_while_the_app_holds_it(tmp_path, capsys):
    fresh = tmp_path / "new.duckdb"
    code, out, err = cli(capsys, "import", "--workspace", fresh, "--dry-run", reviews_csv(tmp_path))
    assert code == 0 and json.loads(out)["kind"] == "responses" and not fresh.exists()
    used = tmp_path / "used.duckdb"
    assert cli(capsys, "import", "--workspace", used, reviews_csv(tmp_path))[0] == 0
    before = hashlib.sha256(used.read_bytes()).hexdigest()
    code, out, err = cli(capsys, "import", "--workspace", used, "--dry-run", reviews_csv(tmp_path))
    assert code == 0 and hashlib.sha256(used.read_bytes()).hexdigest() == before
    held = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                             "print('open', flush=True); time.sleep(60)", str(used)], stdout=subprocess.PIPE, text=True)
    try:
        assert held.stdout.readline().strip() == "open"  # another process holds the file, as the app does
        code, out, err = cli(capsys, "import", "--workspace", used, "--dry-run", reviews_csv(tmp_path))
        assert code == 0 and json.loads(out)["kind"] == "responses"
        assert "is open in another Heartbeat process: the proposal does not use the mappings" in err
    finally:
        held.kill()
        held.wait()


# 2. --map

def test_map_overrides_and_unmaps(tmp_path, capsys):
    file = reviews_csv(tmp_path)
    code, out, err = cli(capsys, "import", "--workspace", tmp_path / "ws.duckdb", "--dry-run",
                         "--map", "rating=Value for money", "--map", "comment=", file)
    assert code == 0, err
    proposal = json.loads(out)
    assert proposal["fields"]["rating"] == "Value for money"
    assert "comment" not in proposal["fields"]
    assert {"Review", "Overall score"} <= set(proposal["kept_columns"])
    assert imports(tmp_path / "ws.duckdb") == []


@pytest.mark.parametrize("choice, named", [
    ("bogus=Review", ["'bogus'", "rating", "comment", "recommend"]),
    ("comment=Nope", ["'Nope'", "Overall score", "Review", "Would recommend"]),
], ids=["unknown-field", "unknown-column"])
def test_map_to_something_that_does_not_exist_is_a_usage_error(tmp_path, capsys, choice, named):
    ws = tmp_path / "ws.duckdb"
    code, out, err = cli(capsys, "import", "--workspace", ws, "--map", choice, reviews_csv(tmp_path))
    assert code == 2 and out == ""
    line = one_line_error(err)
    assert all(name in line for name in named), line
    assert imports(ws) == []


# 3. --date-format

@pytest.mark.parametrize("options, c1, c8", [
    ([], date(2024, 1, 2), date(2024, 4, 3)),
    (["--date-format", "DD/MM/YYYY"], date(2024, 2, 1), date(2024, 3, 4)),
], ids=["month-first-by-default", "day-first-when-chosen"])
def test_date_format_decides_ambiguous_dates(tmp_path, capsys, options, c1, c8):
    """'01/02/2024' and '04/03/2024' as stored signup dates."""
    ws = tmp_path / "ws.duckdb"
    code, _, err = cli(capsys, "import", "--workspace", ws, *options, ambiguous_dates_csv(tmp_path))
    assert code == 0, err
    with workspace.connect(ws, read_only=True) as con:
        stored = dict(con.execute("SELECT customer_id, signup_date FROM customers").fetchall())
    assert (stored["c1"], stored["c8"]) == (c1, c8)


def test_nonsense_date_format_is_a_usage_error(tmp_path, capsys):
    ws = tmp_path / "ws.duckdb"
    code, _, err = cli(capsys, "import", "--workspace", ws, "--date-format", "banana", ambiguous_dates_csv(tmp_path))
    assert code == 2
    assert "'banana'" in one_line_error(err)
    assert imports(ws) == []


# 4. --scale

@pytest.mark.parametrize("options, scale_max", [([], 5), (["--scale", "rating=1-10"], 10)])
def test_scale_sets_a_ratings_scale(tmp_path, capsys, options, scale_max):
    ws = tmp_path / "ws.duckdb"
    code, _, err = cli(capsys, "import", "--workspace", ws, *options,
                       scores_csv(tmp_path, "five.csv", "Overall score", 1, 5))
    assert code == 0, err
    with workspace.connect(ws, read_only=True) as con:
        stored = con.execute("SELECT kind, scale_min, scale_max, count(*) FROM responses GROUP BY ALL").fetchall()
    assert stored == [("rating", 1, scale_max, 40)]


def test_a_scale_for_a_field_nothing_feeds_says_to_map_it_first(tmp_path, capsys):
    # The proposal read the 1-10 question as a Rating: NPS has no column until the user maps one.
    ws, file = tmp_path / "ws.duckdb", scores_csv(tmp_path, "ltr.csv", LTR, 1, 10)
    code, _, err = cli(capsys, "import", "--workspace", ws, "--scale", "nps=1-10", file)
    assert code == 2 and "--map nps=COLUMN" in err, err
    one_line_error(err)
    assert imports(ws) == []


def test_scale_keeps_a_1_to_10_recommend_question_as_nps_with_its_rule(tmp_path, capsys):
    options = ["--map", f"nps={LTR}", "--scale", "nps=1-10"]
    ws, file = tmp_path / "ws.duckdb", scores_csv(tmp_path, "ltr.csv", LTR, 1, 10)
    code, out, err = cli(capsys, "import", "--workspace", ws, "--dry-run", *options, file)
    assert code == 0, err
    proposal = json.loads(out)
    assert proposal["fields"].get("nps") == LTR and "rating" not in proposal["fields"], proposal["fields"]
    assert proposal["scales"]["nps"] == [1, 10]
    assert "banded as on 0–10" in proposal["reasons"]["nps"] and "9–10 promoters" in proposal["reasons"]["nps"]
    code, _, err = cli(capsys, "import", "--workspace", ws, *options, file)
    assert code == 0, err
    with workspace.connect(ws, read_only=True) as con:
        assert con.execute("SELECT DISTINCT kind, scale_min, scale_max FROM responses").fetchall() == [("nps", 1, 10)]


@pytest.mark.parametrize("choice", ["rating=10-1", "rating=abc", "rating", "rating=1-10-2", "bogus=1-5"])
def test_malformed_scale_is_a_usage_error(tmp_path, capsys, choice):
    ws = tmp_path / "ws.duckdb"
    code, _, err = cli(capsys, "import", "--workspace", ws, "--scale", choice,
                       scores_csv(tmp_path, "five.csv", "Overall score", 1, 5))
    assert code == 2, err
    one_line_error(err)
    assert imports(ws) == []


# 5. most rows rejected

@pytest.mark.parametrize("options, reason, fix", [
    (["--date-format", "YYYY-MM-DD"], "'3rd March 2021' is not a date", "--date-format"),
    (["--map", "rating=Review"], "is not a number", "map another column"),
    (["--map", "responded_at=Review"], "is not a date", "map another column"),
], ids=["wrong-date-format", "text-as-rating", "text-as-date"])
def test_most_rows_rejected_imports_nothing(tmp_path, capsys, options, reason, fix):
    ws = tmp_path / "ws.duckdb"
    assert cli(capsys, "import", "--workspace", ws, ambiguous_dates_csv(tmp_path))[0] == 0
    before = state(ws)
    code, out, err = cli(capsys, "import", "--workspace", ws, *options, reviews_csv(tmp_path))
    assert code == 1 and out == ""
    line = one_line_error(err)
    assert "Nothing was imported" in line and reason in line and fix in line, line
    assert state(ws) == before


# 6. already imported

def test_reimporting_the_same_file_exits_3_and_changes_nothing(tmp_path, capsys):
    ws, file = tmp_path / "ws.duckdb", reviews_csv(tmp_path)
    assert cli(capsys, "import", "--workspace", ws, file)[0] == 0
    before = state(ws)
    done = run("import", "--workspace", ws, file)
    assert done.returncode == 3
    assert "already imported" in one_line_error(done.stderr)
    assert state(ws) == before


# 7. metrics sliced by uploaded columns

@pytest.fixture
def sliced(tmp_path, capsys) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    """A workspace with customers (Contract fed plan, Team size kept) and reviews (Trip type kept)."""
    rng = random.Random(5)
    customers = pd.DataFrame({
        "Customer ID": [f"C{i:03d}" for i in range(30)], "Company": [f"Company {i}" for i in range(30)],
        "Contract": [rng.choice(["Monthly", "Annual", "Two year"]) for _ in range(30)],
        "Signup date": [f"2023-{1 + i % 9:02d}-1{i % 10}" for i in range(30)],
        "Team size": [rng.choice(["1-10", "11-50", "51-200"]) for _ in range(30)]})
    reviews = pd.DataFrame({
        "Review ID": [f"R{i}" for i in range(90)], "Customer ID": [f"C{i % 30:03d}" for i in range(90)],
        "Date": [f"2024-{1 + i % 9:02d}-1{i % 10}" for i in range(90)],
        "Overall score": [rng.randint(1, 5) for _ in range(90)],
        "Review": [f"My honest words about visit number {i}, {rng.choice(['good', 'bad'])} overall" for i in range(90)],
        "Trip type": [rng.choice(["Business", "Leisure", "Family"]) for _ in range(90)]})
    customers.to_csv(tmp_path / "customers.csv", index=False)
    reviews.to_csv(tmp_path / "reviews.csv", index=False)
    ws = tmp_path / "ws.duckdb"
    code, out, err = cli(capsys, "import", "--workspace", ws, "--json", tmp_path / "customers.csv",
                         tmp_path / "reviews.csv")
    assert code == 0, err
    loaded = [json.loads(line) for line in out.splitlines()]
    assert [r["kind"] for r in loaded] == ["customers", "responses"]
    with workspace.connect(ws, read_only=True) as con:
        mapping = json.loads(con.execute("SELECT mapping FROM imports WHERE batch_id = 1").fetchone()[0])
    assert mapping["columns"]["plan"] == "Contract"
    return ws, customers, reviews


def metric_rows(capsys, ws: Path, *options) -> list[dict]:
    code, out, err = cli(capsys, "metrics", "--workspace", ws, "--json", *options)
    assert code == 0, err
    return json.loads(out)


def test_metrics_by_the_column_that_fed_plan(sliced, capsys):
    ws, customers, reviews = sliced
    rows = metric_rows(capsys, ws, "--by", "Contract")
    assert {tuple(r["slice"]["plan"]) for r in rows} == {(v,) for v in customers["Contract"].unique()}
    assert rows == metric_rows(capsys, ws, "--by", "plan")
    rated = {r["slice"]["plan"][0]: r["n"] for r in rows if r["metric"] == "rating"}
    assert rated == reviews.merge(customers, on="Customer ID")["Contract"].value_counts().to_dict()
    # the customer file says nothing of who left: churn is unknown, not 0% of each plan
    assert not [r for r in rows if r["metric"] in ("churn_rate", "revenue_churn")]


@pytest.mark.parametrize("column, frame", [("Team size", 1), ("Trip type", 2)], ids=["customer", "review"])
def test_metrics_by_a_kept_column(sliced, capsys, column, frame):
    rows = metric_rows(capsys, sliced[0], "--by", column, "--metric", "rating")
    assert {tuple(r["slice"][column]) for r in rows} == {(v,) for v in sliced[frame][column].unique()}


def test_filter_on_a_kept_review_column_narrows_the_ratings_n(sliced, capsys):
    ws, _, reviews = sliced
    [everyone] = metric_rows(capsys, ws, "--metric", "rating")
    assert everyone["n"] == len(reviews)
    for value, count in reviews["Trip type"].value_counts().items():
        [row] = metric_rows(capsys, ws, "--metric", "rating", "--filter", f"Trip type={value}")
        assert row["n"] == count, value
        assert row["value"] == pytest.approx(reviews.loc[reviews["Trip type"] == value, "Overall score"].mean())


@pytest.mark.parametrize("options", [["--by", "Nope"], ["--filter", "Nope=1"]], ids=["by", "filter"])
def test_metrics_by_an_unknown_name_lists_the_valid_ones(sliced, capsys, options):
    code, out, err = cli(capsys, "metrics", "--workspace", sliced[0], "--json", *options)
    assert code == 2 and out == ""
    line = one_line_error(err)
    assert "'Nope'" in line and all(name in line for name in ("plan", "Team size", "Trip type")), line


# 8. workspace faults: one line, exit 1, nothing changed

def test_workspace_path_that_is_a_folder(tmp_path, capsys):
    folder = tmp_path / "ws"
    folder.mkdir()
    code, _, err = cli(capsys, "import", "--workspace", folder, reviews_csv(tmp_path))
    assert code == 1
    assert "folder" in one_line_error(err)
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_damaged_workspace_is_left_byte_identical(tmp_path):
    ws = tmp_path / "ws.duckdb"
    ws.write_bytes(random.Random(0).randbytes(64 * 1024))
    damaged, files = ws.read_bytes(), sorted(tmp_path.iterdir())
    done = run("import", "--workspace", ws, reviews_csv(tmp_path))
    assert done.returncode == 1
    assert "damaged" in one_line_error(done.stderr)
    assert ws.read_bytes() == damaged
    assert sorted(tmp_path.iterdir()) == sorted({*files, tmp_path / "reviews.csv"})


HOLD_OPEN = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(300)"


def test_busy_workspace(tmp_path, capsys):
    ws = tmp_path / "ws.duckdb"
    assert cli(capsys, "import", "--workspace", ws, ambiguous_dates_csv(tmp_path))[0] == 0
    before = state(ws)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_OPEN, str(ws)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        done = run("import", "--workspace", ws, reviews_csv(tmp_path))
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert done.returncode == 1
    assert "another" in one_line_error(done.stderr)
    assert state(ws) == before


def test_full_disk_leaves_the_batches_as_they_were(tmp_path, capsys):
    ws = tmp_path / "ws.duckdb"
    assert cli(capsys, "import", "--workspace", ws, ambiguous_dates_csv(tmp_path))[0] == 0
    before = state(ws)
    big = write_csv(tmp_path / "big.csv", ["Response ID", "Date", "Overall score", "Comment"],
                    [[f"R{i}", f"2024-{1 + i % 9:02d}-1{i % 10}", 1 + i % 10,
                      f"A reasonably long comment written by person {i} about the service"] for i in range(30_000)])
    limit = ws.stat().st_size + 100_000

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = run("import", "--workspace", ws, big, preexec_fn=limited)
    assert done.returncode == 1, done.stdout
    assert "disk is full" in one_line_error(done.stderr)
    assert state(ws) == before  # opens again without the limit, holding the same batches


def writable(folder: Path) -> bool:
    try:
        with tempfile.NamedTemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def test_read_only_folder(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        folder = next((f for f in (locked, Path("/sys"), Path("/proc/sys")) if f.is_dir() and not writable(f)), None)
        if folder is None:
            pytest.skip("no read-only folder can be produced here (running as root, /sys and /proc/sys writable)")
        ws = folder / "heartbeat-test-workspace.duckdb"
        assert not ws.exists()
        code, _, err = cli(capsys, "import", "--workspace", ws, reviews_csv(tmp_path))
        assert code == 1
        one_line_error(err)
        assert not ws.exists() and not Path(f"{ws}.wal").exists()
    finally:
        locked.chmod(0o755)


# 9. what to import is not a file

@pytest.mark.parametrize("name, reason", [("folder", "folder"), ("missing.csv", "no such file")])
def test_import_of_a_folder_or_a_missing_file(tmp_path, capsys, name, reason):
    (tmp_path / "folder").mkdir()
    ws = tmp_path / "ws.duckdb"
    code, out, err = cli(capsys, "import", "--workspace", ws, tmp_path / name)
    assert code == 1 and out == ""
    assert reason in one_line_error(err)
    assert imports(ws) == []


def test_metrics_by_plan_says_how_many_answers_no_plan_holds(tmp_path, capsys):
    """Answers from people not in the customer list count in the overall figure and in no plan: the
    breakdown says how many (its plans added up to 235 of 260 with nothing to explain the gap)."""
    customers = pd.DataFrame({"Customer ID": [f"C{i:03d}" for i in range(20)],
                              "Plan": ["Pro" if i % 2 else "Basic" for i in range(20)]})
    answers = pd.DataFrame({"Response ID": [f"R{i}" for i in range(50)],
                            "Customer ID": [f"C{i % 20:03d}" if i < 40 else f"T{i}" for i in range(50)],
                            "How likely are you to recommend us?": [i % 11 for i in range(50)],
                            "Why?": [f"Reason {i} about the exports" for i in range(50)]})
    customers.to_csv(tmp_path / "customers.csv", index=False)
    answers.to_csv(tmp_path / "answers.csv", index=False)
    ws = tmp_path / "ws.duckdb"
    assert cli(capsys, "import", "--workspace", ws, tmp_path / "customers.csv", tmp_path / "answers.csv")[0] == 0
    code, out, err = cli(capsys, "metrics", "--workspace", ws, "--metric", "nps", "--by", "plan")
    assert code == 0, err
    assert "n=10  in no plan" in out and "in the overall n=50 only" in out


def test_a_dry_run_with_a_date_format_says_how_many_dates_it_will_not_read(tmp_path, capsys):
    """A date format given by hand that does not read some of the file's dates: the dry run says
    how many of those read and shows one, before any row is rejected."""
    rows = [[f"R{i}", f"{1 + i % 28:02d}/03/2023" + (" às 10:15" if i % 4 == 0 else ""), i % 11] for i in range(40)]
    path = tmp_path / "answers.csv"
    path.write_text("id,data,nps\n" + "".join(",".join(map(str, row)) + "\n" for row in rows), encoding="utf-8")
    code = main(["import", "--workspace", str(tmp_path / "ws.duckdb"), "--dry-run", "--date-format", "DD/MM/YYYY",
                 str(path)])
    said = json.loads(capsys.readouterr().out)
    off = sum(i % 4 == 0 for i in range(40))
    assert code == 0 and any(w.startswith(f"{off} of the 40 dates read in 'data' are not written DD/MM/YYYY")
                             for w in said["warnings"])
