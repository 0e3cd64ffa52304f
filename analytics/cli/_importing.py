"""The command line's `import`: each file proposed (or mapped as --map, --date-format and --scale
say), then imported as one batch or, with --dry-run, its proposal printed without writing anything."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import duckdb

from analytics import ingest, workspace
from analytics.cli._commands import Usage
from analytics.errors import DuplicateFile, InputError, WorkspaceBusy


def looking_only(path) -> duckdb.DuckDBPyConnection:
    """The workspace a dry run reads its remembered mappings from, never written: the file opened
    read-only, or, when there is none yet or the app holds it, an empty one in memory (said on
    stderr: a mapping confirmed in the app is then not consulted)."""
    target = workspace.workspace_path(path)
    if target.is_file():
        try:
            return workspace.connect(target, read_only=True)
        except WorkspaceBusy:
            print(f"note: {target} is open in another Heartbeat process: the proposal does not use the "
                  "mappings remembered there.", file=sys.stderr)
    con = duckdb.connect()
    workspace.migrate(con)
    return con


def import_command(con, args) -> int:
    columns = _pairs(args.map, "--map", "FIELD=COLUMN")
    scales = {field: _scale(text) for field, text in _pairs(args.scale, "--scale", "FIELD=MIN-MAX").items()}
    status = 0
    for path in args.files:
        try:
            preview = ingest.preview_file(con, path, kind=args.kind, sheet=args.sheet)
        except (InputError, OSError) as err:
            print(f"error: {path}: {err}", file=sys.stderr)
            status = max(status, 1)
            continue
        try:
            mapping = ingest.choose(preview, args.kind, columns, args.date_format, scales)
        except InputError as err:
            preview.discard()
            raise Usage(f"{path}: {err}") from None
        if args.dry_run:
            proposal = _proposal(path, preview, mapping)
            print(json.dumps(proposal))
            preview.discard()
            status = max(status, 1 if proposal["refused"] else 0)
            continue
        try:
            result = ingest.import_file(con, path, kind=mapping.kind, mapping=mapping, sheet=args.sheet,
                                        preview=preview)
        except DuplicateFile as err:
            print(f"error: {path}: {err}", file=sys.stderr)
            status = max(status, 3)
            continue
        except (InputError, OSError) as err:
            print(f"error: {path}: {err}", file=sys.stderr)
            status = 1 if status != 3 else status
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


def _pairs(items: list[str], option: str, shape: str) -> dict[str, str]:
    found = {}
    for item in items:
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise Usage(f"{option} expects {shape}, got {item!r}")
        found[key.strip()] = value.strip()
    return found


def _scale(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)\s*[-–:]\s*(\d+)", text)
    if not match or int(match[1]) >= int(match[2]):
        raise Usage(f"a scale is written MIN-MAX, such as 1-5 or 0-10; got {text!r}")
    return int(match[1]), int(match[2])


_MAIN_DATE = ("responded_at", "created_at", "churn_date", "signup_date", "month")


def _proposal(path: Path, preview: ingest.Preview, mapping: ingest.Mapping) -> dict:
    """What an import would do, as `--dry-run` prints it."""
    formats = {key: ingest.date_format_label(how) for key, how in mapping.date_formats.items()
               if key in mapping.columns}
    main_date = next((key for key in _MAIN_DATE if key in formats), None)
    return {"file": str(path), "kind": mapping.kind, "kind_reason": ingest.kind_reason(mapping),
            "fields": mapping.columns, "scales": {k: list(v) for k, v in mapping.scales.items()
                                                  if k in mapping.columns},
            "scale_changes": {k: list(v) for k, v in mapping.scale_changes.items()},
            "date_format": formats.get(main_date), "date_formats": formats,
            "warnings": mapping.warnings, "reasons": mapping.reasons,
            # what the import would refuse for, before any row is read (else null)
            "refused": preview.missing(mapping),
            "kept_columns": [n for n in preview.shape.names if n not in mapping.read_columns()],
            "encoding": preview.text.encoding, "layout": preview.layout, "delimiter": preview.delimiter,
            "rows_sampled": len(preview.shape.rows)}
