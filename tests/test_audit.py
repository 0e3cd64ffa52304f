"""Who did what: every write lands in the append-only audit trail with its person and detail, in the
same transaction as the write (a refused import leaves no row), emptying and restoring keep the
trail, the command line prints it, and every export says who made it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from analytics import board, impact, ingest, voices, workspace
from analytics.cli import main
from analytics.errors import DuplicateFile
from analytics.metrics import Slice

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def con(tmp_path, monkeypatch):
    monkeypatch.setenv("HEARTBEAT_USER", "ana@example.com")
    connection = workspace.connect(tmp_path / "ws.duckdb")
    yield connection
    connection.close()


def actions(con) -> list[str]:
    return list(reversed(workspace.audit_trail(con)["action"]))


def test_each_write_is_recorded_with_who_and_what(con, tmp_path):
    source = FIXTURES / "metrics" / "customers.csv"
    first = ingest.import_file(con, source, kind="customers")
    ingest.import_file(con, FIXTURES / "metrics" / "responses.csv", kind="responses")
    ingest.undo_batch(con, first.batch_id)
    taxonomy = voices.load_taxonomy(con)
    voices.rename_theme(con, taxonomy[0].theme_id, "Money matters", retag=False)
    case = impact.Case("Churn fix", impact.Problem("attribute", "segment", "SMB", "SMB"), Slice(), impact.Investment())
    impact.save_case(con, case)
    with workspace.acting_as("bo@example.com"):
        impact.delete_case(con, "Churn fix")
    snapshot = workspace.empty(con)
    workspace.restore(con, snapshot)
    assert actions(con) == ["import", "import", "undo", "theme edit", "case save", "case delete", "empty", "restore"]
    trail = workspace.audit_trail(con)
    assert set(trail["user"]) == {"ana@example.com", "bo@example.com"}
    assert trail.loc[trail["action"] == "case delete", "user"].item() == "bo@example.com"
    imported = [json.loads(d) for d in trail.loc[trail["action"] == "import", "detail"]][-1]
    assert imported["file"] == "customers.csv" and imported["batch"] == first.batch_id
    assert imported["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert json.loads(trail.loc[trail["action"] == "restore", "detail"].item())["snapshot"] == snapshot
    assert "Money matters" in trail.loc[trail["action"] == "theme edit", "detail"].item()


def test_a_refused_write_records_nothing(con):
    ingest.import_file(con, FIXTURES / "metrics" / "customers.csv", kind="customers")
    before = len(workspace.audit_trail(con))
    with pytest.raises(DuplicateFile):
        ingest.import_file(con, FIXTURES / "metrics" / "customers.csv", kind="customers")
    assert len(workspace.audit_trail(con)) == before


def test_emptying_keeps_the_trail(con):
    ingest.import_file(con, FIXTURES / "metrics" / "customers.csv", kind="customers")
    workspace.empty(con)
    assert actions(con) == ["import", "empty"]  # the import's row outlives the data it describes


def test_the_command_line_prints_the_trail_and_records_exports(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HEARTBEAT_USER", "cli@example.com")
    path = tmp_path / "ws.duckdb"
    assert main(["import", str(FIXTURES / "metrics" / "customers.csv"), "--kind", "customers",
                 "--workspace", str(path)]) == 0
    out = tmp_path / "brief.html"
    assert main(["export", "--overview", "--format", "html", "--out", str(out), "--workspace", str(path)]) == 0
    assert "made by cli@example.com" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["audit", "--json", "--workspace", str(path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["action"] for r in rows] == ["export", "import"]  # newest first
    assert rows[0]["user"] == "cli@example.com" and rows[0]["detail"]["format"] == "html"
    assert main(["audit", "--limit", "1", "--workspace", str(path)]) == 0
    assert "export" in capsys.readouterr().out


def test_every_export_says_who_made_it(demo, tmp_path):
    with workspace.acting_as("dana@example.com"):
        page = board.overview_html(demo, Slice())
        deck = board.overview_deck(demo, Slice(), tmp_path / "deck.pptx")
    assert "made by dana@example.com" in page
    from pptx import Presentation
    footers = [shape.text_frame.text for slide in list(Presentation(str(deck)).slides)[1:] for shape in slide.shapes
               if shape.has_text_frame and "made by" in shape.text_frame.text]
    assert footers and all("dana@example.com" in text for text in footers)
