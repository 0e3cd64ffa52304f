"""Answers a survey tool marks as not counting: a survey's preview and test runs, spam, people
screened out (Alchemer's "Disqualified", QuestionPro's "Terminated") and answers the tool itself
excludes from its figures (Wootric's `excluded_from_calculations`); and reviews a review platform
holds back (Judge.me's `curated` spam, Yotpo's `published` false, a moderation status 'rejected').
Their rows are rejected with that reason, as the tool's own reports and pages leave them out;
partial and complete answers, and reviews awaiting moderation, count.

The column is found by its name (a status, response type or curation; named for exclusion; or for
publication, in a file of reviews) and its values: nine in ten of them a known status word (or a
yes/no), at least one of them excluding.
"""

from __future__ import annotations

import re

from analytics.ingest._fields import Mapping
from analytics.ingest._sniff import Shape
from analytics.ingest._words import FALSE_WORDS, TRUE_WORDS, normalise, unqualified

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


def excluding_column(mapping: Mapping, shape: Shape) -> str | None:
    """A survey file's unmapped column saying which answers do not count, or None."""
    if mapping.kind != "responses":
        return None
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


def excluded_problem(mapping: Mapping, staged: dict[str, str], p) -> str | None:
    """SQL: why an answer does not count (its status, or the tool's own exclusion), or NULL."""
    if not mapping.excluding:
        return None
    cell = f"lower(trim({staged[mapping.excluding]}))"
    name = mapping.excluding
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
