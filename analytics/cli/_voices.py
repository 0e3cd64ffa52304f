"""The customers' words from the command line: `voices` (the voices a search and filters find, one
per line, JSON Lines with --json, each with its language, sentiment and themes) and `evidence`
(the ranked quotes behind a figure)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date

import pandas as pd

from analytics import metrics, voices
from analytics.cli._commands import Usage
from analytics.metrics import Slice

# --filter keys that select voices themselves; any other key is an attribute of the slice.
VOICE_FILTERS = ("source", "sentiment", "theme", "band", "language", "churned", "disagree")


def add_voices_command(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    sub = add("voices", "the customers' words: search and filter every voice (survey comments, tickets, churn reasons)")
    sub.add_argument("--search", metavar="WORDS", help='words every voice must contain ("a phrase" in quotes)')
    sub.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE",
                     help=f"{', '.join(VOICE_FILTERS)} (churned=yes|no; disagree=yes: words that contradict their score), or an attribute such as segment; "
                          "VALUE|VALUE for either (repeatable)")
    sub.add_argument("--from", dest="start", type=date.fromisoformat, help="first day (YYYY-MM-DD)")
    sub.add_argument("--to", dest="end", type=date.fromisoformat, help="day after the last (YYYY-MM-DD)")
    sub.add_argument("--order", choices=list(voices.SEARCH_ORDERS), default="recent")
    sub.add_argument("--limit", type=int, default=voices.PAGE_SIZE, help=f"at most N voices (default {voices.PAGE_SIZE})")
    sub.add_argument("--json", action="store_true", help="one JSON object per voice and line")


def voices_command(con, args, slice_of: Callable[[argparse.Namespace], Slice]) -> int:
    chosen, rest = {}, []
    for item in args.filter:
        field, _, value = item.partition("=")
        if field.strip().lower() in VOICE_FILTERS and value:
            chosen[field.strip().lower()] = value.split("|")
        else:
            rest.append(item)
    churned, disagree = (_yes_or_no(field, chosen.pop(field, None)) for field in ("churned", "disagree"))
    try:
        page, total = voices.search(
            con, slice_of(argparse.Namespace(**{**vars(args), "filter": rest})), words=args.search,
            sources=chosen.get("source"), sentiment=chosen.get("sentiment"), theme=chosen.get("theme"),
            band=chosen.get("band"), language=chosen.get("language"),
            churned=churned, disagree=bool(disagree), limit=max(args.limit, 0), order=args.order)
    except ValueError as err:  # an unknown source, sentiment or band
        raise Usage(str(err)) from None
    names = voices.theme_names(con)
    for row in page.itertuples(index=False):
        record = {"voice_id": row.voice_id, "source": row.source,
                  "customer_id": None if pd.isna(row.customer_id) else row.customer_id,
                  "date": None if pd.isna(row.at) else row.at.isoformat(),
                  "text": row.text, "language": row.language,
                  "sentiment": voices.sentiment_label(row.sentiment),
                  "sentiment_score": None if pd.isna(row.sentiment) else round(float(row.sentiment), 4),
                  "text_sentiment_score": None if pd.isna(row.text_sentiment) else round(float(row.text_sentiment), 4),
                  "themes": [names.get(theme, theme) for theme in row.themes],
                  "score": None if pd.isna(row.score) else float(row.score),
                  "score_label": voices.score_label(row.kind, row.score, row.scale_min, row.scale_max),
                  "disagreement": voices.disagreement(row.text, row.text_sentiment, row.kind, row.score,
                                                      row.scale_min, row.scale_max)}
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            said = " · ".join(str(v) for v in (record["date"], record["customer_id"], record["source"],
                                               record["language"], record["sentiment"]) if v)
            print(f"“{record['text']}”\n    {said}{' · ' + ', '.join(record['themes']) if record['themes'] else ''}")
    if not args.json:
        print(f"{len(page):,} of {total:,} voices")
    return 0


def _yes_or_no(field: str, values: list[str] | None) -> bool | None:
    if values is None:
        return None
    if values[0].lower() not in ("yes", "no", "true", "false"):
        raise Usage(f"--filter {field}= takes yes or no, got {values[0]!r}")
    return values[0].lower() in ("yes", "true")


def evidence_command(con, args, slice_of: Callable[[argparse.Namespace], Slice]) -> int:
    """`evidence`: the ranked quotes behind a metric's figure."""
    if args.side and args.side not in metrics.SIDES[args.metric]:
        raise Usage(f"{args.metric} has no side {args.side!r}; its sides are {', '.join(metrics.SIDES[args.metric])}")
    found = metrics.evidence_for(con, args.metric, slice_of(args), side=args.side,
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
