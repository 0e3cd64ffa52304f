"""A figure beside the words behind it: the headline tile, the story under it, and the one way a
quote is drawn anywhere in the app (as plain text, masked on request, with who said it and why)."""

from __future__ import annotations

import streamlit as st

from analytics import voices
from analytics.metrics import REGISTRY, Evidence, Quote, Slice, formatting, period_label
from ui import cached
from ui.links import customer_url
from ui.session import floor_for, masking, quote_order
from ui.text import masked, plain

CARD_CHARS = 320  # a longer verbatim shows its most relevant sentences and a "Read all"
SPARE = 6  # candidates fetched beyond those shown, so a quote another tile shows can be skipped
SHOWN_KEY = "quotes-shown-this-run"  # gists of the quotes drawn in this run (app.py empties it)


def tile(con, key: str, slice_: Slice, *, with_story: bool = True, quotes_shown: int = 1) -> None:
    """One headline figure with n, interval, trend and change, and the words behind it."""
    metric = REGISTRY[key]
    version = cached.version(con)
    result = cached.result(con, version, key, slice_)
    needed = floor_for(key)
    before, change = cached.change(con, version, key, slice_, needed)
    trend = [r.value for r in cached.series(con, version, key, slice_) if r.value is not None]
    enough = result.value is not None and result.n >= needed
    with st.container(border=True):
        delta = None
        if change.difference is not None and enough:
            delta = formatting.points(key, change.difference)
        before_label = period_label(before.slice.start, before.slice.end) if before else ""
        st.metric(
            metric.label, formatting.value(key, result.value) if enough else "–",
            delta=delta,
            delta_color=("normal" if metric.higher_is_better else "inverse") if change.significant else "off",
            help=metric.description, chart_data=trend if len(trend) > 1 else None, chart_type="line",
            delta_description=f"vs {before_label}" if delta else None,
            delta_arrow="auto" if delta and delta[0] in "+-" else "off")  # no arrow for a change of 0.0
        if not enough:
            st.caption(f":gray[Too few to show a figure: {formatting.sample(result)} "  # customers, answers or tickets
                       f"(minimum {needed}).]")
            return
        st.caption(" · ".join(d for d in [formatting.sample(result), formatting.interval(result),
                                          formatting.tile_detail(result)] if d))
        if (slice_.start or slice_.end) and not (result.slice.start or result.slice.end):
            st.caption(":gray[All time: this data says who left, not when.]")
        if delta:
            verdict = formatting.significance(change)
            st.caption(f"**{verdict}**" if change.significant else verdict)
        if with_story:
            story(con, key, slice_, limit=quotes_shown)


def story(con, key: str, slice_: Slice, side: str | None = None, limit: int = 1,
          widget_key: str = "") -> None:
    """Verbatims of exactly the figure's population, with who/why and how they were picked.
    `widget_key` tells apart two stories of the same figure on one page."""
    offset_key = f"story-{widget_key}-{key}-{side}-{slice_}-offset"
    found = cached.evidence(con, cached.version(con), key, slice_, side, quote_order(), limit + SPARE,
                            st.session_state.get(offset_key, 0))
    evidence_quotes(con, found, offset_key, limit)


def evidence_quotes(con, found: Evidence, offset_key: str, limit: int, *, border: bool = False,
                    link: bool = False, terms: tuple[str, ...] = (), theme_id: str | None = None) -> None:
    """The first `limit` quotes of `found` that no other story of this page run showed (each with
    its caption and its true rank in the label), then 'Show another', which moves the offset kept
    under `offset_key` in session state to the next distinct story. Quotes of a theme (`theme_id`)
    say why they carry it."""
    if not found.quotes:
        st.caption(f"No words to quote here ({found.noun}).")  # none of that side, or none of it wrote
        return
    shown = st.session_state.setdefault(SHOWN_KEY, set())
    # Those no other story showed first; then, rather than fewer quotes, repeats.
    picked = voices.pick_unseen([q.text for q in found.quotes], shown, limit, fill=True)
    names = voices.names_of(con, [found.quotes[i].customer_id for i in picked])
    reasons = (cached.tag_reasons(con, cached.version(con), theme_id, tuple(found.quotes[i].unit_id for i in picked))
               if theme_id else {})
    for position in picked:
        quote = found.quotes[position]
        caption = evidence_caption(quote, found.label(position), link=link)
        if quote.unit_id in reasons:
            why = reasons[quote.unit_id]
            caption.append(f":gray[tagged for “{plain(masked(why))}”]" if why else ":gray[tagged by hand]")
        quote_card(quote.text, caption, names=_own_name(names, quote), border=border, terms=terms)
    following = len(found.quotes) > limit or found.more  # another story after the ones shown
    if (following or found.offset > 0) and st.button("Show another", key=offset_key + "-next",
                                                     type="tertiary", icon=":material/refresh:"):
        st.session_state[offset_key] = found.offset + limit if following else 0  # back to the first
        st.rerun()


def evidence_caption(quote: Quote, picked: str = "", *, link: bool = False) -> list[str]:
    """Who said it and why it is here, as safe markdown parts: the customer (a link to their
    page), when, status/segment/MRR/score, and how the quote was picked."""
    parts = []
    if link and quote.customer_id:
        parts.append(f"[{plain(quote.customer_id)}]({customer_url(quote.customer_id)})")
    if link and quote.at:
        parts.append(f"{quote.at:%-d %b %Y}")
    if quote.why:
        parts.append(plain(masked(quote.why)))
    if picked:
        parts.append(plain(picked))
    return parts


def quote_card(text: str, caption: list[str], *, names: tuple[str, ...] = (), border: bool = False,
               terms: tuple[str, ...] = ()):
    """The one way a verbatim is drawn: in quotation marks, as plain text (never markup), masked
    while the switch is on (with the customer's own `names`), without an export's lead
    ("Customer said:"); a long one as its most relevant sentences (those with `terms`) and a
    "Read all"; above its caption (safe markdown parts joined by ' · '). Returns the card's
    container, for what a page adds inside it."""
    box = st.container(border=True) if border else st.container()
    whole = masked(voices.without_lead(text), names)  # the lead first: "Per Dana:" goes whole
    shown, cut = voices.excerpt(whole, CARD_CHARS, terms)
    with box:
        st.markdown(f"“{plain(shown)}”")
        if cut:
            with st.popover("Read all", type="tertiary", icon=":material/notes:"):
                st.markdown(plain(whole))
        if caption:
            st.caption(" · ".join(caption))
    return box


def _own_name(names: dict[str, str], quote: Quote) -> tuple[str, ...]:
    return (names[quote.customer_id],) if masking() and quote.customer_id in names else ()
