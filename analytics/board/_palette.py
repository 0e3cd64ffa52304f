"""One look for every screen, slide and page: colours and fonts, declared once."""

BRAND = "#1f6feb"
GOOD = "#1a7f37"  # one colour for "good"
BAD = "#cf222e"  # one for "bad"
LIGHT_BAD = "rgba(207,34,46,0.38)"  # BAD, lighter: revenue still here but at risk
NEUTRAL = "#6e7781"
INK = "#1f2328"
MUTED = "#57606a"
RULE = "#d0d7de"
PANEL = "#f6f8fa"
GRID = "#eaeef2"
FAINT = "#d0d7de"  # bars and points below the minimum n
TONES = {"good": GOOD, "bad": BAD, "neutral": NEUTRAL}
# Streamlit's colour names for the same tones, for badges and coloured text on screen.
TONE_NAMES = {"good": "green", "bad": "red", "neutral": "gray"}
MOOD_NAMES = {"negative": "red", "neutral": "gray", "positive": "green"}

APP_FONT = '"Source Sans", "Source Sans Pro", sans-serif'
DECK_FONT = "Arial"  # rendered as Liberation Sans where Arial is absent: same metrics
CHART_FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"

SIDE_COLOURS = {"detractors": BAD, "passives": NEUTRAL, "promoters": GOOD, "dissatisfied": BAD,
                "satisfied": GOOD, "hard": BAD, "easy": GOOD, "low": BAD, "middling": NEUTRAL, "top": GOOD,
                "would not": BAD, "would": GOOD}
GROUP_COLOURS = {"promoter": GOOD, "passive": NEUTRAL, "detractor": BAD, "no answer": "#8c959f"}
GROUP_DASHES = {"promoter": "solid", "passive": "solid", "detractor": "solid", "no answer": "dot"}
