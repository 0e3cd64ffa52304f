"""Propose what a file holds and which column feeds each field, from the names and the values
together, and say why ("Overall score: whole numbers 1–10 → Rating 1–10").

A column is a candidate for a field when its name matches (a synonym, in several languages, or a
phrase inside a question) and its values can fill the field's type (`_profile`): a yes/no column
is never a score, an empty one never anything. Free text, dates and identifiers are also found
by their values alone. The best candidates win, one column per field; the kind whose fields fit
best is the proposal (`_kinds`: a rating beside free text is a review, survey responses). Scales and date
formats are then read from the values (`_reading`); a mapping the user confirmed is remembered
(`_memory`).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from analytics.ingest._fields import SCORE_FIELDS, SPECS, Field, KindSpec, Mapping
from analytics.ingest._leavers import leavers_words
from analytics.ingest._notices import proposal_notices
from analytics.ingest._open_answers import comment_beside_its_score
from analytics.ingest._profile import Profile, score_of
from analytics.ingest._billing import net_of_tax, period_column
from analytics.ingest._reading import fill_formats, profiles_of
from analytics.ingest._scales import bubbles, recommended_among_stars
from analytics.ingest._sniff import Column, Shape, counts_rows
from analytics.ingest._verbal import FIELD_OF
from analytics.ingest._words import (COUNTS, CURRENCY_CODES, DATED, ENDS, FALSE_WORDS, NOT_CUSTOMERS, STATUSES,
                                     TRUE_WORDS, normalise, qualified, says_yes_or_no, squeezed, survey_word,
                                     unqualified)

# Words that say too little on their own to map a longer column name ("Customer Name", "Date of
# Purchase"); they still map a column named exactly so.
_TOO_VAGUE = {"customer", "account", "date", "name", "id", "status", "text", "value", "score", "total",
              "reason", "revenue", "product", "created", "review", "kind", "ticket", "rating",
              "size", "state", "source", "via", "why", "month", "period", "amount", "title", "at",
              "time", "data", "note", "rate", "content", "body", "message", "issue", "problem",
              "overall", "left", "recommend", "mail", "survey", "metric"}
# Words that say what kind of thing the word before them names ('plan tier', 'customer type')
_CLASSIFIERS = frozenset({"tier", "type", "level", "class", "category", "group", "kind"})
# The owner an attribute's name starts with ('customer_state', 'client_segment', 'account_size')
_OWNER = re.compile(r"^(?:customer|client|account|user|member|subscriber|company|cust) ")
# A column named for a rating or its survey ('Satisfaction survey comment'): words on the support
# given, not a ticket's request
ABOUT_THE_RATING = re.compile(r"\b(?:satisfaction|survey|rating|csat|feedback|review)\b")


@lru_cache(maxsize=None)
def _names_of(spec_field: Field) -> tuple[frozenset, frozenset, re.Pattern | None]:
    """The field's names normalised, the same as one word (`squeezed`), and one pattern finding any
    of the specific ones as words inside a longer name (computed once per field)."""
    synonyms = frozenset({normalise(s) for s in spec_field.synonyms} | {normalise(spec_field.key)})
    specific = sorted((s for s in synonyms if s and s not in _TOO_VAGUE), key=len, reverse=True)
    inside = re.compile(r"\b(?:" + "|".join(map(re.escape, specific)) + r")\b") if specific else None
    return synonyms, frozenset(map(squeezed, synonyms)), inside


# A scale written into a header ('Score (1-5)', 'Rating out of 10', 'Stars /5'): the scale is read
# from it (_reading); the name is what is left. So is a unit, currency or time zone in brackets
# ('Created (UTC)', 'Amount (USD)', 'Fee ($)', 'Submitted [local time]').
_SCALE_HINT = re.compile(r"[(\[]?\s*(?:out of\s*\d+|/\s*\d+|\d+\s*(?:-|–|to)\s*\d+)\s*[)\]]?\s*$"
                         r"|[(\[]\s*(?:[a-z]{3}(?:\s*[+-]\s*\d{1,2})?|local time|in [a-z$€£¥]{1,3}|[$€£¥%])"
                         r"\s*[)\]]\s*$"
                         r"|\s+in\s+(?:lc|dc|local currency|document currency|" + "|".join(CURRENCY_CODES) + r")\s*$",
                         re.I)  # SAP's 'Amount in LC', 'Amount in USD'


@lru_cache(maxsize=65536)
def name_score(spec_field: Field, column: Column) -> float:
    """How well the column's name (and its question label) says it holds the field, 0–1."""
    best = 0.0
    synonyms, one_word, inside = _names_of(spec_field)
    # a header qualified by its table ('Subscription.Status', 'subscriptions.mrr') is read with and without it
    bare = unqualified(column.name)
    for rank, raw in enumerate((column.name, column.label, bare if bare != column.name else None,
                                qualified(column.name))):
        if raw is None:
            continue
        name = normalise(_SCALE_HINT.sub("", raw)) or normalise(raw)
        if not name:
            continue
        weight = 0.9 if rank == 1 else 1.0
        if name in synonyms or squeezed(name) in one_word:
            best = max(best, weight * (0.9 if name in _TOO_VAGUE else 1.0))  # 'Churn' says more than 'Status'
        elif phrases := sum(phrase in f" {raw.lower()} " or phrase in name for phrase in spec_field.contains):
            best = max(best, min(0.8 + 0.05 * (phrases - 1), 0.9) * weight)  # each phrase adds evidence
        elif inside is not None and (found := set(inside.findall(name))):
            # 'Plan tier' is the plan's tier: a word that only classifies ('tier', 'type') names
            # the field less than another field's word beside it
            best = max(best, (0.5 if found <= _CLASSIFIERS and name not in found else 0.6) * weight)
    if spec_field.type == "category" and _OWNER.sub("", normalise(column.name)) in synonyms:
        best = max(best, 0.8)  # 'customer_state', 'account_size': the customer's state, not a status
    if not best and spec_field.key in ("responded_at", "created_at", "month") and DATED.search(normalise(column.name)):
        best = 0.5  # 'Feedback Date', 'Order Date': when nothing names the answer's own (Excel serial days too)
    return best


def _mostly_flags(prof: Profile, values: list[str]) -> bool:
    """Half the cells yes/no words and none of the others a number: a yes/no column with typos
    ('maybe'), not a code ('1'/'2' for active/inactive, where 1 would wrongly read as yes), nor a
    status in words Heartbeat does not know ('Aktiv' beside a repeated 'Uppsagd': read as yes/no,
    every customer who left would be rejected and churn would read 0%)."""
    others = [v.strip() for v in values
              if v.strip() and v.strip().lower() not in TRUE_WORDS | FALSE_WORDS | set(NOT_CUSTOMERS)]
    counts = Counter(v.lower() for v in others)
    repeated = [word for word, count in counts.items() if count >= max(3, 0.05 * len(values))]
    leads = sum(v.strip().lower() in NOT_CUSTOMERS for v in values)  # a CRM's stages before a sale are known too
    return prof.flags > 0 and prof.flags + leads >= 0.5 * prof.filled and not repeated \
        and not any(score_of(v) is not None for v in others)


def _filed(prof: Profile) -> bool:
    """Short texts each written on five rows or more on average: a menu's topics ('Billing',
    'Noise - Residential'), however many, not what each customer wrote."""
    return prof.is_short_text and prof.filled >= 20 and prof.unique <= 0.2


# A ticket's or a subscription's status is one of a few (Jira's dozen at most): forty values in a
# column named 'State' are places
_STATUSES_AT_MOST = 15


def _statuses(values: list[str]) -> bool:
    """Most cells are a subscription's states, two of them at least (active, past_due, trialing…),
    whatever the others: no region, segment or plan holds those ('Trial' beside 'Pro' is a plan)."""
    cells = [v.strip().lower() for v in values if v.strip()]
    states = [c for c in cells if c in STATUSES]
    return bool(cells) and len(states) >= 0.5 * len(cells) and len(set(states)) >= 2


# How a company's reply to a review opens: greeting the reviewer by name ('Hi Li,'), thanking for
# the review ('Thanks for the feedback'), or sorry ('We're sorry…'); a customer's own 'Thanks, it
# came fast' does not
_REPLY = re.compile(r"^(?i:hi|hello|hey|dear|olá|hola|bonjour|hallo|ciao)\s+[A-Z][\w'-]*\s*[,!]"
                    r"|^(?i:(?:many )?(?:thanks|thank you)(?: so much| very much)?,? for (?:the|your) "
                    r"(?:feedback|review|kind words|lovely review|comment|rating|purchase|order))"
                    r"|^(?i:we're|we are) (?i:so |very )?(?i:sorry|glad|thrilled|happy)")


def _replies(values: list[str]) -> bool:
    """Most texts open as a company answers a review: a reply column (Yotpo's `Comment Content`,
    Google Play's `Developer Reply Text`), never the customer's words."""
    cells = [v.strip() for v in values if v.strip()]
    return len(cells) >= 5 and sum(bool(_REPLY.match(c)) for c in cells) >= 0.6 * len(cells)


def _flag_words(spec_field: Field, values: list[str]) -> bool:
    return spec_field.key != "recommend" or says_yes_or_no(values)


def fits(spec_field: Field, kind: str, prof: Profile, values: list[str], named: bool = False) -> bool:
    """Whether the column's values can fill the field (see the module docstring). A column whose
    name says it holds the field (`named`) needs only half of its values to fit (the rest are
    rejected with their reason when imported), and may hold short comments."""
    if prof.empty:
        return False
    kind_of = spec_field.type
    if kind_of == "id":
        unique_needed = spec_field.key != "customer_id" or kind == "customers"
        # a named ID column may repeat: a customer's subscriptions (`_billing`), else the
        # repeats are rejected with their reason
        unique = 0.2 if named else 0.95
        identifier = prof.is_identifier or named and prof.share(prof.tokens) >= 0.95  # 'acme' when named
        identifier = identifier or _by_address(spec_field, kind, prof)
        # an invoice list names its customer ('Wonka GmbH'), each again on every invoice
        identifier = identifier or kind == "revenue" and named and prof.is_short_text and prof.unique < 0.5
        constant = prof.filled >= 20 and prof.distinct == 1  # a ledger's account code: 200 on every row
        return identifier and (prof.unique >= unique or not unique_needed) and not constant
    if kind_of == "email":  # one address on every row is the team's inbox, not its customers'
        return prof.is_email and not (prof.filled >= 20 and prof.distinct == 1)
    if kind_of == "name":
        return prof.is_short_text and 1 <= prof.mean_words <= 4 and not prof.is_email
    if kind_of == "comment":
        if prof.share(prof.numbers) >= 0.2 or prof.is_date or spec_field.key == "comment" and _replies(values):
            return False
        if spec_field.key == "churn_reason":  # often a few fixed phrases; named so, one word ('Budget')
            return prof.mean_words >= (1 if named else 1.5)
        # named comments may be short, but people's words differ (a repeated phrase is a choice);
        # sentences of a shop's customers repeat ('Chegou antes do prazo'), yet more than a few differ
        return prof.is_free_text or named and prof.mean_words >= 1 and (
            prof.unique >= 0.3 or prof.filled < 20 or prof.mean_words >= 4 and prof.distinct >= 10)
    if kind_of == "text":
        return prof.is_short_text and prof.mean_words >= 1
    if kind_of == "date":  # written dates, or Excel serial days / Unix time (big numbers)
        return prof.is_date or named and prof.share(prof.dates) >= 0.5 or (
            prof.is_number and prof.low is not None and prof.low >= 20000)
    if kind_of == "number":  # an amount: not a yes/no, and not a code of a few small whole numbers
        coded = prof.is_score and prof.distinct <= 11
        return (prof.is_number or named and prof.share(prof.numbers) >= 0.5) and not prof.is_flag and not coded
    if kind_of == "score":
        # many 'recommend' answers none above 3 are a group derived from them (Qualtrics' Q1_NPS_GROUP)
        grouped = spec_field.key == "nps" and prof.filled >= 20 and (prof.high or 0) <= 3
        tens = named and spec_field.key == "rating" and bubbles(prof)
        return (prof.is_score or tens or named and prof.share(prof.on_scale) >= 0.5) and not (prof.high or 0) <= 1 \
            and not grouped
    if kind_of == "flag":
        thumbs = spec_field.key == "recommend" and prof.is_thumbs
        return thumbs or (prof.is_flag or named and _mostly_flags(prof, values)) and _flag_words(spec_field, values)
    if kind_of == "kind":
        words = [v.strip().lower() for v in values if v.strip()]
        # most rows name a type it reads (a row of another type is rejected with its reason)
        return bool(words) and sum(survey_word(w) is not None for w in words) >= 0.75 * len(words)
    if kind_of == "category":  # a subscription's state is not a region ('state': active, canceled, expired)
        return (prof.is_category or spec_field.key == "topic" and _filed(prof)) and not says_yes_or_no(values) \
            and not (spec_field.key in ("region", "segment", "plan") and (_statuses(values) or _amounts(values))) \
            and not (spec_field.key == "status" and prof.distinct > _STATUSES_AT_MOST)  # nor yes/no
    return False


def _value_score(spec_field: Field, kind: str, prof: Profile, first: list[str], position: int,
                 free_text: bool = False) -> float:
    """A candidate found by its values alone (no name hint): free text, the one date, an id (a
    file's leading column of distinct id-like values: its key, unless it only counts the rows in
    its `first` values, as written one after the other),
    and, in a file where people wrote, the answers of a survey scale (`_scale_field`)."""
    if spec_field.type == "comment" and spec_field.key != "churn_reason" and prof.is_free_text:
        return 0.4 + min(prof.mean_words, 40) / 400
    if spec_field.type == "score" and kind == "responses" and free_text and prof.verbal is None \
            and _scale_field(prof) == spec_field.key:
        return 0.35
    if spec_field.type == "email" and prof.is_email or spec_field.key == "recommend" and prof.is_thumbs:
        return 0.4  # 'Contact handle', 'Requester': addresses on every row; thumbs up or down
    if _by_address(spec_field, kind, prof):
        return 0.25  # below any column named or shaped as an ID
    if spec_field.key in ("responded_at", "created_at", "month") and prof.is_date:
        return 0.35  # when an answer, a ticket or a month was recorded; a customer's dates need names
    if spec_field.type == "score" and prof.verbal is not None and spec_field.key == (
            "satisfaction" if kind == "tickets" else FIELD_OF[prof.verbal.name]):
        return 0.45  # answers written as words: satisfaction words are CSAT, ease words CES (_verbal)
    keyed = spec_field.key in ("response_id", "ticket_id") or spec_field.key == "customer_id" and kind == "customers"
    if keyed and position == 0 and prof.is_identifier and prof.unique >= 0.99 and not prof.is_date \
            and not counts_rows(first) and not _amounts(first):
        return 0.3
    return 0.0


def _by_address(spec_field: Field, kind: str, prof: Profile) -> bool:
    """An invoice export (Xero's) names its customers by e-mail address: the revenue kind's
    customer, when no column is named or shaped as an ID."""
    return kind == "revenue" and spec_field.key == "customer_id" and prof.is_email


def _scale_field(prof: Profile) -> str | None:
    """The score a column of whole numbers on a survey scale holds when no name says: answers
    that use 0 to 10 (eight points or more of it) are likelihood to recommend, the only common
    scale that starts at 0; answers on 1–5, 1–7 or 1–10 (three points or more) are a rating.
    Survey answers only: a helpdesk's numbers are mostly counts (replies, reopens). 'answer',
    'Q3', 'おすすめ度（0～10）' name nothing a rule could trust.
    People answering a scale choose its top often (a tenth of the answers or more); a count that
    happens to stop at 7 (a ticket's replies) rarely reaches it."""
    if not prof.is_score or prof.share(prof.integers) < 0.95 or prof.low is None \
            or prof.counts.get(int(prof.high), 0) < 0.1 * prof.integers:
        return None
    if prof.low == 0 and prof.high == 10 and len(prof.counts) >= 8:
        return "nps"
    if prof.low >= 1 and prof.high in (5, 7, 10) and len(prof.counts) >= 3:
        return "rating"
    return None


_DECIMAL = re.compile(r"^-?\d+[.,]\d+$")
# A column naming a person or an account: a key of who answered, never of one answer or ticket
_PERSON = re.compile(r"\b(?:visitor|user|contact|person|member|account|customer|client|company|requester|"
                     r"employee|student|patient|guest|reviewer|author|buyer|shopper|subscriber|passenger|"
                     r"traveller|traveler|player|caller)\b")


def _amounts(values: list[str]) -> bool:
    """Numbers, some with decimals (12.50, 1,5): amounts, however distinct or few, never a key, a
    plan or a segment."""
    cells = [v.strip() for v in values if v.strip()]
    return (bool(cells) and all(c.isdigit() or _DECIMAL.match(c) for c in cells)
            and any(not c.isdigit() for c in cells))


def candidates(spec: KindSpec, shape: Shape, profiles: dict[str, Profile]) -> list[tuple[float, str, str]]:
    """(score, field, column) for every pairing whose values fit, best first."""
    found = []
    free_text = any(prof.is_free_text for prof in profiles.values())
    for position, column in enumerate(shape.columns):
        prof, values, first = profiles[column.name], shape.values(column), shape.first_values(column)
        for order, spec_field in enumerate(spec.fields):
            by_name = name_score(spec_field, column)
            if not by_name and spec_field.key in ("response_id", "ticket_id") \
                    and _PERSON.search(normalise(column.name)):
                continue  # who answered (Pendo's leading 'Visitor ID'), who is asked again next quarter
            if not by_name and spec_field.type == "score" and COUNTS.search(normalise(column.name)):
                continue  # 'Message Count' 1–5: how many, not how good
            if spec_field.key == "subject" and _filed(prof) and name_score(spec.field("topic"), column):
                continue  # a 'Topic' or an 'Issue' of a few values, each on many tickets: what they were filed under
            if not by_name and spec.kind == "revenue" and spec_field.key == "customer_id":
                by_name = 0.7 if name_score(_CUSTOMER_NAME, column) >= 0.9 else 0.0  # 'Customer Name' each month
            score = by_name or _value_score(spec_field, spec.kind, prof, first, position, free_text)
            if score and fits(spec_field, spec.kind, prof, values, named=by_name > 0):
                if spec_field.type == "comment" and prof.mean_words < 1.5:
                    score *= 0.8  # one word a row ('Competitor') is a category: a file's own words win
                if spec_field.type == "flag" and prof.distinct == 1 and prof.filled >= 20:
                    score *= 0.5  # 'Customer' on every row says less than a status that varies
                if spec_field.key == "body" and ABOUT_THE_RATING.search(normalise(column.name)):
                    score *= 0.5  # 'Satisfaction survey comment': words on the support, not the request
                if spec_field.key == "churn_date" and ENDS.search(normalise(column.name)):
                    score += 0.01  # a subscription cancelled at its period's end leaves when it expires
                if spec_field.type == "category" and normalise(unqualified(column.name)) == spec_field.key:
                    score += 0.005  # of 'State' and 'Status' (both vague), the status is named 'Status'
                filled = prof.filled / prof.rows  # of two matching questions, the one people answered
                found.append((score * (0.6 + 0.4 * filled) - order * 1e-4 - position * 1e-6,
                              spec_field.key, column.name))
    return sorted(found, reverse=True)


def assign(spec: KindSpec, shape: Shape, profiles: dict[str, Profile]) -> dict[str, tuple[str, float]]:
    """Greedy one-to-one assignment of columns to fields, best candidates first."""
    found = candidates(spec, shape, profiles)
    long_format = any(key == "survey" for _, key, _ in found)
    taken_fields, taken_columns, result = set(), set(), {}
    for score, key, name in found:
        if key in taken_fields or name in taken_columns:
            continue
        if key == "score" and not long_format:
            continue  # a long-format score needs a column saying which survey each row answers
        if long_format and key in SCORE_FIELDS:
            continue  # one score column, its survey named per row: no separate NPS or rating columns
        taken_fields.add(key)
        taken_columns.add(name)
        result[key] = (name, score)
    return comment_beside_its_score(found, result)


def propose_mapping(shape: Shape, kind: str, profiles: dict[str, Profile] | None = None) -> Mapping:
    """Best-guess mapping of the file's columns onto the kind's fields, with the reasons."""
    profiles = profiles or profiles_of(shape)
    spec = SPECS[kind]
    assigned = assign(spec, shape, profiles)
    mapping = Mapping(kind, {key: name for key, (name, _) in assigned.items()})
    mapping.columns.update(leavers_words(mapping, shape, profiles))  # no column named for why they left
    fill_formats(mapping, shape, profiles)
    amount = kind == "customers" and "mrr" not in mapping.columns and _amount_per_period(shape, mapping, profiles)
    if amount:
        mapping.columns["mrr"] = amount  # an amount beside a billing period: its monthly share is MRR
        fill_formats(mapping, shape, profiles)
    if net := net_of_tax(mapping, shape):
        mapping.warnings.append(f"'{mapping.columns['mrr']}' is '{net}' plus tax on every row: revenue is read "
                                f"before tax, from '{net}'.")
        mapping.columns["mrr"] = net
        fill_formats(mapping, shape, profiles)
    if metric := _metric_by_its_scale(mapping, shape):
        from_one = mapping.scales["rating"] == (1, 10)
        mapping.columns[metric] = mapping.columns.pop("rating")
        del mapping.scales["rating"], mapping.reasons["rating"]
        fill_formats(mapping, shape, profiles)
        if from_one:  # no 0 among the answers: a happy base's NPS, more often than a bare 1–10 rating
            mapping.warnings.append(f"'{mapping.columns[metric]}' is read as NPS (0–10), as NPS tools export it, "
                                    "though no one answered 0. If it is a rating from 1 to 10, choose Rating for it.")
    if stars := recommended_among_stars(mapping, shape):
        mapping.columns["recommend"] = stars
        fill_formats(mapping, shape, profiles)
    mapping.warnings.extend(proposal_notices(mapping, shape, profiles))
    return mapping


_AMOUNT_NAMES = frozenset({"amount", "plan amount", "unit amount", "price", "plan price", "subscription amount",
                           "recurring amount", "billing amount", "amount due", "fee", "plan fee", "product price",
                           "unit price", "payment amount", "last payment amount", "next payment amount"})


def _amount_per_period(shape: Shape, mapping: Mapping, profiles: dict[str, Profile]) -> str | None:
    """An unmapped column of amounts named like 'Amount' or 'Price', in a file that names each row's
    billing period (`period_column`)."""
    for column in shape.columns:
        money = re.sub(r" (?:in )?cents$", "", normalise(_SCALE_HINT.sub("", column.name)))
        if column.name in mapping.columns.values() or money not in _AMOUNT_NAMES:
            continue
        if profiles[column.name].is_number and period_column(Mapping("customers", {"mrr": column.name}), shape):
            return column.name
    return None


_GENERIC_SCORE = frozenset({"score", "value", "answer", "points", "response"})


_CUSTOMER_NAME = SPECS["customers"].field("name")
_RATED_SUPPORT = re.compile(r"\b(?:ticket|agent|assignee|case|conversation|chat)s?\b")


def _metric_by_its_scale(mapping: Mapping, shape: Shape) -> str | None:
    """'nps' for a bare 'Score' (or 'Value') on 0–10 (or 1–10, nobody having answered 0, unless the
    file names the ticket or agent each score rates: Nicereply's 1–10), 'ces' for one on 1–7: an
    NPS or effort tool's export (Delighted, Wootric), not a rating (from 1 to 5); None otherwise or
    beside one."""
    column = mapping.columns.get("rating")
    scale = tuple(mapping.scales.get("rating", ()))
    if scale == (1, 10) and any(_RATED_SUPPORT.search(normalise(c.name)) for c in shape.columns):
        return None
    metric = {(0, 10): "nps", (1, 10): "nps", (1, 7): "ces"}.get(scale)
    named = column is not None and normalise(_SCALE_HINT.sub("", column)) in _GENERIC_SCORE
    return metric if named and metric not in mapping.columns else None
