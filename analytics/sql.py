"""Small helpers every SQL-writing module shares: named parameters and JSON paths.

Values always travel as parameters; identifiers from uploads never become SQL text (uploaded
column names are kept as JSON keys and reached with `json_path`, which is itself a parameter).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Params:
    """Collects named query parameters ($p0, $p1, ...) while SQL text is assembled."""

    values: dict[str, object] = field(default_factory=dict)

    def __call__(self, value: object) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"${name}"


def json_path(key: str) -> str:
    """JSON path to a top-level key, whatever characters the key holds."""
    return '$."' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
