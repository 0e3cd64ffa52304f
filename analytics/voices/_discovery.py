"""Discovery: propose themes from the customers' own words.

TF-IDF over words and bigrams (English and CX stop words removed, sublinear tf) factorised by NMF,
on the texts masked and de-duplicated (at most MAX_TEXTS, a seeded sample) in their main language:
words of two languages would otherwise make themes of their own (a few German hotel reviews among
English ones became "Und & sehr"), with that language's stop words (the `stop-words` package's
lists; English by default). Each theme keeps as
keywords its top terms typical of its own texts, is named from its two strongest terms as
customers write them, and carries three example quotes. `choose_n_themes` measures topic
coherence (NPMI of top terms over documents) × distinctness to choose how many.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from analytics.voices._language import detect
from analytics.voices._pii import mask
from analytics.voices._theme import Theme, slug, unique_id

# Words that carry no theme in customer text, on top of scikit-learn's English stop words, and the
# stubs its tokenizer leaves of contractions ("doesn't" → "doesn").
_CX_STOP_WORDS = frozenset("""
hi hello hey thanks thank please just really like also would could get got go going know think
want use using used make made way thing things lot bit much many one two three four five still
even well good great love best better bad ok okay honestly tbh yes team us we our
ve ll re doesn didn don isn wasn aren couldn wouldn shouldn won haven hasn hadn weren ain
actually right away did told times try work new need needed needs time day days week weeks month
months year years minutes hour hours today yesterday ago always never
""".split())
_TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"
_PLACEHOLDER = re.compile(r"\[(?:name|email|phone|card)\]")
MIN_KEYWORD_LIFT = 2.0  # a keyword's texts belong to its theme at least twice as often as texts overall
MAX_TEXTS = 50_000  # discovery fits on a seeded sample of this many distinct texts (~seconds)
_MAX_PHRASE_ROWS = 3000


def _stop_words(language: str | None) -> list[str]:
    """English (and CX) stop words for English text or text whose language is not known; the
    `stop-words` package's list for another language it has (Portuguese "da", "que", "sem")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from stop_words import LANGUAGE_MAPPING, get_stop_words

    if language in (None, "en") or language not in LANGUAGE_MAPPING:
        return sorted(ENGLISH_STOP_WORDS | _CX_STOP_WORDS)
    return sorted(set(get_stop_words(language)) | _CX_STOP_WORDS)


def _vectorizer(n_texts: int, language: str | None = None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        stop_words=_stop_words(language), ngram_range=(1, 2),
        min_df=2 if n_texts < 500 else 3, max_df=0.5, sublinear_tf=True, max_features=30000,
        token_pattern=_TOKEN_PATTERN, dtype=np.float32)


def _prepare(texts: Iterable[str | None]) -> list[str]:
    """Texts ready for discovery: personal data masked (names must not become theme terms, and
    example quotes are stored masked), placeholders dropped, and near-duplicates (same words up to
    case, digits and spacing: templated tickets, copy-paste) kept once so they cannot dominate."""
    texts = [t for t in texts if isinstance(t, str)]
    if len(texts) > 4 * MAX_TEXTS:  # masking millions of texts to keep 50,000 would be waste
        texts = _sample(texts, 0, 4 * MAX_TEXTS)
    out, seen = [], set()
    for text in texts:
        if not isinstance(text, str) or len(text.strip()) < 3:
            continue
        masked = mask(text.strip())
        key = re.sub(r"[\W\d_]+", " ", _PLACEHOLDER.sub(" ", masked).lower()).strip()
        if key and key not in seen:
            seen.add(key)
            out.append(masked)
    return out


def _main_language(docs: list[str]) -> tuple[list[str], str | None]:
    """The texts in the commonest detected language (those whose language is not sure count as
    it), and that language (None when none is known)."""
    languages = detect(docs)
    known = [language for language in languages if language]
    if not known:
        return docs, None
    main = max(sorted(set(known)), key=known.count)
    return [doc for doc, language in zip(docs, languages) if language in (main, None)], main


def _sample(docs: list[str], seed: int, size: int | None = None) -> list[str]:
    """At most `size` (default MAX_TEXTS) of the texts, a seeded random sample in their order."""
    size = MAX_TEXTS if size is None else size
    if len(docs) <= size:
        return docs
    keep = np.sort(np.random.default_rng(seed).choice(len(docs), size, replace=False))
    return [docs[i] for i in keep]


def _fit(matrix, n_themes: int, seed: int):
    from sklearn.decomposition import NMF

    model = NMF(n_components=n_themes, init="nndsvda", random_state=seed, max_iter=1000, tol=1e-4)
    weights = model.fit_transform(matrix)
    return weights, model.components_


class _Model:
    """TF-IDF + NMF fitted on prepared texts, with what naming and keyword choice need."""

    def __init__(self, docs: list[str], n_themes: int, seed: int, language: str | None = None):
        vectorizer = _vectorizer(len(docs), language)
        self.docs = docs
        self.matrix = vectorizer.fit_transform([_PLACEHOLDER.sub(" ", d) for d in docs])
        self.terms = vectorizer.get_feature_names_out()
        self.vocabulary = vectorizer.vocabulary_
        self.binary = (self.matrix > 0).astype(np.float32).tocsc()
        self.weights, self.components = _fit(self.matrix, n_themes, seed)
        self.dominant = np.where(self.weights.max(axis=1) > 0, self.weights.argmax(axis=1), -1)

    def phrase(self, term: str, index: int) -> tuple[str, np.ndarray]:
        """The term as customers write it, and the documents holding it that way. A bigram built
        across removed stop words ("true size") becomes its commonest literal form ("true to
        size"), since tagging matches literal text; ("", []) when it has none."""
        rows = self.binary[:, index].nonzero()[0]
        if " " not in term:
            return term, rows
        rows = rows[:_MAX_PHRASE_ROWS]  # enough to find the usual form and estimate the lift
        first, second = map(re.escape, term.split())
        pattern = re.compile(rf"(?<!\w){first}(?:[\s-]+[^\W\d_]+){{0,2}}?[\s-]+{second}(?!\w)", re.I)
        forms: dict[str, list[int]] = {}
        for r in rows:
            hit = pattern.search(self.docs[r])
            if hit:
                forms.setdefault(re.sub(r"[\s-]+", " ", hit[0].lower()), []).append(r)
        if not forms:
            return "", np.array([], dtype=int)
        form, holders = max(forms.items(), key=lambda item: (len(item[1]), -len(item[0])))
        return form, np.array(holders, dtype=int)

    def keywords(self, k: int, per_theme: int, candidates: int = 40) -> list[str]:
        """Top terms of theme k (by NMF loading) that are typical of its texts: the share of texts
        holding the term whose dominant theme is k is at least MIN_KEYWORD_LIFT times the theme's
        share of all texts. A bigram is dropped when one of its words is already a keyword."""
        base = max(float(np.mean(self.dominant == k)), 1e-9)
        chosen: list[str] = []
        for index in np.argsort(self.components[k])[::-1][:candidates]:
            if self.components[k, index] <= 0 or len(chosen) >= per_theme:
                break
            term, rows = self.phrase(str(self.terms[index]), index)
            if len(rows) < 3 or np.mean(self.dominant[rows] == k) < MIN_KEYWORD_LIFT * base:
                continue
            words = term.split()
            if term in chosen or (len(words) > 1 and any(w in chosen for w in words)):
                continue
            if len(words) == 1:
                chosen = [c for c in chosen if term not in c.split()]
            chosen.append(term)
        return chosen

    def casing(self, term: str, k: int) -> str:
        """The commonest way the theme's texts write the term: "sso" → "SSO"; lower case unless
        a capitalised form (acronym, product name) dominates mid-sentence."""
        pattern = re.compile(r"(?<=[\w,;:] )" + r"[\s-]+".join(map(re.escape, term.split())) + r"(?!\w)",
                             re.I)
        counts: dict[str, int] = {}
        for r in np.flatnonzero(self.dominant == k)[:500]:
            for hit in pattern.finditer(self.docs[r]):
                counts[hit[0]] = counts.get(hit[0], 0) + 1
        if not counts:
            return term
        form = max(counts, key=counts.get)
        return form if form != form.lower() and counts[form] > sum(counts.values()) / 2 else term

    def top_terms(self, k: int, count: int) -> list[str]:
        return [str(self.terms[i]) for i in np.argsort(self.components[k])[::-1][:count]]

    def examples(self, k: int, count: int = 3) -> tuple[str, ...]:
        """The texts that load most on theme k and mostly on it, preferring quotable lengths."""
        weights = self.weights
        share = weights[:, k] / np.maximum(weights.sum(axis=1), 1e-12)
        lengths = np.array([len(t) for t in self.docs])
        quotable = (lengths >= 25) & (lengths <= 300)
        order = np.lexsort((-weights[:, k] * share, ~((self.dominant == k) & quotable)))
        return tuple(self.docs[i] for i in order[:count] if weights[i, k] > 0)


_NAME_GLUE = frozenset({"to", "of"})  # "true to size", "point of contact"


def _name(model: _Model, k: int, keywords: Sequence[str]) -> str:
    """A readable name from the theme's two strongest non-overlapping terms, each as customers
    write it: a word gives way to a strong phrase containing it ("rock" → "rock solid"), and the
    usual casing is kept ("SSO"). E.g. "Invoice & refund", "Rock solid & fast"."""
    top = model.top_terms(k, 12)
    loading = model.components[k]
    strongest = loading.max()
    phrases = []  # strong bigrams of the theme, in their literal form
    for index in np.argsort(loading)[::-1][:30]:
        if " " in model.terms[index] and loading[index] >= 0.3 * strongest:
            form, rows = model.phrase(str(model.terms[index]), index)
            words = form.split()
            if len(rows) >= 3 and (len(words) == 2 or (len(words) == 3 and words[1] in _NAME_GLUE)):
                phrases.append(form)
    picked: list[str] = []
    for term in list(keywords) + top:
        if " " not in term:
            term = next((p for p in phrases if term in p.split()), term)
        if any(set(term.split()) & set(p.split()) for p in picked):
            continue
        picked.append(term)
        if len(picked) == 2:
            break
    if not picked:
        return "Unnamed theme"
    name = " & ".join(model.casing(term, k) for term in picked)
    return name[0].upper() + name[1:]


def discover(texts: Iterable[str | None], n_themes: int | None = 8, seed: int = 0,
             keywords_per_theme: int = 8) -> list[Theme]:
    """Propose `n_themes` themes from the texts: TF-IDF over words and bigrams (English and CX
    stop words removed, sublinear tf) factorised by NMF, on the texts masked and de-duplicated
    (at most MAX_TEXTS of them, a seeded sample).
    Each theme keeps as keywords its top terms that are typical of its own texts (lift ≥
    MIN_KEYWORD_LIFT, so tagging with them stays precise), is named from its two strongest terms,
    and carries three example quotes (masked); a theme without such a term is not proposed, so
    fewer than `n_themes` may come back. `n_themes=None` picks the count with `choose_n_themes`.
    Deterministic for a seed; biggest theme first."""
    docs, language = _main_language(_sample(_prepare(texts), seed))
    if n_themes is None:
        n_themes = choose_n_themes(docs, seed=seed, prepared=True, language=language)["best"]
    if len(docs) < max(2 * n_themes, 10):
        raise ValueError(f"need at least {max(2 * n_themes, 10)} distinct texts to discover {n_themes} themes")
    model = _Model(docs, n_themes, seed, language)
    themes, ids = [], set()
    for k in np.argsort(-model.weights.sum(axis=0), kind="stable"):
        keywords = model.keywords(k, keywords_per_theme)
        if not keywords:  # no term is typical of its texts ("fabric", "color" are everywhere): it could tag nothing
            continue
        name = _name(model, k, keywords)
        theme_id = unique_id(slug(name), ids)
        ids.add(theme_id)
        themes.append(Theme(theme_id, name, tuple(keywords), (), model.examples(k)))
    return themes


def coherence(top_terms: Sequence[Sequence[str]], binary_docs, vocabulary: Mapping[str, int]) -> float:
    """Mean NPMI of term pairs within each theme's top terms, from document co-occurrence:
    NPMI = log(p(a,b) / (p(a) p(b))) / -log p(a,b), in [-1, 1] (higher = terms occur together)."""
    n = binary_docs.shape[0]
    scores = []
    for terms in top_terms:
        columns = [vocabulary[t] for t in terms if t in vocabulary]
        sub = binary_docs[:, columns]
        together = (sub.T @ sub).toarray() / n
        alone = np.diag(together)
        for i in range(len(columns)):
            for j in range(i + 1, len(columns)):
                joint = together[i, j]
                if joint <= 0:
                    scores.append(-1.0)
                elif joint >= 1:
                    scores.append(1.0)
                else:
                    scores.append(np.log(joint / (alone[i] * alone[j])) / -np.log(joint))
    return float(np.mean(scores)) if scores else 0.0


def choose_n_themes(texts: Iterable[str | None], candidates: Sequence[int] = (5, 6, 8, 10, 12, 14),
                    seed: int = 0, top: int = 8, prepared: bool = False, language: str | None = None) -> dict:
    """Fit NMF for each candidate count and measure it: NPMI coherence of each theme's top `top`
    terms over the documents, and the share of distinct top terms across themes (1 = no
    overlap). The best count maximises coherence × distinctness. Returns {"best", "table":
    [{n_themes, coherence, distinct, score}]}. `prepared` texts come with their `language`."""
    docs, language = (list(texts), language) if prepared else _main_language(_sample(_prepare(texts), seed))
    table = []
    for n in candidates:
        if len(docs) < max(2 * n, 10):
            continue
        model = _Model(docs, n, seed, language)
        vocabulary = model.vocabulary
        tops = [model.top_terms(k, top) for k in range(n)]
        value = coherence(tops, model.binary, vocabulary)
        distinct = len({t for row in tops for t in row}) / (n * top)
        table.append({"n_themes": n, "coherence": round(value, 4), "distinct": round(distinct, 4),
                      "score": round(max(value, 0.0) * distinct, 4)})
    if not table:
        raise ValueError("too few texts to choose a number of themes")
    best = max(table, key=lambda row: row["score"])["n_themes"]
    return {"best": best, "table": table}


