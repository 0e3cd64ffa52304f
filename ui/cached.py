"""Everything a page reads, cached on (workspace version, arguments). The connection argument is
`_con`, so Streamlit does not hash it; a new import bumps the version and so every entry.

Pages key on `version(con)`: the workspace's version, except while the background enrichment of
an import runs. Then it is the version of the last complete state, so every session keeps serving
what it had cached (fast, consistent) under the "updating" note, and all switch together when the
enrichment is done (the note reruns the page)."""

from __future__ import annotations

import functools
import threading

import pandas as pd
import streamlit as st

from analytics import impact, metrics, voices, workspace
from analytics.metrics import Evidence, Result, Slice, retention


_STRIPES = [threading.Lock() for _ in range(256)]


def _cached(max_entries: int):
    """st.cache_data, plus: sessions asking for the same answer at the same moment (twenty pages
    opened after an import) compute it once; the others wait for it and read it from the cache.
    Keys share 256 locks by hash, so now and then two different answers wait for each other; so
    a cached function never calls another one (it could wait for the lock it holds)."""
    def decorate(function):
        remembered = st.cache_data(show_spinner=False, max_entries=max_entries)(function)

        @functools.wraps(function)
        def call(_con, *args, **kwargs):
            key = (function.__name__, repr(args), repr(sorted(kwargs.items())))
            with _STRIPES[hash(key) % len(_STRIPES)]:
                return remembered(_con, *args, **kwargs)
        return call
    return decorate


def version(con) -> int:
    """The workspace version pages read at (see the module docstring)."""
    progress = voices.enrichment_progress(con)
    if progress is not None and progress.running:
        complete = workspace.get_meta(con, voices.ENRICHED_VERSION_KEY)
        if complete is not None:
            return int(complete)
    return workspace.version(con)


@_cached(2048)
def result(_con, version: int, key: str, slice_: Slice) -> Result:
    return metrics.compute(_con, key, slice_)


def change(_con, version: int, key: str, slice_: Slice, min_n: int | None = None):
    """(the previous period's Result or None, its stats.Change), tested only at `min_n` or more,
    against the cached figure (read before `_change` takes its lock: a cached call never waits
    inside another's)."""
    return _change(_con, version, key, slice_, min_n, result(_con, version, key, slice_))


@_cached(1024)
def _change(_con, version: int, key: str, slice_: Slice, min_n: int | None, _now: Result):
    return metrics.change(_con, key, _now, min_n)


@_cached(512)
def series(_con, version: int, key: str, slice_: Slice, months: int = 12, grain: int = 1) -> list[Result]:
    return metrics.series(_con, key, slice_, months, grain)


@_cached(1024)
def evidence(_con, version: int, key: str, slice_: Slice, side: str | None, order: str,
             limit: int, offset: int) -> Evidence:
    return metrics.evidence_for(_con, key, slice_, side=side, order=order, limit=limit, offset=offset)


@_cached(64)
def available_metrics(_con, version: int) -> list[str]:
    return [m.key for m in metrics.METRICS if metrics.available(_con, m.key)]


@_cached(None)
def attributes(_con, version: int) -> list[str]:
    return metrics.attributes(_con)


@_cached(None)
def attribute_values(_con, version: int, attribute: str) -> list[str]:
    return metrics.attribute_values(_con, attribute)


@_cached(None)
def breakdown_groups(_con, version: int) -> dict[str, list[str]]:
    """Attributes worth a breakdown (2–30 values) and their values."""
    found = {a: metrics.attribute_values(_con, a) for a in metrics.attributes(_con)}
    return {a: v for a, v in found.items() if 1 < len(v) <= 30}


@_cached(64)
def cohorts(_con, version: int, slice_: Slice) -> pd.DataFrame:
    return retention.cohort_table(_con, slice_)


@_cached(64)
def survival(_con, version: int, slice_: Slice) -> retention.Survival:
    return retention.survival(_con, slice_)


@_cached(256)
def leavers(_con, version: int, slice_: Slice, order: str, offset: int, **which) -> Evidence:
    return retention.leavers_evidence(_con, slice_, order=order, offset=offset, **which)


@_cached(256)
def distribution(_con, version: int, key: str, slice_: Slice) -> pd.DataFrame:
    return retention.distribution(_con, key, slice_)


@_cached(16)
def ticket_points(_con, version: int) -> dict[float, str]:
    return metrics.ticket_points(_con)


@st.cache_data(show_spinner="Measuring every theme…", max_entries=128)
def drivers(_con, version: int, slice_: Slice, min_mentions: int = impact.MIN_MENTIONS) -> list[impact.Driver]:
    return impact.drivers(_con, slice_, min_mentions)


@_cached(512)
def theme_evidence(_con, version: int, slice_: Slice, theme_id: str, order: str, offset: int,
                   limit: int = 3) -> Evidence:
    return impact.theme_evidence(_con, slice_, theme_id, order=order, limit=limit, offset=offset)


@st.cache_data(show_spinner="Computing the case…", max_entries=256)
def case(_con, version: int, name: str, problem: impact.Problem, slice_: Slice,
         investment: impact.Investment, quote_ids: tuple[str, ...]) -> impact.Case:
    return impact.build_case(_con, name, problem, slice_, investment, list(quote_ids))


@_cached(256)
def voices_page(_con, version: int, slice_: Slice, words, sources, sentiment, theme, band, churned,
                language, disagree: bool, offset: int, order: str) -> tuple[pd.DataFrame, int]:
    return voices.search(_con, slice_, words, sources, sentiment, theme, band, churned,
                         voices.PAGE_SIZE, offset, order, language, disagree)


@_cached(256)
def tag_reasons(_con, version: int, theme_id: str, voice_ids: tuple[str, ...]) -> dict[str, str | None]:
    return voices.tag_reasons(_con, theme_id, voice_ids)


@_cached(None)
def languages(_con, version: int) -> dict[str, int]:
    return voices.languages(_con)


@_cached(None)
def theme_names(_con, version: int) -> dict[str, str]:
    return voices.theme_names(_con)


@_cached(None)
def theme_counts(_con, version: int) -> pd.DataFrame:
    return voices.theme_counts(_con)


@_cached(256)
def customer(_con, version: int, customer_id: str):
    """(profile or None, monthly revenue) of one customer."""
    return voices.profile(_con, customer_id), voices.customer_revenue(_con, customer_id)


@_cached(256)
def timeline(_con, version: int, customer_id: str, newest_first: bool) -> pd.DataFrame:
    return voices.timeline(_con, customer_id, newest_first)
