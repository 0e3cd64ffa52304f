"""Scores written as words: the answer labels that survey and helpdesk tools export instead of
numbers ("Very satisfied", "Somewhat agree", "Very easy", Zendesk's "Good" / "Bad", Intercom's
"Terrible" … "Amazing", LiveChat's "rated good", Hotjar's "Hate" … "Love", "Very likely" to
renew, Google's stars "FIVE" … "ONE"), in English, Portuguese, Spanish, German, French, Italian
and Dutch.

A column is read on one of these ordered scales when nine in ten of its answers are labels of that
scale (all of them, for a scale of two or three points) and no two of its answers share a point
(so a column holding both "Agree" and "Somewhat agree" is on the 7-point agreement scale, where
they differ, not the 5-point one). Each label stands for its point, 1 the worst. A word saying
there was no answer ("Offered", "Unoffered", "N/A", "Unknown") is an empty cell, not a score and
not a problem. A label may follow its code ('2 - Satisfied'): the words decide its point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from analytics.ingest._words import EMPTY_WORDS

NO_ANSWER = EMPTY_WORDS | {"offered", "unoffered", "not offered", "no answer", "skipped", "not answered",
                           "don't know", "dont know", "prefer not to say", "star rating unspecified",
                           "not rated", "unrated", "unknown",
                           "rate canceled", "rate cancelled", "rating canceled", "rating cancelled"}  # LiveChat's
# A label written after its code ('2 - Satisfied', '5. Very satisfied', SPSS's and IT helpdesks'):
# the words say the point; the code may count from 0 ('0 - Unknown' beside '3 - Highly satisfied')
CODED = re.compile(r"^\d{1,2}\s*[-–.:)=]\s*(?=[^\W\d_])")
CODED_SQL = r"^[0-9]{1,2}\s*[-–.:)=]\s*(\pL)"


@dataclass(frozen=True)
class VerbalScale:
    name: str
    low: int
    high: int
    points: tuple[tuple[int, tuple[str, ...]], ...]  # (point, its labels)

    def labels(self) -> dict[str, int]:
        return {label: point for point, labels in self.points for label in labels}


def _scale(name: str, points: dict[int, str]) -> VerbalScale:
    """A scale from its points, each a '|'-separated list of labels."""
    return VerbalScale(name, min(points), max(points),
                       tuple((point, tuple(words.split("|"))) for point, words in points.items()))


# In the order they are tried: where two fit, the first is meant (a 5-point scale before the
# 7-point one with the same words).
SCALES = (
    # A helpdesk's or chat's good/bad (Zendesk, LiveChat) and its three faces (Help Scout, Zoho
    # Desk, Nicereply, Freshdesk's Happy/Neutral/Unhappy): scales of their own, tried first (every
    # answer must be one of theirs), not points of a 5-point one (no 'rated good' = 4 of 5)
    _scale("good or bad", {1: "bad|rated bad|not good|thumbs down|👎", 2: "good|rated good|thumbs up|👍"}),
    # A help centre's 'Was this helpful?': a plain 'No' beside a 'Yes, this helped' (never a plain
    # yes/no column, whose 'Yes' is no label here)
    _scale("helped", {1: "no|not helpful|no, it didn't help|no, this didn't help|didn't help|unhelpful",
                      2: "yes, this helped|yes, it helped|yes, helpful|helpful|this helped|it helped"}),
    _scale("three faces", {1: "bad|not good|poor|unhappy|sad", 2: "ok|okay|just okay|neutral|average|fair|so-so|meh",
                           3: "good|great|happy|awesome"}),  # Freshdesk's Awesome / Just Okay / Not Good
    _scale("satisfaction", {
        1: "very dissatisfied|extremely dissatisfied|very unsatisfied|completely dissatisfied|"
           "muito insatisfeito|muy insatisfecho|sehr unzufrieden|très insatisfait|pas du tout satisfait|"
           "molto insoddisfatto|zeer ontevreden",
        2: "dissatisfied|somewhat dissatisfied|slightly dissatisfied|unsatisfied|insatisfeito|insatisfecho|"
           "unzufrieden|eher unzufrieden|insatisfait|plutôt insatisfait|peu satisfait|pas satisfait|insoddisfatto|"
           "ontevreden",
        3: "neither satisfied nor dissatisfied|neither satisfied or dissatisfied|neutral|neutro|neutre|"
           "neutraal|nem satisfeito nem insatisfeito|ni satisfecho ni insatisfecho|"
           "weder zufrieden noch unzufrieden|teils/teils|teils, teils|teils teils|ni satisfait ni insatisfait|"
           "né soddisfatto né insoddisfatto",
        4: "satisfied|somewhat satisfied|slightly satisfied|satisfeito|satisfecho|zufrieden|eher zufrieden|"
           "satisfait|plutôt satisfait|assez satisfait|soddisfatto|tevreden",
        5: "very satisfied|extremely satisfied|completely satisfied|highly satisfied|muito satisfeito|muy satisfecho|"
           "sehr zufrieden|très satisfait|tout à fait satisfait|molto soddisfatto|zeer tevreden"}),
    # A satisfaction question read as satisfied or not (the airline passenger survey's two labels)
    _scale("satisfied or not", {1: "neutral or dissatisfied|not satisfied|neutral or unsatisfied|unsatisfied",
                                2: "satisfied"}),
    _scale("happiness", {1: "extremely unhappy|very unhappy", 2: "unhappy|not happy",
                         3: "neutral|neither happy nor unhappy",
                         4: "happy", 5: "extremely happy|very happy"}),
    _scale("agreement", {
        1: "strongly disagree|discordo totalmente|totalmente en desacuerdo|stimme überhaupt nicht zu|"
           "pas du tout d'accord|tout à fait en désaccord|fortemente in disaccordo|helemaal mee oneens",
        2: "disagree|somewhat disagree|discordo|en desacuerdo|stimme nicht zu|stimme eher nicht zu|"
           "pas d'accord|plutôt pas d'accord|in disaccordo|mee oneens|oneens",
        3: "neither agree nor disagree|neither agree or disagree|neutral|neutro|neutre|neutraal|"
           "não concordo nem discordo|ni de acuerdo ni en desacuerdo|weder noch|teils teils|teils/teils|teils, teils|"
           "ni d'accord ni pas d'accord|né d'accordo né in disaccordo",
        4: "agree|somewhat agree|concordo|de acuerdo|stimme zu|stimme eher zu|d'accord|plutôt d'accord|"
           "d'accordo|mee eens|eens",
        5: "strongly agree|concordo totalmente|totalmente de acuerdo|stimme voll zu|stimme voll und ganz zu|"
           "tout à fait d'accord|fortemente d'accordo|helemaal mee eens"}),
    _scale("agreement", {1: "strongly disagree", 2: "disagree", 3: "somewhat disagree|slightly disagree",
                         4: "neither agree nor disagree|neither agree or disagree|neutral",
                         5: "somewhat agree|slightly agree", 6: "agree", 7: "strongly agree"}),
    _scale("ease", {
        1: "very difficult|extremely difficult|very hard|muito difícil|muy difícil|sehr schwierig|très difficile|"
           "molto difficile|zeer moeilijk",
        2: "difficult|somewhat difficult|hard|difícil|schwierig|difficile|moeilijk",
        3: "neither easy nor difficult|neither easy nor hard|neutral|neutro|neutre|neutraal|ni fácil ni difícil|"
           "nem fácil nem difícil|weder einfach noch schwierig|ni facile ni difficile|né facile né difficile|"
           "niet makkelijk en niet moeilijk",
        4: "easy|somewhat easy|fácil|einfach|facile|makkelijk",
        5: "very easy|extremely easy|muito fácil|muy fácil|sehr einfach|très facile|molto facile|zeer makkelijk"}),
    _scale("ease", {1: "very difficult|extremely difficult", 2: "difficult", 3: "somewhat difficult",
                    4: "neither easy nor difficult|neutral", 5: "somewhat easy", 6: "easy",
                    7: "very easy|extremely easy"}),
    # SurveyMonkey's seven points, 'Extremely …' beyond 'Very …' (named apart: a mapping remembers a
    # scale by its name and top point)
    _scale("extended ease", {
        1: "extremely difficult", 2: "very difficult", 3: "somewhat difficult", 4: "neither easy nor difficult|neutral",
        5: "somewhat easy", 6: "very easy", 7: "extremely easy"}),
    _scale("extended satisfaction", {
        1: "extremely dissatisfied", 2: "very dissatisfied", 3: "somewhat dissatisfied",
        4: "neither satisfied nor dissatisfied|neutral", 5: "somewhat satisfied", 6: "very satisfied",
        7: "extremely satisfied"}),
    _scale("extended likelihood", {
        1: "extremely unlikely", 2: "very unlikely", 3: "somewhat unlikely", 4: "neither likely nor unlikely|neutral",
        5: "somewhat likely", 6: "very likely", 7: "extremely likely"}),
    _scale("experience", {
        1: "terrible|awful|very bad|very poor|péssimo|pésimo|sehr schlecht|très mauvais",
        2: "bad|poor|not good|rated bad|ruim|malo|schlecht|mauvais",
        3: "ok|okay|just okay|average|fair|so-so|regular|mittel|moyen",
        4: "good|great|rated good|bom|bueno|gut|bon",
        5: "amazing|awesome|excellent|very good|outstanding|ótimo|excelente|sehr gut|excellent"}),
    _scale("quality", {1: "poor", 2: "fair", 3: "good", 4: "very good", 5: "excellent"}),
    # A review platform's five words for its stars (Trustpilot's Bad … Excellent, Feefo's): Bad
    # below Poor, where the experience scale puts both on one point
    _scale("review words", {1: "bad", 2: "poor", 3: "average", 4: "good|great", 5: "excellent"}),
    _scale("feeling", {1: "hate", 2: "dislike", 3: "neutral", 4: "like", 5: "love"}),  # Hotjar's reactions
    # Stars written as numbers in words (Google's review exports: 'FIVE' … 'ONE')
    _scale("stars", {1: "one|one star|1 star", 2: "two|two stars|2 stars", 3: "three|three stars|3 stars",
                     4: "four|four stars|4 stars", 5: "five|five stars|5 stars"}),
    _scale("likelihood", {
        1: "very unlikely|extremely unlikely|not at all likely|muito improvável|muy improbable|sehr unwahrscheinlich|"
           "très peu probable",
        2: "unlikely|somewhat unlikely|improvável|improbable|unwahrscheinlich|peu probable",
        3: "neither likely nor unlikely|neutral|not sure|unsure|neutro|neutre",
        4: "likely|somewhat likely|provável|probable|wahrscheinlich",
        5: "very likely|extremely likely|muito provável|muy probable|sehr wahrscheinlich|très probable"}),
)
# The field a scale's answers say most about.
FIELD_OF = {"satisfaction": "csat", "happiness": "csat", "ease": "ces", "experience": "rating",
            "quality": "rating", "review words": "rating", "agreement": "rating", "likelihood": "rating", "stars": "rating",
            "good or bad": "csat", "three faces": "csat", "satisfied or not": "csat", "feeling": "rating",
            "helped": "csat",
            "extended ease": "ces", "extended satisfaction": "csat", "extended likelihood": "rating"}
_SPACES = re.compile(r"\s+")
WITH_COMMENT = re.compile(r" with comments?$")


def label(cell: str) -> str:
    """A cell as the scales list their labels: lower case, single spaces (an underscore is one:
    'very_satisfied', 'rated_good'), plain apostrophes, without the note that a comment came with
    it (Zendesk's 'Good with Comment')."""
    said = _SPACES.sub(" ", CODED.sub("", cell.strip()).lower().replace("’", "'").replace("_", " "))
    return WITH_COMMENT.sub("", said)


def scale_of(cells: Iterable[str]) -> VerbalScale | None:
    """The first of SCALES that reads the answers among `cells` (no-answer words aside): nine in ten
    of them at least (the others are rejected with their reason when imported), at least two
    different words, each on a point of its own. An answer written as one of the scale's points
    ('4', in an export appended to one of words: a survey tool exports values or labels) is read
    as that point. None when no scale does."""
    answers = [said for said in map(label, cells) if said and said not in NO_ANSWER]
    distinct = set(answers)
    if len(distinct) < 2:
        return None
    for scale in SCALES:
        labels = scale.labels()
        known = distinct & labels.keys()
        points = {str(point) for point in range(scale.low, scale.high + 1)}
        if scale.high - scale.low < 3 and known != distinct:  # 'Amazing' once: Intercom's five points
            continue
        if (len(known) >= 2 and len({labels[a] for a in known}) == len(known)
                and sum(a in known or a in points for a in answers) >= 0.9 * len(answers)):
            return scale
    return None


def by_name(name: str, high: int) -> VerbalScale:
    """The scale a mapping remembers by its name and top point."""
    return next(s for s in SCALES if s.name == name and s.high == high)
