"""Command line: `python -m analytics import|demo|undo|history|metrics|evidence|voices|drivers|case|export|
empty|snapshots|restore|audit|publish ...`.

Exit codes: 0 done; 1 a file was not imported (refused, or most of its rows would have been
rejected), an export failed, or the workspace cannot be used (busy, damaged, read-only, full disk):
the reason is one line on stderr; 2 usage error (an unknown field, column, attribute or format);
3 the file was already imported (nothing changed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date, datetime
from pathlib import Path

import duckdb

from analytics import engine, ingest, metrics, workspace
from analytics.cli._commands import Usage as _Usage
from analytics.cli._commands import impact_command, snapshot_command
from analytics.cli._engine import duckdb_file, on_copy, publish_command
from analytics.cli._importing import import_command, looking_only
from analytics.cli._voices import add_voices_command, evidence_command, voices_command
from analytics.errors import InputError
from analytics.metrics import (QUOTE_ORDERS, Slice, add_months, attribute_values, data_span, revenue_months,
                               default_slice, month_start, quarter_start)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analytics", description="Heartbeat from the command line.")
    commands = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--workspace", help="workspace file (default: $HEARTBEAT_WORKSPACE or data/workspace.duckdb)")
        sub.add_argument("--engine", metavar="URL", default=os.environ.get("HEARTBEAT_ENGINE"),
                         help="where the workspace is: duckdb:FILE (default), postgresql://USER@HOST:PORT/DB (the "
                              "team store) or spark:DIR (a published copy, read only) (default: $HEARTBEAT_ENGINE)")
        return sub

    imp = add("import", "import CSV or Excel exports, one batch per file")
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--kind", choices=ingest.KINDS, help="what the files hold (default: recognised from the columns)")
    imp.add_argument("--sheet", help="Excel sheet to read (default: the first)")
    imp.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                     help="feed FIELD from COLUMN instead of the proposal (repeatable; FIELD= unmaps it)")
    imp.add_argument("--date-format", metavar="FORMAT",
                     help="how the dates are written: DD/MM/YYYY, MM/DD/YY hh:mm, DD Month YYYY, a strptime "
                          "format, excel, unix, unix-ms or written-out (default: read from the values)")
    imp.add_argument("--scale", action="append", default=[], metavar="FIELD=MIN-MAX",
                     help="the scale of a score field, e.g. rating=1-10 (default: read from the question and values)")
    imp.add_argument("--dry-run", action="store_true",
                     help="print what would be imported (one JSON object per file) and import nothing")
    imp.add_argument("--json", action="store_true", help="print one JSON object per file")
    add("demo", "replace the workspace with the seeded demo data")
    undo = add("undo", "undo an import batch")
    undo.add_argument("batch_id", type=int)
    hist = add("history", "list import batches, or the rows one of them rejected")
    hist.add_argument("--rejects", type=int, metavar="BATCH",
                      help="print the rows batch BATCH rejected: their line, why, and the row as in the file")
    hist.add_argument("--json", action="store_true", help="with --rejects: one JSON object per row")
    emp = add("empty", "empty the workspace, keeping a snapshot you can restore")
    emp.add_argument("--yes", action="store_true", help="required: confirms emptying")
    snaps = add("snapshots", "list the snapshots kept when the workspace was emptied or restored")
    snaps.add_argument("--json", action="store_true")
    res = add("restore", "bring a snapshot back (what is there now is kept as a snapshot first)")
    res.add_argument("snapshot_id", type=int)
    pub = add("publish", "copy the workspace to PostgreSQL, or its canonical tables to Parquet files for another engine")
    pub.add_argument("--to", dest="target", required=True, metavar="URL",
                     help="where: postgresql://USER@HOST:PORT/DB (every table Heartbeat reads, in one transaction; "
                          "then --engine reads it) or parquet:FOLDER (one .parquet file per table; replaced whole)")
    aud = add("audit", "who did what: the workspace's append-only audit trail, newest first")
    aud.add_argument("--limit", type=int, help="only the newest N rows")
    aud.add_argument("--json", action="store_true")
    met = add("metrics", "headline metrics with n and 95%% intervals")
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
    add_voices_command(add)
    drv = add("drivers", "what each theme costs: score impact, churn relative risk, adjusted p (q)")
    cas = add("case", "the investment case for a problem: excess churn, revenue at risk, ROI, NPV, payback")
    cas.add_argument("--problem", required=True, metavar="theme:KEY|FIELD=VALUE")
    cas.add_argument("--cost", type=float, default=100_000.0, help="one-off cost (default 100000)")
    cas.add_argument("--annual-cost", type=float, default=0.0, help="running cost a year (default 0)")
    cas.add_argument("--effect", type=float, default=0.3, help="share of affected customers the fix brings to the rest's churn (default 0.3)")
    cas.add_argument("--months-to-effect", type=int, default=3, help="months before the fix works (default 3)")
    cas.add_argument("--horizon", type=float, default=2.0, help="years the return is counted over (default 2)")
    cas.add_argument("--margin", type=float, default=0.75, help="gross margin on retained revenue (default 0.75)")
    cas.add_argument("--discount", type=float, default=0.10, help="annual discount rate for NPV (default 0.10)")
    for sub in (drv, cas):
        sub.add_argument("--from", dest="start", type=date.fromisoformat, help="first day (YYYY-MM-DD)")
        sub.add_argument("--to", dest="end", type=date.fromisoformat, help="day after the last (YYYY-MM-DD)")
        sub.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE")
        sub.add_argument("--json", action="store_true")
    drv.add_argument("--min-mentions", type=int, default=30, help="mentions a theme needs to be tested (default 30)")
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
    exp.add_argument("--template", type=Path, help="pptx only: a company template (16:9 .pptx) whose masters, "
                     "fonts and colours the deck takes")
    exp.add_argument("--no-mask", dest="mask", action="store_false",
                     help="show customer text unmasked (default: personal data masked)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if engine.is_copy(args.engine):
            return on_copy(args, _run)
        args.workspace = duckdb_file(args)
        if args.command == "import" and args.dry_run:
            with looking_only(args.workspace) as con:
                return _run(con, args)
        with workspace.connect(args.workspace) as con:
            if args.command in _READS_TAGS:
                _tag_first(con)
            return _run(con, args)
    except _Usage as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except InputError as err:  # the workspace cannot be opened or written: one line, no traceback
        print(f"error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (`… | head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, duckdb.Error) as err:
        print(f"error: {workspace.unusable(err, workspace.workspace_path(args.workspace))}", file=sys.stderr)
        return 1


# Commands that read the voices' themes or sentiment: on a workspace the app has not opened since
# an import, they tag the new voices first (the app does it in the background).
_READS_TAGS = ("drivers", "case", "voices", "evidence", "export")


def _tag_first(con) -> None:
    from analytics import voices

    if voices.needs_enrichment(con):
        print("Tagging the voices with their themes and sentiment (once after an import)…", file=sys.stderr)
        voices.ensure_enriched(con)


def _run(con, args) -> int:
    if args.command == "import":
        return import_command(con, args)
    if args.command == "demo":
        from analytics.demo import load_demo  # the generator is only needed here

        counts = load_demo(con)
        at = engine.shown(args.engine) if engine.is_postgres(args.engine) else workspace.workspace_path(args.workspace)
        print(json.dumps({"workspace": str(at), **counts}))
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
        return evidence_command(con, args, lambda narrowed: _slice(con, narrowed))
    if args.command == "voices":
        return voices_command(con, args, lambda narrowed: _slice(con, narrowed))
    if args.command == "export":
        return _export(con, args)
    if args.command in ("drivers", "case"):
        return impact_command(con, args, _slice(con, args), lambda name: _attribute(con, name))
    if args.command in ("empty", "snapshots", "restore", "audit"):
        return snapshot_command(con, args)
    if args.command == "publish":
        return publish_command(con, args)
    if args.rejects is not None:
        return _rejects(con, args.rejects, args.json)
    history = ingest.history(con)
    print(history.to_string(index=False) if len(history) else "No imports yet: python -m analytics import FILE")
    return 0


def _rejects(con, batch_id: int, as_json: bool) -> int:
    """The rejected rows of a batch, each with its line, reason and text as in the file."""
    if not con.execute("SELECT count(*) FROM imports WHERE batch_id = ?", [batch_id]).fetchone()[0]:
        print(f"error: there is no import batch {batch_id} (python -m analytics history lists them)",
              file=sys.stderr)
        return 1
    for line, reason, raw in ingest.rejects_for(con, batch_id).itertuples(index=False):
        if as_json:
            print(json.dumps({"batch": batch_id, "line": int(line), "reason": reason, "row": raw},
                             ensure_ascii=False))
        else:
            print(f"line {int(line)}: {reason}\n    {raw}")
    return 0


def _slice(con, args) -> Slice:
    slice_ = Slice(args.start, args.end)
    for item in args.filter:
        field, _, value = item.partition("=")
        if not value:
            raise _Usage(f"--filter expects FIELD=VALUE, got {item!r}")
        slice_ = slice_.where(_attribute(con, field.strip()), *value.split("|"))
    return slice_


def _attribute(con, name: str, known: dict[str, int] | None = None) -> str:
    """The attribute `name` means: segment, plan, region or a kept column of any upload, by its own
    name (any case) or by the uploaded column mapped to it (`Contract` when Contract fed plan).
    `known`: metrics.attribute_names, when the caller already read them."""
    known = known if known is not None else metrics.attribute_names(con)
    by_lower = {attribute.lower(): attribute for attribute in known}
    if name.lower() in by_lower:
        return by_lower[name.lower()]
    for (text,) in con.execute("SELECT mapping FROM imports WHERE undone_at IS NULL").fetchall():
        for field, column in json.loads(text)["columns"].items():
            if column.lower() == name.lower() and field in known and field in metrics.COLUMN_ATTRIBUTES:
                return field
    listing = ", ".join(sorted(known, key=str.lower)) or "none yet (import a file with attributes)"
    raise _Usage(f"no attribute named {name!r}; slice by one of: {listing}")


def _periods(con, slice_: Slice, period: str) -> list[Slice]:
    if period == "all":
        return [slice_]
    # the dates of answers, tickets and churn, and a revenue history's months (one may be all there is)
    spans = [span for span in (data_span(con), revenue_months(con)) if span[0] is not None]
    if not spans:
        return [slice_]
    low, high = min(span[0] for span in spans), max(span[1] for span in spans)
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
    if not keys:
        held = workspace.summary(con)
        if any(held.values()):
            print("error: what this workspace holds gives no figure yet (" + "; ".join(
                f"{m.key} needs {metrics.needs(m.key)}" for m in metrics.METRICS) + ")", file=sys.stderr)
        else:
            print("error: this workspace holds no figures yet: import a file (python -m analytics import FILE) "
                  "or build the demo (python -m analytics demo)", file=sys.stderr)
        return 1
    missing = [key for key in keys if not metrics.available(con, key)]
    if missing:  # exit 1 with what the figure needs, never a traceback or an empty figure
        print(f"error: this workspace holds no data for {', '.join(missing)} ("
              + "; ".join(f"{k} needs {metrics.needs(k)}" for k in missing) + ")", file=sys.stderr)
        return 1
    known = metrics.attribute_names(con)
    by = _attribute(con, args.by, known) if args.by else None
    if by and known[by] > metrics.MAX_VALUES:
        raise _Usage(f"{args.by!r} has more than {metrics.MAX_VALUES} different values (an identifier or free "
                     "text): break down by an attribute with fewer, or --filter on one value")
    results, outside = [], []
    for period in _periods(con, _slice(con, args), args.period):
        slices = [period] if not by else [period.where(by, value) for value in attribute_values(con, by)]
        grouped = [metrics.compute(con, key, s) for s in slices for key in keys]
        results.extend(grouped)
        if by and not args.json:  # what no group holds: answers naming no listed customer, or none of its
            for key in keys:
                whole = metrics.compute(con, key, period)
                rest = whole.n - sum(r.n for r in grouped if r.metric == key)
                if rest > 0:
                    outside.append(f"{key:<16} {'':>12}  n={rest:,}  in no {by} (naming no customer of the list, or "
                                   f"one without a {by}): in the overall n={whole.n:,} only, {whole.slice.describe()}")
    if args.json:
        print(json.dumps([result.as_dict() for result in results], default=str))
    else:
        for result in results:  # the slice as computed: 'All time' where churn has no dates
            shown = "–" if result.value is None else _plain(result.value)
            interval = "" if result.ci_low is None else f" [{_plain(result.ci_low)}, {_plain(result.ci_high)}]"
            print(f"{result.metric:<16} {shown:>12}{interval}  n={result.n:,}  {result.slice.describe()}")
        print("\n".join(outside), end="\n" if outside else "")
    return 0


def _plain(number: float) -> str:
    """Four significant digits, and a large amount in whole units: '34,705', never '3.47e+04'."""
    return f"{number:,.0f}" if abs(number) >= 1e4 else f"{number:,.4g}"


def _export(con, args) -> int:
    """Write the export to a hidden file beside --out, then move it into place: a scheduled run
    never leaves a half-written deck where last month's was. One log line on stderr says what was
    written; stdout is the path alone. Exit 0 written, 1 failed (nothing replaced), 2 wrong usage."""
    from analytics import board  # plotly, kaleido and python-pptx only load here

    started = time.monotonic()
    if args.format != "pptx":  # decks draw their charts natively
        board.warm_up()  # Chromium starts while the figures are computed
    final = args.out
    args.out = final.parent / f".{final.stem}.part{final.suffix}"
    final.parent.mkdir(parents=True, exist_ok=True)
    try:
        status, what = _write_export(con, args, board)
        if status == 0:
            os.replace(args.out, final)
    finally:
        args.out.unlink(missing_ok=True)
        args.out = final
    if status:
        return status
    workspace.record_alone(con, "export", format=args.format, file=str(final.resolve()), case=args.case,
                           slice=what, masked=args.mask)
    print(f"{datetime.now():%Y-%m-%dT%H:%M:%S} heartbeat export: wrote {final.resolve()} "
          f"({'case ' + repr(args.case) if args.case else 'overview'}, {what}, {args.format}, "
          f"{final.stat().st_size / 1e6:.1f} MB) in {time.monotonic() - started:.1f} s", file=sys.stderr)
    print(final.resolve())
    return 0


def _write_export(con, args, board) -> tuple[int, str]:
    """(exit status, the slice written) of writing the export to args.out."""
    from analytics import impact

    try:
        if args.case is not None:
            try:
                chosen = impact.load_case(con, args.case)
            except KeyError:
                saved = impact.case_names(con)
                listing = ", ".join(repr(name) for name in saved) if saved else "none saved yet"
                print(f"error: no saved case named {args.case!r}; saved cases: {listing}", file=sys.stderr)
                return 1, ""
            if args.start or args.end:
                period = chosen.slice.period(args.start or chosen.slice.start, args.end or chosen.slice.end)
                chosen = impact.build_case(con, chosen.name, chosen.problem, period, chosen.investment,
                                    [quote.unit_id for quote in chosen.quotes])
            if args.format == "pptx":
                board.case_deck(con, chosen, args.out, mask=args.mask, template=args.template)
            else:
                page = board.case_html(con, chosen, mask=args.mask)
                _write_page(board, page, args)
        else:
            slice_ = _slice(con, args)
            if not (args.start or args.end):
                latest = default_slice(con)
                slice_ = slice_.period(latest.start, latest.end)
            if args.format == "pptx":
                board.overview_deck(con, slice_, args.out, mask=args.mask, template=args.template)
            else:
                page = board.overview_html(con, slice_, mask=args.mask)
                _write_page(board, page, args)
    except (board.ChartError, board.PdfError, ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1, ""
    return 0, (chosen.slice if args.case is not None else slice_).describe()


def _write_page(board, page: str, args) -> Path:
    if args.format == "pdf":
        return board.to_pdf(page, args.out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page, encoding="utf-8")
    return args.out
