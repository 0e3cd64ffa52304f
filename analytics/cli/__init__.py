"""Command line: `python -m analytics …` (see `_main` for the commands and exit codes)."""

from analytics.cli._main import main

__all__ = ["main"]
