"""Command line: `python -m analytics import|demo|undo|history ...`.

Exit codes: 0 done; 1 a file could not be imported (reason on stderr); 2 usage error;
3 the file was already imported (nothing changed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from analytics import ingest, workspace
from analytics.errors import DuplicateFile, InputError
from analytics.mapping import KINDS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analytics", description="Heartbeat from the command line.")
    commands = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--workspace", help="workspace file (default: $HEARTBEAT_WORKSPACE or data/workspace.duckdb)")
        return sub

    imp = add("import", "import CSV or Excel exports, one batch per file")
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--kind", choices=KINDS, help="what the files hold (default: recognised from the columns)")
    imp.add_argument("--sheet", help="Excel sheet to read (default: the first)")
    imp.add_argument("--json", action="store_true", help="print one JSON object per file")
    add("demo", "replace the workspace with the seeded demo data")
    undo = add("undo", "undo an import batch")
    undo.add_argument("batch_id", type=int)
    add("history", "list import batches")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        con = workspace.connect(args.workspace)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    with con:
        if args.command == "import":
            return _import(con, args)
        if args.command == "demo":
            from analytics import seed  # the generator is only needed here

            counts = seed.load_demo(con)
            print(json.dumps({"workspace": str(workspace.workspace_path(args.workspace)), **counts}))
            return 0
        if args.command == "undo":
            try:
                ingest.undo_batch(con, args.batch_id)
            except InputError as err:
                print(f"error: {err}", file=sys.stderr)
                return 1
            print(f"Batch {args.batch_id} undone.")
            return 0
        print(ingest.history(con).to_string(index=False))
        return 0


def _import(con, args) -> int:
    status = 0
    for path in args.files:
        try:
            result = ingest.import_file(con, path, kind=args.kind, sheet=args.sheet)
        except DuplicateFile as err:
            print(f"error: {path}: {err}", file=sys.stderr)
            status = max(status, 3)
            continue
        except (InputError, OSError) as err:
            print(f"error: {path}: {err}", file=sys.stderr)
            status = 1
            continue
        if args.json:
            print(json.dumps(result.as_dict()))
        else:
            print(f"{path}: batch {result.batch_id}, {result.kind}: {result.rows_loaded:,} loaded, "
                  f"{result.rows_rejected:,} rejected, {result.rows_duplicate:,} already there "
                  f"(of {result.rows_read:,} rows read)")
            for note in result.warnings:
                print(f"  note: {note}")
    return status
