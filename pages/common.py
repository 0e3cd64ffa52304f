"""What every page shares: the workspace connection, the global filter, cached figures, and the
tile and story card that put a number beside the words behind it. No SQL and no statistics here."""

from __future__ import annotations

import re

import streamlit as st

from analytics import evidence, formatting, metrics, pii, slices, workspace
from analytics.metrics import REGISTRY
from analytics.slices import Slice


def leave_legacy_pages_mode() -> None:
    """Streamlit 1.67 treats an app whose folder holds `pages/` as a legacy multipage app until
    the process first meets st.navigation; the very first session can then run a page file on its
    own (no filters, no demo). Switch the flag off and rerun, as st.navigation itself would."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource
def _connection(path: str):
    return workspace.connect(path)


def connection():
    """A fresh cursor on the process-wide workspace connection (one cursor per script run:
    a connection shared across threads without cursors hands rows to the wrong thread)."""
    leave_legacy_pages_mode()
    return _connection(str(workspace.workspace_path())).cursor()


def nothing_yet(message: str) -> None:
    """Say what is missing and where to upload it, then end the page."""
    st.info(message)
    st.page_link("pages/data.py", label="Go to Data", icon=":material/upload_file:")
    st.stop()


def max_upload_bytes() -> int:
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def count(n: int | float | None) -> str:
    return "–" if n is None else f"{n:,.0f}"


def percent(share: float | None, digits: int = 1) -> str:
    return "–" if share is None else f"{share * 100:.{digits}f}%"


# ------------------------------------------------------------------ cached figures

@st.cache_data(show_spinner=False, max_entries=2048)
def figure(_con, version: int, key: str, slice_: Slice) -> metrics.Result:
    return metrics.compute(_con, key, slice_)


@st.cache_data(show_spinner=False, max_entries=1024)
def figure_change(_con, version: int, key: str, slice_: Slice):
    return metrics.change(_con, key, metrics.compute(_con, key, slice_))


@st.cache_data(show_spinner=False, max_entries=512)
def figure_series(_con, version: int, key: str, slice_: Slice, months: int = 12, grain: int = 1):
    return metrics.series(_con, key, slice_, months, grain)


@st.cache_data(show_spinner=False, max_entries=1024)
def quotes(_con, version: int, key: str, slice_: Slice, side: str | None, order: str,
           limit: int, offset: int) -> evidence.Evidence:
    return evidence.evidence_for(_con, key, slice_, side=side, order=order, limit=limit, offset=offset)


@st.cache_data(show_spinner=False, max_entries=64)
def available_metrics(_con, version: int) -> list[str]:
    return [m.key for m in metrics.METRICS if metrics.available(_con, m.key)]


# ------------------------------------------------------------------ the global filter

PERIOD_KINDS = ("Quarter", "Month", "Custom", "All time")


def filter_bar(con) -> Slice:
    """Sidebar filters shared by every page; returns the Slice and keeps it in session state."""
    version = workspace.version(con)
    low, high = slices.data_span(con)
    with st.sidebar:
        st.markdown("**Filters** · every figure and quote follows them")
        start = end = None
        if high is not None:
            default = slices.default_slice(con)
            kind = st.segmented_control("Period", PERIOD_KINDS, default="Quarter", key="period_kind")
            if kind in ("Quarter", "Month"):
                step = 3 if kind == "Quarter" else 1
                first = (slices.quarter_start if step == 3 else slices.month_start)(low)
                options = []
                cursor = (slices.quarter_start if step == 3 else slices.month_start)(high)
                while cursor >= first:
                    options.append(cursor)
                    cursor = slices.add_months(cursor, -step)
                preferred = default.start if step == 3 else slices.add_months(default.end, -1)
                start = st.selectbox(kind, options, index=options.index(preferred) if preferred in options else 0,
                                     format_func=lambda d: slices.period_label(d, slices.add_months(d, step)),
                                     key=f"period_{kind}")
                end = slices.add_months(start, step)
            elif kind == "Custom":
                picked = st.date_input("From – to", (default.start, default.end), min_value=low,
                                       max_value=slices.add_months(high, 1), key="period_custom")
                if isinstance(picked, (tuple, list)) and len(picked) == 2:
                    start, end = picked[0], picked[1]
        slice_ = Slice(start, end)
        for attribute in _attributes(con, version):
            if attribute not in slices.COLUMN_ATTRIBUTES:
                continue
            chosen = st.multiselect(slices.ATTRIBUTE_LABELS[attribute],
                                    _values(con, version, attribute), key=f"filter_{attribute}")
            if chosen:
                slice_ = slice_.where(attribute, *chosen)
        extra = [a for a in _attributes(con, version) if a not in slices.COLUMN_ATTRIBUTES]
        if extra:
            with st.expander("More filters"):
                attribute = st.selectbox("Attribute", ["—", *extra], key="filter_extra_attribute")
                if attribute != "—":
                    chosen = st.multiselect("Values", _values(con, version, attribute),
                                            key=f"filter_extra_{attribute}")
                    if chosen:
                        slice_ = slice_.where(attribute, *chosen)
        st.selectbox("Pick quotes by", list(evidence.ORDERS), format_func=lambda o: evidence.ORDERS[o].capitalize(),
                     key="quote_order", help="Most typical: closest to what most of the group says "
                     "(TF-IDF cosine to the group's centre). Ties break by id, so picks are repeatable.")
        st.toggle("Mask personal data", value=True, key="mask_pii",
                  help="Hide emails, phone numbers, card numbers and names in quotes.")
        st.number_input("Minimum n for a figure", min_value=1, max_value=1000, value=30,
                        key="min_n", help="Below this, figures are greyed as 'too few'.")
    st.session_state["slice"] = slice_
    return slice_


@st.cache_data(show_spinner=False)
def _attributes(_con, version: int) -> list[str]:
    return slices.attributes(_con)


@st.cache_data(show_spinner=False)
def _values(_con, version: int, attribute: str) -> list[str]:
    return slices.attribute_values(_con, attribute)


def current_slice() -> Slice:
    return st.session_state.get("slice", Slice())


def min_n() -> int:
    return int(st.session_state.get("min_n", 30))


# ------------------------------------------------------------------ text shown safely

_AUTOLINK = re.compile(r"(?i)\\?:\\?/\\?/|www\\?\.|@")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:])")


def plain(text: str) -> str:
    """Customer text made inert for st.markdown: every markdown/HTML character escaped, so a
    verbatim is always shown as typed, never as formatting, link or HTML."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # Markdown still turns bare web and mail addresses into links: a zero-width space breaks them.
    escaped = _AUTOLINK.sub(lambda m: "\u200b" + m.group(0) if "/" in m.group(0)
                            else m.group(0)[0] + "\u200b" + m.group(0)[1:], escaped)
    return escaped.replace("\n", "  \n")


def shown(text: str, names: tuple[str, ...] = ()) -> str:
    """The text as it may be shown: personal data masked when the switch is on."""
    if st.session_state.get("mask_pii", True):
        return pii.mask(text, names=names)
    return text


# ------------------------------------------------------------------ a tile and its story

def tile(con, key: str, slice_: Slice, *, with_story: bool = True, quotes_shown: int = 1) -> None:
    """One headline figure with n, interval, trend and change, and the words behind it."""
    metric = REGISTRY[key]
    version = workspace.version(con)
    result = figure(con, version, key, slice_)
    before, change = figure_change(con, version, key, slice_)
    trend = [r.value for r in figure_series(con, version, key, slice_) if r.value is not None]
    needed = metric.min_n if metric.min_n < 30 else min_n()  # sums over accounts need no sample size
    enough = result.value is not None and result.n >= needed
    with st.container(border=True):
        delta = None
        if change.difference is not None and enough:
            delta = formatting.points(key, change.difference)
        before_label = slices.period_label(before.slice.start, before.slice.end) if before else ""
        st.metric(
            metric.label, formatting.value(key, result.value) if enough else "–",
            delta=delta,
            delta_color=("normal" if metric.higher_is_better else "inverse") if change.significant else "off",
            help=metric.description, chart_data=trend if len(trend) > 1 else None, chart_type="line",
            delta_description=f"vs {before_label}" if delta else None)
        if not enough:
            st.caption(f":gray[Too few responses to show a figure: {formatting.sample(result)} "
                       f"(minimum {needed}).]")
            return
        details = [formatting.sample(result), formatting.interval(result)]
        if "monthly" in result.parts:
            details.append(f"{percent(result.parts['monthly'])}/month, {percent(result.parts['annualised'])}/year")
        if key == "revenue_at_risk":
            details.append(f"{percent(result.parts['share'])} of active MRR · rule: {result.parts['rule']}")
        if key == "ces":
            details.append(f"scale 1–{result.parts['scale_max']:.0f} · {percent(result.parts['easy_share'])} say easy")
        st.caption(" · ".join(d for d in details if d))
        if delta:
            verdict = formatting.significance(change)
            st.caption(f"**{verdict}**" if change.significant else verdict)
        if with_story:
            story(con, key, slice_, limit=quotes_shown)


def story(con, key: str, slice_: Slice, side: str | None = None, limit: int = 1,
          title: str | None = None, widget_key: str = "") -> None:
    """Verbatims of exactly the tile's population, with who/why and how they were picked.
    `widget_key` tells apart two stories of the same figure on one page."""
    version = workspace.version(con)
    state_key = f"story-{widget_key}-{key}-{side}-{slice_}"
    offset = st.session_state.get(state_key + "-offset", 0)
    order = st.session_state.get("quote_order", "typical")
    found = quotes(con, version, key, slice_, side, order, limit, offset)
    if title:
        st.markdown(f"**{title}**")
    show_evidence(found, state_key + "-offset", limit)


def show_evidence(found: evidence.Evidence, offset_key: str, limit: int) -> None:
    """Each quote as plain text with who/why and how it was picked, then 'Show another', which
    moves the offset kept under `offset_key` in session state."""
    if not found.quotes:
        st.caption(f"No {found.noun} here.")
        return
    for position, quote in enumerate(found.quotes):
        st.markdown(f"“{plain(shown(quote.text))}”")
        st.caption(f"{plain(shown(quote.why))} · {found.label(position)}")
    distinct = found.distinct or found.total
    if distinct > limit and st.button("Show another", key=offset_key + "-next", type="tertiary",
                                      icon=":material/refresh:"):
        st.session_state[offset_key] = (found.offset + limit) % distinct
        st.rerun()


def chart(fig, key: str, allowed: list) -> tuple | None:
    """Draw a clickable chart; the clicked point's customdata when it belongs to this chart."""
    from analytics import charts

    state = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points",
                            config=charts.CONFIG, theme=None)
    chosen = charts.picked(state)
    return chosen if chosen and (chosen[0] in allowed or list(chosen) in allowed) else None


@st.cache_data(show_spinner=False)
def groups_of(_con, version: int) -> dict[str, list[str]]:
    """Attributes worth a breakdown (2–30 values) and their values."""
    found = {a: slices.attribute_values(_con, a) for a in slices.attributes(_con)}
    return {a: v for a, v in found.items() if 1 < len(v) <= 30}


# ------------------------------------------------------------------ exports for the board

def export_buttons(con, what: str, subject, slice_: Slice, key: str) -> None:
    """'Prepare' buttons that build the deck / brief on demand, then offer it for download.
    `what` is "overview" (subject unused) or "case" (subject: an analytics.case.Case)."""
    import tempfile
    from pathlib import Path

    from analytics import brief, deck

    mask = st.session_state.get("mask_pii", True)
    deck_col, brief_col = st.columns(2)
    if deck_col.button("Prepare the board deck (.pptx)", key=f"{key}-deck", icon=":material/slideshow:"):
        with st.spinner("Drawing charts and writing slides…"), tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "deck.pptx"
            try:
                (deck.overview_deck(con, slice_, path, mask=mask) if what == "overview"
                 else deck.case_deck(con, subject, path, mask=mask))
                st.session_state[f"{key}-deck-bytes"] = path.read_bytes()
            except deck.ChartError as err:
                st.error(f"The deck could not be drawn: {err}")
    if f"{key}-deck-bytes" in st.session_state:
        deck_col.download_button("Download the deck", st.session_state[f"{key}-deck-bytes"],
                                 file_name=f"heartbeat-{key}.pptx", key=f"{key}-deck-download",
                                 mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
    if brief_col.button("Prepare the one-page brief (.html)", key=f"{key}-brief", icon=":material/description:"):
        with st.spinner("Writing the brief…"):
            html = (brief.overview_html(con, slice_, mask=mask) if what == "overview"
                    else brief.case_html(con, subject, mask=mask))
            st.session_state[f"{key}-brief-bytes"] = html.encode("utf-8")
    if f"{key}-brief-bytes" in st.session_state:
        brief_col.download_button("Download the brief", st.session_state[f"{key}-brief-bytes"],
                                  file_name=f"heartbeat-{key}.html", mime="text/html",
                                  key=f"{key}-brief-download")
