"""Uploaded text is never markup: a segment value and a theme name full of markdown images, links,
colour directives, HTML and maths reach every page's captions, titles, tables and charts as the
characters typed. Checked in the elements Streamlit would draw (AppTest) and in the plotly figures."""

from __future__ import annotations

import json
import re

import pytest

from analytics import board, voices, workspace
from analytics.metrics import Slice, compute
from tests.apptest_support import app_factory, workspace_file  # noqa: F401 (fixture)
from ui.text import plain

HOSTILE = ("![x](http://127.0.0.1:9/t.png) :red[X] <img src=http://127.0.0.1:9/i.png> [go](http://127.0.0.1:9) $$x$$"
           " \u202etxet\u200b")  # a right-to-left override and a zero-width space
THEME = "<a href='http://127.0.0.1:9'>Billing</a> **bold** :blue[B]"
# markup that would act if not escaped (an escaped "\\<img" is shown as "<img", as typed)
RAW = re.compile(r"!\[x\]\(|(?<!\\):red\[X\]|(?<!\\)<img|(?<!\\)\[go\]\(|(?<!\\)<a href|(?<!\\)\*\*bold|(?<!\\):blue\[B\]")
PAGES = ("pages/overview.py", "pages/churn.py", "pages/satisfaction.py", "pages/drivers.py", "pages/voices.py",
         "pages/case.py", "pages/present.py")


@pytest.fixture
def hostile_app(app_factory):  # noqa: F811
    at = app_factory()
    con = workspace.connect(workspace_file())
    try:
        with workspace.transaction(con):
            con.execute("UPDATE customers SET segment = ? WHERE segment = 'SMB'", [HOSTILE])
        voices.rename_theme(con, "billing-invoices", THEME)
    finally:
        con.close()
    return at


def shown_texts(at) -> list[str]:
    """Every text Streamlit renders as markdown on the page."""
    kinds = ("markdown", "caption", "title", "subheader", "header", "error", "warning", "info", "success")
    return [element.value for kind in kinds for element in at.get(kind)]


def test_hostile_names_are_shown_as_typed_on_every_page(hostile_app):
    at = hostile_app
    at.run()
    assert not at.exception
    segment = next(m for m in at.multiselect if m.key == "filter_segment")
    assert HOSTILE in segment.options  # the value is offered as plain text
    segment.set_value([HOSTILE]).run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        texts = shown_texts(at)
        assert any(plain(HOSTILE) in text for text in texts), page  # there, escaped: it reads as typed
        for text in texts:
            assert not RAW.search(text), (page, RAW.search(text), text[:200])
            assert "\u202e" not in text and "\u200b\u200b" not in text, (page, text[:200])
        for chart in at.get("plotly_chart"):
            spec = json.loads(chart.proto.spec)
            for text in _rendered(spec):
                assert "<img" not in text and "<a href" not in text, (page, text[:200])


def _rendered(spec: dict) -> list[str]:
    """The strings plotly draws as (HTML-capable) text: tick labels, hover texts, trace texts and
    names, category values on a category axis."""
    out = []
    for axis in ("xaxis", "yaxis"):
        out += [str(t) for t in spec.get("layout", {}).get(axis, {}).get("ticktext", []) or []]
    for trace in spec.get("data", []):
        for key in ("hovertext", "text", "name"):
            value = trace.get(key)
            out += [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
        if trace.get("type") == "bar" and trace.get("orientation") == "h" and "ticktext" not in str(spec):
            out += [str(v) for v in trace.get("y", [])]
    return out


def test_chart_labels_escape_uploaded_markup(demo):
    results = [compute(demo, "churn_rate", Slice().where("segment", "SMB"))]
    figure = board.breakdown(results, [HOSTILE], 1, attribute="segment")
    drawn = [*figure.layout.yaxis.ticktext, *figure.data[0].hovertext]  # what plotly renders as text
    assert all("<img" not in text for text in drawn)
    assert all("&lt;img src=http://127.0.0.1:9/i.png&gt;" in text for text in drawn)
    assert board.chart_text("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert board.chart_text("a\u202eb\u2067c\u2069\ufeff") == "a[U+202E]b[U+2067]c[U+2069][U+FEFF]"
    assert board.chart_text("\u0645\u0631\u062d\u0628\u0627 \u200f!") == "\u0645\u0631\u062d\u0628\u0627 \u200f!"  # Arabic + RLM stay
    assert plain("x\u202ey") == "x\\[U\\+202E\\]y"  # shown as "x[U+202E]y"
