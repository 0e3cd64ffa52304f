"""The app on the demo in PostgreSQL ($HEARTBEAT_ENGINE): every page draws from there with the same
figures as on the DuckDB file and says where it computes; the Data page imports into it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import engine, metrics, workspace
from analytics.metrics import formatting
from tests.apptest_support import ROOT, RUN_TIMEOUT, app_factory  # noqa: F401 (fixture)
from tests.test_pages_explore import Q3, metric

PAGES = ("pages/churn.py", "pages/satisfaction.py", "pages/voices.py", "pages/drivers.py", "pages/case.py",
         "pages/present.py", "pages/themes.py", "pages/data.py")


@pytest.fixture
def published(demo, postgres_database):
    url = postgres_database()
    engine.publish(demo, url)
    return url


@pytest.fixture
def on_postgres(published, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("HEARTBEAT_ENGINE", published)
    monkeypatch.setenv("HEARTBEAT_WORKSPACE", "/nonexistent/never-opened.duckdb")  # only PostgreSQL is read
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT)
    yield at
    st.cache_resource.clear()


def test_every_page_draws_from_postgresql_with_the_same_figures(on_postgres, demo):
    at = on_postgres.run()
    assert not at.exception
    assert any("Computed in PostgreSQL" in c.value for c in at.caption)
    nps = metrics.compute(demo, "nps", Q3)
    assert metric(at, "NPS").value == formatting.value("nps", nps.value)
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
    # the Data page (the last) takes uploads into the store, and says where it is stored
    assert at.get("file_uploader") and not at.info
    at.expander[-1].open = True
    assert any("shared by every Heartbeat process" in c.value for c in at.caption)
    at.query_params["customer"] = "C-00001"  # one account whole: its revenue, words and timeline
    at.switch_page("pages/customer.py").run()
    assert not at.exception and not at.warning


def test_a_publication_reaches_the_running_app_once_it_commits(on_postgres, published, demo_copy, tmp_path):
    """Two processes on one PostgreSQL workspace: the app serves the Overview from it while the
    command line, in another process, imports a batch into the DuckDB workspace and publishes it;
    the app's next run shows the new figures (its caches are keyed by the publication)."""
    at = on_postgres.run()
    before = metric(at, "NPS").value
    customers = workspace.connect(demo_copy, read_only=True)
    ids = [row[0] for row in customers.execute("SELECT customer_id FROM customers ORDER BY 1 LIMIT 400").fetchall()]
    customers.close()
    answers = tmp_path / "late_detractors.csv"
    answers.write_text("response_id,customer_id,responded_at,survey,score,comment\n" + "".join(
        f"LATE-{i},{cid},2026-08-15 12:00:00,nps,0,Cancelling next month\n" for i, cid in enumerate(ids)))
    for command in (["import", str(answers)], ["publish", "--to", published]):
        subprocess.run([sys.executable, "-m", "analytics", *command, "--workspace", str(demo_copy)],
                       cwd=ROOT, check=True, capture_output=True, env={**os.environ, "HEARTBEAT_ENGINE": ""})
    with workspace.connect(demo_copy, read_only=True) as con:
        after = metrics.compute(con, "nps", Q3)
    at.run()
    assert not at.exception
    assert metric(at, "NPS").value == formatting.value("nps", after.value) != before


def test_an_empty_database_opens_on_the_demo_built_in_the_store(postgres_database, demo, monkeypatch):
    """The app pointed at an empty PostgreSQL database makes it a store and fills it with the demo,
    enriched, as a new DuckDB file would be: the same NPS as the DuckDB demo."""
    url = postgres_database()
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("HEARTBEAT_ENGINE", url)
    monkeypatch.setenv("HEARTBEAT_WORKSPACE", "/nonexistent/never-opened.duckdb")
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT).run()
    assert not at.exception
    assert metric(at, "NPS").value == formatting.value("nps", metrics.compute(demo, "nps", Q3).value)
    with engine.connect(url) as pg:
        assert workspace.is_demo(pg)
        assert pg.execute("SELECT count(*) = count(sentiment) FROM voices_enriched").fetchone()[0]
    st.cache_resource.clear()
