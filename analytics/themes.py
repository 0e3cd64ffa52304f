"""Themes: a taxonomy kept as data, proposed by discovery, edited by the analyst, matched by rules.

A `Theme` is a name plus the keywords and rules that decide which voices carry it. Tagging is
deterministic and explainable: a voice carries a theme when one of the theme's keywords or rules
occurs in its text, and the tag records what matched ("matched: 'invoice'").

- keyword: a word or phrase, matched case-insensitively on word boundaries; the words of a phrase
  may be separated by any spaces or a hyphen; the last word also matches its plural ("invoice"
  matches "invoices"); a trailing `*` matches any ending ("refund*": refunds, refunded).
- rule: a phrase like a keyword, or a regular expression written `re:<pattern>` (case-insensitive).

`discover` proposes themes from the text itself (TF-IDF over words and bigrams + NMF), each named
from its top terms with its distinctive keywords and three example quotes; `choose_n_themes`
measures topic coherence (NPMI of top terms over documents) to choose how many. `DEFAULT_TAXONOMY`
is a curated SaaS CX taxonomy used until the analyst saves one. The taxonomy lives in the workspace
table `themes`; every edit saves it and re-tags all voices (analytics.enrich.retag) so the tags
always match the saved taxonomy.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np

from analytics import workspace


@dataclass(frozen=True)
class Theme:
    """One theme of the taxonomy. `keywords` and `rules` decide the tags (see the module
    docstring); `examples` are quotes shown to the analyst, not used for tagging."""

    theme_id: str
    name: str
    keywords: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    examples: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        for name in ("keywords", "rules", "examples"):
            object.__setattr__(self, name, tuple(getattr(self, name) or ()))
        if not self.theme_id or not self.name.strip():
            raise ValueError("a theme needs an id and a name")


def _theme(name: str, keywords: str, rules: tuple[str, ...] = ()) -> Theme:
    return Theme(slug(name), name, tuple(k.strip() for k in keywords.split(",") if k.strip()), rules)


def slug(name: str) -> str:
    """A theme id from a name: "Billing & invoices" → "billing-invoices"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "theme"


# A curated taxonomy for B2B SaaS customer experience, used until the analyst saves one.
DEFAULT_TAXONOMY: tuple[Theme, ...] = (
    _theme("Onboarding & setup",
           "onboarding, onboard*, setup, set up, setting up, getting started, implementation, kickoff, "
           "kick-off, go live, went live, were live, import, imports, importing, importer, import wizard, "
           "migration, migrate*, invite*, first 90 days, walked us through, documentation, docs, "
           "tutorial*, map our fields, mapping fields, set up properly, fully set up"),
    _theme("Billing & invoices",
           "billing, billed, bill, invoice*, charged, charge*, double charge*, refund*, receipt*, "
           "payment*, credit card, proration, prorated, PO number*, purchase order*, auto-renew*, "
           "autorenew*, credit the difference, overcharged, seats"),
    _theme("Pricing & value",
           "price*, pricing, priced, expensive, overpriced, pricey, cost, costs, cheaper, cheap, "
           "affordable, afford, value for money, good value, worth the price, worth the money, "
           "worth it, not worth, paid for itself, price increase, per-seat, per seat, add-on*, "
           "discount*, justify the cost, too much money, half the price, smaller plan, downgrade*",
           rules=(r"re:\b\d+ ?% (?:price )?increase",)),
    _theme("Support responsiveness",
           "support, customer service, helpdesk, help desk, ticket*, agent*, response time*, "
           "respond*, reply, replies, replied, no reply, waited, waiting, wait time, escalat*, "
           "follow up, follows up, followed up, P1, fixed our issue, answers within"),
    _theme("Reliability & performance",
           "outage*, downtime, uptime, went down, is down, was down, crash*, slow, slowly, slowness, "
           "lag, laggy, loading, to load, time out, times out, timing out, timed out, timeout*, "
           "error*, bug*, buggy, glitch*, unstable, stable, status page, performance, rock solid, "
           "reliab*, logs us out, logged out, dropped data, data loss, lost data, sync stopped, "
           "stopped working, nothing has synced, spinning, it just works, fast even"),
    _theme("Missing features",
           "feature*, roadmap, feature request*, would love, wish, lacks, lacking, dashboard*, "
           "custom field*, custom report*, custom reporting, scheduled export*, scheduled report*, "
           "export*, bulk edit, mobile app, API, rate limit*, API limit*, filter by, filtered by, "
           "dashboards can't"),
    _theme("Ease of use",
           "easy to use, ease of use, intuitive, user-friendly, user friendly, interface, UI, UX, "
           "clunky, confusing, confused, complicated, hard to use, hard to learn, learning curve, "
           "cluttered, too many clicks, clicks, navigation, can't find, buried, simple to use, "
           "picked it up, training, usable, where you'd expect, love the dashboards, find where"),
    _theme("Integrations",
           "integration*, integrate*, sync, syncs, syncing, connector*, connection, connected, "
           "reconnect*, plugs into, plug into, Zapier, webhook*, native"),
    _theme("Security & compliance",
           "security, secure, SSO, SAML, SCIM, Okta, permission*, audit log*, compliance, "
           "GDPR, SOC 2, data residency, 2FA, MFA, two-factor, encryption, privacy, access control, "
           "offboarding, provisioning, auditors, questionnaire"),
    _theme("Account management",
           "account manager*, account management, CSM, customer success, success manager, QBR*, "
           "quarterly review*, checked in, check in, account team, point of contact, champion, "
           "neglected, nobody from your side, relationship, renewal quote"),
)


# --- matching -------------------------------------------------------------------------------------

_WILDCARD = r"[\w'’-]*"


def _phrase_pattern(phrase: str) -> str:
    """Regex for one keyword or phrase rule (see module docstring); boundaries added by caller."""
    phrase = phrase.strip()
    prefix = phrase.endswith("*")
    words = re.split(r"[\s-]+", phrase.rstrip("*").strip())
    body = r"[\s-]+".join(re.escape(w) for w in words if w)
    if not body:
        raise ValueError(f"empty keyword: {phrase!r}")
    if prefix:
        return body + _WILDCARD
    return body + (r"(?:s|es)?" if words[-1][-1:].isalpha() else "")


def _rule_pattern(rule: str) -> str:
    rule = rule.strip()
    if rule.startswith("re:"):
        pattern = rule[3:].strip()
        try:
            re.compile(pattern)
        except re.error as err:
            raise ValueError(f"rule {rule!r} is not a valid regular expression: {err}") from None
        return f"(?:{pattern})"
    return r"(?<!\w)" + _phrase_pattern(rule) + r"(?!\w)"


@dataclass(frozen=True)
class _Matcher:
    theme_id: str
    pattern: re.Pattern


def _matcher(theme: Theme) -> _Matcher | None:
    terms = sorted({k.strip() for k in theme.keywords if k.strip()}, key=len, reverse=True)
    parts = [r"(?<!\w)(?:" + "|".join(_phrase_pattern(k) for k in terms) + r")(?!\w)"] if terms else []
    parts += [_rule_pattern(r) for r in theme.rules if r.strip()]
    if not parts:
        return None
    return _Matcher(theme.theme_id, re.compile("|".join(parts), re.IGNORECASE))


def compile_themes(themes: Iterable[Theme]) -> tuple[_Matcher, ...]:
    """Compile each theme's keywords and rules into one case-insensitive pattern."""
    return tuple(m for m in (_matcher(t) for t in themes) if m is not None)


def explain(texts: Iterable[str | None], themes: Iterable[Theme] | Sequence[_Matcher]
            ) -> list[list[tuple[str, str]]]:
    """For each text, the (theme_id, matched text) of every theme it carries, in taxonomy order;
    the matched text is the first keyword or rule occurrence, e.g. ("billing-invoices", "invoices")."""
    matchers = _as_matchers(themes)
    out = []
    for text in texts:
        found = []
        if isinstance(text, str) and text:
            for matcher in matchers:
                hit = matcher.pattern.search(text)
                if hit:
                    found.append((matcher.theme_id, hit[0]))
        out.append(found)
    return out


def tag(texts: Iterable[str | None], themes: Iterable[Theme] | Sequence[_Matcher]) -> list[list[str]]:
    """For each text, the ids of the themes whose keywords or rules occur in it."""
    return [[theme_id for theme_id, _ in found] for found in explain(texts, themes)]


def _as_matchers(themes) -> tuple[_Matcher, ...]:
    themes = tuple(themes)
    if themes and isinstance(themes[0], _Matcher):
        return themes
    return compile_themes(themes)


# --- discovery ------------------------------------------------------------------------------------

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


def _vectorizer(n_texts: int):
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    return TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | _CX_STOP_WORDS), ngram_range=(1, 2),
        min_df=2 if n_texts < 500 else 3, max_df=0.5, sublinear_tf=True, max_features=30000,
        token_pattern=_TOKEN_PATTERN, dtype=np.float32)


def _prepare(texts: Iterable[str | None]) -> list[str]:
    """Texts ready for discovery: personal data masked (names must not become theme terms, and
    example quotes are stored masked), placeholders dropped, and near-duplicates (same words up to
    case, digits and spacing: templated tickets, copy-paste) kept once so they cannot dominate."""
    from analytics import pii

    texts = [t for t in texts if isinstance(t, str)]
    if len(texts) > 4 * MAX_TEXTS:  # masking millions of texts to keep 50,000 would be waste
        texts = _sample(texts, 0, 4 * MAX_TEXTS)
    out, seen = [], set()
    for text in texts:
        if not isinstance(text, str) or len(text.strip()) < 3:
            continue
        masked = pii.mask(text.strip())
        key = re.sub(r"[\W\d_]+", " ", _PLACEHOLDER.sub(" ", masked).lower()).strip()
        if key and key not in seen:
            seen.add(key)
            out.append(masked)
    return out


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

    def __init__(self, docs: list[str], n_themes: int, seed: int):
        vectorizer = _vectorizer(len(docs))
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
    and carries three example quotes (masked). `n_themes=None` picks the count with
    `choose_n_themes`. Deterministic for a seed; biggest theme first."""
    docs = _sample(_prepare(texts), seed)
    if n_themes is None:
        n_themes = choose_n_themes(docs, seed=seed, prepared=True)["best"]
    if len(docs) < max(2 * n_themes, 10):
        raise ValueError(f"need at least {max(2 * n_themes, 10)} distinct texts to discover {n_themes} themes")
    model = _Model(docs, n_themes, seed)
    themes, ids = [], set()
    for k in np.argsort(-model.weights.sum(axis=0), kind="stable"):
        keywords = model.keywords(k, keywords_per_theme)
        name = _name(model, k, keywords)
        theme_id = _unique(slug(name), ids)
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
                    seed: int = 0, top: int = 8, prepared: bool = False) -> dict:
    """Fit NMF for each candidate count and measure it: NPMI coherence of each theme's top `top`
    terms over the documents, and the share of distinct top terms across themes (1 = no
    overlap). The best count maximises coherence × distinctness. Returns {"best", "table":
    [{n_themes, coherence, distinct, score}]}."""
    docs = list(texts) if prepared else _sample(_prepare(texts), seed)
    table = []
    for n in candidates:
        if len(docs) < max(2 * n, 10):
            continue
        model = _Model(docs, n, seed)
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


def _unique(theme_id: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    candidate, number = theme_id, 2
    while candidate in taken:
        candidate, number = f"{theme_id}-{number}", number + 1
    return candidate


# --- persistence and edits -----------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS themes (
    theme_id VARCHAR PRIMARY KEY, position INTEGER, name VARCHAR NOT NULL,
    keywords VARCHAR[], rules VARCHAR[], examples VARCHAR[], saved_at TIMESTAMP
);
"""
_SELECT = "SELECT theme_id, name, keywords, rules, examples FROM themes ORDER BY position, theme_id"
_INSERT = "INSERT INTO themes VALUES (?, ?, ?, ?, ?, ?, ?)"
SAVED_KEY = "taxonomy_saved"        # meta: "1" once the analyst saved a taxonomy
VERSION_KEY = "taxonomy_version"    # meta: bumped by every save; voice_themes records the one it used


def ensure_schema(con) -> None:
    """Create the `themes` table if it is missing (idempotent)."""
    con.execute(_SCHEMA)


def taxonomy_version(con) -> int:
    return int(workspace.get_meta(con, VERSION_KEY) or 0)


def load_taxonomy(con) -> list[Theme]:
    """The saved taxonomy in its order, or DEFAULT_TAXONOMY if none was ever saved. Read-only."""
    if workspace.get_meta(con, SAVED_KEY) != "1":
        return list(DEFAULT_TAXONOMY)
    return [Theme(row[0], row[1], tuple(row[2] or ()), tuple(row[3] or ()), tuple(row[4] or ()))
            for row in con.execute(_SELECT).fetchall()]


def is_default(con) -> bool:
    """True while the workspace uses DEFAULT_TAXONOMY (nothing saved yet)."""
    return workspace.get_meta(con, SAVED_KEY) != "1"


def save_taxonomy(con, themes: Iterable[Theme], retag: bool = True) -> list[Theme]:
    """Replace the saved taxonomy with `themes` (in this order) in one transaction, then re-tag
    every voice so tags match it. With retag=False the tags are only marked stale; the next
    `enrich.enrich` re-tags. Raises ValueError on duplicate ids or an invalid rule."""
    themes = list(themes)
    ids = [t.theme_id for t in themes]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate theme ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    compile_themes(themes)  # invalid rules fail here, before anything is written
    ensure_schema(con)
    now = datetime.now().replace(microsecond=0)
    with workspace.WRITE_LOCK:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM themes")
            if themes:
                con.executemany(_INSERT, [
                    [t.theme_id, position, t.name.strip(), list(t.keywords), list(t.rules), list(t.examples), now]
                    for position, t in enumerate(themes)])
            workspace.set_meta(con, SAVED_KEY, "1")
            workspace.set_meta(con, VERSION_KEY, str(taxonomy_version(con) + 1))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        if retag:
            from analytics import enrich  # enrich imports this module

            enrich.retag(con)
    return themes


def _find(themes: list[Theme], theme_id: str) -> int:
    for index, theme in enumerate(themes):
        if theme.theme_id == theme_id:
            return index
    raise KeyError(f"no theme {theme_id!r} in the taxonomy")


def rename(con, theme_id: str, name: str, retag: bool = True) -> Theme:
    """Give a theme a new name (its id, and so its tags, stay)."""
    if not name or not name.strip():
        raise ValueError("a theme needs a name")
    themes = load_taxonomy(con)
    index = _find(themes, theme_id)
    themes[index] = replace(themes[index], name=name.strip())
    save_taxonomy(con, themes, retag=retag)
    return themes[index]


def merge(con, ids: Sequence[str], new_name: str, retag: bool = True) -> Theme:
    """Replace the themes `ids` with one theme named `new_name` holding all their keywords and
    rules (examples: the first three of theirs), at the place of the first of them."""
    if len(ids) < 2:
        raise ValueError("merge needs at least two themes")
    themes = load_taxonomy(con)
    indexes = sorted(_find(themes, i) for i in ids)
    parts = [themes[i] for i in indexes]
    others = [t.theme_id for i, t in enumerate(themes) if i not in indexes]
    merged = Theme(_unique(slug(new_name), others), new_name.strip(),
                   tuple(dict.fromkeys(k for t in parts for k in t.keywords)),
                   tuple(dict.fromkeys(r for t in parts for r in t.rules)),
                   tuple(dict.fromkeys(e for t in parts for e in t.examples))[:3])
    themes = [t for i, t in enumerate(themes) if i not in indexes[1:]]
    themes[indexes[0]] = merged
    save_taxonomy(con, themes, retag=retag)
    return merged


def split(con, theme_id: str, keyword_groups: Mapping[str, Sequence[str]] | Sequence[Sequence[str]],
          retag: bool = True) -> list[Theme]:
    """Replace a theme by one theme per keyword group, in its place. `keyword_groups` maps each new
    name to its keywords (or is a list of keyword lists, named after their first two keywords).
    The original's rules stay with the first new theme."""
    groups = list(keyword_groups.items()) if isinstance(keyword_groups, Mapping) else [
        (" & ".join(list(g)[:2]).capitalize(), g) for g in keyword_groups]
    if len(groups) < 2 or any(not list(g) for _, g in groups):
        raise ValueError("split needs at least two non-empty keyword groups")
    themes = load_taxonomy(con)
    index = _find(themes, theme_id)
    original = themes[index]
    taken = [t.theme_id for t in themes if t.theme_id != theme_id]
    parts = []
    for position, (name, keywords) in enumerate(groups):
        new_id = _unique(slug(name), taken)
        taken.append(new_id)
        parts.append(Theme(new_id, name, tuple(keywords), original.rules if position == 0 else ()))
    themes[index:index + 1] = parts
    save_taxonomy(con, themes, retag=retag)
    return parts


def add_rule(con, theme_id: str, phrase: str, retag: bool = True) -> Theme:
    """Add a phrase (or `re:` regular expression) rule to a theme."""
    if not phrase or not phrase.strip():
        raise ValueError("a rule needs a phrase")
    _rule_pattern(phrase)  # ValueError if invalid
    themes = load_taxonomy(con)
    index = _find(themes, theme_id)
    theme = themes[index]
    if phrase.strip() not in theme.rules:
        themes[index] = replace(theme, rules=theme.rules + (phrase.strip(),))
    save_taxonomy(con, themes, retag=retag)
    return themes[index]


def remove_rule(con, theme_id: str, phrase: str, retag: bool = True) -> Theme:
    """Remove a rule from a theme (no error if it was not there)."""
    themes = load_taxonomy(con)
    index = _find(themes, theme_id)
    themes[index] = replace(themes[index], rules=tuple(r for r in themes[index].rules if r != phrase.strip()))
    save_taxonomy(con, themes, retag=retag)
    return themes[index]


def add_theme(con, name: str, keywords: Sequence[str] = (), rules: Sequence[str] = (),
              retag: bool = True) -> Theme:
    """Append a new theme to the taxonomy."""
    themes = load_taxonomy(con)
    theme = Theme(_unique(slug(name), [t.theme_id for t in themes]), name.strip(), tuple(keywords),
                  tuple(rules))
    save_taxonomy(con, themes + [theme], retag=retag)
    return theme


def delete(con, theme_id: str, retag: bool = True) -> None:
    """Remove a theme from the taxonomy (and, by re-tagging, its tags)."""
    themes = load_taxonomy(con)
    del themes[_find(themes, theme_id)]
    save_taxonomy(con, themes, retag=retag)


def to_json(themes: Iterable[Theme]) -> str:
    """The taxonomy as JSON (for export or a fixture)."""
    return json.dumps([{"theme_id": t.theme_id, "name": t.name, "keywords": list(t.keywords),
                        "rules": list(t.rules), "examples": list(t.examples)} for t in themes],
                      ensure_ascii=False, indent=1)


def from_json(text: str) -> list[Theme]:
    return [Theme(d["theme_id"], d["name"], tuple(d.get("keywords", ())), tuple(d.get("rules", ())),
                  tuple(d.get("examples", ()))) for d in json.loads(text)]
