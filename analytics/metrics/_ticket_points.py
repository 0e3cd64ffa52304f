"""Ticket ratings as the helpdesk wrote them.

Tickets store their rating on 1–5 whatever their tool's scale (Zendesk's Good/Bad as 5/1, Help
Scout's three faces as 5/3/1, a 1–10 score placed between), so that figures and sides read one
scale. A caption or a chart says the rating as the tool showed it to the customer: 'Bad', not
'1/5'. The points come from the mapping each live ticket import was read with; where two imports
read different scales, none is said and the ratings show as stored.
"""

from __future__ import annotations

import json

from analytics.ingest import Mapping, rated_points


def ticket_points(con) -> dict[float, str]:
    """Stored rating (1–5) → as the tool wrote it, for the live ticket imports that hold a rating;
    {} when they were read on 1–5 already, or on different scales."""
    rows = con.execute("SELECT mapping FROM imports WHERE kind = 'tickets' AND undone_at IS NULL").fetchall()
    mappings = [Mapping.from_json(m if isinstance(m, str) else json.dumps(m)) for (m,) in rows if m]
    found = {rated_points(mapping) for mapping in mappings if "satisfaction" in mapping.columns}
    return dict(found.pop()) if len(found) == 1 else {}


def ticket_word(points: dict[float, str], score: float) -> str | None:
    """The tool's word for a stored rating, or None."""
    return points.get(round(float(score), 6))
