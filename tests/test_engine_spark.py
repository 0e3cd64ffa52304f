"""The same figures and quotes from Apache Spark as from DuckDB: the demo published as Parquet
(`publish --to parquet:DIR`), Spark in local mode computing on it with Heartbeat's SQL transpiled
(`--engine spark:DIR`), each value compared to 1e-9 of DuckDB's, each quote by its unit id.

Spark answers a query in about a second here, so this checks every metric's figure, the quotes of
every side of every metric (most typical), a change and a series of one metric of each kind of
population (KINDS), Drivers, retention, the investment case, and a shared real export; PostgreSQL's
test (test_engines) runs the full grid of quote orders and series."""

from __future__ import annotations

import json
import shutil

import pytest

import pandas as pd

from analytics import engine, impact, ingest, metrics, workspace
from analytics.cli import main
from analytics.engine import _spark
from analytics.metrics import Slice, retention
from tests.test_engines import Q3, _quotes, same

if not shutil.which("java"):
    pytest.skip("Java is not installed (apt-get install openjdk-17-jre-headless)", allow_module_level=True)


@pytest.fixture(scope="module")
def lake(demo, tmp_path_factory):
    folder = tmp_path_factory.mktemp("lake") / "heartbeat"
    engine.publish(demo, f"parquet:{folder}")
    return folder


@pytest.fixture(scope="module")
def spark(lake, monkeypatch_module):
    monkeypatch_module.setenv("HEARTBEAT_SPARK_PARTITIONS", "2")  # a small workspace: few shuffle tasks
    monkeypatch_module.setenv("HEARTBEAT_SPARK_MASTER", "local[1]")  # the other core runs the other test worker
    # Each query here reads a few thousand rows: compiling its plan to bytecode, re-planning it
    # adaptively and the JVM's optimising compiler cost more than running it (~15% of this file).
    monkeypatch_module.setenv("PYSPARK_SUBMIT_ARGS", "--driver-java-options '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC' "
                              "--conf spark.sql.codegen.wholeStage=false --conf spark.sql.adaptive.enabled=false "
                              "pyspark-shell")
    with engine.connect(f"spark:{lake}") as con:
        yield _AnswersOnce(con)


class _AnswersOnce(_spark.Connection):
    """The module's Spark session, running each distinct query (its SQL and values) once: the
    metrics layer asks the same questions again and again (whether churn is dated: 18 times; the
    months of revenue: 14; GRR's and NRR's leavers are one population, so one quotes query), and
    on this read-only copy a second run could only give the same rows at ~0.1–2.5 s a time (a
    third of the file). Every distinct query is still transpiled, run by Spark and its rows
    converted by the connection's own cursor."""

    def __init__(self, con):
        super().__init__(con._session)
        self._answers = {}

    def execute(self, sql, params=None):
        key = (sql, repr(params))
        if key not in self._answers:
            cursor = super().execute(sql, params)
            self._answers[key] = (cursor._frame, list(cursor._all()))
        frame, rows = self._answers[key]
        cursor = _spark._Cursor(frame)
        cursor._rows = list(rows)  # a fresh list: fetchone pops from it
        return cursor


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


# A metric of each kind of population beyond its figure: answers, customers, detractors at a date.
# GRR's revenue windows are its figure's population, checked with every figure. A series of
# customer populations (churn's, GRR's: twelve populations in one query) takes 6–9 s in Spark here;
# PostgreSQL's test checks every series through the same transpiler.
KINDS = ["nps", "churn_rate", "revenue_at_risk"]
SERIES = ["nps", "revenue_at_risk"]


def test_every_figure_is_the_same(demo, spark):
    assert engine.name_of(spark) == "Apache Spark" and engine.is_read_only(spark)
    assert metrics.attributes(demo) == metrics.attributes(spark)  # what the filter bar offers
    for key in metrics.REGISTRY:
        assert metrics.available(demo, key) == metrics.available(spark, key), key
        if metrics.available(demo, key):
            same(metrics.compute(demo, key, Q3), metrics.compute(spark, key, Q3), key)


@pytest.mark.parametrize("key", KINDS)
def test_a_change_and_the_quotes_are_the_same(demo, spark, key):
    now = metrics.compute(demo, key, Q3)
    same(metrics.change(demo, key, now), metrics.change(spark, key, metrics.compute(spark, key, Q3)))
    found = metrics.evidence_for(demo, key, Q3, limit=3)
    assert found.quotes and found == metrics.evidence_for(spark, key, Q3, limit=3)


@pytest.mark.parametrize("key", SERIES)
def test_a_series_is_the_same(demo, spark, key):
    same(metrics.series(demo, key, Q3), metrics.series(spark, key, Q3))


def test_every_side_quotes_the_same_customers_in_the_same_order(demo, spark):
    for key in metrics.REGISTRY:
        if metrics.available(demo, key):
            for side in metrics.SIDES[key]:
                found = _quotes(demo, key, Q3, side, "typical")
                assert found == _quotes(spark, key, Q3, side, "typical"), (key, side)


def test_drivers_retention_and_the_investment_case_are_the_same(demo, spark):
    found = impact.drivers(demo, Q3)
    same(found, impact.drivers(spark, Q3))
    pd.testing.assert_frame_equal(retention.cohort_table(demo, Q3), retention.cohort_table(spark, Q3),
                                  check_dtype=False)
    same(retention.survival(demo, Slice()), retention.survival(spark, Slice()))
    leavers = retention.leavers_evidence(demo, Q3, all_cohorts=True, limit=3)
    assert leavers.quotes and leavers == retention.leavers_evidence(spark, Q3, all_cohorts=True, limit=3)
    problem = impact.Problem("theme", found[0].theme_id, label=found[0].theme)
    investment = impact.Investment(100_000, 0)
    same(impact.build_case(demo, "parity", problem, Q3, investment),
         impact.build_case(spark, "parity", problem, Q3, investment))


def test_clothing_reviews_are_the_same(shared_data, tmp_path, spark):
    """The Women's Clothing reviews on Spark: mean rating, would recommend (published 82.2%) broken
    down by a column kept from the file, and the quotes of each of its sides for one department
    (PostgreSQL's test checks both metrics in full)."""
    duck = workspace.connect(tmp_path / "clothing.duckdb")
    ingest.import_file(duck, shared_data / "womens_clothing_reviews" / "Womens Clothing E-Commerce Reviews.csv")
    engine.publish(duck, f"parquet:{tmp_path / 'lake'}")
    with engine.connect(f"spark:{tmp_path / 'lake'}") as lake:
        recommend = metrics.compute(lake, "recommend", Slice())
        assert f"{recommend.value:.1%}" == "82.2%" and recommend.n == 23486  # published
        departments = metrics.attribute_values(duck, "Department Name")
        assert departments == metrics.attribute_values(lake, "Department Name")
        same(metrics.compute(duck, "rating", Slice()), metrics.compute(lake, "rating", Slice()))
        same(metrics.breakdown(duck, "recommend", Slice(), "Department Name", departments),
             metrics.breakdown(lake, "recommend", Slice(), "Department Name", departments))
        tops = Slice().where("Department Name", "Tops")
        for side in metrics.SIDES["recommend"]:
            found = _quotes(duck, "recommend", tops, side, "typical")
            assert found == _quotes(lake, "recommend", tops, side, "typical")
    duck.close()


def test_the_evidence_command_reads_from_spark(lake, demo_copy, capsys):
    command = ["evidence", "--metric", "nps", "--from", "2025-07-01", "--to", "2025-10-01", "--limit", "2", "--json"]
    assert main(command + ["--workspace", str(demo_copy)]) == 0
    from_duckdb = capsys.readouterr().out
    assert main(command + ["--engine", f"spark:{lake}"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(from_duckdb)
    assert main(["metrics", "--engine", f"spark:{lake.parent / 'missing'}"]) == 1
    assert "cannot open the Spark workspace" in capsys.readouterr().err
