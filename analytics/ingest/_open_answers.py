"""A survey's further open questions: the words a respondent wrote beside the comment.

A survey often asks twice in words ("What do you like best?", "What do you dislike?"). The comment
field holds one column; the others, left as attributes, would never be quoted, tagged or scored,
and the dislike is what explains a detractor. So every further column of answers written in
words joins the comment, and so does a review's title, in the file's column order, one paragraph
each: the respondent's words are one voice, as they wrote them in one sitting.

Which column is the comment itself, of several: the reason given for the score where the survey
asks for one, and of two ratings each with its text, the text named like the mapped score.

A ticket's satisfaction survey comment (Kustomer's, Jira Service Management's 'Satisfaction
comment') joins its description the same way: the customer's verdict on the support, after the
request, rather than an attribute nobody quotes.

A survey's further column is taken when its values are sentences people wrote
(`Profile.is_free_text`, at least MIN_ANSWERS of them, nearly all different), its header asks for
words (a question, or a comment's name), its answers are not ticked choices joined in a cell
("Reports, Exports, Alerts": the same few options recur), and it is not the text of another rating
("Product review" beside "Product rating" speaks of the product, not of the rating the comment
sits beside); a title column is taken when its short texts mostly differ.
"""

from __future__ import annotations

import re

from analytics.ingest._fields import SPECS, Mapping
from analytics.ingest._profile import Profile
from analytics.ingest._sniff import Shape
from analytics.ingest._words import normalise, unqualified

_OF_A_RATING = re.compile(r"\b(?:rating|ratings|score|stars|grade)\b")
_GENERIC = frozenset({"rating", "ratings", "score", "review", "reviews", "comment", "comments", "stars", "grade",
                      "text", "feedback", "overall", "your", "the", "of", "on", "about", "what", "do", "you",
                      "how", "why", "is", "a", "to", "and", "for", "we", "us"})
_PARTS = re.compile(r"\s*[,;]\s*")
# What a review site asks in parts (Capterra's 'Pros' and 'Cons', G2's 'Likes')
REVIEW_PARTS = frozenset({"pros", "cons", "likes", "dislikes", "advantages", "disadvantages", "overall",
                          "overall comments", "improvements", "what could be better", "positive review",
                          "negative review", "liked", "disliked", "overall experience", "overall opinion",
                          "overall impression"})
# A ticket's satisfaction survey comment ('Satisfaction Comment', 'CSAT feedback', 'Rating comment')
_RATING_COMMENT = re.compile(r"\b(?:satisfaction|survey|rating|rate|csat)\b.*\b(?:comment|comments|feedback|remarks?)\b")
TITLES = frozenset({"title", "review title", "headline", "review headline", "summary", "review summary",
                    "titel", "titre", "título", "titulo", "titolo"})
_ALSO_A_JOB = frozenset({"title", "titel", "titre", "título", "titulo", "titolo"})
_OF_A_REVIEW = re.compile(r"\b(?:reviews?|comments?|feedback)\b")
MIN_ANSWERS = 20  # answers in the sample rows: fewer cannot tell written words from a choice's options


def further_comments(mapping: Mapping, shape: Shape, profiles: dict[str, Profile]) -> list[str]:
    """The columns whose words join the comment's (see the module docstring), in column order."""
    if words_field(mapping) not in mapping.columns:
        return []
    taken = set(mapping.columns.values()) | (mapping.read_beside() - set(mapping.more_comments))  # found again
    others = [column for column in shape.columns if column.name not in taken]
    if mapping.kind == "tickets":  # the customer's verdict on the support, after the request
        return [column.name for column in others if _RATING_COMMENT.search(normalise(column.name))
                and profiles[column.name].mean_words >= 1 and not profiles[column.name].is_number]
    rated = [_subject(column.name) for column in others if _OF_A_RATING.search(normalise(column.name))]
    return [column.name for column in others
            if _titles(column.name, profiles[column.name]) or _review_part(column.name, profiles[column.name])
            or _written(profiles[column.name]) and _asks_for_words(column.name, column.label)
            and not _ticked_choices(shape.values(column))
            and not any(_subject(column.name) & subject for subject in rated)]


def _titles(name: str, prof: Profile) -> bool:
    """A review's title ('Crashes every time I open it'): its first words. Named for a review's or
    comment's title ('review_comment_title', 'reviews.title') it may repeat as much as people's
    titles do ('Super recomendo', 'Great tablet') as long as more than a dozen differ; a bare 'Title'
    must mostly differ, since it may be the respondent's job ('CEO', 'Head of Support')."""
    bare = normalise(unqualified(name))
    of_a_review = bool(_OF_A_REVIEW.search(normalise(name)))
    if not (bare in TITLES or bare.rsplit(" ", 1)[-1] in TITLES and of_a_review):
        return False
    job = bare in _ALSO_A_JOB and not of_a_review
    # a dozen values repeated is a label (Booking.com's 'Superb' and 'Good' name the score), not words
    varied = prof.unique >= 0.3 or not job and prof.distinct > 12
    return prof.mean_words >= 1 and varied and not prof.is_number and not prof.is_date


def _review_part(name: str, prof: Profile) -> bool:
    """A review site's half of a review ('Pros', 'Negative review'): named as written words, so
    repeated short answers ('Location', 'Nothing at all') are still the reviewer's."""
    return normalise(unqualified(name)) in REVIEW_PARTS and prof.mean_words >= 2 and not prof.is_number


def _written(prof: Profile) -> bool:
    """Sentences people wrote, answered often enough to tell them from a choice's long options (a
    choice repeats: 'By myself, using a book' four times in eight answers)."""
    return prof.is_free_text and prof.unique >= 0.8 and prof.filled >= MIN_ANSWERS


_COMMENT = SPECS["responses"].field("comment")
_COMMENT_NAMES = frozenset(normalise(s) for s in _COMMENT.synonyms) | REVIEW_PARTS


def _asks_for_words(name: str, label: str | None) -> bool:
    """A question, a comment's name ('Feedback', 'Pros') or a phrase asking for words ('tell us')."""
    return any(header.rstrip().endswith("?") or normalise(header) in _COMMENT_NAMES
               or any(phrase in f" {header.lower()} " for phrase in _COMMENT.contains)
               for header in (name, label) if header)


def _ticked_choices(values: list[str]) -> bool:
    """Cells listing options ('Reports, Exports'): most cells hold several parts, and the parts
    recur (a few options), where sentences with commas rarely repeat a clause."""
    cells = [_PARTS.split(v.strip()) for v in values if v.strip()]
    parts = [part.lower() for cell in cells for part in cell if part]
    if not cells or len(parts) < 1.5 * len(cells):
        return False
    return len(set(parts)) < 0.3 * len(parts)


def _subject(name: str) -> set[str]:
    return set(normalise(name).split()) - _GENERIC


def words_field(mapping: Mapping) -> str | None:
    """The field further words join: a survey answer's comment, a ticket's description."""
    return {"responses": "comment", "tickets": "body"}.get(mapping.kind)


def joined_words(texts: list[str]) -> str:
    """SQL: the texts that are there (SQL expressions, NULL when blank), a blank line between them."""
    return f"NULLIF(concat_ws(chr(10) || chr(10), {', '.join(texts)}), '')"


_SCORE_REASON = re.compile(r"\b(?:reason|why)\b.*\b(?:score|rating|rated|scored|rate|grade)\b")


def comment_beside_its_score(found: list[tuple[float, str, str]],
                             result: dict[str, tuple[str, float]]) -> dict[str, tuple[str, float]]:
    """The comment is the reason given for the score where a survey asks for it (beside 'Anything
    else?', which then joins it); of two ratings each with its text ('Service rating' and 'Service
    review', 'Product rating' and 'Product review': Feefo), it is the text named like the score that
    was mapped, so a figure's quotes are about what it measures."""
    scored = next((result[key][0] for key in ("rating", "csat", "nps", "ces") if key in result), None)
    if scored is None or "comment" not in result:
        return result
    taken = {name for name, _ in result.values()}
    if _SCORE_REASON.search(normalise(result["comment"][0])):  # 'What's the main reason for your score?'
        return result
    for score, key, name in found:
        if key == "comment" and name not in taken and _SCORE_REASON.search(normalise(name)):
            return {**result, "comment": (name, score)}
    subject = set(normalise(scored).split()) - _GENERIC
    if not subject or subject & set(normalise(result["comment"][0]).split()):
        return result
    for score, key, name in found:
        if key == "comment" and name not in taken and subject & set(normalise(name).split()):
            return {**result, "comment": (name, score)}
    return result
