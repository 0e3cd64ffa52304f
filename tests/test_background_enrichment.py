"""Enrichment in the background: one worker per workspace whatever the number of sessions, the same
tags as enriching inline, failures kept and shown rather than retried, and pages that show their
figures with an "updating" note while it runs, then the new state once it is done."""

from __future__ import annotations

import shutil
import threading

import pytest

from analytics import engine, voices, workspace
from analytics.voices import _background, _enrich, _scorer
from tests.apptest_support import app_factory  # noqa: F401 (fixture)

ACTOR = "Heartbeat (automatic)"


def _unenriched(con) -> None:
    """Forget every voice's enrichment, as if the voices had just been imported."""
    with workspace.transaction(con, bump=False):
        con.execute("DELETE FROM voice_themes; DELETE FROM voice_enrichment")
        workspace.set_meta(con, "enriched_version", "-1")


@pytest.fixture
def pending(demo_copy):
    """The demo workspace with every voice waiting for enrichment, opened for writing."""
    con = workspace.connect(demo_copy)
    _unenriched(con)
    yield con
    voices.wait_for_enrichment(con)
    con.close()


@pytest.fixture
def gate(monkeypatch):
    """Hold the worker at its start until the test opens the gate; counts the worker's passes."""
    opened, calls = threading.Event(), []
    real = _background.enrich_with_first_themes

    def held(con, **options):
        calls.append(1)
        assert opened.wait(120), "the test never opened the gate"
        return real(con, **options)

    monkeypatch.setattr(_background, "enrich_with_first_themes", held)
    yield opened, calls
    opened.set()


def _workers() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "heartbeat-enrichment" and t.is_alive()}


def _tags(con) -> tuple[list, list]:
    sentiment = con.execute("SELECT voice_id, sentiment FROM voice_enrichment ORDER BY voice_id").fetchall()
    tags = con.execute("SELECT voice_id, theme_id FROM voice_themes ORDER BY voice_id, theme_id").fetchall()
    return sentiment, tags


def _keep_few_customers(con, customers: int = 300) -> None:
    """Only the first `customers` customers and their words: the same code path, a tenth of the work."""
    kept = f"SELECT customer_id FROM customers ORDER BY customer_id LIMIT {customers}"
    with workspace.transaction(con, bump=False):
        con.execute(f"DELETE FROM responses WHERE customer_id NOT IN ({kept})")
        con.execute(f"DELETE FROM tickets WHERE customer_id NOT IN ({kept})")
        con.execute(f"DELETE FROM customers WHERE customer_id NOT IN ({kept})")


def test_one_worker_for_every_session_and_the_same_tags_as_inline(pending, gate, demo_file, tmp_path):
    opened, calls = gate
    _keep_few_customers(pending)
    before = _workers()  # other tests' workspaces may still be enriching in this process
    sessions = [pending.cursor() for _ in range(5)]  # five sessions open a page at once
    states = [voices.enrich_in_background(cursor, actor=ACTOR) for cursor in sessions]
    assert all(state is not None and state.running for state in states)
    started = _workers() - before
    assert len(started) == 1
    assert voices.needs_enrichment(pending)  # nothing written while the worker waits at the gate
    opened.set()
    done = voices.wait_for_enrichment(pending, timeout=300)
    assert done is not None and not done.running and done.error is None and done.fraction == 1.0
    assert calls == [1] and not any(t.is_alive() for t in started)
    assert not voices.needs_enrichment(pending)
    assert voices.enrich_in_background(pending, actor=ACTOR) is None  # up to date: nothing starts

    inline = tmp_path / "inline.duckdb"
    shutil.copyfile(demo_file, inline)
    reference = workspace.connect(inline)
    try:
        _keep_few_customers(reference)
        _unenriched(reference)
        voices.enrich(reference)
        assert _tags(pending) == _tags(reference)
        assert len(_tags(pending)[0]) == reference.execute("SELECT count(*) FROM voices").fetchone()[0] > 500
    finally:
        reference.close()


def test_the_scoring_process_answers_like_scoring_here_and_survives_its_child_dying():
    scorer = _scorer.ScoringProcess()
    texts = ["Billing is a mess, the invoice was wrong twice.", "Love the dashboards!", None, ""]
    themes = tuple(voices.DEFAULT_TAXONOMY)
    try:
        here = _enrich.score_texts(texts, themes)
        there = scorer.score(texts, themes)
        assert there[0] == here[0] and there[1].tolist() == here[1].tolist() and there[2] == here[2]
        child = scorer._child()
        child.kill()
        child.wait()
        assert scorer.score(texts, themes)[2] == here[2]  # a new child took over
    finally:
        scorer.close()


def test_a_failure_is_kept_and_not_retried_on_the_same_data(pending, monkeypatch):
    calls = []

    def broken(con, **options):
        calls.append(1)
        raise RuntimeError("the sentiment model is missing")

    monkeypatch.setattr(_background, "enrich_with_first_themes", broken)
    voices.enrich_in_background(pending, actor=ACTOR)
    failed = voices.wait_for_enrichment(pending, timeout=60)
    assert failed.error == "RuntimeError: the sentiment model is missing" and not failed.running
    again = voices.enrich_in_background(pending, actor=ACTOR)
    assert again.error == failed.error and calls == [1]  # shown again, not run again
    with workspace.transaction(pending):  # the data changes (an import would): one more try
        pass
    voices.enrich_in_background(pending, actor=ACTOR)
    voices.wait_for_enrichment(pending, timeout=60)
    assert calls == [1, 1]


def test_pages_show_figures_and_a_note_while_enrichment_runs_then_the_new_state(
        app_factory, demo_copy, gate):  # noqa: F811
    opened, _ = gate
    con = workspace.connect(demo_copy)
    _keep_few_customers(con)
    _unenriched(con)
    con.close()
    app = app_factory(demo_copy)
    app.run()
    assert not app.exception
    note = [c.value for c in app.caption if "being updated" in c.value]
    assert note and "Sentiment and themes are being updated (0%)" in note[0]
    nps = next(m for m in app.metric if m.label == "NPS")
    assert nps.value.startswith(("+", "−", "-", "0"))  # the figure is there while tagging waits

    opened.set()
    con = workspace.connect(demo_copy, read_only=False)
    try:
        assert voices.wait_for_enrichment(con, timeout=300).error is None
    finally:
        con.close()
    app.run()
    assert not app.exception
    assert not [c.value for c in app.caption if "being updated" in c.value]
    assert next(m for m in app.metric if m.label == "NPS").value == nps.value  # scores never depended on it


def test_a_page_on_postgresql_gets_no_progress_while_a_file_workspace_enriches(pending, gate, demo,
                                                                              postgres_database):
    """One server process, two workspaces: a worker enriching a DuckDB file must not make a page
    reading PostgreSQL ask PostgreSQL for DuckDB's catalogue (it raised, and the page failed)."""
    url = postgres_database()
    engine.publish(demo, url)
    _keep_few_customers(pending)  # what the worker does once the gate opens is not this test's
    assert voices.enrich_in_background(pending, actor=ACTOR).running  # held at the gate: alive
    with engine.connect(url) as store:
        assert voices.enrichment_progress(store) is None
    assert voices.enrichment_progress(pending).running
    gate[0].set()
