"""What a board deck and a brief say, gathered once into plain dataclasses: figures as text,
charts as PNG bytes, quotes masked and shortened. The deck (`_deck`) and the brief (`_brief`)
only lay these out, so both always say the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from analytics.metrics import TYPICAL_SAMPLE, Quote, Result, Slice, stats
from analytics.voices import excerpt, mask, without_lead

QUOTES_PER_METRIC = 2
QUOTE_METHOD = (
    "Every quote comes from the population its figure counts, in the same slice: NPS from "
    "detractors, CSAT from dissatisfied and CES from customers who found it hard, Support CSAT "
    "from the tickets rated low, churn and "
    "revenue figures from the customers who left (or shrank), revenue at risk from the at-risk "
    "accounts. Within that group, quotes are ranked as most typical (TF-IDF cosine similarity to "
    f"the centre of what the group says, among a fixed sample of {TYPICAL_SAMPLE:,} when more left words; "
    "near-identical texts shown once; ties broken by id, so the pick is repeatable), or — for the "
    "revenue figures — by the account's MRR. "
    "\u201c1 of N\u201d gives the quote's rank among the N members of the group who left words. "
    "A quote already shown on an earlier slide is skipped for the next one.")
MASK_NOTE = ("Personal data in customer text (e-mail addresses, phone and card numbers, person "
             "names) is masked as [email], [phone], [card] and [name].")
UNMASKED_NOTE = "Customer text is shown unmasked, as written."
SIGNIFICANCE_NOTE = (
    "All intervals are 95%: Wilson for shares, adjusted Wald for NPS (3/4 added to promoters and "
    "to detractors, 3 to n; Rocks 2016; widened if needed to hold the observed NPS), Student t for means (kept inside the answer scale; "
    "Wilson on the scale when every answer is the same), "
    "delta method for revenue ratios. A change against the previous period of the same length is "
    "tested only when both periods reach the metric's minimum n, and called a clear change only "
    "when p < 0.05 (two-proportion z-test for rates; difference of the two estimates with both "
    "standard errors otherwise); below the minimum it reads \u201ctoo few answers to test\u201d "
    "and no p is shown.")


@dataclass(frozen=True)
class QuoteView:
    text: str  # masked (unless asked otherwise), possibly shortened with "…"
    full_text: str  # masked, whole
    why: str  # who said it: "churned Aug 2026 · SMB · $1,240 MRR · detractor 3/10"
    picked: str  # "1 of 168 detractor comments, picked as most typical"


@dataclass(frozen=True)
class MetricView:
    key: str
    label: str
    description: str
    result: Result
    enough: bool
    value_text: str
    sample_text: str
    interval_text: str
    detail_text: str
    change_text: str  # "no significant change vs Q2 2026 (+0.2 pts, p = 0.94)" or a reason
    tone: str  # good | bad | neutral
    change: stats.Change | None  # against the previous period (None: not compared)
    before_label: str  # "Q2 2026"
    chart: bytes | None
    quotes: tuple[QuoteView, ...]
    noun: str  # whose words these are
    quote_total: int
    trend: tuple[Result, ...] = ()  # the last 12 months, for charts drawn natively (the deck)


@dataclass(frozen=True)
class Overview:
    slice: Slice
    title: str
    subtitle: str
    generated: date
    metrics: tuple[MetricView, ...]
    methodology: tuple[tuple[str, str, bool], ...]  # (label, description, available here)
    notes: tuple[tuple[str, str], ...]  # (title, text): quotes, significance, slice, masking, methods
    made_by: str = ""  # who exported it (workspace.actor)
    freshness: str = ""  # "data imported 30 Nov 2026"


@dataclass(frozen=True)
class RateRow:
    label: str
    n: int
    churned: int
    rate: float | None
    low: float | None
    high: float | None
    annual: float | None
    annual_low: float | None
    annual_high: float | None


@dataclass(frozen=True)
class ScenarioRow:
    scenario: str
    excess_text: str
    retained_text: str
    roi_text: str
    payback_text: str
    npv_text: str


@dataclass(frozen=True)
class CaseView:
    name: str
    problem_label: str
    slice: Slice
    period: str
    generated: date
    headline: str
    affected_text: str
    rates: tuple[RateRow, ...]
    relative_risk_text: str
    significant: bool
    revenue_at_risk_text: str
    revenue_range_text: str
    affected_mrr_text: str
    score_impact_text: str
    score_label: str  # NPS, Rating or CSAT: what score_impact_text is measured on
    chart: bytes | None
    quotes: tuple[QuoteView, ...]
    quote_total: int
    quote_noun: str
    cost_text: str
    timeline_text: str
    effect_text: str
    scenarios: tuple[ScenarioRow, ...]
    ask_title: str
    ask_points: tuple[str, ...]
    methodology: tuple[tuple[str, str], ...]
    made_by: str = ""  # who exported it (workspace.actor)
    freshness: str = ""  # "data imported 30 Nov 2026"


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Invisible characters that reorder or hide text: bidirectional embeddings, overrides and isolates
# (U+202A–U+202E, U+2066–U+2069), zero-width space, word joiner and a stray byte-order mark.
# Joiners that scripts and emoji need (U+200C, U+200D) and the LRM/RLM marks of right-to-left
# text are left alone: they cannot move text outside their own word.
_HIDDEN = re.compile("[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


def reveal(text: str) -> str:
    """Uploaded text with each invisible reordering or hiding character shown as its code
    ("[U+202E]"): a name cannot flip the words around it or pass for another name."""
    return _HIDDEN.sub(lambda found: f"[U+{ord(found[0]):04X}]", text)


def clean(text: str | None) -> str:
    """Text safe for an XML document (pptx/xlsx/html): control characters dropped, CRLF → LF,
    invisible reordering characters revealed."""
    if not text:
        return ""
    return reveal(_XML_ILLEGAL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n")))


class Voice:
    """Masks quotes for presentation: the workspace's PII rules plus the customer's own name."""

    def __init__(self, con, mask: bool) -> None:
        self._con, self._mask = con, mask

    def __call__(self, text: str | None, customer_id: str | None = None) -> str:
        text = clean(text)
        if not self._mask:
            return text
        names: tuple[str, ...] = ()
        if customer_id is not None:
            row = self._con.execute("SELECT name FROM customers WHERE customer_id = ?",
                                    [customer_id]).fetchone()
            names = (row[0],) if row and row[0] else ()
        return mask(text, names) or ""


def quote_view(voice: Voice, quote: Quote, picked: str, limit: int, terms: tuple[str, ...] = ()) -> QuoteView:
    """A quote as a slide shows it: masked, without an export's lead ("Customer said:"), its most
    relevant sentences when long (those with `terms`, a theme's words); the whole text kept."""
    text = voice(without_lead(quote.text), quote.customer_id)  # the lead first: "Per Dana:" goes whole
    shown, _ = excerpt(text, limit, terms)
    return QuoteView(shown, text, voice(quote.why), picked)
