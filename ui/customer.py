"""One customer's page parts: find a customer, who they are in five figures, and their timeline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import board, voices
from analytics.metrics import formatting
from analytics.voices import Profile
from ui.session import masking
from ui.text import masked, plain

ICONS = {"survey": ":material/reviews:", "ticket": ":material/support_agent:", "churn": ":material/logout:",
         "signup": ":material/login:"}


def finder(con) -> None:
    """Find a customer by id, name or e-mail; each hit links to its own page."""
    text = st.text_input("Find a customer", placeholder="Customer ID, name or e-mail", key="customer_find")
    if not text:
        st.caption("Or open a customer from any quote: the customer ID under it links here.")
        return
    hits = voices.find_customers(con, text)
    if hits.empty:
        st.info("No customer matches.")
    for hit in hits.itertuples(index=False):
        name = "" if masking() or not isinstance(hit.name, str) else f" · {hit.name}"
        details = " · ".join(str(v) for v in (hit.segment, hit.plan, formatting.money(hit.mrr) + " MRR", hit.status)
                             if isinstance(v, str))
        st.page_link("pages/customer.py", label=plain(f"{hit.customer_id}{name} — {details}"),
                     query_params={"customer": hit.customer_id}, icon=":material/person:")


def header(person: Profile) -> None:
    """Title, status, identity (masked while the switch is on) and five figures."""
    names = (person.name,) if person.name else ()
    st.title(plain(person.customer_id if masking() or not person.name else person.name))
    status = (f":red-badge[Churned {person.churn_date:%-d %b %Y}]" if person.churned and person.churn_date
              else ":red-badge[Churned]" if person.churned else ":green-badge[Active]")
    identity = [plain(v) for v in (person.segment, person.plan, person.region) if v]
    identity += (["name and e-mail hidden (Mask personal data is on)"] if masking()
                 else [plain(v) for v in (person.customer_id, person.email) if v])
    st.markdown(f"{status} &nbsp; " + " · ".join(identity))
    tenure = person.tenure_months
    last = voices.score_label("nps", person.last_nps) if person.last_nps is not None else None
    columns = st.columns(5)
    columns[0].metric("MRR", formatting.money(person.mrr), help="Current monthly recurring revenue "
                      "(the last known, for a customer who left)")
    columns[1].metric("Customer since", f"{person.signup_date:%b %Y}" if person.signup_date else "–")
    columns[2].metric("Months as a customer", "–" if tenure is None else f"{tenure:,}",
                      help="From signup to churn, or to today")
    columns[3].metric("Last NPS", f"{person.last_nps:.0f}" if person.last_nps is not None else "–",
                      help=f"{last}, {person.last_nps_at:%-d %b %Y}" if last else "No NPS answer on record")
    columns[4].metric("Survey answers · tickets", f"{person.responses:,} · {person.tickets:,}",
                      help=f"{person.comments:,} of the survey answers came with a comment")
    if person.churned:
        reason = (f": “{plain(masked(person.churn_reason, names))}”" if person.churn_reason else
                  " (no reason recorded)")
        when = f" on {person.churn_date:%-d %b %Y}" if person.churn_date else ""
        after = f" after {tenure} months" if tenure is not None else ""
        st.error(f"Churned{when}{after}{reason}", icon=":material/logout:")


def what_they_said(person: Profile, said: pd.DataFrame, theme_names: dict[str, str]) -> None:
    """Counts of comments and tickets by sentiment, the themes raised, and kept attributes."""
    names = (person.name,) if person.name else ()
    spoken = said[said["text"].notna() & said["source"].isin(["survey", "ticket"])]
    moods = pd.Series([voices.sentiment_label(v) for v in spoken["sentiment"]]).value_counts()
    st.markdown(" · ".join([f"**{len(spoken):,}** comments and tickets"] + [
        f":{board.MOOD_NAMES[m]}-badge[{moods[m]:,} {m}]" for m in ("negative", "neutral", "positive")
        if m in moods]))
    raised = pd.Series([t for found in spoken["themes"] for t in found]).value_counts()
    if len(raised):
        st.markdown("Raised: " + " ".join(f":blue-badge[{plain(theme_names.get(t, t))} ×{n}]"
                                          for t, n in raised.items()))
    if person.extra:
        st.caption(" · ".join(f"{plain(str(k))}: {plain(masked(str(v), names))}"
                              for k, v in list(person.extra.items())[:12]))


def timeline(person: Profile, events: pd.DataFrame, theme_names: dict[str, str]) -> None:
    """Every event, one row each: when and what on the left, the detail and words on the right."""
    names = (person.name,) if person.name else ()
    for event in events.itertuples(index=False):
        when, what = st.columns([1, 6])
        when.markdown(f"**{event.at:%-d %b %Y}**" if not pd.isna(event.at) else "**date unknown**")
        when.caption(voices.TIMELINE_SOURCES[event.source])
        with what.container(border=True):
            line = [ICONS[event.source]]
            if not pd.isna(event.score):
                tone = voices.score_tone(event.kind, event.score, event.scale_min, event.scale_max)
                line.append(f":{board.TONE_NAMES[tone]}-badge[{plain(event.detail)}]")
            else:
                line.append(plain(event.detail))
            mood = voices.sentiment_label(event.sentiment)
            if mood and isinstance(event.text, str) and event.source != "churn":
                line.append(f":{board.MOOD_NAMES[mood]}-badge[{mood}]")
            line += [f":blue-badge[{plain(theme_names.get(t, t))}]" for t in event.themes]
            st.markdown(" ".join(line))
            if isinstance(event.text, str) and event.text.strip():
                st.markdown(f"“{plain(masked(event.text, names))}”")
            elif event.source == "survey":
                st.caption("No comment.")
