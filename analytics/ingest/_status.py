"""Rows their tool marks as not counting.

Answers a survey tool marks as not counting: a survey's preview and test runs, spam, people
screened out (Alchemer's "Disqualified", QuestionPro's "Terminated") and answers the tool itself
excludes from its figures (Wootric's `excluded_from_calculations`); and reviews a review platform
holds back (Judge.me's `curated` spam, Yotpo's `published` false, a moderation status 'rejected').
Their rows are rejected with that reason, as the tool's own reports and pages leave them out;
partial and complete answers, and reviews awaiting moderation, count. And accounts a CRM lists at
a stage before a sale (a lead, a prospect, an opportunity: HubSpot's lifecycle stage, Salesforce's
account type, Pipedrive's label) beside its customers: they are not customers yet, and nor are the
other accounts such a column names beside them (a partner, a supplier). And conversations a
helpdesk put in its spam or trash folder: they are not customers' requests. And messages the
company itself sent, in an export of whole conversations (Twitter's `inbound` False, a helpdesk's
`Direction` outbound): they are the company's words, not a customer's.

The column is found by its name (a status, response type or curation; named for exclusion; or for
publication, in a file of reviews) and its values: nine in ten of them a known status word (or a
yes/no), at least one of them excluding.
"""

from __future__ import annotations

import re

from analytics.ingest._convert import NOT_A_CUSTOMER
from analytics.ingest._fields import Mapping
from analytics.ingest._sniff import Shape
from analytics.ingest._words import FALSE_WORDS, NOT_CUSTOMERS, TRUE_WORDS, normalise, unqualified

EXCLUDED = frozenset({"survey preview", "preview", "survey test", "test", "spam", "disqualified", "screened out",
                      "screenout", "over quota", "overquota", "quota full", "terminated", "offline survey preview",
                      "unpublished", "rejected", "hidden", "removed", "deleted",
                      "aperçu de l'enquête", "test d'enquête", "umfragevorschau", "vorschau", "vista previa",
                      "anteprima", "entfernt", "gelöscht", "supprimé", "supprimée", "eliminado", "rimosso",
                      "verwijderd"})  # as French, German, Spanish, Italian and Dutch screens export them
COUNTED = frozenset({"complete", "completed", "partial", "incomplete", "in progress", "finished", "ip address",
                     "anonymous", "imported", "offline", "email", "qualified", "abandoned", "started", "new",
                     "ok", "published", "approved", "pending", "not yet", "not-yet", "active", "visible",
                     "adresse ip", "ip-adresse", "dirección ip", "indirizzo ip", "veröffentlicht", "gemeldet",
                     "publié", "publicado", "pubblicato", "gepubliceerd"})
_STATUS_NAME = re.compile(r"\b(?:status|response type|distribution channel|disposition|curated|curation|"
                          r"moderation)\b")
_EXCLUDED_NAME = re.compile(r"\bexclude[ds]?\b")
_PUBLISHED_NAME = re.compile(r"^(?:is )?(?:published|visible)$")  # false: held back from the platform's pages


_STAGE_NAME = re.compile(r"\b(?:stage|lifecycle|type|label|status|category)\b")
_BEFORE_A_SALE = r"lead|prospect|opportunit|qualified"  # HubSpot's 'marketingqualifiedlead' too
_A_CUSTOMER = re.compile(r"customer|client|evangelist|\bwon\b")


def _before_a_sale(cell: str) -> bool:
    return cell in NOT_CUSTOMERS or bool(re.search(_BEFORE_A_SALE, cell))


def _stages(mapping: Mapping, shape: Shape) -> str | None:
    """A customer list's unmapped column of CRM stages: some accounts customers, some not yet."""
    for column in shape.columns:
        cells = [v.strip().lower() for v in shape.values(column) if v.strip()]
        if column.name not in mapping.columns.values() and _STAGE_NAME.search(normalise(unqualified(column.name))) \
                and any(map(_before_a_sale, cells)) and any(_A_CUSTOMER.search(c) for c in cells) \
                and sum(_before_a_sale(c) or bool(_A_CUSTOMER.search(c)) for c in cells) >= 0.5 * len(cells):
            return column.name
    return None


JUNK = frozenset({"spam", "junk", "trash", "deleted", "trashed"})


def _junk(shape: Shape) -> str | None:
    """A helpdesk's status column holding conversations it put in its spam or trash folder."""
    for column in shape.columns:
        cells = [v.strip().lower() for v in shape.values(column) if v.strip()]
        if _STATUS_NAME.search(normalise(unqualified(column.name))) and cells \
                and 0 < sum(c in JUNK for c in cells) < 0.5 * len(cells):
            return column.name
    return None


# A conversation's direction: a yes/no named for the customer's side, or words for either side.
_INBOUND_NAME = re.compile(r"^(?:is )?(?:inbound|incoming)$")
_DIRECTION_NAME = re.compile(r"^(?:message )?direction$")
COMPANY_SENT = "is a message the company sent"  # a rejection by design, as a lead's is
OUTBOUND = frozenset({"outbound", "outgoing", "out", "sent"})
INBOUND = frozenset({"inbound", "incoming", "in", "received"})


def _sides(name: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The values of a direction column (by its name) that mark the company's own messages, and
    those that mark the customers'; None for a column named otherwise."""
    bare = normalise(unqualified(name))
    if _INBOUND_NAME.match(bare):
        return FALSE_WORDS, TRUE_WORDS
    return (OUTBOUND, INBOUND) if _DIRECTION_NAME.match(bare) else None


def _company_side(name: str) -> frozenset[str] | None:
    sides = _sides(name)
    return sides[0] if sides else None


def _direction(mapping: Mapping, shape: Shape) -> str | None:
    """An unmapped column saying which messages the customer sent and which the company did."""
    for column in shape.columns:
        sides = _sides(column.name)
        if sides is None or column.name in mapping.columns.values():
            continue
        company, customer = sides
        cells = {v.strip().lower() for v in shape.values(column) if v.strip()}
        if cells <= company | customer and cells & company and cells & customer:
            return column.name
    return None


def excluding_column(mapping: Mapping, shape: Shape) -> str | None:
    """A survey file's unmapped column saying which answers do not count, a customer list's saying
    which accounts are not customers yet, a conversations export's saying which messages the
    company sent, or None."""
    if mapping.kind == "customers":
        return _stages(mapping, shape)
    if mapping.kind not in ("tickets", "responses"):
        return None
    if company := _direction(mapping, shape):
        return company
    if mapping.kind == "tickets":
        return _junk(shape)
    for column in shape.columns:
        name = normalise(unqualified(column.name))
        cells = [v.strip().lower() for v in shape.values(column) if v.strip()]
        if column.name in mapping.columns.values() or not cells:
            continue
        if _STATUS_NAME.search(name) and sum(c in EXCLUDED | COUNTED for c in cells) >= 0.9 * len(cells) \
                and any(c in EXCLUDED for c in cells):
            return column.name
        if _flags_exclusion(column.name) and all(c in TRUE_WORDS | FALSE_WORDS for c in cells) \
                and any(c in TRUE_WORDS for c in cells):
            return column.name
        if _flags_publication(column.name) and _reviews(mapping) \
                and all(c in TRUE_WORDS | FALSE_WORDS for c in cells) and any(c in FALSE_WORDS for c in cells):
            return column.name
    return None


def customer_rows(mapping: Mapping, shape: Shape) -> list[bool]:
    """Per sample row of a customer list, whether it is a customer's (not a lead, a prospect or a
    partner its stage column leaves out, as `excluded_problem` rejects them)."""
    column = next((c for c in shape.columns if c.name == mapping.excluding), None)
    if mapping.kind != "customers" or column is None:
        return [True] * len(shape.rows)
    cells = [v.strip().lower() for v in shape.values(column)]
    return [not cell or not _before_a_sale(cell) and bool(_A_CUSTOMER.search(cell)) for cell in cells]


def excluded_problem(mapping: Mapping, staged: dict[str, str], p) -> str | None:
    """SQL: why an answer does not count (its status, or the tool's own exclusion), or NULL."""
    if not mapping.excluding:
        return None
    cell = f"lower(trim({staged[mapping.excluding]}))"
    name = mapping.excluding
    if mapping.kind == "customers":
        return (f"CASE WHEN list_contains({p(list(NOT_CUSTOMERS))}::VARCHAR[], {cell}) "
                f"OR regexp_matches({cell}, {p(_BEFORE_A_SALE)}) THEN {p(name + ' ')} || '''' || "
                f"trim({staged[name]}) || '''' || {p(' ' + NOT_A_CUSTOMER)} "
                f"WHEN {cell} <> '' AND NOT regexp_matches({cell}, {p(_A_CUSTOMER.pattern)}) THEN {p(name + ' ')} "
                f"|| '''' || trim({staged[name]}) || '''' || {p(' is not a customer (a partner, a supplier…)')} END")
    if (company := _company_side(name)) is not None:
        return (f"CASE WHEN list_contains({p(sorted(company))}::VARCHAR[], {cell}) THEN "
                f"{p(f'{COMPANY_SENT} ({name}: ')} || trim({staged[name]}) || "
                f"{p('), not a customer' + chr(39) + 's words')} END")
    if mapping.kind == "tickets":
        return (f"CASE WHEN list_contains({p(sorted(JUNK))}::VARCHAR[], {cell}) THEN "
                f"{p(f'is a conversation the helpdesk put in its spam or trash ({name}: ')} || "
                f"trim({staged[name]}) || {p(')')} END")
    if _flags_exclusion(name):
        return (f"CASE WHEN list_contains({p(sorted(TRUE_WORDS))}::VARCHAR[], {cell}) THEN "
                f"{p(f'is an answer the survey tool excludes from its figures ({name})')} END")
    if _flags_publication(name):
        return (f"CASE WHEN list_contains({p(sorted(FALSE_WORDS))}::VARCHAR[], {cell}) THEN "
                f"{p(f'is a review the platform does not publish ({name}: ')} || trim({staged[name]}) || {p(')')} END")
    said = p(f"is not a customer's answer that counts ({name}: ")
    return (f"CASE WHEN list_contains({p(sorted(EXCLUDED))}::VARCHAR[], {cell}) THEN "
            f"{said} || trim({staged[mapping.excluding]}) || {p(')')} END")


def excluded_warning(mapping: Mapping, shape: Shape) -> str | None:
    """The proposal's note: how many sample answers are left out, and why."""
    if not mapping.excluding:
        return None
    column = next(c for c in shape.columns if c.name == mapping.excluding)
    cells = [v.strip() for v in shape.values(column) if v.strip()]
    if mapping.kind == "customers":
        left = [c for c in cells if not _A_CUSTOMER.search(c.lower())]
        named = sorted(set(left))
        return (f"{len(left)} of the {len(cells)} accounts read for this proposal have '{column.name}' "
                f"{', '.join(named[:4])}{'…' if len(named) > 4 else ''}: leads, prospects and accounts that are not "
                "customers are left out (rejected with that reason).")
    if (company := _company_side(column.name)) is not None:
        left = [c for c in cells if c.lower() in company]
        return (f"{len(left)} of the {len(cells)} messages read for this proposal have '{column.name}' "
                f"{', '.join(sorted(set(left)))}: the company's own replies are left out (rejected with that "
                "reason); the customers' messages are kept.")
    if mapping.kind == "tickets":
        left = [c for c in cells if c.lower() in JUNK]
        return (f"{len(left)} of the {len(cells)} tickets read for this proposal have '{column.name}' "
                f"{', '.join(sorted(set(left)))}: the helpdesk's spam and trash are left out (rejected with that "
                "reason), as its own reports leave them out.")
    if _flags_exclusion(column.name):
        left = [c for c in cells if c.lower() in TRUE_WORDS]
        return (f"{len(left)} of the {len(cells)} answers read for this proposal are marked '{column.name}': "
                "they are left out (rejected with that reason), as the survey tool's own figures leave them out.")
    if _flags_publication(column.name):
        left = [c for c in cells if c.lower() in FALSE_WORDS]
        return (f"{len(left)} of the {len(cells)} reviews read for this proposal are not '{column.name}': they are "
                "left out (rejected with that reason), as the platform shows and counts only published reviews.")
    left = [c for c in cells if c.lower() in EXCLUDED]
    return (f"{len(left)} of the {len(cells)} answers read for this proposal have '{column.name}' "
            f"{', '.join(sorted(set(left)))}: previews, tests, spam, screened-out people and reviews held back "
            "are left out (rejected with that reason), as the tool's own reports do.")


def _flags_exclusion(name: str) -> bool:
    """A yes/no column named for exclusion ('excluded_from_calculations'), not a status column."""
    return bool(_EXCLUDED_NAME.search(normalise(unqualified(name))))


def _reviews(mapping: Mapping) -> bool:
    """Reviews (a rating, no survey question beside it): whether one is published decides whether it
    counts. A survey's 'Published' (AskNicely: shown as a testimonial) leaves its answer counted."""
    return "rating" in mapping.columns and not {"nps", "csat", "ces"} & set(mapping.columns)


def _flags_publication(name: str) -> bool:
    """A yes/no column saying whether a review is published ('published', 'Is visible')."""
    return bool(_PUBLISHED_NAME.match(normalise(unqualified(name))))
