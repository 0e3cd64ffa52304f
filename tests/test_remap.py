"""A kept column can be mapped later, as an undoable batch that leaves the upload untouched."""

import pytest

from analytics import ingest
from analytics.errors import InputError


def test_a_kept_column_becomes_the_segment_and_undo_takes_it_back(workspace, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("customer_id,Sales owner,mrr\nA,Priya,10\nB,Tom,20\nC,,5\n", encoding="utf-8")
    first = ingest.import_file(workspace, path)
    assert ingest.kept_columns(workspace, first.batch_id) == ["Sales owner"]
    assert workspace.execute("SELECT count(segment) FROM customers").fetchone()[0] == 0

    batch = ingest.map_kept_column(workspace, first.batch_id, "Sales owner", "segment")
    assert sorted(workspace.execute("SELECT customer_id, segment, mrr FROM customers").fetchall()) == [
        ("A", "Priya", 10.0), ("B", "Tom", 20.0), ("C", None, 5.0)]
    versions = workspace.execute("SELECT count(*) FROM customer_versions WHERE batch_id = ?",
                                 [first.batch_id]).fetchone()[0]
    assert versions == 3  # the upload's own rows are untouched

    ingest.undo_batch(workspace, batch)
    assert workspace.execute("SELECT count(segment) FROM customers").fetchone()[0] == 0


def test_only_kept_columns_and_text_fields_can_be_mapped(workspace, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("customer_id,Tier\nA,Priya\n", encoding="utf-8")
    batch = ingest.import_file(workspace, path).batch_id
    with pytest.raises(InputError, match="no customer column named 'Nope'"):
        ingest.map_kept_column(workspace, batch, "Nope", "segment")
    with pytest.raises(InputError, match="cannot be mapped later"):
        ingest.map_kept_column(workspace, batch, "Tier", "mrr")
