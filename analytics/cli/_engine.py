"""The command line on another engine: `--engine duckdb:FILE | postgresql://… | spark:DIR`, and
`publish --to` that moves a workspace there. On PostgreSQL, the team store, the writing commands
run through `engine.writer` (their changes land in one transaction); a Spark copy is read only."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import pandas as pd

from analytics import engine
from analytics.cli._commands import Usage
from analytics.voices import enrich_with_first_themes

# What a Spark copy answers: Heartbeat reads it only.
READ_COMMANDS = ("metrics", "evidence", "voices", "drivers", "case", "export")
# What the PostgreSQL store answers besides: writes (through engine.writer), the history and the
# audit trail. Snapshots are copies of a DuckDB file: not of a store.
STORE_WRITES = ("import", "undo", "demo", "publish")
STORE_COMMANDS = (*READ_COMMANDS, *STORE_WRITES, "history", "audit")


def duckdb_file(args) -> str | None:
    """The workspace file `--engine duckdb:FILE` names, else `--workspace`'s."""
    if not args.engine:
        return args.workspace
    scheme, _, path = args.engine.partition(":")
    if scheme != "duckdb" or not path:
        raise Usage(f"unknown engine {args.engine!r}: give duckdb:FILE, postgresql://USER@HOST:PORT/DB or spark:DIR")
    return path


def on_copy(args, run: Callable) -> int:
    """`run(con, args)` on the workspace at `args.engine`: the PostgreSQL store (a writing command
    through `engine.writer`) or a Spark copy (reading commands); any failure of that engine is one
    line on stderr."""
    spark = engine.is_spark(args.engine)
    if spark and args.command not in READ_COMMANDS:
        raise Usage(f"{args.command}: a Spark copy is read only ({', '.join(READ_COMMANDS)}); "
                    "import into a DuckDB workspace and `publish --to` the copy")
    if not spark and args.command not in STORE_COMMANDS:
        raise Usage(f"{args.command}: snapshots are kept of a DuckDB workspace file, not of the PostgreSQL store")
    where = "Spark" if spark else "PostgreSQL"
    try:
        con = engine.connect(args.engine)
    except Exception as err:  # the server, the folder or Java is not there: say which, in one line
        print(f"error: cannot open the {where} workspace ({_reason(err, last=True)})", file=sys.stderr)
        return 1
    with con:
        try:
            if args.command in STORE_WRITES:
                with engine.writer(con, settle=enrich_with_first_themes) as local:  # lands enriched
                    return run(local, args)
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
