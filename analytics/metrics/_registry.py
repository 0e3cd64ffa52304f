"""The metric registry: every headline figure declared once, as data, and the Result of one.

A Metric says what it is, not how to compute it: its population (which units it counts), its kind
(how those units make a figure: nps, share, mean, a mean on the commonest scale, ratio, sum), the
rule of its kind (the answers a share counts, a ratio's numerator and denominator), the sides of
its population whose words stand beside it, its detail lines and axis title. `_compiler` turns a
Metric and a Slice into the query and the Result for whichever engine runs it; pages, evidence and
the deck read the rest from here. Adding a metric is one entry below (and its tests).

Detail lines are templates over the Result's parts and its n: `{promoters:,}`, `{share:.1%}`,
`{mrr:money}`; a template's segments are joined and one that names a part the Result lacks (or
holds None) is left out, e.g. churn's "a month, a year" when the slice has no length.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics.metrics._slices import Slice
from analytics.scores import (DETRACTOR_MAX, detractor_sql, high_sql, low_rating_sql, passive_sql,
                              promoter_sql, top_box_sql)

POPULATIONS = ("responses", "tickets", "customers", "retention", "at_risk")
KINDS = ("nps", "share", "mean", "common_scale_mean", "ratio", "sum")


@dataclass(frozen=True)
class Side:
    """Part of a population whose words explain the figure: a condition on its rows and a noun."""

    name: str
    condition: str  # SQL over the population's columns
    noun: str  # "detractor comments": how the label counts them


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    description: str  # tooltip, and the deck's methodology note
    unit: str  # nps | percent | score | currency
    counts: str  # what n counts: responses | customers
    higher_is_better: bool
    evidence: str  # whose words stand beside it, in a sentence
    population: str  # responses (of `answers`) | tickets (rated) | customers | retention | at_risk
    kind: str  # one of KINDS
    sides: tuple[Side, ...]  # the first is the default
    answers: str = ""  # responses.kind of a survey population (a tickets population reads their rating)
    hit: str = ""  # share, mean: the units counted as a success (SQL)
    part: str = ""  # the name of that count among the Result's parts
    ratio: tuple[str, str, str] = ("", "", "")  # numerator, denominator, affected units (SQL)
    upper: float | None = None  # a ratio's interval is clipped to [0, upper]
    summed: str = ""  # sum: the column summed
    per_month: bool = False  # share of a period: monthly and annualised equivalents beside it
    compared: bool = True  # a change against the previous period is tested
    requires: tuple[str, ...] = ()  # what the workspace must hold beyond the population's rows
    quote_order: str = "typical"  # how the deck picks the quotes beside it
    detail: tuple[str, ...] = ()  # the line under the figure on pages and slides (segments)
    tile: tuple[str, ...] = ()  # the short line under a headline tile (segments)
    rule: str = ""  # the rule in words, for a figure without an interval
    min_n: int = 30
    axis: str = ""  # a chart axis title, when the label alone would not say what the values are

    @property
    def axis_title(self) -> str:
        return self.axis or self.label

    @property
    def side_names(self) -> list[str]:
        return [side.name for side in self.sides]

    def side(self, name: str | None = None) -> Side:
        """The side called `name` (the default side without one)."""
        if name is None:
            return self.sides[0]
        for side in self.sides:
            if side.name == name:
                return side
        raise KeyError(f"{self.key} has no side {name!r}; its sides are {', '.join(self.side_names)}")


_NOT_HIGH = f"NOT ({high_sql()})"
_LEFT = (Side("churned", "event", "churned customers' words"),)
_SHRANK = (Side("lost or shrank", "end_mrr < start_mrr", "words of customers who left or shrank"),)

METRICS = (
    Metric("nps", "NPS", "Net Promoter Score: % of 0–10 answers that are 9–10 (promoters) minus % "
           "that are 0–6 (detractors), from −100 to 100. Interval: adjusted Wald (Rocks 2016): add "
           "¾ to promoters and to detractors and 3 to n, then ± 1.96·√((pP + pD − (pP − pD)²)/(n + 3)), "
           "widened if needed to hold the observed NPS.", "nps", "responses", True, "detractor comments",
           population="responses", answers="nps", kind="nps",
           sides=(Side("detractors", detractor_sql(), "detractor comments"),
                  Side("passives", passive_sql(), "passive comments"),
                  Side("promoters", promoter_sql(), "promoter comments")),
           detail=("{promoters:,} promoters · {passives:,} passives · {detractors:,} detractors",),
           axis="NPS (−100 to +100)"),
    Metric("csat", "CSAT", "Share of satisfaction answers in the top two boxes (4–5 on a 1–5 "
           "scale; the top 40% of other scales). Wilson 95% interval.", "percent", "responses",
           True, "comments of dissatisfied customers",
           population="responses", answers="csat", kind="share", hit=high_sql(), part="satisfied",
           sides=(Side("dissatisfied", _NOT_HIGH, "comments from dissatisfied customers"),
                  Side("satisfied", high_sql(), "comments from satisfied customers")),
           detail=("{satisfied:,} of {n:,} answers in the top two boxes",),
           axis="Satisfied (top two boxes)"),
    Metric("support_csat", "Support CSAT", "Share of rated support tickets and chats whose satisfaction "
           "rating lies in the top 40% of its scale: Good of Good/Bad, the best of three faces, 4–5 of "
           "1–5 (ratings are kept on 1–5, other scales placed on it linearly). Dated by the ticket's "
           "creation. Wilson 95% interval.", "percent", "rated tickets", True,
           "tickets whose customers rated the support low",
           population="tickets", kind="share", hit=high_sql(), part="satisfied",
           sides=(Side("dissatisfied", _NOT_HIGH, "tickets rated low"),
                  Side("satisfied", high_sql(), "tickets rated high")),
           detail=("{satisfied:,} of {n:,} rated tickets satisfied",),
           axis="Satisfied with support"),
    Metric("ces", "Customer effort (CES)", "Mean customer-effort score on its scale (commonly "
           "1–7, higher = easier) with a t-interval kept inside the scale; the share answering 5–7 ('easy') is shown "
           "beside it.", "score", "responses", True, "comments of customers who found it hard",
           population="responses", answers="ces", kind="mean", hit=high_sql(), part="easy",
           sides=(Side("hard", _NOT_HIGH, "comments from customers who found it hard"),
                  Side("easy", high_sql(), "comments from customers who found it easy")),
           detail=("scale 1–{scale_max:.0f}", "{easy_share:.1%} found it easy"),
           tile=("scale 1–{scale_max:.0f}", "{easy_share:.1%} say easy"),
           axis="Average effort score (higher = easier)"),
    Metric("rating", "Rating", "Mean rating on its scale (a review's stars, an 'overall' score), "
           "with a t-interval kept inside the scale; answers given on another scale (a survey that moved from 1–5 to 1–10) "
           "are placed linearly on the most common one. Beside it, the top-box share: the top two "
           "points of the scale (4–5 of 5, 9–10 of 10).", "score", "responses", True,
           "words of people who rated it low",
           population="responses", answers="rating", kind="common_scale_mean", hit=top_box_sql(), part="top",
           sides=(Side("low", low_rating_sql(), "words of people who rated it low"),
                  Side("middling", f"NOT ({low_rating_sql()}) AND NOT ({top_box_sql()})",
                       "words of people who rated it in the middle"),
                  Side("top", top_box_sql(), "words of people who rated it top")),
           detail=("out of {scale_max:.0f}", "{top:,} of {n:,} {top_box}", "{other_scales}"),
           tile=("out of {scale_max:.0f}", "{top_share:.1%} {top_box}"),
           axis="Average rating"),
    Metric("recommend", "Would recommend", "Share of yes answers to a would-you-recommend question "
           "(yes/no). Wilson 95% interval.", "percent", "responses", True,
           "words of people who would not recommend",
           population="responses", answers="recommend", kind="share", hit="score >= 1", part="yes",
           sides=(Side("would not", "score < 1", "words of people who would not recommend"),
                  Side("would", "score >= 1", "words of people who would recommend")),
           detail=("{yes:,} of {n:,} would recommend",), tile=("{yes:,} of {n:,} say yes",),
           axis="Would recommend (share saying yes)"),
    Metric("churn_rate", "Logo churn", "Customers whose churn date falls in the period ÷ customers "
           "active at its start; Wilson 95% interval. The equivalent monthly and annualised "
           "rates are shown beside it. Without churn dates: churned ÷ all customers.",
           "percent", "customers", False, "words of the customers who left",
           population="customers", kind="share", hit="event", part="churned", per_month=True,
           requires=("customers", "churn"), sides=_LEFT,
           detail=("{churned:,} of {n:,} customers left", "{monthly:.1%} a month, {annualised:.1%} a year"),
           tile=("{monthly:.1%}/month, {annualised:.1%}/year",)),
    Metric("revenue_churn", "Gross revenue churn", "MRR at period start of the customers who "
           "churned in the period ÷ MRR at period start of all customers active then (monthly "
           "revenue history when imported, else each customer's MRR). Delta-method 95% interval.",
           "percent", "customers", False, "words of the customers who left, by revenue",
           population="customers", kind="ratio", upper=1.0,
           ratio=("CASE WHEN event THEN start_mrr ELSE 0 END", "start_mrr", "count_if(event)"),
           requires=("customers", "churn", "start_mrr", "lost_mrr"), sides=_LEFT, quote_order="revenue",
           detail=("{numerator:money} of {denominator:money} MRR lost", "{affected:,} customers left")),
    Metric("grr", "Gross revenue retention", "(start MRR − churned MRR − contraction) ÷ start MRR "
           "over the period, from the monthly revenue history (none for its first month: no month before "
           "it). Delta-method 95% interval.",
           "percent", "customers", True, "customers who left or shrank",
           population="retention", kind="ratio", upper=1.0,
           ratio=("least(end_mrr, start_mrr)", "start_mrr", "count_if(end_mrr < start_mrr)"),
           requires=("revenue",), sides=_SHRANK,
           detail=("{numerator:money} of {denominator:money} start MRR kept", "{affected:,} customers left or shrank")),
    Metric("nrr", "Net revenue retention", "(start MRR − churned − contraction + expansion) ÷ "
           "start MRR over the period, from the monthly revenue history. Delta-method 95% "
           "interval.", "percent", "customers", True, "customers who left or shrank",
           population="retention", kind="ratio",
           ratio=("end_mrr", "start_mrr", "count_if(end_mrr < start_mrr)"),
           requires=("revenue",), sides=_SHRANK,
           detail=("{numerator:money} of {denominator:money} start MRR kept", "{affected:,} customers left or shrank")),
    Metric("revenue_at_risk", "Revenue at risk", "Current MRR of active customers whose latest "
           "NPS answer (up to the end of the period) was a detractor score, 0–6. A sum over "
           "actual accounts, not a sample: no interval.", "currency", "customers", False,
           "what the at-risk customers said",
           population="at_risk", kind="sum", summed="mrr", compared=False, requires=("nps", "mrr"),
           sides=(Side("at risk", "true", "at-risk customers' latest NPS comments"),),
           rule=f"active customers whose latest NPS answer was 0–{DETRACTOR_MAX}", quote_order="revenue",
           detail=("{share:.1%} of active MRR", "rule: {rule}"), tile=("{share:.1%} of active MRR", "rule: {rule}"),
           min_n=1),
)
REGISTRY = {metric.key: metric for metric in METRICS}
# Each metric's sides as {name: (condition, noun)}, for the callers that list or test them.
SIDES = {metric.key: {side.name: (side.condition, side.noun) for side in metric.sides} for metric in METRICS}


@dataclass(frozen=True)
class Result:
    """A figure for a slice: value, n, 95% interval, standard error and its parts."""

    metric: str
    slice: Slice
    value: float | None
    n: int
    ci_low: float | None = None
    ci_high: float | None = None
    se: float | None = None
    parts: dict = field(default_factory=dict)

    @property
    def enough(self) -> bool:
        return self.value is not None and self.n >= REGISTRY[self.metric].min_n

    def as_dict(self) -> dict:
        return {"metric": self.metric, "slice": self.slice.as_dict(), "value": self.value,
                "n": self.n, "ci_low": self.ci_low, "ci_high": self.ci_high,
                "enough": self.enough, **{k: v for k, v in self.parts.items() if k != "counts"}}
