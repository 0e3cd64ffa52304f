"""`publish`: the canonical tables as Parquet for another engine, whole or not at all, and the same
figures when read from there."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from analytics import engine, metrics, workspace
from analytics.cli import main
from analytics.engine import _parquet
from analytics.errors import InputError
from analytics.metrics import Slice


def test_the_demo_published_as_parquet_gives_the_same_rows_and_figures(demo_module_copy, tmp_path):
    con = workspace.connect(demo_module_copy)
    try:
        counts = engine.publish(con, f"parquet:{tmp_path / 'lake'}")
        expected = {name: con.execute(f"SELECT count(*) FROM ({query})").fetchall()[0][0]
                    for name, query in _parquet.TABLES.items()}
        nps = metrics.compute(con, "nps", Slice())
    finally:
        con.close()
    assert counts == expected and counts["responses"] > 10_000 and counts["voices"] > 10_000
    files = sorted(p.name for p in (tmp_path / "lake").iterdir())
    assert files == sorted(f"{name}.parquet" for name in _parquet.TABLES)
    # NPS from the published answers, in pandas: % promoters − % detractors of every NPS answer
    answers = pd.read_parquet(tmp_path / "lake" / "responses.parquet")
    scores = answers.loc[(answers["kind"] == "nps") & answers["score"].notna(), "score"]
    assert len(scores) == nps.n
    assert 100 * ((scores >= 9).mean() - (scores <= 6).mean()) == pytest.approx(nps.value, abs=1e-9)
    voices = duckdb.sql(f"SELECT * FROM read_parquet('{tmp_path / 'lake' / 'voices.parquet'}')").df()
    assert {"sentiment", "language", "themes"} <= set(voices.columns) and voices["sentiment"].notna().any()


def test_a_second_publication_replaces_the_first_whole(demo_module_copy, tmp_path, monkeypatch):
    lake = tmp_path / "lake"
    con = workspace.connect(demo_module_copy)
    try:
        engine.publish(con, f"parquet:{lake}")
        (lake / "left_over.parquet").write_bytes(b"old")
        engine.publish(con, f"parquet:{lake}")
        assert not (lake / "left_over.parquet").exists()
        before = {p.name: p.stat().st_mtime_ns for p in lake.iterdir()}
        # a table that cannot be written: nothing changes where the readers look, nothing is left over
        monkeypatch.setitem(_parquet.TABLES, "broken", "SELECT * FROM no_such_table")
        with pytest.raises(duckdb.Error):
            engine.publish(con, f"parquet:{lake}")
    finally:
        con.close()
    assert {p.name: p.stat().st_mtime_ns for p in lake.iterdir()} == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".lake.")]  # no staging folder left


def test_other_targets_are_refused_plainly():
    with pytest.raises(InputError, match="give parquet:FOLDER or postgresql://"):
        engine.publish(None, "spark:/tmp/lake")
    with pytest.raises(InputError):
        engine.publish(None, "parquet:")


def test_the_publish_command_says_how_many_rows_went_where(demo_module_copy, tmp_path, capsys):
    assert main(["publish", "--workspace", str(demo_module_copy), "--to", f"parquet:{tmp_path / 'out'}"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["to"] == f"parquet:{tmp_path / 'out'}" and said["rows"]["taxonomy"] == 10  # the taxonomy in use
    assert said["rows"]["customers"] == len(pd.read_parquet(tmp_path / "out" / "customers.parquet"))
    assert main(["publish", "--workspace", str(demo_module_copy), "--to", "spark:/tmp/lake"]) == 1
    assert "give parquet:FOLDER" in capsys.readouterr().err
