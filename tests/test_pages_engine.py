"""The app on a PostgreSQL copy of the demo ($HEARTBEAT_ENGINE): every page draws from there with
the same figures as on the DuckDB file, says where it computes, and offers no write."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import engine, metrics
from analytics.metrics import formatting
from tests.apptest_support import ROOT, RUN_TIMEOUT, app_factory  # noqa: F401 (fixture)
from tests.test_pages_explore import Q3, metric

PAGES = ("pages/churn.py", "pages/satisfaction.py", "pages/voices.py", "pages/drivers.py", "pages/case.py",
         "pages/present.py", "pages/themes.py", "pages/data.py")


@pytest.fixture(scope="module")
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
    # the Data page offers no upload: imports go to the DuckDB workspace, then it is published again
    assert not at.get("file_uploader") and any("published to PostgreSQL" in i.value for i in at.info)
