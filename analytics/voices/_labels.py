"""How one voice's score and sentiment read: 'NPS 3/10 · detractor', 'CSAT 2/5', 'negative'."""

from __future__ import annotations

import pandas as pd

from analytics.metrics import is_high, nps_band
from analytics.scores import is_low_rating, is_top_box
from analytics.voices import _sentiment as sentiment


def band_of(kind: str | None, score: float | None, scale_min: float | None = None,
            scale_max: float | None = None) -> str | None:
    """The score band of one answer (detractor / passive / promoter for NPS, low / high on any
    other scale; see analytics.metrics' score rules), or None without a score."""
    if score is None or pd.isna(score):
        return None
    if kind == "nps":
        return nps_band(float(score))
    if scale_min is None or scale_max is None or pd.isna(scale_min) or pd.isna(scale_max):
        scale_min, scale_max = 1, 5
    return "high" if is_high(float(score), float(scale_min), float(scale_max)) else "low"


KIND_LABELS = {"nps": "NPS", "csat": "CSAT", "ces": "Effort", "rating": "Rating",
               "ticket": "Ticket rating"}


def score_label(kind: str | None, score: float | None, scale_min: float | None = None,
                scale_max: float | None = None) -> str | None:
    """'NPS 3/10 · detractor', 'CSAT 2/5', 'Effort 6/7', or None without a score."""
    if score is None or pd.isna(score):
        return None
    number = int(score) if float(score).is_integer() else round(float(score), 1)
    top = scale_max if scale_max is not None and not pd.isna(scale_max) else (10 if kind == "nps" else 5)
    label = f"{KIND_LABELS.get(kind, (kind or 'score').capitalize())} {number}/{int(top)}"
    if kind == "nps":
        label += f" · {band_of(kind, score)}"
    return label


def score_tone(kind: str | None, score: float | None, scale_min: float | None = None,
               scale_max: float | None = None) -> str:
    """'good', 'bad' or 'neutral': promoters and high scores are good; detractors and low bad."""
    band = band_of(kind, score, scale_min, scale_max)
    return {"promoter": "good", "high": "good", "detractor": "bad", "low": "bad"}.get(band, "neutral")


def sentiment_label(value: float | None) -> str | None:
    if value is None or pd.isna(value):
        return None
    return str(sentiment.label([value])[0])


def _scale(kind: str | None, scale_min: float | None, scale_max: float | None) -> tuple[float, float]:
    if scale_min is None or scale_max is None or pd.isna(scale_min) or pd.isna(scale_max):
        return (0.0, 10.0) if kind == "nps" else (1.0, 5.0)
    return float(scale_min), float(scale_max)


def score_side(kind: str | None, score: float | None, scale_min: float | None = None,
               scale_max: float | None = None) -> str | None:
    """'low' for a score in the bottom 40% of its scale (1–2 of 5, 0–3 of 10), 'top' for one in
    its top two points (4–5 of 5, 9–10 of 10), None in between or without a score: the sides on
    which the customer's own score plainly contradicts words of the other sign."""
    if score is None or pd.isna(score):
        return None
    low, high = _scale(kind, scale_min, scale_max)
    return "low" if is_low_rating(float(score), low, high) else "top" if is_top_box(float(score), high) else None


def disagreement(text: str | None, value: float | None, kind: str | None, score: float | None,
                 scale_min: float | None = None, scale_max: float | None = None) -> str | None:
    """'says “love”, but CSAT 2/5' when the text reads positive and its score sits low, or reads
    negative and its score sits at the top (`score_side`); None when they agree or either is
    missing. The quoted words are the ones that decided the sentiment (`decisive_words`)."""
    mood = sentiment_label(value)
    side = score_side(kind, score, scale_min, scale_max)
    if (mood, side) not in (("positive", "low"), ("negative", "top")):
        return None
    words = sentiment.decisive_words(text, value)
    said = f"says “{words}”" if words else f"reads {mood}"
    return f"{said}, but {score_label(kind, score, scale_min, scale_max)}"
