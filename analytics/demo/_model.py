"""The demo's model: who the customers are, what they feel, what pains them and when they leave.

The model in one paragraph: every customer has a latent *health* (standard normal), a *pain
theme* (their main complaint), a lesser *gripe* and a theme they like, drawn with segment-dependent
weights (SMB: pricing, billing, onboarding; Enterprise: security, reliability, account management;
gripes: mostly missing features, usability and integrations). Health drives NPS, churn hazard,
expansion versus contraction and ticket satisfaction. Churn has two competing causes: outside
reasons, and the pain theme, whose pull depends on segment and theme (CHURN_PULL: SMB leave over
price and onboarding, Mid-Market over support, Enterprise over security and neglect, reliability
costs some customers everywhere, the everyday gripes rarely cost any). Complaints are about the pain
theme about a quarter to a third of the time; in the half year before the pain makes a customer
leave they write more tickets and answer more surveys, and about three quarters of what they say is
about it, more angrily. The links an analyst looks for (detractors churn more, themes differ by
segment, slow-to-resolve themes get worse ratings, a few themes drive churn and most don't) come
out of that model rather than being written into any one figure. Text is composed from fragment
pools with slots, each fragment carrying its own theme's words (analytics.themes.DEFAULT_TAXONOMY)
and no other theme's, so quotes vary in wording and length and tag cleanly. Pure numpy + pandas,
deterministic for a seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MONTHS_IN_WINDOW = 24


SEGMENTS = ("SMB", "Mid-Market", "Enterprise")


SEGMENT_SHARE = (0.6, 0.3, 0.1)


PLANS = ("Starter", "Growth", "Pro", "Enterprise")


PLAN_SHARE = ((0.55, 0.35, 0.10, 0.0), (0.05, 0.45, 0.45, 0.05), (0.0, 0.05, 0.35, 0.60))


PLAN_PRICE_FACTOR = np.array([0.7, 1.0, 1.4, 1.8])


MRR_MEDIAN = np.array([190.0, 1500.0, 9000.0])  # per segment, before the plan factor


MRR_RANGE = np.array([[50.0, 800.0], [500.0, 5000.0], [3000.0, 40000.0]])


MONTHLY_CHURN = np.array([0.036, 0.023, 0.014])  # mean logo churn hazard over health and pain


TICKETS_PER_MONTH = np.array([0.075, 0.15, 0.32])


REGIONS = ("North America", "EMEA", "APAC", "LATAM")


REGION_SHARE = (0.45, 0.30, 0.15, 0.10)


CHANNEL_SHARE = ((0.55, 0.40, 0.05), (0.50, 0.35, 0.15), (0.45, 0.20, 0.35))  # email, chat, phone


THEMES = ("onboarding", "billing", "pricing", "support", "reliability",
          "security", "features", "usability", "integrations", "account")


PAIN_WEIGHTS = ((2.5, 2.5, 3.5, 2.0, 2.0, 0.2, 0.4, 0.6, 0.4, 0.3),   # SMB
                (1.5, 1.2, 1.5, 2.0, 2.5, 1.0, 0.8, 0.6, 0.8, 1.0),   # Mid-Market
                (0.6, 0.5, 0.3, 1.5, 2.0, 2.5, 0.6, 0.3, 0.6, 2.0))   # Enterprise


# Everyday gripes, besides the pain theme: mostly the usual grumbling about missing features,
# usability and integrations, which everybody has, whether they stay or not.
GRIPE_WEIGHTS = ((0.2, 1.5, 1.0, 1.5, 0.15, 0.1, 2.5, 3.0, 1.5, 0.3),   # SMB
                 (0.6, 0.8, 0.5, 1.2, 0.4, 0.5, 3.0, 2.0, 2.5, 0.5),   # Mid-Market
                 (0.3, 0.4, 0.2, 1.0, 0.5, 0.5, 3.0, 1.0, 2.5, 0.3))   # Enterprise


PRAISE_WEIGHTS = ((0.4, 0.5, 0.5, 2.5, 0.3, 0.1, 2.0, 3.5, 1.5, 0.5),
                  (1.0, 0.4, 0.6, 2.5, 0.8, 0.6, 2.5, 2.5, 2.0, 1.2),
                  (0.8, 0.3, 0.2, 2.0, 0.6, 0.5, 2.5, 1.5, 1.5, 0.5))


# Extra churn hazard a customer's pain theme causes, in units of the hazard every customer has for
# outside reasons (budget, acquisition, a champion leaving, low health). Which complaints cost
# customers differs by segment: SMB leave over price and a failed onboarding, Mid-Market over
# support, Enterprise over security reviews and neglect; reliability costs some everywhere;
# usability, missing features and integrations are complaints that rarely end a contract. What the
# Drivers page measures (relative risk of mentioners vs other speakers) is diluted by everybody
# else's mentions, so a strong driver needs a pull well above its segment's mean (SMB ~10).
CHURN_PULL = np.array((
    (25.0, 4.0, 18.0, 4.0, 16.0, 4.0, 4.0, 4.0, 4.0, 4.0),    # SMB
    (4.0, 4.0, 4.0, 26.0, 12.0, 4.0, 4.0, 4.0, 4.0, 4.0),     # Mid-Market
    (4.0, 4.0, 4.0, 4.0, 20.0, 24.0, 4.0, 4.0, 4.0, 28.0)))   # Enterprise


PAIN_SHARE = 0.3             # share of a customer's complaints that are about their pain theme


GRIPE_SHARE = 0.9            # share of the others about their second gripe (the rest: anything)


LIKES_SHARE = 0.6            # share of a customer's praise for what they like most


PRE_CHURN_PAIN_SHARE = 0.55  # the same share in the months before the pain makes them leave


PRE_CHURN_MONTHS = 6         # how long before churning that shows (fading out over 2 more months)


PRE_CHURN_TICKETS = 0.35     # extra tickets per month then (at least 1.5 times the usual rate)


PRE_CHURN_TICKET_PAIN_SHARE = 0.9  # share of those extra tickets about the pain theme


OUTSIDE_CHURN_TICKETS = 0.1  # extra tickets per month before a churn for outside reasons


RESOLUTION_HOURS = np.array([10, 30, 12, 60, 70, 90, 40, 6, 80, 24])  # typical time to solve


TICKET_SATISFACTION = 4.4 - 0.5 * np.log(RESOLUTION_HOURS / 6)  # slower themes are rated lower


@dataclass(frozen=True)
class Population:
    """Latent state of every customer, as parallel arrays (position = customer row)."""

    segment: np.ndarray       # index into SEGMENTS
    plan: np.ndarray          # index into PLANS
    region: np.ndarray        # index into REGIONS
    health: np.ndarray        # standard normal: scores, churn hazard, expansion, satisfaction
    pain: np.ndarray          # index into THEMES: what this customer complains about
    gripe: np.ndarray         # index into THEMES: a second, lesser complaint (never the pain)
    likes: np.ndarray         # index into THEMES: what this customer praises most
    signup: np.ndarray        # datetime64[s], midnight of the signup day
    signup_month: np.ndarray  # month index, 0 = first month of the window, negative = before it
    churn_month: np.ndarray   # month index of churn; >= MONTHS_IN_WINDOW means still active
    end: np.ndarray           # datetime64[s]: midnight of the churn day, or the end of the window
    pain_churn: np.ndarray    # bool: churned (or will) because of the pain theme, not outside reasons

    @property
    def churned(self) -> np.ndarray:
        return self.churn_month < MONTHS_IN_WINDOW

    def leaving(self, cust: np.ndarray, at: np.ndarray) -> np.ndarray:
        """How far each moment is into the run-up to a churn the pain theme caused: 1 in the last
        PRE_CHURN_MONTHS months, fading to 0 over the two months before; 0 for everyone else."""
        months = (self.end[cust] - at).astype("timedelta64[s]").astype(float) / (30.44 * 86400)
        ramp = np.clip((PRE_CHURN_MONTHS + 2 - months) / 2, 0.0, 1.0)
        return np.where(self.churned[cust] & self.pain_churn[cust], ramp, 0.0)

    def complaint(self, rng: np.random.Generator, cust: np.ndarray, at: np.ndarray) -> np.ndarray:
        """The theme of one complaint per row: the customer's pain theme (PAIN_SHARE of the time,
        PRE_CHURN_PAIN_SHARE shortly before a churn it causes), otherwise mostly their second
        gripe, now and then anything their segment complains about."""
        share = PAIN_SHARE + (PRE_CHURN_PAIN_SHARE - PAIN_SHARE) * self.leaving(cust, at)
        u = rng.random(len(cust))
        other = np.where(u < share + (1 - share) * GRIPE_SHARE, self.gripe[cust],
                         by_segment(rng, self.segment[cust], GRIPE_WEIGHTS))
        return np.where(u < share, self.pain[cust], other)

    def praise(self, rng: np.random.Generator, cust: np.ndarray) -> np.ndarray:
        """The theme of one piece of praise per row: mostly what the customer likes most."""
        other = by_segment(rng, self.segment[cust], PRAISE_WEIGHTS)
        return np.where(rng.random(len(cust)) < LIKES_SHARE, self.likes[cust], other)

    @property
    def last_month(self) -> np.ndarray:
        return np.minimum(self.churn_month, MONTHS_IN_WINDOW - 1)


@dataclass(frozen=True)
class Events:
    """Survey responses before they get text: who, when, which survey, score and themes.
    (Solved tickets travel in the same shape on their way to CSAT and CES.)"""

    cust: np.ndarray
    at: np.ndarray            # datetime64[s]
    survey: str
    score: np.ndarray
    complaint: np.ndarray     # index into THEMES, for the critical part of a comment
    praise: np.ndarray        # index into THEMES, for the positive part
    comment_rate: float


def months_later(first_month: np.datetime64, month: np.ndarray) -> np.ndarray:
    return (first_month + month).astype("datetime64[D]")


def times_in_months(rng: np.random.Generator, month: np.ndarray, first_month) -> np.ndarray:
    """Random moments inside the given months (0 = first month of the window), mostly working hours."""
    start = months_later(first_month, month)
    days = (months_later(first_month, month + 1) - start).astype(int)
    day = (rng.random(len(month)) * days).astype(int)
    seconds = (np.clip(rng.normal(13.5, 3.0, len(month)), 6.0, 23.9) * 3600).astype(int)
    return start.astype("datetime64[s]") + day.astype("timedelta64[D]") + seconds.astype("timedelta64[s]")


def by_segment(rng: np.random.Generator, segment: np.ndarray, weights) -> np.ndarray:
    """Draw one category per row with the probabilities (relative weights) of the row's segment."""
    out = np.empty(len(segment), dtype=int)
    for s, w in enumerate(weights):
        rows = segment == s
        out[rows] = rng.choice(len(w), rows.sum(), p=np.asarray(w) / np.sum(w))
    return out


def population(rng: np.random.Generator, n: int, first_month: np.datetime64) -> Population:
    """Signups (a third before the window, the rest growing over it), each customer's pain, gripe
    and liked themes, and geometric monthly churn from two competing causes: outside reasons and
    the pain theme (CHURN_PULL, by segment). Both are higher for unhealthy customers, the pain more
    steeply; each segment's mean hazard is MONTHLY_CHURN. Which cause struck is kept: only a churn
    the pain caused shows in the customer's words beforehand."""
    segment = rng.choice(3, n, p=SEGMENT_SHARE)
    health = rng.standard_normal(n)
    growth = np.linspace(1.0, 1.6, MONTHS_IN_WINDOW)
    signup_month = np.where(rng.random(n) < 0.33, -rng.integers(1, 49, n),
                            rng.choice(MONTHS_IN_WINDOW, n, p=growth / growth.sum()))
    signup = times_in_months(rng, signup_month, first_month).astype("datetime64[D]")
    pain = by_segment(rng, segment, PAIN_WEIGHTS)
    gripe = by_segment(rng, segment, GRIPE_WEIGHTS)
    while (same := gripe == pain).any():
        gripe[same] = by_segment(rng, segment[same], GRIPE_WEIGHTS)
    likes = by_segment(rng, segment, PRAISE_WEIGHTS)
    pull = CHURN_PULL[segment, pain]
    outside = np.exp(-0.4 * health - 0.08)  # both factors average 1 over health
    caused = pull * np.exp(-0.8 * health - 0.32)
    weights = np.asarray(PAIN_WEIGHTS) / np.sum(PAIN_WEIGHTS, axis=1, keepdims=True)
    mean_factor = 1 + (weights * CHURN_PULL).sum(axis=1)  # keeps each segment's mean hazard
    hazard = MONTHLY_CHURN[segment] * (outside + caused) / mean_factor[segment]
    pain_churn = rng.random(n) < caused / (outside + caused)
    wait = rng.geometric(np.clip(hazard, 0.001, 0.5))
    churn_month = np.where(signup_month < 0, wait - 1, signup_month + wait)
    churn_day = times_in_months(rng, np.minimum(churn_month, MONTHS_IN_WINDOW - 1), first_month)
    window_end = months_later(first_month, MONTHS_IN_WINDOW).astype("datetime64[s]")
    end = np.where(churn_month < MONTHS_IN_WINDOW, churn_day.astype("datetime64[D]"), window_end)
    return Population(segment=segment, plan=by_segment(rng, segment, PLAN_SHARE),
                       region=rng.choice(4, n, p=REGION_SHARE), health=health, pain=pain,
                       gripe=gripe, likes=likes,
                       signup=signup.astype("datetime64[s]"), signup_month=signup_month,
                       churn_month=churn_month, end=end.astype("datetime64[s]"),
                       pain_churn=pain_churn)


def revenue(rng: np.random.Generator, pop: Population, first_month: np.datetime64):
    """One row per customer per active month (the churn month included). MRR starts lognormal by
    segment and plan, then expands (more often when healthy) or contracts (more often when not).
    Returns the frame and each customer's last MRR."""
    first = np.maximum(pop.signup_month, 0)
    lengths = pop.last_month - first + 1
    cust = np.repeat(np.arange(len(lengths)), lengths)
    group_start = np.repeat(np.cumsum(lengths) - lengths, lengths)
    offset = np.arange(len(cust)) - group_start
    noise = np.exp(rng.normal(0, 0.5, len(lengths)))
    start = MRR_MEDIAN[pop.segment] * PLAN_PRICE_FACTOR[pop.plan] * noise
    p_up = (0.03 + 0.025 * (pop.health > 0.5))[cust]
    p_down = (0.012 + 0.015 * (pop.health < -0.5))[cust]
    u, size = rng.random(len(cust)), rng.random(len(cust))
    step = np.where(u < p_up, np.log1p(0.1 + 0.4 * size),
                    np.where(u > 1 - p_down, np.log1p(-0.1 - 0.25 * size), 0.0))
    step[offset == 0] = 0.0
    cumulative = np.cumsum(step)
    low, high = MRR_RANGE[pop.segment[cust]].T
    mrr = np.round(np.clip(start[cust] * np.exp(cumulative - cumulative[group_start]), low, high), 2)
    month = [f"{m}-01" for m in (first_month + first[cust] + offset).astype(str)]
    frame = pd.DataFrame({"customer_id": ids("C-", cust + 1, 5), "month": month, "mrr": mrr})
    return frame, mrr[np.cumsum(lengths) - 1]


def ids(prefix: str, numbers, width: int) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in numbers]
