"""The metric registry: every headline figure declared once, as data, and the Result of one.

Each Metric names what it counts (responses or customers), which side of its population speaks
beside it, whether higher is better and the minimum n below which it is greyed. The description
is the tooltip and the deck's methodology note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics.metrics._slices import Slice


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    description: str  # tooltip, and the deck's methodology note
    unit: str  # nps | percent | score | currency
    counts: str  # what n counts: responses | customers
    higher_is_better: bool
    evidence: str  # whose words stand beside it
    min_n: int = 30
    needs: str = "responses"  # responses | customers | revenue
    axis: str = ""  # a chart axis title, when the label alone would not say what the values are

    @property
    def axis_title(self) -> str:
        return self.axis or self.label


METRICS = (
    Metric("nps", "NPS", "Net Promoter Score: % of 0–10 answers that are 9–10 (promoters) minus % "
           "that are 0–6 (detractors), from −100 to 100. Interval: adjusted Wald (Rocks 2016): add "
           "¾ to promoters and to detractors and 3 to n, then ± 1.96·√((pP + pD − (pP − pD)²)/(n + 3)), "
           "widened if needed to hold the observed NPS.", "nps", "responses", True, "detractor comments",
           axis="NPS (−100 to +100)"),
    Metric("csat", "CSAT", "Share of satisfaction answers in the top two boxes (4–5 on a 1–5 "
           "scale; the top 40% of other scales). Wilson 95% interval.", "percent", "responses",
           True, "comments of dissatisfied customers", axis="Satisfied (top two boxes)"),
    Metric("ces", "Customer effort (CES)", "Mean customer-effort score on its scale (commonly "
           "1–7, higher = easier) with a t-interval kept inside the scale; the share answering 5–7 ('easy') is shown "
           "beside it.", "score", "responses", True, "comments of customers who found it hard",
           axis="Average effort score (higher = easier)"),
    Metric("rating", "Rating", "Mean rating on its scale (a review's stars, an 'overall' score), "
           "with a t-interval kept inside the scale; answers given on another scale (a survey that moved from 1–5 to 1–10) "
           "are placed linearly on the most common one. Beside it, the top-box share: the top two "
           "points of the scale (4–5 of 5, 9–10 of 10).", "score", "responses", True,
           "words of people who rated it low", axis="Average rating"),
    Metric("recommend", "Would recommend", "Share of yes answers to a would-you-recommend question "
           "(yes/no). Wilson 95% interval.", "percent", "responses", True,
           "words of people who would not recommend", axis="Would recommend (share saying yes)"),
    Metric("churn_rate", "Logo churn", "Customers whose churn date falls in the period ÷ customers "
           "active at its start; Wilson 95% interval. The equivalent monthly and annualised "
           "rates are shown beside it. Without churn dates: churned ÷ all customers.",
           "percent", "customers", False, "words of the customers who left", needs="customers"),
    Metric("revenue_churn", "Gross revenue churn", "MRR at period start of the customers who "
           "churned in the period ÷ MRR at period start of all customers active then (monthly "
           "revenue history when imported, else each customer's MRR). Delta-method 95% interval.",
           "percent", "customers", False, "words of the customers who left, by revenue",
           needs="customers"),
    Metric("grr", "Gross revenue retention", "(start MRR − churned MRR − contraction) ÷ start MRR "
           "over the period, from the monthly revenue history. Delta-method 95% interval.",
           "percent", "customers", True, "customers who left or shrank", needs="revenue"),
    Metric("nrr", "Net revenue retention", "(start MRR − churned − contraction + expansion) ÷ "
           "start MRR over the period, from the monthly revenue history. Delta-method 95% "
           "interval.", "percent", "customers", True, "customers who left or shrank",
           needs="revenue"),
    Metric("revenue_at_risk", "Revenue at risk", "Current MRR of active customers whose latest "
           "NPS answer (up to the end of the period) was a detractor score, 0–6. A sum over "
           "actual accounts, not a sample: no interval.", "currency", "customers", False,
           "what the at-risk customers said", min_n=1, needs="customers"),
)
REGISTRY = {metric.key: metric for metric in METRICS}
RESPONSE_KINDS = {"nps": "nps", "csat": "csat", "ces": "ces", "rating": "rating", "recommend": "recommend"}
PROPORTION_PARTS = {"csat": "satisfied", "recommend": "yes", "churn_rate": "churned"}  # successes per share


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


