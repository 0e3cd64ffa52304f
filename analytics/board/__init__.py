"""Board: what a CX lead shows — charts for the app, and the deck, brief and safe spreadsheets
that leave it.

Public surface:
- charts (plotly figures): `trend`, `breakdown`, `score_distribution`, `churned_revenue`,
  `cohort_heatmap`, `survival_curves`, `theme_money`, `theme_impact`, `customer_revenue`, and what clicks and
  captions need (`picked`, `month_key`, `narrowed`, `slice_label`, `enough`, `too_few_note`,
  `n_range`, `CHART_CONFIG`);
- the palette (`BRAND`, `GOOD`, `BAD`, `NEUTRAL`, `SIDE_COLOURS`, `TONE_NAMES`, `MOOD_NAMES`);
- exports: `overview_deck`, `case_deck`, `overview_html`, `case_html`, `to_pdf`, `safe_csv`,
  `safe_xlsx`, `neutralise`, and their errors (`ChartError`, `PdfError`, `TemplateError` for a
  company template the decks cannot use); `warm_up` starts the
  chart renderer early;
- uploaded text made visible as typed: `chart_text` (plotly), `reveal` (hidden reordering
  characters shown as their code, used by every page, chart and export).
"""

from analytics.board._brief import PdfError, case_html, overview_html, to_pdf
from analytics.board._charts import (breakdown, churned_revenue, customer_revenue, score_distribution,
                                     theme_impact, theme_money, trend)
from analytics.board._deck import case_deck, overview_deck
from analytics.board._exports import neutralise, safe_csv, safe_xlsx
from analytics.board._palette import (BAD, BRAND, GOOD, MOOD_NAMES, NEUTRAL, SIDE_COLOURS,
                                      TONE_NAMES)
from analytics.board._render import ChartError, warm_up
from analytics.board._slides import TemplateError
from analytics.board._retention_charts import cohort_heatmap, survival_curves
from analytics.board._style import CONFIG as CHART_CONFIG
from analytics.board._views import reveal
from analytics.board._style import (chart_text, enough, month_key, n_range, narrowed, picked, slice_label,
                                    too_few_note)

__all__ = [
    "BAD", "BRAND", "CHART_CONFIG", "ChartError", "GOOD", "MOOD_NAMES", "NEUTRAL", "PdfError",
    "SIDE_COLOURS", "TONE_NAMES", "TemplateError", "breakdown", "case_deck", "chart_text", "case_html", "churned_revenue",
    "cohort_heatmap", "customer_revenue", "enough", "month_key", "n_range", "narrowed", "neutralise",
    "overview_deck", "overview_html", "picked", "reveal", "safe_csv", "safe_xlsx",
    "score_distribution", "slice_label", "survival_curves", "theme_impact", "theme_money", "to_pdf", "too_few_note",
    "trend", "warm_up",
]
