"""Voices: every piece of customer text — survey comments, tickets, churn reasons — searchable,
scored for sentiment, tagged with themes, masked for presentation, and gathered per customer.

Public surface:
- search: `search`, `sample_texts`, `theme_names`, `tag_reasons` (why a voice carries a theme), `languages` and the filter vocabularies (SOURCES,
  SENTIMENTS, BANDS, BAND_LABELS, SEARCH_ORDERS, PAGE_SIZE);
- language: `detect_languages`, `language_name`, SCORED_LANGUAGES (the ones sentiment reads);
- how a voice reads: `score_label`, `score_tone`, `sentiment_label`, `band_of`, and where its words
  contradict its score (`disagreement`, `score_side`, `decisive_words`), and its sentiment, words
  weighed with score (`voice_sentiment`);
- enrichment: `enrich`, `ensure_enriched`, `correct_tags` (the analyst's word on a voice's themes), `needs_enrichment`, `ENRICHED_VERSION_KEY`, `retag`, `theme_counts`, and the
  first themes of a workspace of uploads (`enrich_with_first_themes`, `discover_first_themes`,
  `discovered`); in the background, once per workspace (`enrich_in_background`,
  `enrichment_progress`, `wait_for_enrichment`, `EnrichmentProgress`);
- themes: `Theme`, `DEFAULT_TAXONOMY`, `load_taxonomy`, `theme_keywords`, `is_default_taxonomy`, `save_taxonomy`,
  the edits (`rename_theme`, `merge_themes`, `split_theme`, `add_rule`, `add_theme`,
  `delete_theme`), `discover_themes`, `choose_n_themes`, `tag_texts`, `explain_tags`,
  `taxonomy_to_json` / `taxonomy_from_json`;
- privacy: `mask`, `mask_frame`, `prepare_names`;
- how a quote reads: `without_lead`, `excerpt`, `gist`, and which to show (`pick_unseen`);
- one customer: `profile`, `customer_revenue`, `timeline`, `find_customers`, `names_of`.
"""

from analytics.voices import _sentiment as sentiment
from analytics.voices._background import Progress as EnrichmentProgress
from analytics.voices._background import enrich_in_background, enrichment_progress, wait_for_enrichment
from analytics.voices._customer import SOURCE_LABELS as TIMELINE_SOURCES
from analytics.voices._customer import Profile, names_of, profile, timeline
from analytics.voices._customer import find as find_customers
from analytics.voices._customer import revenue as customer_revenue
from analytics.voices._discovery import MAX_TEXTS, choose_n_themes, coherence
from analytics.voices._discovery import discover as discover_themes
from analytics.voices._edits import add_rule, add_theme, save_taxonomy
from analytics.voices._excerpt import excerpt, gist, pick_unseen, without_lead
from analytics.voices._edits import delete as delete_theme
from analytics.voices._edits import merge as merge_themes
from analytics.voices._edits import rename as rename_theme
from analytics.voices._edits import split as split_theme
from analytics.voices._enrich import (ENRICHED_VERSION_KEY, correct_tags, enrich, ensure_enriched, needs_enrichment,
                                     retag, theme_counts)
from analytics.voices._first import discover_first_themes, discovered, enrich_with_first_themes
from analytics.voices._language import detect as detect_languages
from analytics.voices._language import name as language_name
from analytics.voices._labels import (KIND_LABELS, band_of, disagreement, score_label, score_side, score_tone,
                                     sentiment_label, voice_sentiment)
from analytics.voices._sentiment import decisive_words
from analytics.voices._matching import compile_themes
from analytics.voices._matching import explain as explain_tags
from analytics.voices._matching import tag as tag_texts
from analytics.voices._pii import mask, mask_frame, prepare_names
from analytics.voices._search import (BAND_LABELS, BANDS, PAGE_SIZE, SENTIMENTS, SOURCES, languages,
                                      sample_texts, search, tag_reasons, terms, theme_names)
from analytics.voices._sentiment import SCORED_LANGUAGES
from analytics.voices._search import ORDERS as SEARCH_ORDERS
from analytics.voices._taxonomy import from_json as taxonomy_from_json
from analytics.voices._taxonomy import is_default as is_default_taxonomy
from analytics.voices._taxonomy import load_taxonomy, taxonomy_version, theme_keywords
from analytics.voices._taxonomy import to_json as taxonomy_to_json
from analytics.voices._theme import DEFAULT_TAXONOMY, Theme, slug

__all__ = [
    "BANDS", "BAND_LABELS", "DEFAULT_TAXONOMY", "ENRICHED_VERSION_KEY", "KIND_LABELS", "MAX_TEXTS", "PAGE_SIZE",
    "SCORED_LANGUAGES", "SEARCH_ORDERS", "SENTIMENTS", "SOURCES", "TIMELINE_SOURCES", "Profile", "Theme", "add_rule",
    "add_theme", "band_of", "decisive_words", "disagreement", "score_side", "choose_n_themes", "coherence", "compile_themes", "correct_tags", "customer_revenue", "detect_languages", "language_name", "languages",
    "EnrichmentProgress", "delete_theme", "discover_first_themes", "discover_themes", "discovered",
    "enrich", "enrich_in_background", "enrich_with_first_themes", "enrichment_progress",
    "ensure_enriched", "excerpt", "explain_tags", "gist",
    "find_customers", "is_default_taxonomy", "load_taxonomy", "mask", "mask_frame", "merge_themes",
    "names_of", "needs_enrichment", "pick_unseen", "prepare_names", "profile", "rename_theme", "retag",
    "sample_texts", "save_taxonomy", "tag_reasons", "score_label", "score_tone", "search", "sentiment",
    "sentiment_label", "slug", "split_theme", "tag_texts", "taxonomy_from_json", "taxonomy_to_json",
    "taxonomy_version", "terms", "theme_counts", "theme_keywords", "theme_names", "timeline", "voice_sentiment",
    "wait_for_enrichment",
    "without_lead",
]
