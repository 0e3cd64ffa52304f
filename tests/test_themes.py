"""Themes: explainable keyword/rule tagging, discovery (TF-IDF + NMF), the curated SaaS taxonomy,
taxonomy edits saved in the workspace, and tag quality measured against hand-labelled samples
(tests/fixtures/labelled_themes, see its README for how they were labelled)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics import voices, workspace
from analytics.demo import _texts as demo_pools
from analytics.demo import generate_demo
from analytics.demo._generator import _fill
from analytics.voices import DEFAULT_TAXONOMY, Theme

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "labelled_themes"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"

# --- matching -------------------------------------------------------------------------------------


def test_keywords_match_words_phrases_plurals_and_prefixes():
    billing = Theme("billing", "Billing", ("invoice", "credit card", "refund*", "PO number"))
    texts = ["Two invoices were wrong", "INVOICE attached", "paid by Credit-card", "we were refunded",
             "invoiced? no: reinvoice", "the PO  number is missing", "refunding", "nothing here", None]
    found = voices.explain_tags(texts, [billing])
    assert [f[0][1] if f else None for f in found] == [
        "invoices", "INVOICE", "Credit-card", "refunded", None, "PO  number", "refunding", None, None]


def test_rules_are_phrases_or_regular_expressions():
    theme = Theme("pricing", "Pricing", (), ("too expensive", r"re:\b\d+ ?% (?:price )?increase"))
    assert voices.tag_texts(["It's too expensive", "a 20% increase at renewal", "20 % price increase",
                       "increase of 20%"], [theme]) == [["pricing"], ["pricing"], ["pricing"], []]
    with pytest.raises(ValueError):
        voices.compile_themes([Theme("x", "X", (), ("re:(unclosed",))])


def test_tags_follow_taxonomy_order_and_one_text_can_carry_several():
    a, b = Theme("a", "A", ("sync",)), Theme("b", "B", ("slow",))
    assert voices.tag_texts(["slow sync", "sync", "fast", ""], [a, b]) == [["a", "b"], ["a"], [], []]
    assert voices.tag_texts(["slow sync"], [b, a]) == [["b", "a"]]
    assert voices.tag_texts(["anything"], []) == [[]]


def test_slug_and_theme_validation():
    assert voices.slug("Billing & invoices") == "billing-invoices"
    assert voices.slug("Zoë's café") == "zoe-s-cafe"
    with pytest.raises(ValueError):
        Theme("x", "  ")
    assert voices.taxonomy_from_json(voices.taxonomy_to_json(DEFAULT_TAXONOMY)) == list(DEFAULT_TAXONOMY)


# --- the curated SaaS taxonomy on the demo's text -------------------------------------------------

DEMO_THEME = {"onboarding": "onboarding-setup", "billing": "billing-invoices", "pricing": "pricing-value",
              "support": "support-responsiveness", "reliability": "reliability-performance",
              "security": "security-compliance", "features": "missing-features",
              "usability": "ease-of-use", "integrations": "integrations", "account": "account-management"}


def demo_fragments() -> list[tuple[str, str]]:
    """(demo theme, text) for every complaint, praise, churn reason and ticket template of the
    demo generator, slots filled."""
    rng = random.Random(0)
    rows = [(theme, _fill(rng, fragment))
            for pools in (demo_pools.COMPLAINTS, demo_pools.PRAISE, demo_pools.CHURN_REASONS)
            for theme, fragments in pools.items() for fragment in fragments]
    for theme, pairs in demo_pools.TICKETS.items():
        for subject, body in pairs:
            memo: dict = {}
            rows.append((theme, _fill(rng, subject, memo) + "\n\n" + _fill(rng, body, memo)))
    return rows


def test_default_taxonomy_covers_the_demo_themes():
    rows = demo_fragments()
    tags = voices.tag_texts([text for _, text in rows], DEFAULT_TAXONOMY)
    hits = [DEMO_THEME[theme] in found for (theme, _), found in zip(rows, tags)]
    by_theme = pd.DataFrame({"theme": [t for t, _ in rows], "hit": hits}).groupby("theme")["hit"].mean()
    precision = sum(hits) / sum(len(found) for found in tags)
    print(f"\nDEFAULT_TAXONOMY on {len(rows)} demo fragments: recall {sum(hits) / len(rows):.3f}, "
          f"precision {precision:.3f}; per theme recall {by_theme.round(2).to_dict()}")
    assert sum(hits) / len(rows) >= 0.95
    assert by_theme.min() >= 0.9
    assert precision >= 0.8  # extra tags are mostly fair ("API limits blocked their integration")


def test_default_taxonomy_ids_are_unique_and_every_theme_has_keywords():
    ids = [t.theme_id for t in DEFAULT_TAXONOMY]
    assert len(ids) == len(set(ids)) == 10
    assert all(len(t.keywords) >= 8 for t in DEFAULT_TAXONOMY)


# --- discovery ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_texts() -> list[str]:
    frames = generate_demo(customers=2500)
    tickets = frames["tickets"]
    texts = frames["responses"]["comment"].dropna().tolist() + (tickets["subject"] + "\n\n" + tickets["body"]).tolist()
    return [t for t in texts if t] + [r for r in frames["customers"]["churn_reason"] if r]


def test_discover_proposes_distinct_named_themes_with_keywords_and_quotes(demo_texts):
    found = voices.discover_themes(demo_texts, n_themes=8, seed=0)
    assert len(found) == 8
    assert len({t.theme_id for t in found}) == 8 and len({t.name for t in found}) == 8
    for theme in found:
        assert re.fullmatch(r"[A-Z0-9][^&]* & [^&]+", theme.name), theme.name  # "Billing & invoices"
        assert len(theme.keywords) >= 3 and len(theme.examples) == 3
        assert len(set(theme.examples)) == 3
        assert all("@" not in e and "555-0142" not in e for e in theme.examples)  # stored masked
        # every theme's keywords tag at least two of its own example quotes
        assert sum(bool(tags) for tags in voices.tag_texts(theme.examples, [theme])) >= 2, theme
    assert voices.discover_themes(demo_texts, n_themes=8, seed=0) == found  # deterministic


def test_discovery_reads_the_main_language_only(demo_texts):
    """A few German reviews among English texts do not become a theme of German words."""
    places = ["Das Zimmer", "Das Frühstück", "Der Empfang", "Die Lage", "Das Bad", "Der Pool"]
    verdicts = ["war sehr sauber und ruhig", "war leider nicht gut und wir waren enttäuscht",
                "ist sehr gut und die Mitarbeiter sind freundlich", "war zu klein und sehr laut"]
    german = [f"{place} {verdict}, wir kommen {when} wieder." for place in places for verdict in verdicts
              for when in ("gerne", "nicht", "bestimmt")]
    found = voices.discover_themes(demo_texts[:1500] + german, n_themes=8, seed=0)
    words = {w for theme in found for k in theme.keywords for w in k.lower().split()}
    assert not words & {"und", "sehr", "wir", "die", "das", "der", "war", "nicht", "zimmer"}, words


def test_discovery_in_another_language_leaves_out_its_stop_words():
    from stop_words import get_stop_words

    subjects = ["O aplicativo", "O pedido", "A entrega", "O pagamento com cartão", "O cupom de desconto",
                "O atendimento", "A busca de restaurantes"]
    verdicts = ["trava toda vez que eu abro", "chegou frio e atrasado", "não funciona desde a atualização",
                "é muito rápido e prático", "demorou mais de uma hora", "foi cobrado duas vezes"]
    texts = [f"{subject} {verdict}, {coda}." for subject in subjects for verdict in verdicts
             for coda in ("nunca mais peço", "recomendo para todos", "que decepção", "estou muito satisfeito")]
    found = voices.discover_themes(texts, n_themes=5, seed=0)
    words = {w for theme in found for k in theme.keywords for w in k.lower().split()}
    assert found and not words & set(get_stop_words("pt")), words & set(get_stop_words("pt"))


def test_choose_n_themes_measures_coherence(demo_texts):
    choice = voices.choose_n_themes(demo_texts, candidates=(4, 8), seed=0)
    assert [row["n_themes"] for row in choice["table"]] == [4, 8]
    assert choice["best"] in (4, 8)
    assert all(-1 <= row["coherence"] <= 1 and 0 < row["distinct"] <= 1 for row in choice["table"])


def test_discover_needs_enough_text():
    with pytest.raises(ValueError):
        voices.discover_themes(["too little text"] * 3, n_themes=8)


# --- taxonomy in the workspace --------------------------------------------------------------------

VOICES = ("Our invoice is wrong again", "Support took a week to reply", "The invoice and the support",
          "Love the dashboards", "SSO please", "slow reports, slow sync")


@pytest.fixture
def small_workspace(tmp_path):
    """A workspace holding six survey comments, enriched with the default taxonomy."""
    con = workspace.connect(tmp_path / "ws.duckdb")
    con.executemany(
        "INSERT INTO responses (batch_id, response_id, customer_id, responded_at, kind, score, scale_min,"
        " scale_max, comment) VALUES (1, ?, 'C-1', TIMESTAMP '2026-01-01', 'nps', 5, 0, 10, ?)",
        [[f"R-{i}", text] for i, text in enumerate(VOICES)])
    with workspace.transaction(con):  # rows written as an import would: the version moves
        pass
    voices.enrich(con)
    yield con
    con.close()


def tags_in(con) -> dict[str, list[str]]:
    rows = con.execute("SELECT voice_id, theme_id FROM voice_themes ORDER BY voice_id, theme_id").fetchall()
    out: dict[str, list[str]] = {}
    for voice_id, theme_id in rows:
        out.setdefault(voice_id, []).append(theme_id)
    return out


def expected_tags(con) -> dict[str, list[str]]:
    taxonomy = voices.load_taxonomy(con)
    return {f"r:R-{i}": sorted(found) for i, found in enumerate(voices.tag_texts(VOICES, taxonomy)) if found}


def test_default_until_saved_then_round_trip(small_workspace):
    con = small_workspace
    assert voices.is_default_taxonomy(con) and voices.load_taxonomy(con) == list(DEFAULT_TAXONOMY)
    custom = [Theme("money", "Money", ("invoice",), ("re:\\bpaid\\b",), ("Our invoice is wrong",)),
              Theme("people", "People", ("support",))]
    voices.save_taxonomy(con, custom)
    loaded = voices.load_taxonomy(con)
    assert loaded == custom and loaded[0].examples == ("Our invoice is wrong",)
    assert not voices.is_default_taxonomy(con)
    assert tags_in(con) == expected_tags(con) == {"r:R-0": ["money"], "r:R-1": ["people"],
                                                  "r:R-2": ["money", "people"]}
    voices.save_taxonomy(con, [])  # an empty taxonomy is a real choice, not "use the default"
    assert voices.load_taxonomy(con) == [] and tags_in(con) == {}


def test_every_edit_is_saved_and_retags(small_workspace):
    con = small_workspace
    voices.save_taxonomy(con, [Theme("billing", "Billing", ("invoice",)), Theme("support", "Support", ("support",)),
                               Theme("speed", "Speed", ("slow", "week"))])
    voices.rename_theme(con, "billing", "Invoices")
    assert voices.load_taxonomy(con)[0].name == "Invoices" and tags_in(con) == expected_tags(con)

    merged = voices.merge_themes(con, ["support", "speed"], "Support & speed")
    assert [t.theme_id for t in voices.load_taxonomy(con)] == ["billing", "support-speed"]
    assert merged.keywords == ("support", "slow", "week")
    assert tags_in(con) == expected_tags(con)

    parts = voices.split_theme(con, "support-speed", {"Support": ["support"], "Slowness": ["slow", "week"]})
    assert [p.theme_id for p in parts] == ["support", "slowness"]
    assert [t.theme_id for t in voices.load_taxonomy(con)] == ["billing", "support", "slowness"]
    assert tags_in(con) == expected_tags(con)

    voices.add_rule(con, "support", "dashboards")
    assert "r:R-3" in tags_in(con) and tags_in(con) == expected_tags(con)
    with pytest.raises(ValueError):
        voices.add_rule(con, "support", "re:[broken")

    added = voices.add_theme(con, "Security", ["SSO"])
    assert tags_in(con)["r:R-4"] == [added.theme_id]

    voices.delete_theme(con, "billing")
    assert "billing" not in {t.theme_id for t in voices.load_taxonomy(con)}
    assert tags_in(con) == expected_tags(con) and "r:R-0" not in tags_in(con)
    with pytest.raises(KeyError):
        voices.rename_theme(con, "billing", "Gone")
    matched = dict(con.execute("SELECT voice_id, matched FROM voice_themes WHERE theme_id = 'slowness'").fetchall())
    assert matched == {"r:R-1": "week", "r:R-5": "slow"}


def test_edit_without_retag_marks_tags_stale_and_enrich_catches_up(small_workspace):
    con = small_workspace
    voices.save_taxonomy(con, [Theme("billing", "Billing", ("invoice",))], retag=False)
    assert tags_in(con) != expected_tags(con)
    result = voices.enrich(con)
    assert result["new"] == 0 and result["retagged"] == len(VOICES)
    assert tags_in(con) == expected_tags(con)


def test_bad_taxonomies_are_refused_before_anything_is_written(small_workspace):
    con = small_workspace
    before = voices.load_taxonomy(con)
    with pytest.raises(ValueError):
        voices.save_taxonomy(con, [Theme("a", "A"), Theme("a", "B")])
    with pytest.raises(ValueError):
        voices.merge_themes(con, ["onboarding-setup"], "Alone")
    with pytest.raises(ValueError):
        voices.split_theme(con, "onboarding-setup", {"Only": ["one"]})
    assert voices.load_taxonomy(con) == before


# --- quality on hand-labelled samples -------------------------------------------------------------

def precision_recall(labels: list[set[str]], predicted: list[set[str]], theme_ids, weights=None) -> dict:
    """Per theme: precision, recall and support (texts labelled with it), weighted if asked."""
    weights = weights if weights is not None else [1] * len(labels)
    out = {}
    for theme_id in theme_ids:
        tp = sum(w for l, p, w in zip(labels, predicted, weights) if theme_id in l and theme_id in p)
        fp = sum(w for l, p, w in zip(labels, predicted, weights) if theme_id not in l and theme_id in p)
        fn = sum(w for l, p, w in zip(labels, predicted, weights) if theme_id in l and theme_id not in p)
        out[theme_id] = {"precision": tp / (tp + fp) if tp + fp else 1.0,
                         "recall": tp / (tp + fn) if tp + fn else 1.0, "support": tp + fn}
    return out


def labelled(name: str) -> pd.DataFrame:
    frame = pd.read_csv(FIXTURES / name, keep_default_na=False)
    frame["label_set"] = [set(filter(None, value.split(";"))) for value in frame["labels"]]
    return frame


def tagged(sample_name: str, taxonomy_file: str) -> tuple[pd.DataFrame, list[set[str]], list[str]]:
    """A labelled sample of texts, the themes the taxonomy's rules give each, and the theme ids."""
    sample = labelled(sample_name)
    taxonomy = voices.taxonomy_from_json((FIXTURES / taxonomy_file).read_text())
    return sample, [set(found) for found in voices.tag_texts(sample["text"], taxonomy)], [t.theme_id for t in taxonomy]


def report(title: str, scores: dict) -> str:
    lines = [title] + [f"  {k:<10} precision {v['precision']:.2f}  recall {v['recall']:.2f}  (n={v['support']})"
                       for k, v in scores.items()]
    return "\n".join(lines)


# Floors set just under the figures measured on the held-out test split (README: dev was used to
# tune the keywords once, test never inspected): fit .92/.94, quality .81/.93, price .82/.75,
# look .99/.96, comfort .92/.63.
CLOTHING_FLOORS = {"fit": (0.90, 0.90), "quality": (0.75, 0.90), "price": (0.75, 0.70),
                   "look": (0.95, 0.90), "comfort": (0.85, 0.60)}


def test_clothing_reviews_precision_recall():
    sample, predicted, ids = tagged("womens_clothing_sample.csv", "clothing_taxonomy.json")
    assert len(sample) == 200 and sample["rating"].value_counts().to_dict() == {r: 40 for r in range(1, 6)}
    splits = {name: sample["split"] == name for name in ("dev", "test")}
    scores = {name: precision_recall(list(sample["label_set"][mask]), [p for p, m in zip(predicted, mask) if m], ids)
              for name, mask in splits.items()}
    scores["all"] = precision_recall(list(sample["label_set"]), predicted, ids)
    print("\n" + "\n".join(report(f"Women's clothing, {name} split:", s) for name, s in scores.items()))
    for theme_id, (min_precision, min_recall) in CLOTHING_FLOORS.items():
        held_out = scores["test"][theme_id]
        assert held_out["precision"] >= min_precision and held_out["recall"] >= min_recall, (theme_id, held_out)


# The same on hotel reviews (hospitality): measured on test .71/.62 room, .96/.79 staff, .96/.96
# clean, .85/.92 location, 1.00/.92 value, .95/.95 food, .86/.86 noise (n=7), .87/1.00 amenities.
HOTEL_FLOORS = {"room": (0.70, 0.60), "staff": (0.95, 0.75), "clean": (0.95, 0.95), "location": (0.80, 0.90),
                "value": (0.95, 0.90), "food": (0.95, 0.95), "noise": (0.85, 0.85), "amenities": (0.85, 0.95)}


def test_hotel_reviews_precision_recall():
    sample, predicted, ids = tagged("hotel_reviews_sample.csv", "hotel_taxonomy.json")
    assert len(sample) == 100 and sample["rating"].value_counts().to_dict() == {r: 20 for r in range(1, 6)}
    test = sample["split"] == "test"
    held_out = precision_recall(list(sample["label_set"][test]), [p for p, m in zip(predicted, test) if m], ids)
    print("\n" + report("Hotel reviews, test split:", held_out))
    for theme_id, (min_precision, min_recall) in HOTEL_FLOORS.items():
        got = held_out[theme_id]
        assert got["precision"] >= min_precision and got["recall"] >= min_recall, (theme_id, got)


def micro_scores(labels: list[set[str]], predicted: list[set[str]]) -> tuple[float, float, float]:
    """Precision, recall and F1 over every (text, theme) pair."""
    hits = sum(len(l & p) for l, p in zip(labels, predicted))
    found, wanted = sum(map(len, predicted)), sum(map(len, labels))
    precision, recall = hits / found if found else 1.0, hits / wanted
    return precision, recall, 2 * precision * recall / (precision + recall) if hits else 0.0


def discovered_baseline(sample: pd.DataFrame, texts: list[str], ids: list[str]) -> list[set[str]]:
    """What a first import proposes on its own (TF-IDF + NMF discovery over the whole data set, as
    many themes as there are labels), each discovered theme read as the labelled theme it agrees
    with best on the dev split (F1): the baseline the curated keyword taxonomies are held against."""
    found = voices.discover_themes(texts, n_themes=len(ids), seed=0)
    assert all(theme.keywords for theme in found)  # a proposed theme can tag something
    fired = [set(tags) for tags in voices.tag_texts(sample["text"], found)]
    dev = (sample["split"] == "dev").to_numpy()
    named = {}
    for theme in found:
        on = np.array([theme.theme_id in tags for tags in fired])
        agreement = {}
        for theme_id in ids:
            wanted = np.array([theme_id in labels for labels in sample["label_set"]])
            hits = (on & wanted & dev).sum()
            agreement[theme_id] = 2 * hits / ((on & dev).sum() + (wanted & dev).sum()) if hits else 0.0
        best = max(agreement, key=agreement.get)
        named[theme.theme_id] = best if agreement[best] > 0 else None
    return [{named[t] for t in tags if named[t]} for tags in fired]


@pytest.mark.parametrize("name, taxonomy_file, shared_file, column, encoding", [
    ("womens_clothing_sample.csv", "clothing_taxonomy.json",
     "womens_clothing_reviews/Womens Clothing E-Commerce Reviews.csv", "Review Text", "utf-8"),
    ("hotel_reviews_sample.csv", "hotel_taxonomy.json",
     "datafiniti_hotel_reviews/Datafiniti_Hotel_Reviews.csv", "reviews.text", "cp1252"),
], ids=["clothing", "hotel"])
def test_curated_keywords_beat_the_discovered_themes(name, taxonomy_file, shared_file, column, encoding):
    path = SHARED / shared_file
    if not path.is_file():
        pytest.skip(f"shared data set not found at {path}")
    texts = pd.read_csv(path, encoding=encoding, encoding_errors="replace")[column].dropna()
    texts = texts.sample(min(len(texts), 5000), random_state=0).tolist()  # discovery on a 5,000-text sample
    sample, curated, ids = tagged(name, taxonomy_file)
    baseline = discovered_baseline(sample, texts, ids)
    test = (sample["split"] == "test").to_numpy()
    labels = list(sample["label_set"][test])
    ours = micro_scores(labels, [c for c, m in zip(curated, test) if m])
    theirs = micro_scores(labels, [b for b, m in zip(baseline, test) if m])
    print(f"\n{name} test split, micro precision/recall/F1: curated keywords {ours[0]:.2f}/{ours[1]:.2f}/"
          f"{ours[2]:.2f}; discovered themes {theirs[0]:.2f}/{theirs[1]:.2f}/{theirs[2]:.2f}")
    # measured: clothing .91/.91/.91 vs .74/.29/.42 (on all 22,641 texts .39); hotel .90/.86/.88 vs .64/.49/.55
    assert ours[2] >= 0.85 and ours[2] - theirs[2] >= 0.25


def test_telco_churn_reasons_precision_recall():
    reasons = labelled("telco_churn_reasons.csv")
    taxonomy = voices.taxonomy_from_json((FIXTURES / "telco_taxonomy.json").read_text())
    assert len(reasons) == 20 and reasons["customers"].sum() == 1869
    predicted = [set(found) for found in voices.tag_texts(reasons["reason"], taxonomy)]
    ids = [t.theme_id for t in taxonomy]
    by_phrase = precision_recall(list(reasons["label_set"]), predicted, ids)
    by_customer = precision_recall(list(reasons["label_set"]), predicted, ids, list(reasons["customers"]))
    print("\n" + report("Telco churn reasons, per phrase:", by_phrase)
          + "\n" + report("Telco churn reasons, per churned customer:", by_customer))
    # 20 fixed phrases, taxonomy written knowing them: this checks multi-labelling, nothing more
    assert all(s["precision"] == 1.0 and s["recall"] == 1.0 for s in by_customer.values())
    # the 33-column IBM file spells one reason without the final "s": still tagged the same
    assert voices.tag_texts(["Competitor offered higher download speed"], taxonomy) == [["network", "competitor"]]


def test_labelled_fixtures_match_the_shared_files():
    reviews_path = SHARED / "womens_clothing_reviews" / "Womens Clothing E-Commerce Reviews.csv"
    status_path = SHARED / "ibm_telco_churn_v11" / "Telco_customer_churn_status.csv"
    hotels_path = SHARED / "datafiniti_hotel_reviews" / "Datafiniti_Hotel_Reviews.csv"
    if not (reviews_path.is_file() and status_path.is_file() and hotels_path.is_file()):
        pytest.skip("shared data sets not found")
    reviews = pd.read_csv(reviews_path).set_index("Unnamed: 0")
    sample = labelled("womens_clothing_sample.csv")
    original = reviews.loc[sample["row"]]
    assert (original["Review Text"].str.replace("\r\n", "\n").to_numpy() == sample["text"].to_numpy()).all()
    assert (original["Rating"].to_numpy() == sample["rating"].to_numpy()).all()
    status = pd.read_csv(status_path, keep_default_na=False)
    counts = status[status["Churn Reason"] != ""]["Churn Reason"].value_counts()
    reasons = labelled("telco_churn_reasons.csv").set_index("reason")["customers"]
    assert counts.sort_index().to_dict() == reasons.sort_index().to_dict()
    hotels = pd.read_csv(hotels_path, encoding="cp1252", encoding_errors="replace")
    sample = labelled("hotel_reviews_sample.csv")
    original = hotels.loc[sample["row"]]
    assert (original["reviews.text"].str.replace("\r\n", "\n").str.strip().to_numpy() == sample["text"].to_numpy()).all()
    assert (original["reviews.rating"].to_numpy() == sample["rating"].to_numpy()).all()
