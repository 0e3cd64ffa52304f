"""Enrichment in the background: one worker per workspace in this process, never in a page's request.

`enrich_in_background(con, actor)` starts the worker when voices wait for sentiment and themes and
none runs yet, and returns its `Progress` (None when everything is enriched). Every session asks
the same worker: an import is enriched once, whoever opens a page. The worker keeps going while
imports land during its run, writes as `actor`, and stops on its first error, kept for the pages
to show (it is not retried until the workspace changes). `enrichment_progress(con)` reads the state
without starting anything; `wait_for_enrichment(con)` blocks until the worker is done (the command
line and tests).

The texts are scored (VADER, theme patterns: pure Python, CPU-bound) in one child process
(`_scorer`) shared by every workspace of this server; the worker thread here only reads the pending
voices and writes the results. A thread alone would hold the interpreter's lock for most of each batch, and every
session's page would wait behind it; the process runs at the lowest priority (nice 19), so pages
being served get the cores first and enrichment takes what is left. Pages keep working meanwhile: figures that need no enrichment
are complete, and those that do read the voices enriched so far (each batch lands in its own
transaction).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from analytics.engine import is_file
from analytics.voices._enrich import needs_enrichment
from analytics.voices._first import enrich_with_first_themes
from analytics.voices._scorer import ScoringProcess
from analytics.workspace import acting_as, version

MAX_PASSES = 5  # imports landing during a pass start another; a bound against an endless loop


@dataclass(frozen=True)
class Progress:
    """What the worker is doing: `running`, `fraction` done in [0, 1], its last `message`, and
    the `error` it stopped on (None when it did not fail)."""

    running: bool
    fraction: float
    message: str
    error: str | None = None


class _Worker:
    def __init__(self, con, actor: str) -> None:
        self.progress = Progress(True, 0.0, "Starting")
        self.failed_at_version: int | None = None
        self._thread = threading.Thread(target=self._run, args=(con.cursor(), actor), daemon=True,
                                        name="heartbeat-enrichment")
        self._thread.start()

    def alive(self) -> bool:
        return self._thread.is_alive()

    def join(self, timeout: float | None) -> None:
        self._thread.join(timeout)

    def _report(self, fraction: float, message: str) -> None:
        self.progress = Progress(True, fraction, message)

    def _run(self, con, actor: str) -> None:
        try:
            with acting_as(actor, "admin"):
                for _ in range(MAX_PASSES):
                    if not needs_enrichment(con):
                        break
                    enrich_with_first_themes(con, on_progress=self._report, score=_SCORER.score)
            self.progress = Progress(False, 1.0, "Sentiment and themes are up to date")
        except Exception as err:  # kept for the pages to show; the worker ends here
            self.failed_at_version = version(con)
            self.progress = Progress(False, self.progress.fraction, self.progress.message,
                                     error=f"{type(err).__name__}: {err}")
        finally:
            con.close()


_WORKERS: dict[str, _Worker] = {}
_LOCK = threading.Lock()
_SCORER = ScoringProcess()  # one scoring process for every workspace of this server


def _key(con) -> str:
    return con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]


def enrich_in_background(con, actor: str) -> Progress | None:
    """Start the workspace's one enrichment worker if voices wait and none runs; its progress,
    or None when sentiment and themes are up to date."""
    with _LOCK:
        key = _key(con)
        worker = _WORKERS.get(key)
        if worker is not None and worker.alive():
            return worker.progress
        if worker is not None and worker.progress.error and worker.failed_at_version == version(con):
            return worker.progress  # failed on this very data: say so rather than fail again
        if not needs_enrichment(con):
            return None
        _WORKERS[key] = _Worker(con, actor)
        return _WORKERS[key].progress


def enrichment_progress(con) -> Progress | None:
    """The progress of this workspace's running worker (None when none runs); starts nothing.
    Pages ask on every cached read, so while nothing runs it answers without a query. Workers run
    on DuckDB workspace files only: a page on PostgreSQL or Spark gets None, even while a worker
    of another workspace in this process runs."""
    with _LOCK:
        if not is_file(con) or not any(worker.alive() for worker in _WORKERS.values()):
            return None
        worker = _WORKERS.get(_key(con))
    return None if worker is None or not worker.alive() else worker.progress


def wait_for_enrichment(con, timeout: float | None = None) -> Progress | None:
    """Block until this workspace's worker (if any) is done; its final progress."""
    with _LOCK:
        worker = _WORKERS.get(_key(con))
    if worker is None:
        return None
    worker.join(timeout)
    return worker.progress
