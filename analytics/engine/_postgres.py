"""A workspace in PostgreSQL, read with Heartbeat's own SQL.

Every query Heartbeat writes is in DuckDB's dialect. Here each one is transpiled by SQLGlot
into PostgreSQL's dialect, once per distinct text, and runs in PostgreSQL: the figures are
computed where the rows are, and a population and the evidence that wraps it stay one SQL text on
every engine (the Slice invariant holds by construction). Values still travel as parameters.

The connection answers the part of DuckDB's interface the read path uses: `execute(sql, params)`
returning a cursor with `fetchone`, `fetchall`, `description` and `df`.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import pandas as pd
import psycopg
import sqlglot
from psycopg.adapt import Loader
from psycopg.types.string import TextLoader
from sqlglot import exp

from analytics.engine._dialect import rewrite

# The one function the read path needs that PostgreSQL lacks under DuckDB's name: a JSON value
# as text, by a JSON path such as $."Plan tier" (analytics.sql.json_path), which PostgreSQL's
# jsonpath reads the same way.
JSON_TEXT = """
CREATE OR REPLACE FUNCTION heartbeat_json_text(doc json, path text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT jsonb_path_query_first(doc::jsonb, path::jsonpath) #>> '{}' $$
"""

_DATE_TYPES = {"date", "timestamp", "timestamptz"}


class _Number(Loader):
    """PostgreSQL's numeric (what sum() of integers returns) as a Python int when whole, else a float:
    the values DuckDB gives for the same aggregates."""

    def load(self, data):
        value = Decimal(bytes(data).decode())
        return int(value) if value == value.to_integral_value() else float(value)


def connect(url: str) -> "Connection":
    return Connection(psycopg.connect(url, autocommit=True), url)


class Connection:
    """A PostgreSQL connection that takes DuckDB-dialect SQL (see module docstring)."""

    dialect = "postgres"

    def __init__(self, pg: psycopg.Connection, url: str):
        self._pg = pg
        self.url = url  # where a write goes (_store.writing)
        pg.adapters.register_loader("numeric", _Number)
        for kind in ("json", "jsonb"):  # JSON as its text, as DuckDB gives it (callers parse it)
            pg.adapters.register_loader(kind, TextLoader)

    def cursor(self) -> "Connection":
        """The same connection (psycopg serialises the statements of threads that share it): what the
        app asks of a DuckDB connection once per script run."""
        return self

    def execute(self, sql: str, params=None) -> "_Cursor":
        cursor = self._pg.cursor()
        # parameters always given, even none, so that psycopg reads every %% as one %
        cursor.execute(to_postgres(sql), params if params is not None else [])
        return _Cursor(cursor)

    def close(self) -> None:
        self._pg.close()

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *_) -> None:
        self.close()


class _Cursor:
    def __init__(self, cursor: psycopg.Cursor):
        self._cursor = cursor

    @property
    def description(self):
        return self._cursor.description

    def fetchone(self):
        return self._cursor.fetchone()

    def fetchall(self):
        return self._cursor.fetchall()

    def df(self) -> pd.DataFrame:
        """The rows as a DataFrame, dates and timestamps as datetime64 columns (as DuckDB gives them)."""
        columns = self._cursor.description or []
        frame = pd.DataFrame(self._cursor.fetchall(), columns=[c.name for c in columns])
        types = self._cursor.connection.adapters.types
        for column in columns:
            info = types.get(column.type_code)
            if info is not None and info.name in _DATE_TYPES:
                frame[column.name] = pd.to_datetime(frame[column.name])
        return frame

    fetchdf = df


@lru_cache(maxsize=1024)
def to_postgres(sql: str) -> str:
    """`sql` (DuckDB's dialect, $name or ? parameters) in PostgreSQL's dialect, with psycopg's
    %(name)s / %s parameters."""
    return "; ".join(_portable(tree).sql(dialect="postgres")
                     for tree in sqlglot.parse(sql, read="duckdb") if tree is not None)


def _portable(tree: exp.Expression) -> exp.Expression:
    """What the transpiler leaves in DuckDB's terms, said in PostgreSQL's (beyond _dialect.rewrite):
    a JSON value read by a path given as a parameter goes through heartbeat_json_text;
    unnest(range(…)) is generate_series, itself a set; to_months(n) is n months; contains(text,
    words) is strpos(text, words) > 0; arg_max(x, y) is the first x of those ordered by y, last
    first (PostgreSQL has no arg_max; of equal ys either may come, as in DuckDB); a subquery in FROM without a name gets one (PostgreSQL 15
    requires it); a literal % is doubled (psycopg reads % as a parameter's start), except in a date
    format, which the transpiler rewrites in PostgreSQL's terms."""
    names = iter(range(1_000_000))

    def said(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.JSONExtractScalar) and not isinstance(node.expression, exp.JSONPath):
            return exp.Anonymous(this="heartbeat_json_text", expressions=[node.this, node.expression])
        if isinstance(node, exp.ArgMax):
            x, y = node.this.sql(dialect="duckdb"), node.expression.sql(dialect="duckdb")
            return sqlglot.parse_one(f"(list({x} ORDER BY {y} DESC) FILTER (WHERE {y} IS NOT NULL))[1]",
                                     read="duckdb")
        if isinstance(node, exp.Contains):
            return exp.GT(this=exp.Anonymous(this="strpos", expressions=[node.this, node.expression]),
                          expression=exp.Literal.number(0))
        if isinstance(node, exp.Explode) and isinstance(node.this, exp.GenerateSeries):
            return node.this
        if isinstance(node, exp.Anonymous) and node.name.lower() == "to_months":
            return exp.Mul(this=exp.Paren(this=node.expressions[0]),
                           expression=exp.Interval(this=exp.Literal.string("1"), unit=exp.var("MONTH")))
        if isinstance(node, exp.Subquery) and not node.alias and isinstance(node.parent, (exp.From, exp.Join)):
            node.set("alias", exp.TableAlias(this=exp.to_identifier(f"_q{next(names)}")))
        elif isinstance(node, exp.Literal) and node.is_string and "%" in node.this and not (
                node.arg_key == "format" and isinstance(node.parent, (exp.TimeToStr, exp.StrToTime, exp.StrToDate))):
            return exp.Literal.string(node.this.replace("%", "%%"))
        return node

    return rewrite(tree, said)
