"""Nothing lost by one click: emptying keeps a snapshot, restoring brings back the same counts,
history and figures, both are all-or-nothing, the command line refuses to empty without --yes, and
the Data page empties only once the workspace's name is typed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics import metrics, workspace
from analytics.cli import main
from tests.apptest_support import app_factory, workspace_file  # noqa: F401 (fixture)

HISTORY = "SELECT * FROM imports ORDER BY batch_id"


def state(con) -> tuple:
    """What must come back: row counts, the import history, the tags, a figure."""
    return (workspace.summary(con), con.execute(HISTORY).df().to_dict("records"),
            con.execute("SELECT count(*) FROM voice_themes").fetchone()[0],
            metrics.compute(con, "nps", metrics.Slice()).value, workspace.get_meta(con, "origin"))


def test_empty_then_restore_gives_back_the_same_workspace(demo_copy):
    con = workspace.connect(demo_copy)
    try:
        before = state(con)
        assert before[0]["responses"] > 10_000 and before[0]["batches"] >= 4
        snapshot = workspace.empty(con, "test")
        assert workspace.summary(con)["responses"] == 0 and workspace.is_empty(con)
        assert con.execute("SELECT count(*) FROM voice_themes").fetchone()[0] == 0
        listed = workspace.snapshots(con)
        assert list(listed["snapshot_id"]) == [snapshot]
        assert listed["responses"].iloc[0] == before[0]["responses"]
        assert workspace.restore(con, snapshot) is None  # nothing was there to keep
        assert state(con) == before
    finally:
        con.close()


def test_a_restore_keeps_what_it_replaces(demo_copy):
    con = workspace.connect(demo_copy)
    try:
        full = state(con)
        first = workspace.empty(con)
        con.execute("CHECKPOINT")
        workspace.restore(con, first)
        second = workspace.empty(con)  # the same data, a second time
        workspace.restore(con, second)
        kept = workspace.restore(con, first)  # replacing a full workspace snapshots it first
        assert kept is not None and state(con) == full
        assert workspace.snapshots(con)["snapshot_id"].iloc[0] == kept
        with pytest.raises(workspace.NoSuchSnapshot, match="no snapshot 99"):
            workspace.restore(con, 99)
    finally:
        con.close()


def test_a_failed_restore_changes_nothing(demo_copy):
    con = workspace.connect(demo_copy)
    try:
        snapshot = workspace.empty(con)
        workspace.restore(con, snapshot)
        before = state(con)
        con.execute(f'DROP TABLE "snapshot_{snapshot}"."tickets"')  # a damaged snapshot
        with pytest.raises(duckdb.Error):
            workspace.restore(con, snapshot)
        assert state(con) == before
        assert len(workspace.snapshots(con)) == 1  # the snapshot of the current state rolled back too
    finally:
        con.close()


def test_the_command_line_refuses_to_empty_without_yes(demo_copy, capsys):
    args = ["--workspace", str(demo_copy)]
    assert main(["empty", *args]) == 2
    assert "--yes" in capsys.readouterr().err
    con = workspace.connect(demo_copy)
    before = state(con)
    con.close()
    assert main(["empty", "--yes", *args]) == 0
    assert "snapshot 1" in capsys.readouterr().out
    assert main(["snapshots", "--json", *args]) == 0
    assert '"snapshot_id":1' in capsys.readouterr().out
    assert main(["restore", "7", *args]) == 2
    assert "no snapshot 7" in capsys.readouterr().err
    assert main(["restore", "1", *args]) == 0
    con = workspace.connect(demo_copy)
    try:
        assert state(con) == before
    finally:
        con.close()


def test_the_data_page_empties_only_once_the_name_is_typed(app_factory):  # noqa: F811
    at = app_factory()
    at.switch_page("pages/data.py").run()
    name = Path(workspace_file()).stem
    button = next(b for b in at.button if b.label == "Empty the workspace")
    assert button.disabled
    next(t for t in at.text_input if t.key.startswith("empty_confirm")).set_value("oops").run()
    assert next(b for b in at.button if b.label == "Empty the workspace").disabled
    con = workspace.connect(workspace_file())
    try:
        full = state(con)
        assert full[0]["customers"] > 0
    finally:
        con.close()
    next(t for t in at.text_input if t.key.startswith("empty_confirm")).set_value(name).run()
    next(b for b in at.button if b.label == "Empty the workspace").click().run()
    assert not at.exception
    assert any("Kept as snapshot 1" in s.value for s in at.success)
    con = workspace.connect(workspace_file())
    try:
        assert workspace.summary(con)["customers"] == 0
    finally:
        con.close()
    next(b for b in at.button if b.label == "Restore").click().run()
    assert not at.exception and any("Snapshot 1 restored" in s.value for s in at.success)
    con = workspace.connect(workspace_file())
    try:
        assert state(con) == full
    finally:
        con.close()
