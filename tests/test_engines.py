"""The same figures and quotes from PostgreSQL as from DuckDB: the workspace published there
(`publish --to postgresql://…`), every query transpiled (analytics.engine), each value compared to
1e-9 of DuckDB's, each quote by its unit id, on the demo and on a shared real export."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date

import pandas as pd
import pytest

from analytics import engine, impact, ingest, metrics, workspace
from analytics.cli import main
from analytics.engine import _copy
from analytics.engine._tables import STORE_TABLES
from analytics.errors import InputError
from analytics.metrics import Slice, retention

Q3 = Slice().period(date(2025, 7, 1), date(2025, 10, 1))
SLICES = (Slice(), Q3, Slice().where("segment", "SMB").period(date(2025, 4, 1), date(2025, 7, 1)),
          Slice().where("plan", "Pro", "Enterprise").period(date(2025, 1, 1), date(2026, 1, 1)))


@pytest.fixture(scope="module")
def both(demo, postgres_database):
    """(the demo in DuckDB, the same demo published to a new PostgreSQL database, its URL)."""
    url = postgres_database()
    counts = engine.publish(demo, url)
    with engine.connect(url) as pg:
        yield demo, pg, url, counts


def same(a, b, path="") -> None:
    """Assert two results are equal, floats to 1e-9 (relative, or absolute near zero)."""
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_dtype=False, rtol=1e-9, obj=path)
    elif dataclasses.is_dataclass(a) and not isinstance(a, type):
        assert type(a) is type(b), path
        for f in dataclasses.fields(a):
            same(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for key in a:
            same(a[key], b[key], f"{path}[{key!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and isinstance(b, (int, float)):
        assert (math.isnan(a) and math.isnan(b)) or b == pytest.approx(a, rel=1e-9, abs=1e-9), path
    else:
        assert a == b, path


def test_publishing_copies_every_table_and_view_row(both):
    duck, pg, _, counts = both
    for table in STORE_TABLES:  # the whole workspace: the store can be written to
        assert counts[table] == duck.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0], table
    assert counts["responses"] > 10_000 and counts["voice_themes"] > 10_000
    for view in ("responses_linked", "tickets_linked", "voices", "voices_enriched"):
        assert pg.execute(f"SELECT count(*) FROM {view}").fetchone() == duck.execute(f"SELECT count(*) FROM {view}").fetchone()
    # the views carry the same columns, and the lists (each voice's themes) arrive whole
    assert [c.name for c in pg.execute("SELECT * FROM voices_enriched LIMIT 0").description] == \
        [c[0] for c in duck.execute("SELECT * FROM voices_enriched LIMIT 0").description]
    query = "SELECT voice_id, themes FROM voices_enriched WHERE array_length(themes) > 1 ORDER BY voice_id LIMIT 50"
    assert [(v, list(t)) for v, t in pg.execute(query).fetchall()] == \
        [(v, list(t)) for v, t in duck.execute(query).fetchall()]


# The demo has no rating or recommend question: the clothing reviews below carry both.
@pytest.mark.parametrize("key", [key for key in metrics.REGISTRY if key not in ("rating", "recommend")])
def test_every_figure_change_series_and_breakdown_is_the_same(both, key):
    duck, pg, _, _ = both
    assert metrics.available(duck, key) and metrics.available(pg, key)
    for slice_ in SLICES:
        now = metrics.compute(duck, key, slice_)
        same(now, metrics.compute(pg, key, slice_), f"{key} {slice_.describe()}")
        same(metrics.change(duck, key, now), metrics.change(pg, key, metrics.compute(pg, key, slice_)))
    same(metrics.series(duck, key, Q3), metrics.series(pg, key, Q3))
    values = ["SMB", "Mid-Market", "Enterprise"]
    same(metrics.breakdown(duck, key, Q3, "segment", values), metrics.breakdown(pg, key, Q3, "segment", values))


def _quotes(con, key: str, slice_: Slice, side: str, order: str):
    found = metrics.evidence_for(con, key, slice_, side, order, limit=4, offset=1)
    return found.total, found.more, [(q.unit_id, q.customer_id, q.text, q.score) for q in found.quotes]


@pytest.mark.parametrize("order", list(metrics.QUOTE_ORDERS))
def test_every_side_quotes_the_same_customers_in_the_same_order(both, order):
    duck, pg, _, _ = both
    for key in metrics.REGISTRY:
        if metrics.available(duck, key):
            for side in metrics.SIDES[key]:
                found = _quotes(duck, key, Q3, side, order)
                assert found == _quotes(pg, key, Q3, side, order), (key, side)
                assert found[0] > 0 or key == "nps" and side == "passives"


def test_drivers_retention_and_the_investment_case_are_the_same(both):
    duck, pg, _, _ = both
    found = impact.drivers(duck, Q3)
    assert len(found) >= 5
    same(found, impact.drivers(pg, Q3))
    pd.testing.assert_frame_equal(retention.cohort_table(duck, Q3), retention.cohort_table(pg, Q3), check_dtype=False)
    pd.testing.assert_frame_equal(retention.distribution(duck, "nps", Q3), retention.distribution(pg, "nps", Q3),
                                  check_dtype=False)
    same(retention.survival(duck, Slice()), retention.survival(pg, Slice()))
    leavers = retention.leavers_evidence(duck, Q3, all_cohorts=True, limit=3)
    assert leavers.quotes and leavers == retention.leavers_evidence(pg, Q3, all_cohorts=True, limit=3)
    problem = impact.Problem("theme", found[0].theme_id, label=found[0].theme)
    case = impact.build_case(duck, "parity", problem, Q3, impact.Investment(100_000, 0))
    same(case, impact.build_case(pg, "parity", problem, Q3, impact.Investment(100_000, 0)))


def test_the_metrics_command_reads_the_same_figures_from_postgresql(both, demo_copy, capsys):
    _, _, url, _ = both
    command = ["metrics", "--from", "2025-07-01", "--to", "2025-10-01", "--by", "segment", "--json"]
    assert main(command + ["--engine", f"duckdb:{demo_copy}"]) == 0
    from_duckdb = json.loads(capsys.readouterr().out)
    assert main(command + ["--engine", url]) == 0
    from_postgres = json.loads(capsys.readouterr().out)
    assert len(from_duckdb) >= 20  # every metric of each of the three segments
    same(from_duckdb, from_postgres)
    # snapshots are copies of a DuckDB file: refused plainly on the store
    assert main(["snapshots", "--engine", url]) == 2
    assert "not of the PostgreSQL store" in capsys.readouterr().err


def test_a_failed_publication_leaves_the_previous_copy_whole(both, monkeypatch):
    duck, pg, url, counts = both
    monkeypatch.setattr(_copy, "STORE_TABLES", STORE_TABLES + ("no_such_table",))
    with pytest.raises(Exception):
        engine.publish(duck, url)
    for table in ("customers", "responses", "voice_themes"):
        assert pg.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == counts[table]
    assert metrics.compute(pg, "nps", Q3) == metrics.compute(duck, "nps", Q3)


def test_an_unreachable_database_is_said_in_one_line(capsys):
    assert main(["metrics", "--engine", "postgresql://heartbeat@127.0.0.1:1/none"]) == 1
    said = capsys.readouterr().err
    assert said.startswith("error: cannot open the PostgreSQL workspace") and "\n" not in said.strip()


def test_a_password_in_a_url_is_never_printed(demo_copy, capsys):
    assert engine.shown("postgresql://cx:s3cret@db:5432/heartbeat") == "postgresql://cx:***@db:5432/heartbeat"
    assert main(["publish", "--to", "postgresql://cx:s3cret@127.0.0.1:1/heartbeat", "--workspace", str(demo_copy)]) == 1
    said = capsys.readouterr().err
    assert said.startswith("error: nothing was published to postgresql://cx:***@127.0.0.1:1/heartbeat")
    assert "s3cret" not in said and "\n" not in said.strip()


def test_a_column_type_postgresql_cannot_take_is_refused(tmp_path, postgres_database):
    con = workspace.connect(tmp_path / "ws.duckdb")
    con.execute("ALTER TABLE settings ADD COLUMN odd MAP(VARCHAR, INTEGER)")
    with pytest.raises(InputError, match="settings: no PostgreSQL type for odd"):
        engine.publish(con, postgres_database())
    con.close()


# ---------------------------------------------------------------- a shared real export

def test_clothing_reviews_rating_recommend_and_a_kept_column_are_the_same(shared_data, tmp_path, postgres_database):
    """The Women's Clothing reviews: the mean rating, the share who would recommend (published 82.2%),
    each broken down by a column kept from the file (read from JSON on both engines), and their quotes."""
    duck = workspace.connect(tmp_path / "clothing.duckdb")
    ingest.import_file(duck, shared_data / "womens_clothing_reviews" / "Womens Clothing E-Commerce Reviews.csv")
    url = postgres_database()
    engine.publish(duck, url)
    with engine.connect(url) as pg:
        recommend = metrics.compute(pg, "recommend", Slice())
        assert f"{recommend.value:.1%}" == "82.2%" and recommend.n == 23486  # published
        departments = metrics.attribute_values(duck, "Department Name")
        assert "Tops" in departments and departments == metrics.attribute_values(pg, "Department Name")
        assert metrics.attributes(duck) == metrics.attributes(pg)
        for key in ("rating", "recommend"):
            same(metrics.compute(duck, key, Slice()), metrics.compute(pg, key, Slice()))
            same(metrics.breakdown(duck, key, Slice(), "Department Name", departments),
                 metrics.breakdown(pg, key, Slice(), "Department Name", departments))
            tops = Slice().where("Department Name", "Tops")
            for side in metrics.SIDES[key]:
                assert _quotes(duck, key, tops, side, "typical") == _quotes(pg, key, tops, side, "typical")
    duck.close()


def test_the_sql_handed_to_postgresql_keeps_values_as_parameters():
    from analytics.engine._postgres import to_postgres

    sql = to_postgres("SELECT count_if(score >= 9) FROM (SELECT * FROM responses WHERE kind = $p0 "
                      "AND json_extract_string(extra, $p1) = 'x%') GROUP BY ALL")
    assert "%(p0)s" in sql and "heartbeat_json_text(extra, %(p1)s)" in sql.lower() and "'x%%'" in sql
    assert "AS _q0" in sql and "GROUP BY" not in sql  # one group: no column to name
    assert to_postgres("SELECT kind, count(*) FROM responses GROUP BY ALL").endswith("GROUP BY 1")
