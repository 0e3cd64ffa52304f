"""Demo: a seeded, realistic workspace so Heartbeat opens on something true to life.

Public surface: `generate_demo` (the frames an export would hold), `load_demo` (replace a
workspace's contents with them, through the ordinary import path) and `ensure_demo` (load it into
a brand-new workspace, once). Inside: `_model` (the customers' latent health, pains and churn),
`_texts` (the words), `_generator`, `_seed`.
"""

from analytics.demo._generator import generate_demo
from analytics.demo._model import MONTHS_IN_WINDOW, PLANS, REGIONS, SEGMENTS, THEMES
from analytics.demo._seed import ensure_demo, load_demo

__all__ = ["MONTHS_IN_WINDOW", "PLANS", "REGIONS", "SEGMENTS", "THEMES", "ensure_demo", "generate_demo",
           "load_demo"]
