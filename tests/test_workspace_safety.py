"""A killed import leaves the previous state intact; readers never see half an import."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from analytics import ingest, workspace

ROOT = Path(__file__).resolve().parent.parent


def _survey_file(path: Path, rows: int, start: int = 0) -> Path:
    with open(path, "w", encoding="utf-8") as sink:
        sink.write("response_id,customer_id,responded_at,nps,comment\n")
        for i in range(start, start + rows):
            sink.write(f'R{i},C{i % 997},2026-0{1 + i % 9}-1{i % 10} 10:00:00,{i % 11},'
                       f'"Comment {i}, with a comma and ""quotes"""\n')
    return path


def _state(con) -> tuple:
    return (workspace.version(con), workspace.summary(con)["responses"],
            con.execute("SELECT count(*) FROM imports").fetchone()[0],
            con.execute("SELECT count(*) FROM rejects").fetchone()[0])


KILLABLE = """
import sys
from analytics import ingest, workspace
con = workspace.connect(sys.argv[1])
def report(fraction, message):
    print(message, flush=True)
    if message == "Saving":
        import time; time.sleep(30)  # hold here, mid-transaction, until the test kills us
ingest.import_file(con, sys.argv[2], on_progress=report)
print("finished", flush=True)
"""


def test_killed_import_leaves_previous_state_intact(tmp_path):
    ws = tmp_path / "ws.duckdb"
    con = workspace.connect(ws)
    ingest.import_file(con, _survey_file(tmp_path / "first.csv", 500))
    before = _state(con)
    con.close()

    big = _survey_file(tmp_path / "second.csv", 200_000, start=500)
    child = subprocess.Popen([sys.executable, "-c", KILLABLE, str(ws), str(big)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    seen = []
    for line in child.stdout:
        seen.append(line.strip())
        if line.strip() == "Saving":  # rows are already inserted inside the open transaction
            break
    assert seen[-1] == "Saving", seen
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert "finished" not in seen

    con = workspace.connect(ws)
    try:
        assert _state(con) == before
        # and the workspace still works: the same file imports cleanly afterwards
        result = ingest.import_file(con, big)
        assert result.rows_loaded == 200_000
    finally:
        con.close()


def test_readers_see_the_old_or_the_new_state_never_half(tmp_path):
    con = workspace.connect(tmp_path / "ws.duckdb")
    ingest.import_file(con, _survey_file(tmp_path / "first.csv", 1_000))
    big = _survey_file(tmp_path / "second.csv", 100_000, start=1_000)
    seen: set[int] = set()
    done = threading.Event()

    def read() -> None:
        cursor = con.cursor()
        while not done.is_set():
            seen.add(cursor.execute("SELECT count(*) FROM responses").fetchone()[0])

    reader = threading.Thread(target=read)
    reader.start()
    try:
        ingest.import_file(con.cursor(), big)
    finally:
        done.set()
        reader.join()
    assert seen <= {1_000, 101_000}
    assert 1_000 in seen


def test_a_second_process_gets_a_clear_busy_message(tmp_path):
    ws = tmp_path / "ws.duckdb"
    con = workspace.connect(ws)
    try:
        answer = subprocess.run([sys.executable, "-m", "analytics", "history", "--workspace", str(ws)],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
    finally:
        con.close()
    assert answer.returncode == 1
    assert "open in another Heartbeat process" in answer.stderr


@pytest.mark.parametrize("variable", ["HEARTBEAT_WORKSPACE"])
def test_workspace_path_follows_the_environment(tmp_path, monkeypatch, variable):
    monkeypatch.setenv(variable, str(tmp_path / "elsewhere.duckdb"))
    assert workspace.workspace_path() == (tmp_path / "elsewhere.duckdb").resolve()
    assert workspace.workspace_path(tmp_path / "given.duckdb") == (tmp_path / "given.duckdb").resolve()
    monkeypatch.delenv(variable)
    assert workspace.workspace_path() == ROOT / "data" / "workspace.duckdb"


def test_a_workspace_of_schema_4_keeps_a_respondent_only_on_answers_that_share_a_row(tmp_path):
    """Schema 5 clears respondent_id on lone answers (it made every population group all of them);
    answers of one review row keep theirs, so the row's text still speaks for its recommendation."""
    survey = _survey_file(tmp_path / "survey.csv", 20)
    reviews = tmp_path / "reviews.csv"
    reviews.write_text("review_id,date,rating,recommended,review\n"
                       "V1,2026-03-01,2,No,Too slow\nV2,2026-03-02,5,Yes,\n")
    con = workspace.connect(tmp_path / "ws.duckdb")
    ingest.import_file(con, survey)
    ingest.import_file(con, reviews)
    assert con.execute("SELECT count(respondent_id) FROM responses").fetchone()[0] == 4  # the reviews' only
    # As schema 4 wrote it: every answer carried its row's key.
    con.execute("UPDATE responses SET respondent_id = coalesce(respondent_id, response_id)")
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    con.close()
    con = workspace.connect(tmp_path / "ws.duckdb")
    shared = con.execute("SELECT response_id, respondent_id FROM responses WHERE respondent_id IS NOT NULL "
                         "ORDER BY response_id").fetchall()
    assert shared == [("V1:rating", "V1"), ("V1:recommend", "V1"), ("V2:rating", "V2"), ("V2:recommend", "V2")]
    from analytics import metrics
    found = metrics.evidence_for(con, "recommend", metrics.Slice(), side="would not")
    assert [q.text for q in found.quotes] == ["Too slow"]  # the rating's text, for its recommendation


def test_duckdb_memory_is_a_share_of_the_machine_unless_the_environment_sets_it(tmp_path, monkeypatch):
    monkeypatch.delenv("HEARTBEAT_MEMORY_LIMIT", raising=False)
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    expected_mb = max(1024, int(physical * workspace.MEMORY_SHARE) >> 20)
    con = workspace.connect(tmp_path / "a.duckdb")
    limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]  # e.g. '5.8 GiB'
    con.close()
    number, unit = limit.split()
    assert abs(float(number) * {"MiB": 1, "GiB": 1024}[unit] - expected_mb * 1e6 / 2**20) < 0.01 * expected_mb
    monkeypatch.setenv("HEARTBEAT_MEMORY_LIMIT", "1500MB")
    con = workspace.connect(tmp_path / "b.duckdb")
    assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "1.3 GiB"  # 1500 MB
    con.close()
