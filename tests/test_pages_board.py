"""AppTest for the board pages: the investment case and the presentation mode."""

import pytest

from analytics import impact, metrics, workspace
from analytics.metrics import formatting
from tests.apptest_support import app_factory, workspace_file  # noqa: F401 (fixture)


@pytest.fixture
def app(app_factory):  # noqa: F811
    at = app_factory()
    at.run()
    return at


def test_case_page_shows_the_computed_case_and_saves_it(app):
    app.session_state["case_problem"] = {"kind": "theme", "key": "pricing-value", "label": "Pricing & value"}
    app.switch_page("pages/case.py").run()
    assert not app.exception
    con = workspace.connect(workspace_file())
    try:
        slice_ = metrics.default_slice(con)
        built = impact.build_case(con, "x", impact.Problem("theme", "pricing-value", None, "Pricing & value"),
                           slice_, impact.Investment(cost=150_000, effect=0.3))
    finally:
        con.close()
    shown = {m.label: m.value for m in app.metric}
    assert shown["Customers affected"] == f"{built.rational.affected:,}"
    assert shown["Revenue at risk per year"] == formatting.money(built.rational.revenue_at_risk_year)
    table = app.dataframe[0].value
    assert list(table["Scenario"]) == ["Pessimistic", "Expected", "Optimistic"]
    assert table["Kept, year 1"].iloc[1] == formatting.money(built.outcomes[1].retained_per_year)
    assert table["NPV over 2 years"].iloc[1] == formatting.money(built.outcomes[1].npv)
    assert table["Payback"].iloc[1] == impact.payback_text(built.outcomes[1].payback_months, 24)
    quotes = [m.value for m in app.markdown if m.value.startswith("“")]
    assert len(quotes) == len(built.quotes) >= 1

    app.text_input[0].set_value("Pricing fix").run()
    next(b for b in app.button if b.label == "Save case").click().run()
    assert not app.exception
    con = workspace.connect(workspace_file())
    try:
        assert impact.case_names(con) == ["Pricing fix"]
        reopened = impact.load_case(con, "Pricing fix")
        assert [q.unit_id for q in reopened.quotes] == [q.unit_id for q in built.quotes]
    finally:
        con.close()


def test_presentation_walks_through_its_slides(app):
    app.switch_page("pages/case.py").run()
    next(b for b in app.button if b.label == "Present").click().run()
    app.switch_page("pages/present.py").run()  # AppTest does not follow switch_page from a click
    assert not app.exception
    titles = []
    for _ in range(4):
        titles.append(app.title[-1].value)
        forward = next(b for b in app.button if b.label == "Next →")
        if forward.disabled:
            break
        forward.click().run()
        assert not app.exception
    # the case as a story: its problem (figure and one voice) first, then its stories, then the ask
    assert titles[0].startswith("The case:")
    assert titles[1].startswith("In their words:")
    assert titles[2] == "The ask" and len(titles) == 3


def test_presentation_without_a_case_covers_each_headline_figure_with_its_own_voice(app):
    app.run()
    app.switch_page("pages/present.py").run()
    assert not app.exception
    titles, quotes = [], []
    while True:
        titles.append(app.title[-1].value)
        quotes += [m.value for m in app.markdown if m.value.startswith("“")]
        forward = next(b for b in app.button if b.label == "Next →")
        if forward.disabled:
            break
        forward.click().run()
        assert not app.exception
    assert [t.split(" · ")[0] for t in titles] == ["Logo churn", "NPS", "CSAT", "Customer effort (CES)",
                                                   "Support CSAT"]
    assert len(quotes) == len(titles) and len(set(quotes)) == len(quotes)  # a different voice on each
