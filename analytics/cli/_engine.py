"""The command line on another engine: `--engine duckdb:FILE | postgresql://… | spark:DIR` for the
reading commands, and `publish --to` that moves a workspace there."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import pandas as pd

from analytics import engine
from analytics.cli._commands import Usage

# What a published copy (PostgreSQL, Spark) answers: Heartbeat reads it only.
READ_COMMANDS = ("metrics", "evidence", "voices", "drivers", "case", "export")


def duckdb_file(args) -> str | None:
    """The workspace file `--engine duckdb:FILE` names, else `--workspace`'s."""
    if not args.engine:
        return args.workspace
    scheme, _, path = args.engine.partition(":")
    if scheme != "duckdb" or not path:
        raise Usage(f"unknown engine {args.engine!r}: give duckdb:FILE, postgresql://USER@HOST:PORT/DB or spark:DIR")
    return path


def on_copy(args, run: Callable) -> int:
    """`run(con, args)` on the published copy at `args.engine` (PostgreSQL or Spark), for a reading
    command; any failure of that engine is one line on stderr."""
    if args.command not in READ_COMMANDS:
        raise Usage(f"{args.command}: a published copy is read only ({', '.join(READ_COMMANDS)}); "
                    "import into a DuckDB workspace and `publish --to` the copy")
    where = "Spark" if engine.is_spark(args.engine) else "PostgreSQL"
    try:
        con = engine.connect(args.engine)
    except Exception as err:  # the server, the folder or Java is not there: say which, in one line
        print(f"error: cannot open the {where} workspace ({_reason(err, last=True)})", file=sys.stderr)
        return 1
    with con:
        try:
            return run(con, args)
        except Exception as err:
            if not _from_an_engine(err):
                raise
            print(f"error: the {where} workspace could not answer ({_reason(err)}); publish it again "
                  "from this version of Heartbeat", file=sys.stderr)
            return 1


def _from_an_engine(err: Exception) -> bool:
    """Whether `err` is PostgreSQL's or Spark's (said in one line), not a fault of Heartbeat's."""
    return type(err).__module__.split(".")[0] in ("psycopg", "pyspark", "py4j")


def _reason(err: Exception, last: bool = False) -> str:
    lines = str(err).strip().splitlines()
    return (lines[-1] if last else lines[0]) if lines else type(err).__name__


def publish_command(con, args) -> int:
    """Copy the workspace to `--to` and say how many rows of each table went there."""
    frames = None
    if not engine.is_postgres(args.target):  # PostgreSQL takes the workspace's own taxonomy table
        from analytics.voices import load_taxonomy

        frames = {"taxonomy": pd.DataFrame([{"theme_id": t.theme_id, "name": t.name, "keywords": list(t.keywords),
                                           "rules": list(t.rules)} for t in load_taxonomy(con)])}
    try:
        counts = engine.publish(con, args.target, frames)
    except Exception as err:
        if not _from_an_engine(err):
            raise
        print(f"error: nothing was published to {engine.shown(args.target)} ({_reason(err, last=True)})",
              file=sys.stderr)
        return 1
    print(json.dumps({"to": engine.shown(args.target), "rows": counts}))
    return 0
