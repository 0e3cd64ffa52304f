"""Command line: `python -m analytics import|demo|undo|history|metrics|evidence|export ...`.

Exit codes: 0 done; 1 a file could not be imported or an export failed (reason on stderr); 2 usage error;
3 the file was already imported (nothing changed).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from analytics import ingest, metrics, workspace
from analytics.errors import DuplicateFile, InputError
from analytics.metrics import (QUOTE_ORDERS, Slice, add_months, attribute_values, data_span,
                               default_slice, month_start, quarter_start)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analytics", description="Heartbeat from the command line.")
    commands = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--workspace", help="workspace file (default: $HEARTBEAT_WORKSPACE or data/workspace.duckdb)")
        return sub

    imp = add("import", "import CSV or Excel exports, one batch per file")
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--kind", choices=ingest.KINDS, help="what the files hold (default: recognised from the columns)")
    imp.add_argument("--sheet", help="Excel sheet to read (default: the first)")
    imp.add_argument("--json", action="store_true", help="print one JSON object per file")
    add("demo", "replace the workspace with the seeded demo data")
    undo = add("undo", "undo an import batch")
    undo.add_argument("batch_id", type=int)
    add("history", "list import batches")
    met = add("metrics", "headline metrics with n and 95% intervals")
    met.add_argument("--by", help="break down by an attribute (segment, plan, region or a kept column)")
    met.add_argument("--period", choices=("month", "quarter", "all"), default="all",
                     help="one row per month or quarter inside --from/--to, or the whole range")
    met.add_argument("--from", dest="start", type=date.fromisoformat, help="first day (YYYY-MM-DD)")
    met.add_argument("--to", dest="end", type=date.fromisoformat, help="day after the last (YYYY-MM-DD)")
    met.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE")
    met.add_argument("--metric", action="append", choices=list(metrics.REGISTRY))
    met.add_argument("--json", action="store_true")
    evi = add("evidence", "the ranked quotes behind a metric's figure")
    evi.add_argument("--metric", required=True, choices=list(metrics.REGISTRY))
    evi.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE")
    evi.add_argument("--from", dest="start", type=date.fromisoformat)
    evi.add_argument("--to", dest="end", type=date.fromisoformat)
    evi.add_argument("--side", help="which side of the figure (e.g. detractors, promoters)")
    evi.add_argument("--order", choices=list(QUOTE_ORDERS), default="typical")
    evi.add_argument("--limit", type=int, default=5)
    evi.add_argument("--json", action="store_true")
    exp = add("export", "write the board deck (.pptx) or one-page brief (.html, .pdf)")
    which = exp.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", help="a saved investment case, by name")
    which.add_argument("--overview", action="store_true", help="every headline metric of the slice")
    exp.add_argument("--format", choices=("pptx", "html", "pdf"), required=True)
    exp.add_argument("--out", type=Path, required=True, help="file to write")
    exp.add_argument("--from", dest="start", type=date.fromisoformat,
                     help="first day (YYYY-MM-DD); default: the latest complete quarter, or the case's own period")
    exp.add_argument("--to", dest="end", type=date.fromisoformat, help="day after the last (YYYY-MM-DD)")
    exp.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE",
                     help="overview only: narrow the slice (repeatable)")
    exp.add_argument("--no-mask", dest="mask", action="store_false",
                     help="show customer text unmasked (default: personal data masked)")
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
            from analytics.demo import load_demo  # the generator is only needed here

            counts = load_demo(con)
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
        if args.command == "metrics":
            return _metrics(con, args)
        if args.command == "evidence":
            return _evidence(con, args)
        if args.command == "export":
            return _export(con, args)
        print(ingest.history(con).to_string(index=False))
        return 0


def _slice(args) -> Slice:
    slice_ = Slice(args.start, args.end)
    for item in args.filter:
        field, _, value = item.partition("=")
        if not value:
            raise SystemExit(f"error: --filter expects FIELD=VALUE, got {item!r}")
        slice_ = slice_.where(field, *value.split("|"))
    return slice_


def _periods(con, slice_: Slice, period: str) -> list[Slice]:
    if period == "all":
        return [slice_]
    low, high = data_span(con)
    if low is None:
        return [slice_]
    step = 3 if period == "quarter" else 1
    start = (quarter_start if step == 3 else month_start)(slice_.start or low)
    stop = slice_.end or add_months(month_start(high), 1)
    periods = []
    while start < stop:
        periods.append(slice_.period(start, add_months(start, step)))
        start = add_months(start, step)
    return periods


def _metrics(con, args) -> int:
    keys = args.metric or [m.key for m in metrics.METRICS if metrics.available(con, m.key)]
    rows = []
    for period in _periods(con, _slice(args), args.period):
        slices = [period] if not args.by else [period.where(args.by, value)
                                               for value in attribute_values(con, args.by)]
        rows.extend(metrics.compute(con, key, s).as_dict() for s in slices for key in keys)
    if args.json:
        print(json.dumps(rows, default=str))
    else:
        for row in rows:
            value = row["value"]
            shown = "–" if value is None else f"{value:,.4g}"
            interval = "" if row["ci_low"] is None else f" [{row['ci_low']:,.4g}, {row['ci_high']:,.4g}]"
            print(f"{row['metric']:<16} {shown:>12}{interval}  n={row['n']:,}  {row['slice']}")
    return 0


def _evidence(con, args) -> int:
    found = metrics.evidence_for(con, args.metric, _slice(args), side=args.side,
                                  order=args.order, limit=args.limit)
    quotes = [{"customer_id": q.customer_id, "unit_id": q.unit_id, "text": q.text, "why": q.why,
               "at": q.at.isoformat() if q.at else None, "score": q.score,
               "picked": found.label(i)} for i, q in enumerate(found.quotes)]
    if args.json:
        print(json.dumps(quotes))
    else:
        for quote in quotes:
            print(f"“{quote['text']}”\n    {quote['why']} ({quote['picked']})")
    return 0


def _export(con, args) -> int:
    from analytics import board, impact  # plotly, kaleido and python-pptx only load here

    board.warm_up()  # Chromium starts while the figures are computed
    try:
        if args.case is not None:
            try:
                chosen = impact.load_case(con, args.case)
            except KeyError:
                saved = impact.case_names(con)
                listing = ", ".join(repr(name) for name in saved) if saved else "none saved yet"
                print(f"error: no saved case named {args.case!r}; saved cases: {listing}", file=sys.stderr)
                return 1
            if args.start or args.end:
                period = chosen.slice.period(args.start or chosen.slice.start, args.end or chosen.slice.end)
                chosen = impact.build_case(con, chosen.name, chosen.problem, period, chosen.investment,
                                    [quote.unit_id for quote in chosen.quotes])
            if args.format == "pptx":
                path = board.case_deck(con, chosen, args.out, mask=args.mask)
            else:
                page = board.case_html(con, chosen, mask=args.mask)
                path = _write_page(board, page, args)
        else:
            slice_ = _slice(args)
            if not (args.start or args.end):
                latest = default_slice(con)
                slice_ = slice_.period(latest.start, latest.end)
            if args.format == "pptx":
                path = board.overview_deck(con, slice_, args.out, mask=args.mask)
            else:
                page = board.overview_html(con, slice_, mask=args.mask)
                path = _write_page(board, page, args)
    except (board.ChartError, board.PdfError, ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(Path(path).resolve())
    return 0


def _write_page(board, page: str, args) -> Path:
    if args.format == "pdf":
        return board.to_pdf(page, args.out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page, encoding="utf-8")
    return args.out


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
