"""A seeded, realistic demo data set: customers, survey responses, support tickets, monthly revenue.

`generate_demo` draws the population from the model (`_model`: health, pain themes, churn), then
writes what an export would hold: customers with their plans and MRR, monthly revenue, tickets,
NPS / CSAT / CES answers with comments composed from the fragment pools of `_texts`, and churn
reasons. Pure numpy + pandas, deterministic for a seed.
"""

from __future__ import annotations

import random
import re
import unicodedata

import numpy as np
import pandas as pd

from analytics.demo._model import (CHANNEL_SHARE, GRIPE_WEIGHTS, MONTHS_IN_WINDOW, OUTSIDE_CHURN_TICKETS,
                                   PLANS, PRE_CHURN_MONTHS, PRE_CHURN_TICKET_PAIN_SHARE,
                                   PRE_CHURN_TICKETS, REGIONS, RESOLUTION_HOURS, SEGMENTS, THEMES,
                                   TICKET_SATISFACTION, TICKETS_PER_MONTH, Events, Population,
                                   by_segment, ids, months_later, population, revenue, times_in_months)
from analytics.demo._texts import (CHURN_REASONS, CLOSERS, COMPLAINTS, DETAILS, DOMAIN_KINDS, DOMAIN_TLDS,
                                   DOMAIN_WORDS, EXTERNAL_REASONS, FIRST_NAMES, HAZARD_COMMENTS,
                                   LAST_NAMES, OPENERS, PRAISE, PRAISE_GENERAL, REASON_VOICES, SHAPES,
                                   SHORT, SHORT_COMPLAINTS, SHORT_PRAISE, SLOTS, TICKETS, VENTING)

GENERAL_PRAISE_SHARE = 0.6  # praise about the product as a whole, no theme in particular


_SLOT = re.compile(r"\{(\w+)\}")


def generate_demo(
    seed: int = 7, customers: int = 5000, end_month: str = "2026-10"
) -> dict[str, pd.DataFrame]:
    """Return {"customers", "responses", "tickets", "revenue"} frames for the 24 months ending with
    `end_month` (inclusive), deterministic for a seed. Dates are strings, as in a CSV export."""
    rng = np.random.default_rng(seed)
    text = random.Random(int(rng.integers(2**32)))
    first_month = np.datetime64(end_month, "M") - (MONTHS_IN_WINDOW - 1)
    pop = population(rng, customers, first_month)
    first, last = _names(text, pop.region)
    emails = _emails(text, first, last, pop.region)
    monthly, mrr = revenue(rng, pop, first_month)
    tickets, solved = _tickets(rng, text, pop, first, first_month)
    events = [_nps(rng, pop, first_month), *_after_tickets(rng, pop, solved), _onboarding_ces(rng, pop)]
    return {"customers": _customer_frame(text, pop, first, last, emails, mrr),
            "responses": _responses(rng, text, pop, events, emails),
            "tickets": tickets, "revenue": monthly}


def _fill(text: random.Random, template: str, memo: dict | None = None) -> str:
    """Replace every {slot} with a random value from SLOTS; a slot repeated (also across the
    templates sharing `memo`) keeps its value."""
    memo = {} if memo is None else memo

    def pick(match: re.Match) -> str:
        if match[1] not in memo:
            memo[match[1]] = text.choice(SLOTS[match[1]])
        return memo[match[1]]

    return _SLOT.sub(pick, template)


def _stamp(at: np.ndarray) -> list[str]:
    """datetime64[s] → "YYYY-MM-DD HH:MM:SS"."""
    return [s.replace("T", " ") for s in at.astype(str)]


def _names(text: random.Random, region: np.ndarray) -> tuple[list[str], list[str]]:
    """First and last names from pools that fit each customer's region."""
    regions = [REGIONS[r] for r in region]
    return [text.choice(FIRST_NAMES[r]) for r in regions], [text.choice(LAST_NAMES[r]) for r in regions]


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return folded.lower().replace("'", "").replace(" ", "")


def _emails(text: random.Random, first: list[str], last: list[str], region: np.ndarray) -> list[str]:
    """Unique work addresses: a local part in one of the usual patterns at a company-like domain."""
    out, seen = [], set()
    for f, l, r in zip(first, last, region):
        f, l = _ascii(f), _ascii(l)
        local = text.choice((f"{f}.{l}", f"{f}.{l}", f"{f[0]}{l}", f, f"{f}{l[0]}", f"{f}_{l}"))
        tld = text.choice(DOMAIN_TLDS[REGIONS[r]])
        domain = text.choice(DOMAIN_WORDS) + text.choice(DOMAIN_KINDS) + tld
        email = f"{local}@{domain}"
        while email in seen:
            email = f"{local}{text.randint(2, 99)}@{domain}"
        seen.add(email)
        out.append(email)
    return out


def _customer_frame(text, pop: Population, first, last, emails, mrr) -> pd.DataFrame:
    """The customers table; churned customers get a reason in their own or their CSM's words."""
    churned = pop.churned
    reasons = [_churn_reason(text, THEMES[t], h, pc) if c else ""
               for t, h, c, pc in zip(pop.pain, pop.health, churned, pop.pain_churn)]
    return pd.DataFrame({
        "customer_id": ids("C-", range(1, len(mrr) + 1), 5),
        "name": [f"{f} {l}" for f, l in zip(first, last)], "email": emails,
        "segment": np.array(SEGMENTS)[pop.segment], "plan": np.array(PLANS)[pop.plan],
        "region": np.array(REGIONS)[pop.region],
        "signup_date": pop.signup.astype("datetime64[D]").astype(str),
        "mrr": mrr, "status": np.where(churned, "churned", "active"),
        "churn_date": np.where(churned, pop.end.astype("datetime64[D]").astype(str), ""),
        "churn_reason": reasons})


def _churn_reason(text: random.Random, theme: str, health: float, pain_churn: bool) -> str:
    """A churn the pain theme caused is put down to it; one from outside reasons mostly to an
    outside cause (acquired, budget, champion gone), though the unhealthy often name their pain."""
    outside = text.random() < (0.12 if pain_churn else 0.75 if health > 0 else 0.45)
    reason = _fill(text, text.choice(EXTERNAL_REASONS if outside else CHURN_REASONS[theme]))
    return _fill(text, text.choice(REASON_VOICES).replace("{r}", reason))


def _tickets(rng, text, pop: Population, first_names, first_month) -> tuple[pd.DataFrame, Events]:
    """Tickets arrive as a Poisson process per active month (more for Enterprise and unhappy
    customers, and more again in the months before the pain theme makes a customer leave);
    topics follow the customer's pain theme (Population.complaint); slow-to-resolve themes and
    customers about to leave are rated lower. Returns the frame and the solved tickets (as
    events) for CSAT and CES follow-ups."""
    first = np.maximum(pop.signup_month, 0)
    rate = TICKETS_PER_MONTH[pop.segment] * np.exp(-0.3 * pop.health)
    cust = np.repeat(np.arange(len(first)), rng.poisson(rate * (pop.last_month - first + 1)))
    month = rng.integers(first[cust], pop.last_month[cust] + 1)
    run_up_start = np.maximum(first, pop.churn_month - PRE_CHURN_MONTHS + 1)
    run_up = np.where(pop.churned, pop.last_month - run_up_start + 1, 0)
    more = np.where(pop.pain_churn, np.maximum(PRE_CHURN_TICKETS, 1.5 * rate), OUTSIDE_CHURN_TICKETS)
    extra = np.repeat(np.arange(len(first)), rng.poisson(more * run_up))
    burst = np.repeat([False, True], [len(cust), len(extra)])
    cust = np.concatenate([cust, extra])
    month = np.concatenate([month, rng.integers(run_up_start[extra], pop.last_month[extra] + 1)])
    created = times_in_months(rng, month, first_month)
    keep = (created >= pop.signup[cust]) & (created < pop.end[cust])
    order = np.argsort(created[keep], kind="stable")
    cust, created, burst = cust[keep][order], created[keep][order], burst[keep][order]
    n = len(cust)
    about_pain = burst & pop.pain_churn[cust] & (rng.random(n) < PRE_CHURN_TICKET_PAIN_SHARE)
    theme = np.where(about_pain, pop.pain[cust], pop.complaint(rng, cust, created))
    window_end = months_later(first_month, MONTHS_IN_WINDOW).astype("datetime64[s]")
    recent = created > window_end - np.timedelta64(14, "D")
    solved = rng.random(n) >= np.where(recent, 0.5, 0.02)
    mean = TICKET_SATISFACTION[theme] + 0.35 * pop.health[cust] - 0.6 * pop.leaving(cust, created)
    score = np.clip(np.round(rng.normal(mean, 0.9)), 1, 5).astype(int)
    rated = solved & (rng.random(n) < 0.55)
    channel = by_segment(rng, pop.segment[cust], CHANNEL_SHARE)
    frame = pd.DataFrame({
        "ticket_id": ids("T-", range(1, n + 1), 6), "customer_id": ids("C-", cust + 1, 5),
        "created_at": _stamp(created),
        **_ticket_text(text, theme, channel, [first_names[c] for c in cust]),
        "satisfaction": pd.Series([int(s) if r else "" for s, r in zip(score, rated)], dtype=object),
        "status": np.where(solved, "solved", "open"),
        "channel": np.array(["email", "chat", "phone"])[channel]})
    done = theme[solved]
    return frame, Events(cust[solved], created[solved], "ticket", score[solved], done, done, 0.0)


def _ticket_text(text: random.Random, theme, channel, first_names) -> dict[str, list[str]]:
    """Subject and body per ticket: an email with greeting and sign-off, a terse chat message,
    or an agent's call note."""
    subjects, bodies = [], []
    for t, ch, name in zip(theme, channel, first_names):
        memo: dict = {}
        subject, body = (_fill(text, s, memo) for s in text.choice(TICKETS[THEMES[t]]))
        if ch == 0:
            greeting = text.choice(("Hi,", "Hello team,", "Hi there,", "Good morning,", "Hello,"))
            body = f"{greeting}\n\n{body}\n\nThanks,\n{name}"
        elif ch == 2:
            body = f"{name} called. {body}"
        subjects.append(subject)
        bodies.append(body)
    return {"subject": subjects, "body": bodies}


def _nps(rng, pop: Population, first_month) -> Events:
    """Relational NPS each quarter, staggered per customer, ~38% respond (more in the half year
    before they leave: the survey is their chance to say why). Scores follow health and dip in the
    months before a churn, deeper when the pain theme is why the customer leaves, and the comment
    then complains about it more often (Population.complaint)."""
    month = np.arange(MONTHS_IN_WINDOW)[None, :]
    phase = rng.integers(0, 3, len(pop.segment))[:, None]
    alive = (month > pop.signup_month[:, None]) & (month <= pop.last_month[:, None])
    asked = alive & ((month - phase) % 3 == 0)
    run_up = pop.churned[:, None] & (pop.churn_month[:, None] - month < PRE_CHURN_MONTHS)
    cust, month = np.nonzero(asked & (rng.random(asked.shape) < np.where(run_up, 0.6, 0.38)))
    near_churn = pop.churned[cust] & (pop.churn_month[cust] - month <= 3)
    at = times_in_months(rng, month, first_month)
    leaving = pop.leaving(cust, at)
    score = np.round(rng.normal(8.2 + 1.7 * pop.health[cust] - 0.8 * near_churn - 0.8 * leaving, 1.1))
    complaint = pop.complaint(rng, cust, at)
    praise = pop.praise(rng, cust)
    return Events(cust, at, "nps", np.clip(score, 0, 10).astype(int), complaint, praise, 0.65)


def _after_tickets(rng, pop: Population, solved: Events) -> tuple[Events, Events]:
    """CSAT for ~45% of solved tickets and CES for ~12%, sent once the ticket is resolved; their
    comments are about the ticket's theme or the support itself."""
    hours = rng.exponential(RESOLUTION_HOURS[solved.complaint]) + rng.uniform(1, 30, len(solved.cust))
    at = solved.at + (hours * 3600).astype("timedelta64[s]")
    support = np.full(len(at), THEMES.index("support"))
    csat, ces = rng.random(len(at)) < 0.45, rng.random(len(at)) < 0.12
    mean = TICKET_SATISFACTION[solved.complaint] + 0.5 + 0.4 * pop.health[solved.cust]
    csat_score = np.clip(np.round(rng.normal(mean, 0.9)), 1, 5).astype(int)
    ces_score = np.clip(np.round(rng.normal(mean + 1.2, 1.2)), 1, 7).astype(int)
    complaint = np.where(rng.random(len(at)) < 0.7, solved.complaint, support)
    praise = np.where(rng.random(len(at)) < 0.4, support, pop.praise(rng, solved.cust))
    return (
        Events(solved.cust[csat], at[csat], "csat", csat_score[csat], complaint[csat], praise[csat], 0.3),
        Events(solved.cust[ces], at[ces], "ces", ces_score[ces], complaint[ces], praise[ces], 0.25))


def _onboarding_ces(rng, pop: Population) -> Events:
    """CES two to six weeks after signup, for ~45% of customers who signed up inside the window;
    comments are about onboarding and ease of use (whichever is the customer's pain, if either)."""
    cust = np.flatnonzero((pop.signup_month >= 0) & (rng.random(len(pop.segment)) < 0.45))
    at = pop.signup[cust] + (rng.uniform(14, 45, len(cust)) * 86400).astype("timedelta64[s]")
    score = np.round(rng.normal(5.3 + 0.6 * pop.health[cust] - 0.4 * (pop.segment[cust] == 2), 1.1))
    onboarding = np.where(np.isin(pop.pain[cust], [THEMES.index("onboarding"), THEMES.index("usability")]),
                          pop.pain[cust] == THEMES.index("onboarding"), rng.random(len(cust)) < 0.6)
    complaint, praise = (np.where(onboarding, THEMES.index(a), THEMES.index(b))
                         for a, b in (("onboarding", "usability"), ("usability", "onboarding")))
    return Events(cust, at, "ces", np.clip(score, 1, 7).astype(int), complaint, praise, 0.25)


def _mood(survey: str, score: np.ndarray) -> np.ndarray:
    """Promoter / passive / detractor, with CSAT 4-5 and CES 6-7 counted as the happy end."""
    happy, ok = {"nps": (9, 7), "csat": (4, 3), "ces": (6, 4)}[survey]
    return np.where(score >= happy, "promoter", np.where(score >= ok, "passive", "detractor"))


def _responses(rng, text, pop: Population, events: list[Events], emails: list[str]) -> pd.DataFrame:
    """All surveys in one frame, in time order, inside each customer's life; comments are written
    for a share of them (detractors comment more; customers about to leave list everything that
    is wrong), plus a few hazard texts for the importer."""
    cust = np.concatenate([e.cust for e in events])
    at = np.concatenate([e.at for e in events])
    survey = np.concatenate([np.full(len(e.cust), e.survey) for e in events])
    score = np.concatenate([e.score for e in events])
    mood = np.concatenate([_mood(e.survey, e.score) for e in events])
    complaint = np.concatenate([e.complaint for e in events])
    praise = np.concatenate([e.praise for e in events])
    other = (praise + rng.integers(1, len(THEMES), len(praise))) % len(THEMES)
    praise = np.where(praise == complaint, other, praise)  # no "SSO is great, SSO is missing"
    rate = np.concatenate([np.full(len(e.cust), e.comment_rate) for e in events])
    rate = rate * np.select([mood == "detractor", mood == "promoter"], [1.15, 0.85], 1.0)
    order = np.argsort(at, kind="stable")
    order = order[(at[order] >= pop.signup[cust[order]]) & (at[order] < pop.end[cust[order]])]
    commented = rng.random(len(order)) < rate[order]
    anything = by_segment(rng, pop.segment[cust[order]], GRIPE_WEIGHTS)
    second = np.where(complaint[order] == pop.gripe[cust[order]], anything, pop.gripe[cust[order]])
    praise2 = pop.praise(rng, cust[order])
    left = (pop.end[cust[order]] - at[order]).astype("timedelta64[D]").astype(int)
    venting = pop.churned[cust[order]] & (left < PRE_CHURN_MONTHS * 30)
    comments = [_comment(text, mood[i], (complaint[i], s), (praise[i], p2), v) if c else ""
                for i, c, s, p2, v in zip(order, commented, second, praise2, venting)]
    critics = np.flatnonzero(commented & (mood[order] == "detractor"))
    hazards = rng.choice(critics, min(len(critics), len(HAZARD_COMMENTS)), replace=False)
    for k, row in enumerate(hazards):
        comments[row] = HAZARD_COMMENTS[k].replace("{email}", emails[cust[order][row]])
    return pd.DataFrame({"response_id": ids("R-", range(1, len(order) + 1), 6),
                         "customer_id": ids("C-", cust[order] + 1, 5), "responded_at": _stamp(at[order]),
                         "survey": survey[order], "score": score[order], "comment": comments})


def _comment(text: random.Random, mood: str, complaints: tuple, praises: tuple,
             venting: bool = False) -> str:
    """One comment in a customer's voice: a shape for the mood (promoters mostly praise,
    detractors mostly complain, passives mix both; an unhappy customer about to leave names both
    complaints) filled with fragments of the given themes."""
    if text.random() < 0.08:
        pool = SHORT_PRAISE if mood == "promoter" else SHORT_COMPLAINTS
        theme = THEMES[(praises if mood == "promoter" else complaints)[0]]
        if theme in pool and text.random() < 0.6:
            return text.choice(pool[theme])
        return text.choice(SHORT[mood])
    p, p2 = _two(text, PRAISE, praises, PRAISE_GENERAL)
    n, n2 = _two(text, COMPLAINTS, complaints)
    shape = text.choice(VENTING if venting and mood != "promoter" else SHAPES[mood])
    out = shape.format(
        P=_capital(p), p=p, P2=_capital(p2), p2=p2, N=_capital(n), n=n, N2=_capital(n2), n2=n2,
        C=_fill(text, text.choice(CLOSERS[mood])), G=_fill(text, text.choice(DETAILS["good"])),
        B=_fill(text, text.choice(DETAILS["bad"])))
    lead = {"{P": p, "{N": n}.get(shape[:2], "a")  # "SSO ..." and "Aisha ..." keep their capital
    style, lowercase = text.random(), lead[:1].islower()
    if style < 0.1 and lowercase:
        return text.choice(OPENERS) + out[0].lower() + out[1:]
    if style < 0.22 and lowercase:
        return out[0].lower() + out[1:]
    return out.rstrip(".") if style < 0.32 else out


def _two(text: random.Random, pools: dict, themes: tuple, general: tuple = ()) -> tuple[str, str]:
    """Two fragments from different templates, from the first theme and from the second (or,
    GENERAL_PRAISE_SHARE of the time each, from the general pool)."""
    first, second = (text.choice(general) if general and text.random() < GENERAL_PRAISE_SHARE
                     else text.choice(pools[THEMES[t]]) for t in themes)
    while second == first:
        second = text.choice(pools[text.choice(THEMES)])
    return _fill(text, first), _fill(text, second)


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]
