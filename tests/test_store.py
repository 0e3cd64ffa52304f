"""PostgreSQL as the team store (analytics.engine._store): imports, undo and the demo written into it
give what the same writes give in a DuckDB file; writers queue and none is lost; a failed write
leaves the store as it was; an empty database becomes a store."""

from __future__ import annotations

import json
import threading
from datetime import date

import pytest

from analytics import engine, ingest, metrics, voices, workspace
from analytics.cli import main
from analytics.metrics import Slice
from tests.test_engines import same

Q3 = Slice().period(date(2025, 7, 1), date(2025, 10, 1))


@pytest.fixture
def store(demo, postgres_database):
    """A new PostgreSQL database holding the demo (published from the session's DuckDB demo)."""
    url = postgres_database()
    engine.publish(demo, url)
    return url


def answers_file(folder, name: str, customer_ids: list[str], score: int, comment: str):
    path = folder / name
    path.write_text("response_id,customer_id,responded_at,survey,score,comment\n" + "".join(
        f"{name}-{i},{cid},2025-08-15 12:00:00,nps,{score},{comment}\n" for i, cid in enumerate(customer_ids))
        + f"{name}-bad,{customer_ids[0]},2025-08-15 12:00:00,nps,11,out of scale\n")  # one row to reject
    return path


def customer_ids(con, count: int) -> list[str]:
    return [row[0] for row in con.execute("SELECT customer_id FROM customers ORDER BY 1 LIMIT ?", [count]).fetchall()]


def figures(con) -> dict:
    """Every figure of Q3 with its n and interval, the detractors' quotes, the history's counts."""
    found = {key: metrics.compute(con, key, Q3) for key in metrics.REGISTRY if metrics.available(con, key)}
    found["quotes"] = [q.unit_id for q in metrics.evidence_for(con, "nps", Q3, limit=5).quotes]
    found["history"] = ingest.history(con)[["Batch", "Rows read", "Loaded", "Rejected", "Undone"]] \
        .assign(Undone=lambda t: t["Undone"] != "").to_dict("records")
    found["enriched"] = con.execute("SELECT count(*), count(sentiment) FROM voices_enriched").fetchone()
    return found


def test_an_import_and_its_undo_in_the_store_give_what_they_give_in_a_file(store, demo, demo_copy, tmp_path,
                                                                          capsys):
    with workspace.connect(demo_copy) as duck:
        answers = answers_file(tmp_path, "late.csv", customer_ids(duck, 400), 0, "Cancelling: the export keeps failing")
        assert main(["import", str(answers), "--engine", store, "--json"]) == 0  # the command line, on the store
        printed = json.loads(capsys.readouterr().out)
        assert (printed["rows_loaded"], printed["rows_rejected"]) == (400, 1)
        ingest.import_file(duck, answers)  # the same file into the DuckDB copy, enriched as the app does
        voices.enrich_with_first_themes(duck)
        with engine.connect(store) as pg:
            in_store = figures(pg)
            same(figures(duck), in_store)
            assert ingest.rejects_for(pg, printed["batch_id"]).shape[0] == 1
        assert in_store["nps"].n == metrics.compute(demo, "nps", Q3).n + 400
        assert in_store["enriched"][1] == in_store["enriched"][0]  # the batch landed with its sentiment

        # next week's export corrects half of those answers: the store takes the new scores, and
        # undoing that import brings the first ones back, as in the file
        (tmp_path / "fixed").mkdir()
        fixed = answers_file(tmp_path / "fixed", "late.csv", customer_ids(duck, 200), 10, "Fixed: exports work now")
        assert main(["import", str(fixed), "--engine", store]) == 0
        ingest.import_file(duck, fixed)
        voices.enrich_with_first_themes(duck)
        with engine.connect(store) as pg:
            same(figures(duck), figures(pg))
            assert metrics.compute(pg, "nps", Q3).n == in_store["nps"].n
            assert metrics.compute(pg, "nps", Q3).value > in_store["nps"].value
        assert main(["undo", str(printed["batch_id"] + 1), "--engine", store]) == 0
        ingest.undo_batch(duck, printed["batch_id"] + 1)
        with engine.connect(store) as pg:
            same(figures(duck), figures(pg))
            assert metrics.compute(pg, "nps", Q3) == in_store["nps"]


def test_an_empty_database_becomes_a_store_and_takes_the_demo(postgres_database, demo, capsys):
    url = postgres_database()
    with engine.connect(url) as pg:  # connecting makes the store: every table, empty
        assert pg.execute("SELECT count(*) FROM responses").fetchone()[0] == 0
        assert workspace.get_meta(pg, "origin") is None
    assert main(["demo", "--engine", url]) == 0
    assert json.loads(capsys.readouterr().out)["workspace"] == engine.shown(url)
    with engine.connect(url) as pg:
        for key in (key for key in metrics.REGISTRY if metrics.available(demo, key)):
            same(metrics.compute(demo, key, Q3), metrics.compute(pg, key, Q3), key)
        assert workspace.is_demo(pg)


def test_writers_queue_and_no_batch_is_lost(store, demo, tmp_path):
    ids = customer_ids(demo, 600)
    files = [answers_file(tmp_path, f"writer{i}.csv", ids[i * 300:(i + 1) * 300], 10, "Love the new alerts")
             for i in range(2)]
    done, failures = [], []

    def write(path) -> None:
        try:
            with engine.connect(store) as pg, engine.writer(pg) as local:
                done.append(ingest.import_file(local, path).batch_id)
        except Exception as err:  # reported below
            failures.append(err)

    threads = [threading.Thread(target=write, args=(path,)) for path in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert sorted(done) == [5, 6]  # each writer saw the other's batch: distinct ids, one after the other
    with engine.connect(store) as pg:
        assert metrics.compute(pg, "nps", Q3).n == metrics.compute(demo, "nps", Q3).n + 600
        assert ingest.history(pg)["Batch"].tolist()[:2] == [6, 5]


def test_a_failed_write_leaves_the_store_as_it_was(store, demo, tmp_path):
    answers = answers_file(tmp_path, "lost.csv", customer_ids(demo, 50), 0, "Never arrives")
    with engine.connect(store) as pg:
        before = figures(pg)
        with pytest.raises(RuntimeError, match="power cut"):
            with engine.writer(pg) as local:
                ingest.import_file(local, answers)
                raise RuntimeError("power cut")  # after the import, before the store saw it
        same(before, figures(pg))
        with engine.writer(pg) as local:  # the lock was let go: the next write goes through
            ingest.import_file(local, answers)
        assert metrics.compute(pg, "nps", Q3).n == before["nps"].n + 50


def test_a_spark_copy_refuses_a_write_plainly():
    class SparkLike:
        dialect = "spark"

    with pytest.raises(Exception, match="publish it again"):
        with engine.writer(SparkLike()):
            pass


def test_what_is_recorded_straight_into_the_store_during_a_write_is_kept(store, demo, tmp_path):
    """A sign-in or an export records itself straight into the store's audit trail, lock or no lock:
    a write that lands meanwhile adds its own entries and keeps those."""
    answers = answers_file(tmp_path, "during.csv", customer_ids(demo, 20), 5, "Fine")
    with engine.connect(store) as pg:
        before = pg.execute("SELECT count(*) FROM audit").fetchone()[0]
        with engine.writer(pg) as local:
            ingest.import_file(local, answers)
            workspace.record_alone(pg, "sign-in", role="viewer")  # another session, meanwhile
        actions = [row[0] for row in pg.execute("SELECT action FROM audit").fetchall()]
        assert len(actions) == before + 2 and actions.count("sign-in") == 1


def test_emptying_the_store_empties_it_for_every_process(store):
    """'Start an empty workspace' on the store: every upload and the history go, in one write."""
    with engine.connect(store) as pg:
        with engine.writer(pg) as local:
            workspace.clear(local)
        counts = pg.execute("SELECT (SELECT count(*) FROM responses), (SELECT count(*) FROM customers), "
                            "(SELECT count(*) FROM imports), (SELECT count(*) FROM nps_spans)").fetchone()
        assert counts == (0, 0, 0, 0) and not metrics.available(pg, "nps")
