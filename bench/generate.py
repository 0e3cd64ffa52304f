"""Seeded, vectorised generation of the two benchmark files: a survey export and a customer list.

The survey export looks like what a survey tool hands over: one row per answer, a survey-kind
column (nps / csat / ces) beside the score, a free-text comment (empty in about a third of the rows,
otherwise mostly 100-200 characters, with commas everywhere, double quotes in ~10% and line breaks inside
the quoted value in ~5%), and a few attribute columns. Files are cached by size and seed, so reruns
reuse them.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

GENERATOR_VERSION = 1  # bump when the content changes, so cached files are rebuilt

SURVEY_COLUMNS = ("response_id", "customer_id", "responded_at", "survey", "score", "comment",
                  "channel", "language", "touchpoint")
CUSTOMER_COLUMNS = ("customer_id", "name", "email", "segment", "plan", "region", "signup_date",
                    "mrr", "status", "churn_date", "churn_reason")

_OPENERS = [
    "Honestly, the product does what we need", "Setup took longer than expected",
    "Support answered within an hour, which was great", "The new dashboard is confusing",
    "We love the reporting, but exports are slow", "Billing was wrong twice this quarter",
    "Onboarding was smooth, thanks to Maria", "The mobile app keeps logging me out",
    "Great value for the price, overall", "Search is fast, filters are not",
    "Too expensive for a team of our size", "The integration with Salesforce broke again",
    "I would recommend it to a colleague", "Performance has improved a lot since spring",
    "Our account manager never replies", "The API docs are clear, examples help",
    "Permissions are hard to configure", "Reliable, simple, and it just works",
    "Renewal pricing came as a surprise", "Training sessions were useful for new hires",
    "Notifications are noisy, we turned most off", "The import wizard handled our messy CSV",
    "Downtime last Tuesday cost us a morning", "Customer success checked in, appreciated",
    "Hard to find the settings page", "Reports load slowly on large accounts",
    "Translations into German are incomplete", "SSO setup was painless",
    "The calendar sync duplicates events", "Invoices now include VAT numbers, finally",
]
_MIDDLES = [
    "we use it daily across three teams", "it took two calls to get it fixed",
    "the last update changed the layout without warning", "our admins spend hours on it each week",
    "the chat widget answered the simple questions", "we almost switched to a competitor",
    "nobody on my team reads the weekly email", "the price went up by 20% at renewal",
    "the onboarding checklist saved us time", "it crashes when the file is over 50 MB",
    "the roadmap promised this feature last year", "the help center articles are outdated",
    "the team is responsive, friendly, and competent", "we had to build a workaround in Excel",
    "the trial convinced our CFO", "exports to PDF cut off the last column",
    "the new editor is faster, cleaner and easier", "we lost data after a sync error",
    "my manager asked for a quarterly summary", "support closed the ticket without asking",
    "the workflow builder is the best part", "the login page times out on VPN",
    "it replaced two other tools for us", "we get billed per seat, which hurts",
]
_CLOSERS = [
    "Keep it up!", "Please fix this soon.", "Thanks.", "Otherwise happy.",
    "Would pay more for better support.", "Not sure we will renew.", "5 stars from me.",
    "See ticket #48213 for details.", "Cheers, Tom", "That's all, really.",
    "We will see how the next release goes.", "Overall, a solid tool.",
]
_QUOTED = ['the "smart" filters', 'the "new experience"', 'a "quick fix"', 'the "Pro" plan',
           '"coming soon"', 'the "export all" button']
_FIRST = ["Anna", "Ben", "Chloé", "David", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas",
          "Kara", "Liam", "Mei", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tara"]
_LAST = ["Smith", "Müller", "Garcia", "Chen", "Okafor", "Novak", "Rossi", "Dubois", "Kowalski",
         "Nguyen", "Silva", "Jensen", "O'Brien", "Patel", "Larsen", "Haddad"]
_REASONS = ["Too expensive", "Moved to a competitor, cheaper", "Missing features: SSO, audit log",
            "Poor support", "Company closed", "Budget cuts", 'Said the product was "too complex"',
            "Onboarding never finished", "Switched to in-house tool"]


def survey_path(out: Path, rows: int, seed: int) -> Path:
    return out / "data" / f"survey_{rows}_s{seed}_v{GENERATOR_VERSION}.csv"


def customers_path(out: Path, customers: int, seed: int) -> Path:
    return out / "data" / f"customers_{customers}_s{seed}_v{GENERATOR_VERSION}.csv"


def ensure_files(out: Path, rows: int, customers: int, seed: int = 7) -> tuple[Path, Path]:
    """Paths of the survey and customers files, generating each one only when not cached."""
    survey, people = survey_path(out, rows, seed), customers_path(out, customers, seed)
    survey.parent.mkdir(parents=True, exist_ok=True)
    if not people.exists():
        _write(customers_frame(customers, seed), people)
    if not survey.exists():
        _write(survey_frame(rows, customers, seed), survey)
    return survey, people


def _write(frame: pd.DataFrame, path: Path) -> None:
    partial = path.with_suffix(".partial")
    frame.to_csv(partial, index=False, lineterminator="\n", encoding="utf-8")
    os.replace(partial, path)


def _pick(rng: np.random.Generator, pool: list[str], n: int, p=None) -> np.ndarray:
    return np.asarray(pool, dtype=object)[rng.choice(len(pool), size=n, p=p)]


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pd.Series:
    return prefix + pd.Series(numbers).astype(str).str.zfill(width)


def comments(rng: np.random.Generator, n: int) -> pd.Series:
    """Free-text comments: ~35% empty, the rest mostly 100-200 characters with commas; ~10% hold
    double quotes and ~5% line breaks (so ~5% of the records span several lines)."""
    opener = pd.Series(_pick(rng, _OPENERS, n))
    middle = pd.Series(_pick(rng, _MIDDLES, n))
    middle2 = pd.Series(_pick(rng, _MIDDLES, n))
    closer = pd.Series(_pick(rng, _CLOSERS, n))
    quoted = pd.Series(_pick(rng, _QUOTED, n))
    order = pd.Series(rng.integers(1000, 99999, n)).astype(str)
    roll = rng.random(n)
    team = pd.Series(rng.integers(2, 400, n)).astype(str)
    text = opener + ", " + middle + ". "
    text = text.where(rng.random(n) >= 0.6, text + "Also, " + middle2 + ". ")
    text = text.where(rng.random(n) >= 0.5, text + "We are " + team + " people, using it since 2023. ")
    text = text.where(roll >= 0.10, text + "About " + quoted + ": not what we expected. ")
    text = text.where((roll < 0.10) | (roll >= 0.15), text + "\n" + "Order " + order + "\n")
    text = text + closer
    return text.where(rng.random(n) >= 0.35, "")


def survey_frame(rows: int, customers: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    kind = _pick(rng, ["nps", "csat", "ces"], rows, p=[0.5, 0.3, 0.2])
    nps = rng.choice(11, size=rows, p=[.03, .02, .03, .04, .05, .07, .08, .14, .18, .18, .18])
    csat = rng.choice([1, 2, 3, 4, 5], size=rows, p=[.06, .09, .2, .35, .3])
    ces = rng.choice(np.arange(1, 8), size=rows, p=[.04, .05, .08, .13, .2, .26, .24])
    score = np.where(kind == "nps", nps, np.where(kind == "csat", csat, ces))
    start = np.datetime64("2025-01-01T00:00:00")
    seconds = np.sort(rng.integers(0, 700 * 86400, rows))
    when = pd.Series(start + seconds.astype("timedelta64[s]")).dt.strftime("%Y-%m-%d %H:%M:%S")
    return pd.DataFrame({
        "response_id": _ids("R", np.arange(1, rows + 1), 8),
        "customer_id": _ids("C", rng.integers(1, customers + 1, rows), 7),
        "responded_at": when,
        "survey": kind,
        "score": score,
        "comment": comments(rng, rows),
        "channel": _pick(rng, ["email", "in-app", "web", "sms"], rows, p=[.5, .3, .15, .05]),
        "language": _pick(rng, ["en", "de", "fr", "es", "pt"], rows, p=[.6, .15, .1, .1, .05]),
        "touchpoint": _pick(rng, ["onboarding", "support", "billing", "renewal", "product"], rows),
    }, columns=list(SURVEY_COLUMNS))


def customers_frame(customers: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 1)
    numbers = np.arange(1, customers + 1)
    first = pd.Series(_pick(rng, _FIRST, customers))
    last = pd.Series(_pick(rng, _LAST, customers))
    segment = _pick(rng, ["SMB", "Mid-Market", "Enterprise"], customers, p=[.6, .3, .1])
    base = np.select([segment == "SMB", segment == "Mid-Market"], [80.0, 600.0], 4000.0)
    mrr = np.round(base * rng.lognormal(0, 0.5, customers), 2)
    signup = np.datetime64("2021-01-01") + rng.integers(0, 1700, customers).astype("timedelta64[D]")
    churned = rng.random(customers) < 0.18
    churn_day = signup + rng.integers(30, 900, customers).astype("timedelta64[D]")
    churn_day = np.minimum(churn_day, np.datetime64("2026-10-31"))
    return pd.DataFrame({
        "customer_id": _ids("C", numbers, 7),
        "name": first + " " + last,
        "email": (first.str.lower().str.replace("é", "e") + "." + last.str.lower().str.replace(
            "'", "").str.replace("ü", "ue") + pd.Series(numbers).astype(str) + "@example.com"),
        "segment": segment,
        "plan": _pick(rng, ["Starter", "Growth", "Pro", "Enterprise"], customers, p=[.4, .3, .2, .1]),
        "region": _pick(rng, ["North America", "EMEA", "APAC", "LATAM"], customers),
        "signup_date": pd.Series(signup).dt.strftime("%Y-%m-%d"),
        "mrr": mrr,
        "status": np.where(churned, "churned", "active"),
        "churn_date": pd.Series(churn_day).dt.strftime("%Y-%m-%d").where(churned, ""),
        "churn_reason": pd.Series(_pick(rng, _REASONS, customers)).where(churned, ""),
    }, columns=list(CUSTOMER_COLUMNS))
