"""Customer: one account whole — who they are, what they paid, and everything they told us, in order."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import customer, formatting, voices, workspace
from analytics.formatting import BAD, BRAND
from pages.common import connection, plain, shown

TONE = {"good": "green", "bad": "red", "neutral": "gray"}
MOOD = {"negative": "red", "neutral": "gray", "positive": "green"}
ICONS = {"survey": ":material/reviews:", "ticket": ":material/support_agent:", "churn": ":material/logout:",
         "signup": ":material/login:"}
FONT = '"Source Sans", "Source Sans Pro", sans-serif'

con = connection()
version = workspace.version(con)
state = st.session_state
masked = state.get("mask_pii", True)
customer_id = st.query_params.get("customer")


@st.cache_data(show_spinner=False, max_entries=256)
def record(_con, version: int, customer_id: str):
    return customer.profile(_con, customer_id), customer.revenue(_con, customer_id)


@st.cache_data(show_spinner=False, max_entries=256)
def events(_con, version: int, customer_id: str, newest_first: bool) -> pd.DataFrame:
    return customer.timeline(_con, customer_id, newest_first)


@st.cache_data(show_spinner=False)
def theme_names(_con, version: int) -> dict[str, str]:
    return voices.theme_names(_con)


def finder() -> None:
    """Find a customer by id, name or e-mail; each hit links to its own view."""
    text = st.text_input("Find a customer", placeholder="Customer ID, name or e-mail", key="customer_find")
    if not text:
        st.caption("Or open a customer from any quote: the customer ID under it links here.")
        return
    hits = customer.find(con, text)
    if hits.empty:
        st.info("No customer matches.")
    for hit in hits.itertuples(index=False):
        name = "" if masked or not isinstance(hit.name, str) else f" · {hit.name}"
        details = " · ".join(str(v) for v in (hit.segment, hit.plan, formatting.money(hit.mrr) + " MRR", hit.status)
                             if isinstance(v, str))
        st.page_link("pages/customer.py", label=plain(f"{hit.customer_id}{name} — {details}"),
                     query_params={"customer": hit.customer_id}, icon=":material/person:")


person, history = (None, None) if not customer_id else record(con, version, customer_id)
if person is None:
    st.title("Customer")
    if customer_id:
        st.warning(f"No customer with ID {plain(customer_id)} in this workspace.")
    finder()
    st.stop()

names = (person.name,) if person.name else ()
st.title(plain(person.customer_id if masked or not person.name else person.name))
status = (f":red-badge[Churned {person.churn_date:%-d %b %Y}]" if person.churned and person.churn_date
          else ":red-badge[Churned]" if person.churned else ":green-badge[Active]")
identity = [plain(v) for v in (person.segment, person.plan, person.region) if v]
identity += (["name and e-mail hidden (Mask personal data is on)"] if masked
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
    reason = (f": “{plain(shown(person.churn_reason, names))}”" if person.churn_reason else
              " (no reason recorded)")
    when = f" on {person.churn_date:%-d %b %Y}" if person.churn_date else ""
    after = f" after {tenure} months" if tenure is not None else ""
    st.error(f"Churned{when}{after}{reason}", icon=":material/logout:")


def revenue_chart(history: pd.DataFrame) -> go.Figure:
    fig = go.Figure(go.Scatter(
        x=history["month"], y=history["mrr"], mode="lines+markers", line=dict(color=BRAND, width=2, shape="hv"),
        marker=dict(size=5), fill="tozeroy", fillcolor="rgba(31,111,235,0.08)",
        customdata=[formatting.money(v) for v in history["mrr"]],
        hovertemplate="%{x|%b %Y}: %{customdata} MRR<extra></extra>"))
    if person.churned and person.churn_date:
        fig.add_vline(x=pd.Timestamp(person.churn_date).timestamp() * 1000, line=dict(color=BAD, dash="dash"),
                      annotation_text="churned", annotation_font_color=BAD)
    fig.update_layout(template="plotly_white", height=240, margin=dict(l=8, r=8, t=24, b=8), showlegend=False,
                      font=dict(family=FONT, size=13, color="#1f2328"))
    fig.update_yaxes(tickprefix="$", tickformat="~s", rangemode="tozero", fixedrange=True, gridcolor="#eaeef2")
    fig.update_xaxes(fixedrange=True, tickformat="%b %Y", showgrid=False)
    return fig


left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Revenue")
    if history.empty:
        st.caption(f"No monthly revenue history for this customer. Current MRR: {formatting.money(person.mrr)}.")
    else:
        st.plotly_chart(revenue_chart(history), config={"displayModeBar": False}, theme=None, key="customer_revenue")
with right:
    st.subheader("What they told us")
    said = events(con, version, person.customer_id, True)
    spoken = said[said["text"].notna() & said["source"].isin(["survey", "ticket"])]
    moods = pd.Series([voices.sentiment_label(v) for v in spoken["sentiment"]]).value_counts()
    st.markdown(" · ".join([f"**{len(spoken):,}** comments and tickets"] + [
        f":{MOOD[m]}-badge[{moods[m]:,} {m}]" for m in ("negative", "neutral", "positive") if m in moods]))
    raised = pd.Series([t for found in spoken["themes"] for t in found]).value_counts()
    if len(raised):
        labels = theme_names(con, version)
        st.markdown("Raised: " + " ".join(f":blue-badge[{plain(labels.get(t, t))} ×{n}]" for t, n in raised.items()))
    if person.extra:
        st.caption(" · ".join(f"{plain(str(k))}: {plain(shown(str(v), names))}"
                              for k, v in list(person.extra.items())[:12]))

heading, control = st.columns([3, 1], vertical_alignment="bottom")
heading.subheader("Timeline")
newest = control.segmented_control("Order", ["Newest first", "Oldest first"], default="Newest first",
                                   key="customer_order", label_visibility="collapsed") != "Oldest first"
labels = theme_names(con, version)
for event in events(con, version, person.customer_id, newest).itertuples(index=False):
    when, what = st.columns([1, 6])
    when.markdown(f"**{event.at:%-d %b %Y}**" if not pd.isna(event.at) else "**date unknown**")
    when.caption(customer.SOURCE_LABELS[event.source])
    with what.container(border=True):
        line = [f"{ICONS[event.source]}"]
        if not pd.isna(event.score):
            tone = voices.score_tone(event.kind, event.score, event.scale_min, event.scale_max)
            line.append(f":{TONE[tone]}-badge[{plain(event.detail)}]")
        else:
            line.append(plain(event.detail))
        mood = voices.sentiment_label(event.sentiment)
        if mood and isinstance(event.text, str) and event.source != "churn":
            line.append(f":{MOOD[mood]}-badge[{mood}]")
        line += [f":blue-badge[{plain(labels.get(t, t))}]" for t in event.themes]
        st.markdown(" ".join(line))
        if isinstance(event.text, str) and event.text.strip():
            st.markdown(f"“{plain(shown(event.text, names))}”")
        elif event.source == "survey":
            st.caption("No comment.")
