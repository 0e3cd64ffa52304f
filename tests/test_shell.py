"""The app shell: why `ui.shell.ensure_app` exists, and that every page is drawn inside the app."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.apptest_support import app_factory  # noqa: F401 (fixture)

APP = """
import streamlit as st
st.session_state.setdefault("log", []).append("app")
st.navigation([st.Page("pages/a.py", default=True), st.Page("pages/b.py")]).run()
"""
PAGE = 'import streamlit as st\nst.session_state.setdefault("log", []).append("{name}")\nst.title("{name}")\n'


def test_streamlit_still_runs_a_page_file_alone_beside_a_pages_folder(tmp_path: Path):
    """Because a `pages/` folder sits beside the entry script, Streamlit runs a page file without
    the entry script around it (here on every AppTest run; on a server, on the first visit after
    it starts when that visit opens a page's URL). ui.shell.ensure_app is the answer to that.
    When this test fails, Streamlit no longer does it: delete ensure_app and app_run."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "app.py").write_text(APP)
    for name in ("a", "b"):
        (tmp_path / "pages" / f"{name}.py").write_text(PAGE.format(name=name))
    at = AppTest.from_file(str(tmp_path / "app.py"))
    at.run()
    at.switch_page("pages/b.py").run()
    assert at.title[0].value == "b"
    assert at.session_state["log"][-2:] != ["app", "b"], "page b ran inside the app: see the docstring"


def test_every_page_is_drawn_inside_the_app(app_factory):  # noqa: F811
    at = app_factory()
    at.run()
    for page in sorted(p.name for p in (Path(__file__).parent.parent / "pages").glob("*.py")):
        at.switch_page(f"pages/{page}").run()
        assert not at.exception, (page, at.exception)
        assert any(m.value.endswith("Heartbeat") and m.value.startswith("### ") for m in at.markdown), page  # the menu
        if page != "present.py":  # a presentation hides the sidebar (its filters still apply)
            assert at.multiselect(key="filter_segment") is not None, page
