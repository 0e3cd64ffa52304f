"""AppTest for Voices, Drivers, Customer and Themes: no exceptions, the figures equal the analytics
for the current slice, quotes are shown (masked, escaped) and taxonomy edits persist."""

from __future__ import annotations

import json
from datetime import date


from analytics import impact, ingest, voices, workspace
from analytics.metrics import Slice, formatting
from ui.links import customer_url
from tests.apptest_support import app_factory, workspace_file  # noqa: F401 (fixture)

Q3 = Slice(date(2026, 7, 1), date(2026, 10, 1))  # the demo's default period
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> **loud** [click](http://evil.test)"


def connect():
    return workspace.connect(workspace_file())


def quotes(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("“")]


def open_page(app_factory, page: str, **query):  # noqa: F811
    at = app_factory()
    at.run()
    assert not at.exception
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def select_row(at, key: str, row: int):
    """Select a dataframe row as a click in the browser would (the widget's UI value)."""
    table = next(e for e in at.dataframe if e.key == key)
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = table.proto.id
    state.string_value = json.dumps({"selection": {"rows": [row], "columns": [], "cells": []}})
    return at._run(states)


# ---------------------------------------------------------------- Voices

def total_shown(at) -> int:
    line = next(m.value for m in at.markdown if m.value.startswith("**") and " voice" in m.value)
    return int(line[2:line.index(" voice")].replace(",", ""))


def test_voices_page_lists_the_slice_voices(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/voices.py")
    assert at.title[0].value == "Voices"
    con = connect()
    try:
        rows, total = voices.search(con, Q3)
    finally:
        con.close()
    assert total_shown(at) == total
    assert len(quotes(at)) == voices.PAGE_SIZE
    first = next(c.value for c in at.caption if customer_url(rows.customer_id.iloc[0]) in c.value)
    assert formatting.money(rows.mrr.iloc[0]) in first.replace("\\$", "$")

    at.text_input(key="voices_words").set_value("invoice charged").run()
    assert not at.exception
    con = connect()
    try:
        _, narrowed = voices.search(con, Q3, words="invoice charged")
        _, churned = voices.search(con, Q3, words="invoice charged", churned=True)
    finally:
        con.close()
    assert 0 < total_shown(at) == narrowed < total
    assert all("invoice" in q.lower() and "charged" in q.lower() for q in quotes(at))
    at.segmented_control(key="voices_status").set_value("Churned").run()
    assert total_shown(at) == churned
    cards = [c.value for c in at.caption if "customer?customer=" in c.value]
    assert len(cards) == min(churned, voices.PAGE_SIZE) and all(":red[churned" in c for c in cards)


def test_voices_page_shows_where_words_contradict_the_score(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/voices.py")
    at.toggle(key="voices_disagree").set_value(True).run()
    assert not at.exception
    con = connect()
    try:
        rows, total = voices.search(con, Q3, disagree=True)
    finally:
        con.close()
    assert 0 < total_shown(at) == total
    cards = [c.value for c in at.caption if "customer?customer=" in c.value]
    assert len(cards) == min(total, voices.PAGE_SIZE)
    assert all(":orange-badge[says " in c or ":orange-badge[reads " in c for c in cards)
    said = voices.disagreement(*rows.loc[0, ["text", "text_sentiment", "kind", "score", "scale_min", "scale_max"]])
    assert f":orange-badge[{said}]" in cards[0].replace("\\", "")


def test_voices_page_next_page(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/voices.py")
    first = quotes(at)
    next(b for b in at.button if b.label == "Next").click().run()
    assert not at.exception
    assert any("showing 26–50" in m.value for m in at.markdown)
    assert quotes(at) != first


def test_an_analyst_corrects_a_voices_themes_on_its_card(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/voices.py")
    con = connect()
    try:
        rows, _ = voices.search(con, Q3)
    finally:
        con.close()
    first = rows.iloc[0]
    wanted = sorted(set(first.themes) ^ {"integrations"})  # flip one theme
    at.multiselect(key=f"tags-{first.voice_id}").set_value(wanted).run()
    next(b for b in at.button if b.key == f"tags-save-{first.voice_id}").click().run()
    assert not at.exception, at.exception
    con = connect()
    try:
        stored = {t for (t,) in con.execute("SELECT theme_id FROM voice_themes WHERE voice_id = ?",
                                            [first.voice_id]).fetchall()}
    finally:
        con.close()
    assert stored == set(wanted)
    card = next(c.value for c in at.caption if customer_url(first.customer_id) in c.value)
    assert ("Integrations" in card) == ("integrations" in wanted)


def test_hostile_comment_renders_as_text_and_personal_data_is_masked(app_factory, tmp_path):  # noqa: F811
    at = app_factory()
    at.run()
    con = connect()
    try:
        name, email = con.execute("SELECT name, email FROM customers WHERE customer_id = 'C-00001'").fetchone()
        path = tmp_path / "hostile.csv"
        comment = f"{HOSTILE} Regards, {name} ({email})".replace('"', '""')
        path.write_text(f'response_id,customer_id,date,nps,comment\nH-1,C-00001,2026-09-15,2,"{comment}"\n')
        ingest.import_file(con, path, kind="responses")
    finally:
        con.close()
    at.switch_page("pages/voices.py").run()  # the app enriches the new voice first
    at.text_input(key="voices_words").set_value("onerror").run()
    assert not at.exception
    assert total_shown(at) == 1
    shown_text = quotes(at)[0]
    assert "\\<script\\>" in shown_text and "<script>" not in shown_text
    assert "\\*\\*loud\\*\\*" in shown_text and "\\[click\\]\\(http" in shown_text
    assert all(shown_text[i - 1] == "\\" for i, c in enumerate(shown_text) if c in "<>[]()*")
    assert name.split()[0] not in shown_text and email not in shown_text and "\\[email\\]" in shown_text

    at.toggle(key="mask_pii").set_value(False).run()  # unmasked: the words as typed, still inert
    shown_text = quotes(at)[0]
    assert name.split()[0] in shown_text and "<script>" not in shown_text

    at.toggle(key="mask_pii").set_value(True).run()
    at.query_params["customer"] = "C-00001"
    at.switch_page("pages/customer.py").run()
    assert not at.exception
    hostile = [q for q in quotes(at) if "alert" in q]
    assert len(hostile) == 1 and "\\<script\\>" in hostile[0] and "<script>" not in hostile[0]
    assert not any(name in m.value for m in [*at.markdown, *at.title])


# ---------------------------------------------------------------- Drivers

def test_drivers_page_figures_match_the_analytics(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/drivers.py")
    assert at.title[0].value == "Drivers"
    con = connect()
    try:
        rows = impact.drivers(con, Q3)
    finally:
        con.close()
    table = at.dataframe[0].value
    assert list(table["Theme"]) == [r.theme for r in rows]
    assert list(table["Mentions"]) == [r.score_mentions for r in rows]
    assert table["Churned MRR"].round(2).tolist() == [round(r.churned_mrr, 2) for r in rows]
    assert table["At-risk MRR"].round(2).tolist() == [round(r.at_risk_mrr, 2) for r in rows]
    # the costliest theme is open by default, with its figures and three of its quotes
    assert at.subheader[1].value == rows[0].theme
    assert any(f"**{formatting.money(rows[0].at_risk_mrr)}** MRR at risk" in m.value.replace("\\$", "$")
               for m in at.markdown)
    assert len(quotes(at)) == 3
    assert any(f"comments about {rows[0].theme.lower()}" in c.value for c in at.caption)


def test_drivers_row_selection_says_plainly_when_there_is_no_effect(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/drivers.py")
    con = connect()
    try:
        rows = impact.drivers(con, Q3)
    finally:
        con.close()
    plain_row = next(i for i, r in enumerate(rows) if r.relative_risk is not None and not r.churn_significant)
    at = select_row(at, "drivers_table", plain_row)
    assert not at.exception
    assert at.subheader[1].value == rows[plain_row].theme
    assert any("no clear effect on churn" in m.value or impact.NOT_ENOUGH in m.value for m in at.markdown)
    assert any(f"comments about {rows[plain_row].theme.lower()}" in c.value for c in at.caption)
    # each quote says which of its words tagged it with the theme
    reasons = [c.value.split("tagged for “")[1].split("”]")[0] for c in at.caption if "tagged for “" in c.value]
    assert len(reasons) == len(quotes(at)) == 3
    con = connect()
    try:
        found = impact.theme_evidence(con, Q3, rows[plain_row].theme_id, limit=6)
        tagged = voices.tag_reasons(con, rows[plain_row].theme_id, [q.unit_id for q in found.quotes])
    finally:
        con.close()
    assert set(reasons) <= set(tagged.values())
    assert all(why.lower() in q.text.lower() for q in found.quotes for why in [tagged[q.unit_id]])
    before = quotes(at)
    next(b for b in at.button if b.label == "Show another").click().run()
    assert not at.exception and quotes(at) != before


def test_drivers_opens_every_voice_of_the_theme(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/drivers.py")
    con = connect()
    try:
        top = impact.drivers(con, Q3)[0]
        _, total = voices.search(con, Q3, theme=top.theme_id)
    finally:
        con.close()
    button = next(b for b in at.button if b.label.startswith("Read all"))
    assert button.label == f"Read all {total:,} voices about it"
    button.click().run()
    assert not at.exception
    assert at.title[0].value == "Voices" and total_shown(at) == total
    assert at.multiselect(key="voices_theme").value == [top.theme_id]


def test_drivers_builds_an_investment_case(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/drivers.py")
    con = connect()
    try:
        top = impact.drivers(con, Q3)[0]
    finally:
        con.close()
    next(b for b in at.button if b.label == "Build an investment case for this theme").click().run()
    assert not at.exception
    assert at.session_state["case_problem"] == {"kind": "theme", "key": top.theme_id, "label": top.theme}
    assert at.title[0].value == "Investment case"


# ---------------------------------------------------------------- Customer

def test_customer_page_by_query_parameter(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/customer.py", customer="C-00023")
    con = connect()
    try:
        person = voices.profile(con, "C-00023")
        events = voices.timeline(con, "C-00023")
    finally:
        con.close()
    assert at.title[0].value == "C\\-00023"  # masked: the id, not the name
    assert not any(person.name in m.value for m in at.markdown)
    assert next(m for m in at.metric if m.label == "MRR").value == formatting.money(person.mrr)
    dated = [m.value for m in at.markdown if m.value.startswith("**") and m.value.endswith("**")
             and m.value[2:3].isdigit()]
    assert len(dated) == len(events)
    assert len(quotes(at)) == events.text.notna().sum() > 0
    if person.churned:
        assert any("Churned on" in e.value for e in at.error)

    at.segmented_control(key="customer_order").set_value("Oldest first").run()
    assert not at.exception
    oldest = [m.value for m in at.markdown if m.value.startswith("**") and m.value.endswith("**")
              and m.value[2:3].isdigit()]
    assert sorted(oldest) == sorted(dated) and (oldest[0], oldest[-1]) == (dated[-1], dated[0])

    at.toggle(key="mask_pii").set_value(False).run()
    assert at.title[0].value == person.name


def test_customer_page_without_a_customer_offers_a_search(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/customer.py")
    assert at.title[0].value == "Customer"
    at.text_input(key="customer_find").set_value("C-0002").run()
    assert not at.exception
    links = [link for link in at.get("page_link") if link.proto.page == "customer"]  # not the menu
    assert links and all("C-0002" in link.proto.label.replace("\\", "") for link in links)
    at = open_page(app_factory, "pages/customer.py", customer="nobody")
    assert any("No customer with ID" in w.value for w in at.warning)


def test_every_page_on_an_empty_workspace(app_factory):  # noqa: F811
    at = app_factory()
    at.run()
    next(b for b in at.button if b.label == "Start an empty workspace").click().run()
    for page in ("pages/voices.py", "pages/drivers.py", "pages/customer.py", "pages/themes.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
    at.query_params["customer"] = "C-00001"
    at.switch_page("pages/customer.py").run()
    assert not at.exception and any("No customer with ID" in w.value for w in at.warning)


# ---------------------------------------------------------------- Themes

def test_themes_page_rename_persists_and_retags(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/themes.py")
    assert at.title[0].value == "Themes"
    table = at.dataframe[0].value
    assert list(table["Theme"]) == [t.name for t in voices.DEFAULT_TAXONOMY]
    assert (table["Voices tagged"] > 0).all()
    at.selectbox(key="rename_theme").set_value("billing-invoices")
    at.text_input(key="rename_name").set_value("Billing and invoices")
    next(b for b in at.button if b.label == "Rename").click().run()
    assert not at.exception
    assert any("Renamed" in s.value for s in at.success)
    assert "Billing and invoices" in list(at.dataframe[0].value["Theme"])
    con = connect()
    try:
        saved = {t.theme_id: t.name for t in voices.load_taxonomy(con)}
        assert saved["billing-invoices"] == "Billing and invoices" and not voices.is_default_taxonomy(con)
        assert not voices.needs_enrichment(con)  # tags already follow the saved taxonomy
        assert voices.search(con, theme="billing-invoices")[1] > 0
    finally:
        con.close()


def test_themes_page_add_rule_merge_and_delete(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/themes.py")
    at.selectbox(key="rule_theme").set_value("pricing-value")
    at.text_input(key="rule_phrase").set_value("too pricey for us")
    next(b for b in at.button if b.label == "Add rule").click().run()
    assert not at.exception
    at.multiselect(key="merge_themes").set_value(["billing-invoices", "pricing-value"])
    at.text_input(key="merge_name").set_value("Money")
    next(b for b in at.button if b.label == "Merge").click().run()
    assert not at.exception
    at.selectbox(key="delete_theme").set_value("account-management")
    at.checkbox(key="delete_sure").check()
    next(b for b in at.button if b.label == "Delete").click().run()
    assert not at.exception
    con = connect()
    try:
        saved = {t.theme_id: t for t in voices.load_taxonomy(con)}
        assert "money" in saved and "too pricey for us" in saved["money"].rules
        assert "billing-invoices" not in saved and "account-management" not in saved
        tagged = {row[0] for row in con.execute("SELECT DISTINCT theme_id FROM voice_themes").fetchall()}
        assert tagged <= set(saved) and "money" in tagged
    finally:
        con.close()


def test_themes_page_bad_rule_is_refused(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/themes.py")
    at.selectbox(key="rule_theme").set_value("pricing-value")
    at.text_input(key="rule_phrase").set_value("re:([unclosed")
    next(b for b in at.button if b.label == "Add rule").click().run()
    assert not at.exception
    assert any("not a valid regular expression" in e.value for e in at.error)
    con = connect()
    try:
        assert voices.is_default_taxonomy(con)
    finally:
        con.close()


def test_themes_page_discovers_and_uses_themes(app_factory):  # noqa: F811
    at = open_page(app_factory, "pages/themes.py")
    at.number_input(key="discover_n").set_value(6)
    next(b for b in at.button if b.label == "Discover themes").click().run(timeout=180)
    assert not at.exception
    proposal = at.session_state["themes_proposal"][0]
    assert len(proposal) == 6 and len(quotes(at)) >= 6
    next(b for b in at.button if b.label == "Use these themes").click().run(timeout=180)
    assert not at.exception
    con = connect()
    try:
        assert [t.theme_id for t in voices.load_taxonomy(con)] == [t.theme_id for t in proposal]
    finally:
        con.close()


def test_plain_breaks_autolinks_and_markdown():
    from ui.text import plain

    shown = plain("see http://evil.test/x or www.evil.test, mail a@b.com *now* <b>x</b>")
    assert "http://" not in shown and "www." not in shown and "a@b" not in shown
    assert "\\*now\\*" in shown and "\\<b\\>" in shown
    assert shown.replace("\u200b", "").replace("\\", "") == \
        "see http://evil.test/x or www.evil.test, mail a@b.com *now* <b>x</b>"
