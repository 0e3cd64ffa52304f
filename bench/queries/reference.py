"""The pandas baseline: the same figures and quote candidates computed from frames loaded once,
from DESIGN.md's definitions, so each query has a baseline measured in the same run."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class Frames:
    """The workspace tables as pandas DataFrames, loaded once before any timing."""

    responses: pd.DataFrame  # responses_linked
    customers: pd.DataFrame
    has_churn_dates: bool
    load_s: float = 0.0
    memory_mb: float = 0.0


def load_frames(con) -> Frames:
    started = time.perf_counter()
    responses = con.execute(
        "SELECT response_id, customer_id, responded_at, kind, score, scale_min, scale_max, comment "
        "FROM responses_linked").df()
    customers = con.execute(
        "SELECT customer_id, segment, plan, region, signup_date, mrr, churned, churn_date, "
        "churn_reason FROM customers").df()
    # A fair pandas set-up: low-cardinality text as category, flags as plain bool.
    responses["kind"] = responses["kind"].astype("category")
    for column in ("segment", "plan", "region"):
        customers[column] = customers[column].astype("category")
    customers["churned"] = customers["churned"].fillna(False).astype(bool)
    seconds = time.perf_counter() - started
    for table in ("revenue", "tickets"):  # the baseline below assumes what the generator makes
        if con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
            raise SystemExit(f"the pandas baseline does not model a non-empty {table} table")
    memory = (responses.memory_usage(deep=True).sum() + customers.memory_usage(deep=True).sum()) / 2**20
    return Frames(responses, customers, bool(customers["churn_date"].notna().any()), seconds, memory)


def _ts(day) -> pd.Timestamp:
    return pd.Timestamp(day)


def _customer_mask(frames: Frames, slice_) -> pd.Series | None:
    from analytics.metrics import COLUMN_ATTRIBUTES

    mask = None
    for attribute, values in slice_.filters:
        if attribute not in COLUMN_ATTRIBUTES:
            raise NotImplementedError(f"pandas baseline: filter on {attribute!r}")
        part = frames.customers[attribute].isin(values)
        mask = part if mask is None else mask & part
    return mask


def pd_responses(frames: Frames, kind: str, slice_) -> pd.DataFrame:
    r = frames.responses
    mask = (r["kind"] == kind) & r["score"].notna()
    if slice_.start:
        mask &= r["responded_at"] >= _ts(slice_.start)
    if slice_.end:
        mask &= r["responded_at"] < _ts(slice_.end)
    customers = _customer_mask(frames, slice_)
    if customers is not None:
        mask &= r["customer_id"].isin(frames.customers["customer_id"][customers])
    return r[mask]


def pd_customers(frames: Frames, slice_) -> tuple[pd.DataFrame, pd.Series]:
    """The customers counted by churn_rate / revenue_churn for the slice, and their event flag."""
    c = frames.customers
    mask = _customer_mask(frames, slice_)
    mask = pd.Series(True, index=c.index) if mask is None else mask
    if not (slice_.start or slice_.end) or not frames.has_churn_dates:
        population = c[mask]
        return population, population["churned"]
    if slice_.start:
        start = _ts(slice_.start)
        mask &= c["signup_date"].isna() | (c["signup_date"] < start)
        mask &= c["churn_date"].isna() | (c["churn_date"] >= start)
    elif slice_.end:
        mask &= c["signup_date"].isna() | (c["signup_date"] < _ts(slice_.end))
    mask &= ~(c["churned"] & c["churn_date"].isna())
    population = c[mask]
    event = population["churned"] & population["churn_date"].notna()
    if slice_.start:
        event &= population["churn_date"] >= _ts(slice_.start)
    if slice_.end:
        event &= population["churn_date"] < _ts(slice_.end)
    return population, event


def pd_metric(frames: Frames, key: str, slice_) -> tuple[float | None, int]:
    """(value, n) of `key` for `slice_`, by DESIGN.md's definitions, in pandas."""
    if key in ("nps", "csat", "ces"):
        pop = pd_responses(frames, key, slice_)
        n = len(pop)
        if n == 0:
            return None, 0
        score = pop["score"]
        if key == "nps":
            return float(((score >= 9).sum() - (score <= 6).sum()) / n * 100), n
        if key == "csat":
            satisfied = score >= pop["scale_max"] - 0.4 * (pop["scale_max"] - pop["scale_min"])
            return float(satisfied.sum() / n), n
        return float(score.mean()), n
    if key in ("churn_rate", "revenue_churn"):
        pop, event = pd_customers(frames, slice_)
        if key == "churn_rate":
            return (float(event.sum() / len(pop)) if len(pop) else None), len(pop)
        known = pop["mrr"].notna()  # revenue history is empty: start MRR = the customer's MRR
        mrr, event = pop["mrr"][known], event[known]
        total = mrr.sum()
        return (float(mrr[event].sum() / total) if known.any() and total else None), int(known.sum())
    if key == "revenue_at_risk":
        r = frames.responses
        mask = (r["kind"] == "nps") & r["score"].notna() & r["customer_id"].notna()
        if slice_.end:
            mask &= r["responded_at"] < _ts(slice_.end)
        answers = r.loc[mask, ["customer_id", "responded_at", "score"]]
        # latest answer per customer; answers at the same instant: the lower score
        latest = (answers.sort_values(["responded_at", "score"], ascending=[True, False], kind="stable")
                  .drop_duplicates("customer_id", keep="last"))
        at_risk = latest.loc[latest["score"] <= 6, "customer_id"]
        c = frames.customers
        if slice_.end:
            end = _ts(slice_.end)
            active = (~c["churned"] | (c["churn_date"] >= end)) & (c["signup_date"].isna() | (c["signup_date"] < end))
        else:
            active = ~c["churned"]
        customers = _customer_mask(frames, slice_)
        if customers is not None:
            active &= customers
        chosen = c[active & c["customer_id"].isin(at_risk)]
        return float(chosen["mrr"].sum()), len(chosen)
    raise KeyError(key)


QUOTE_COLUMNS = ["unit_id", "customer_id", "text", "at", "source", "score", "kind", "mrr", "segment",
                 "plan", "churned", "churn_date"]


_QUOTE_CUSTOMER = ["customer_id", "mrr", "segment", "plan", "churned", "churn_date"]


def pd_candidates(frames: Frames, key: str, slice_) -> pd.DataFrame:
    """The rows evidence.candidates_sql selects (default side), built with pandas."""
    if key == "nps":
        pop = pd_responses(frames, "nps", slice_)
        pop = pop[(pop["score"] <= 6) & pop["comment"].notna()]
        pop = pop[pop["comment"].str.strip(" ") != ""]  # DuckDB's trim() strips spaces only
        frame = pd.DataFrame({"unit_id": pop["response_id"], "customer_id": pop["customer_id"],
                              "text": pop["comment"], "at": pop["responded_at"], "source": "survey",
                              "score": pop["score"], "kind": "nps"})
        return frame.merge(frames.customers[_QUOTE_CUSTOMER], on="customer_id", how="left")[QUOTE_COLUMNS]
    if key == "churn_rate":
        pop, event = pd_customers(frames, slice_)
        pop = pop[event]
        r, c = frames.responses, frames.customers
        said = r[r["customer_id"].isin(pop["customer_id"]) & r["comment"].notna()]
        reasons = c[c["customer_id"].isin(pop["customer_id"]) & c["churn_reason"].notna()]
        words = pd.concat([
            pd.DataFrame({"customer_id": said["customer_id"], "text": said["comment"],
                          "at": said["responded_at"], "source": "survey", "score": said["score"],
                          "kind": said["kind"].astype(object)}),
            pd.DataFrame({"customer_id": reasons["customer_id"], "text": reasons["churn_reason"],
                          "at": reasons["churn_date"], "source": "churn_reason", "score": np.nan,
                          "kind": "churn"})], ignore_index=True)
        words = words[words["text"].str.strip(" ") != ""]
        left = pop.set_index("customer_id")["churn_date"]
        left_at = words["customer_id"].map(left)
        words = words[left_at.isna() | words["at"].isna() | (words["at"] < left_at + pd.Timedelta(days=1))]
        # one voice per customer: the churn reason, else the latest words
        words = (words.assign(_reason=words["source"] == "churn_reason")
                 .sort_values(["customer_id", "_reason", "at"], ascending=[True, False, False],
                              na_position="last", kind="stable")
                 .drop_duplicates("customer_id"))
        frame = words.drop(columns="_reason").merge(frames.customers[_QUOTE_CUSTOMER], on="customer_id")
        frame.insert(0, "unit_id", frame["customer_id"])
        return frame[QUOTE_COLUMNS]
    raise KeyError(key)


_DATE_WORDS = (r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(tember)?|"
               r"oct(ober)?|nov(ember)?|dec(ember)?|monday|tuesday|wednesday|thursday|friday|saturday|"
               r"sunday)\b")


def pd_opening(texts: pd.Series) -> pd.Series:
    """pandas twin of evidence.opening: first line, lower case, dates and numbers aside, 40 chars."""
    first = texts.str.lstrip(" ").str.split("\n").str[0].str.slice(0, 64).str.lower()
    return first.str.replace(_DATE_WORDS, " ", regex=True).str.replace(r"[0-9\s]+", " ", regex=True).str.slice(0, 40)


def pd_rank(frame: pd.DataFrame, order: str, sample: int) -> pd.DataFrame:
    """pandas twin of evidence's ranking, on every candidate in memory: by time, MRR or negativity
    (ties by unit_id), or by TF-IDF typicality within the first `sample` texts by MD5 of the text,
    every text outside that sample after them in unit_id order; then each story once, a text
    opening like a better-ranked one (pd_opening) dropped."""
    from analytics.metrics import _evidence as evidence  # the TF-IDF score itself

    frame = frame.sort_values("unit_id", kind="stable").reset_index(drop=True)
    if frame.empty:
        return frame
    if order == "recent":
        ranked = frame.sort_values("at", ascending=False, kind="stable", na_position="last")
    elif order == "revenue":
        ranked = frame.sort_values("mrr", ascending=False, kind="stable", na_position="last")
    elif order == "negative":
        score = frame["score"].astype(float)
        low = score.min() if score.notna().any() else 0
        span = (score.max() - low) or 1
        negativity = (1 - (score - low) / span).fillna(0.5).to_numpy()
        negativity = negativity - 0.001 * frame["text"].str.len().clip(upper=500).to_numpy() / 500
        ranked = frame.assign(_neg=negativity).sort_values("_neg", ascending=False, kind="stable")
    else:
        texts = frame["text"].tolist()
        by_hash = sorted(range(len(texts)), key=lambda i: hashlib.md5(texts[i].encode()).hexdigest())
        chosen = sorted(by_hash[:sample])
        scores = np.full(len(texts), -1.0)
        scores[chosen] = evidence.typicality([texts[i] for i in chosen])
        ranked = frame.iloc[np.argsort(-scores, kind="stable")]
    return ranked[~pd_opening(ranked["text"]).duplicated()]


def pd_evidence(frames: Frames, key: str, slice_, order: str, limit: int = 3):
    """pandas: the figure, then every candidate fetched and ranked in memory (pd_rank)."""
    from analytics.metrics import _evidence as evidence

    value = pd_metric(frames, key, slice_)
    frame = pd_candidates(frames, key, slice_)
    ranked = pd_rank(frame, order, evidence.TYPICAL_SAMPLE)
    return value, len(frame), ranked.iloc[:limit]
