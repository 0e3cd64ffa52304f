"""Themes of a workspace's own words: the first time uploaded text is enriched, a workspace still
on the built-in B2B SaaS taxonomy gets themes discovered from that text instead (reviews of
dresses are not about SSO and invoices). Done once; the analyst edits, re-discovers or goes back
to the standard taxonomy on the Themes page."""

from __future__ import annotations

import threading

from analytics.voices._discovery import discover
from analytics.voices._edits import save_taxonomy
from analytics.voices._enrich import ensure_enriched
from analytics.voices._search import sample_texts
from analytics.voices._taxonomy import is_default
from analytics.workspace import get_meta, set_meta, transaction

ORIGIN_KEY = "taxonomy_origin"  # meta: "discovered" (from the uploads) or "standard" (kept)
FIRST_SAMPLE = 5000  # texts read for the first themes: a couple of seconds, not a minute
FIRST_THEMES = 8
_FIRST_LOCK = threading.Lock()  # one discovery at a time in this process


def discover_first_themes(con) -> bool:
    """Discover and save themes from the uploaded text, once, when the workspace holds uploads and
    no taxonomy was saved; True when it did. Too little text keeps the standard taxonomy."""
    if get_meta(con, "origin") != "uploads" or get_meta(con, ORIGIN_KEY) or not is_default(con):
        return False
    try:
        themes = discover(sample_texts(con, limit=FIRST_SAMPLE), n_themes=FIRST_THEMES)
    except ValueError:  # too few different texts yet: try again after the next import
        return False
    save_taxonomy(con, themes, retag=False, action="themes discovered")  # the enrichment that follows tags with them
    with transaction(con, bump=False):
        set_meta(con, ORIGIN_KEY, "discovered")
    return True


def discovered(con) -> bool:
    """Whether the taxonomy in use was discovered from this workspace's words automatically."""
    return get_meta(con, ORIGIN_KEY) == "discovered" and not is_default(con)


def enrich_with_first_themes(con, on_progress=None, score=None) -> dict | None:
    """`ensure_enriched` (with `score` doing the scoring if given), after giving a workspace of
    uploads its own first themes (once)."""
    with _FIRST_LOCK:
        discover_first_themes(con)
    return ensure_enriched(con, on_progress=on_progress, score=score)
