"""A workspace published as Parquet (`publish --to parquet:DIR`), computed on by Apache Spark.

Each table of READ_TABLES is read from DIR as a view of a Spark session of its own (one per
connection, over the process's one Spark context); the derived views are defined from the same
SQL text as DuckDB's, and every query is Heartbeat's own SQL transpiled by SQLGlot into Spark's
dialect, with values as named parameters. Local mode on the machine's cores by default;
HEARTBEAT_SPARK_MASTER names a cluster (`spark://host:7077`), and DIR may be any path that cluster
reads (`s3a://bucket/heartbeat`); HEARTBEAT_SPARK_PARTITIONS sets the shuffle partitions (8).

The connection answers the part of DuckDB's interface the read path uses, as `_postgres` does.
"""

from __future__ import annotations

import os
import re
import tempfile
from decimal import Decimal
from functools import lru_cache

import pandas as pd
import sqlglot
from sqlglot import exp

from analytics.engine._dialect import rewrite
from analytics.engine._tables import READ_TABLES
from analytics.workspace import view_definitions

# A JSON path as analytics.sql.json_path writes it ($."a key"), which Spark's get_json_object
# reads in its bracket form ($['a key']).
_JSON_KEY = re.compile(r'^\$\."((?:[^"\\]|\\.)*)"$')


@lru_cache(maxsize=1)
def _spark():
    from pyspark.sql import SparkSession  # Java and Spark start only when a Spark engine is used

    spark = (SparkSession.builder.appName("heartbeat")
             .master(os.environ.get("HEARTBEAT_SPARK_MASTER", "local[*]"))
             .config("spark.sql.session.timeZone", "UTC")  # DuckDB's timestamps carry no zone
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.sql.shuffle.partitions", os.environ.get("HEARTBEAT_SPARK_PARTITIONS", "8"))
             .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")  # kind=nps stays text
             .config("spark.sql.warehouse.dir", os.path.join(tempfile.gettempdir(), "heartbeat-spark-warehouse"))
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")  # no progress bars on a command's stderr
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def connect(folder: str) -> "Connection":
    """A Spark session reading the workspace published in `folder`."""
    session = _spark().newSession()
    columns = {}
    for table in READ_TABLES:
        frame = session.read.parquet(f"{folder.rstrip('/')}/{table}.parquet")
        frame.createOrReplaceTempView(table)
        columns[table] = frame.columns
    connection = Connection(session)
    for statement in sqlglot.parse(view_definitions(lambda table: columns[table]), read="duckdb"):
        if isinstance(statement, exp.Create):  # a view of this session only
            statement.set("properties", exp.Properties(expressions=[exp.TemporaryProperty()]))
        session.sql(_portable(statement).sql(dialect="spark"))
    return connection


class Connection:
    """A Spark session that takes DuckDB-dialect SQL (see module docstring)."""

    dialect = "spark"

    def __init__(self, session):
        self._session = session

    def execute(self, sql: str, params=None) -> "_Cursor":
        args = None
        if params:
            args = ({name: _value(v) for name, v in params.items()} if isinstance(params, dict)
                    else [_value(v) for v in params])
        return _Cursor(self._session.sql(to_spark(sql), args=args))

    def cursor(self) -> "Connection":
        return self

    def close(self) -> None:
        pass  # the session's views go with it; the Spark context serves the process

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *_) -> None:
        self.close()


def _value(value):
    if isinstance(value, str) and (found := _JSON_KEY.match(value)):
        key = re.sub(r"\\(.)", r"\1", found.group(1))
        return "$['" + key.replace("'", "\\'") + "']"
    return value


def _plain(value):
    """A value as DuckDB gives it: a whole Decimal an int, any other a float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class _Cursor:
    def __init__(self, frame):
        self._frame = frame
        self._rows = None

    @property
    def description(self):
        return [(field.name, field.dataType.simpleString()) for field in self._frame.schema.fields]

    def _all(self) -> list[tuple]:
        if self._rows is None:
            self._rows = [tuple(_plain(v) for v in row) for row in self._frame.collect()]
        return self._rows

    def fetchone(self):
        rows = self._all()
        return rows.pop(0) if rows else None

    def fetchall(self):
        rows, self._rows = self._all(), []
        return rows

    def df(self) -> pd.DataFrame:
        """The rows as a DataFrame, dates and timestamps as datetime64 columns (as DuckDB gives them)."""
        frame = pd.DataFrame(self.fetchall(), columns=[name for name, _ in self.description])
        for name, kind in self.description:
            if kind in ("date", "timestamp", "timestamp_ntz"):
                frame[name] = pd.to_datetime(frame[name])
            elif kind.startswith("decimal"):
                frame[name] = frame[name].astype(float)
        return frame

    fetchdf = df


@lru_cache(maxsize=1024)
def to_spark(sql: str) -> str:
    """`sql` (DuckDB's dialect, $name or ? parameters) in Spark's dialect (:name or ? parameters)."""
    statements = [_portable(tree).sql(dialect="spark") for tree in sqlglot.parse(sql, read="duckdb") if tree]
    if len(statements) != 1:
        raise ValueError("Spark runs one statement at a time")
    return statements[0]


def _portable(tree: exp.Expression) -> exp.Expression:
    """What the transpiler leaves in DuckDB's terms, said in Spark's (beyond _dialect.rewrite):
    to_months(n) is n months; a CTE is not asked to be materialised (Spark decides)."""

    def said(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.CTE) and node.args.get("materialized") is not None:
            node.set("materialized", None)
            return node
        if isinstance(node, exp.Anonymous) and node.name.lower() == "to_months":
            return exp.Anonymous(this="make_interval", expressions=[
                exp.Literal.number(0), exp.Cast(this=node.expressions[0], to=exp.DataType.build("INT"))])
        return node

    return rewrite(tree, said)

