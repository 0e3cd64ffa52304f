"""AppTest for the app shell and the Data page: demo on first run, upload, import, rejects, undo."""

import pytest

from analytics import workspace
from tests.apptest_support import app_factory, workspace_file  # noqa: F401 (fixture)


@pytest.fixture
def app(app_factory):  # noqa: F811
    return app_factory()


def test_first_run_opens_on_the_demo_with_a_banner(app_factory):  # noqa: F811
    app = app_factory(fresh=True)  # a brand-new workspace: the app builds the demo itself
    app.run()
    assert not app.exception
    assert any("Demo data" in m.value for m in app.markdown)
    assert [b.label for b in app.button][:2] == ["Start an empty workspace", "Upload your data"]
    labels = [m.label for m in app.metric]
    assert labels[:5] == ["NPS", "CSAT", "Support CSAT", "Customer effort (CES)", "Logo churn"]


def test_start_empty_workspace_clears_it(app):
    app.run()
    app.button[0].click().run()
    assert not app.exception
    assert not any("Demo data" in m.value for m in app.markdown)
    assert app.title[0].value == "Data"
    con = workspace.connect(workspace_file())
    try:
        assert workspace.summary(con)["customers"] == 0
    finally:
        con.close()


def test_upload_maps_imports_and_shows_rejects(app):
    app.run()
    app.button[0].click().run()  # empty workspace, on the Data page
    csv = (b"Customer ID,Churn,Monthly Charges,Plan\n"
           b"A-1,Yes,10.5,Pro\nA-2,No,20,Starter\nA-3,maybe,5,Pro\nA-4,No\n")
    app.get("file_uploader")[0].set_value(("accounts.csv", csv, "text/csv")).run()
    assert not app.exception
    holds = next(s for s in app.selectbox if s.label == "This file holds")
    assert holds.value == "customers"
    assert next(s for s in app.selectbox if s.label == "Customer ID").value == "Customer ID"
    assert next(s for s in app.selectbox if s.label == "Churned?").value == "Churn"
    next(b for b in app.button if b.label.startswith("Import")).click().run()
    assert not app.exception
    assert not app.success  # rows were rejected: a warning, never a green success box
    summary = next(w.value for w in app.warning if "imported as batch" in w.value)
    assert "2 loaded" in summary and "2 rejected" in summary and "4 rows read" in summary
    reasons = app.dataframe[0].value["Why it was not imported"].tolist()
    assert any("'maybe'" in r for r in reasons)
    assert any("fewer values" in r for r in reasons)
    # Undo the batch: the customers leave again.
    next(b for b in app.button if b.label == "Undo this batch").click().run()
    assert not app.exception
    con = workspace.connect(workspace_file())
    try:
        assert workspace.summary(con)["customers"] == 0
    finally:
        con.close()


def test_preview_and_rejects_are_masked_while_masking_is_on(app):
    """Masking on (the default): the file preview and the rejected rows (the table and the frame
    its downloads are made of) show "[email]" and "[name]", never the address or the name."""
    app.run()
    app.button[0].click().run()
    csv = (b"Customer ID,Churn,Monthly Charges,Contact\n"
           b"A-1,Yes,10.5,Jane Doe <jane.doe@example.com>\nA-2,maybe,20,Liam Walsh <liam@example.org>\n")
    app.get("file_uploader")[0].set_value(("contacts.csv", csv, "text/csv")).run()
    preview = next(d.value for d in app.dataframe if "Contact" in d.value.columns).to_string()
    assert "[email]" in preview and "jane.doe@example.com" not in preview and "Jane" not in preview
    next(b for b in app.button if b.label.startswith("Import")).click().run()
    assert not app.exception
    def rejected():
        return next(d.value for d in app.dataframe if "Row as in the file" in d.value.columns)

    assert rejected()["Row as in the file"].tolist() == ["A-2,maybe,20,[name] <[email]>"]
    assert any("personal data masked" in c.value for c in app.caption)
    app.toggle(key="mask_pii").set_value(False).run()  # off: the rows as they were, to correct
    assert rejected()["Row as in the file"].tolist() == ["A-2,maybe,20,Liam Walsh <liam@example.org>"]


def test_a_kept_column_can_be_mapped_later_from_the_data_page(app):
    app.run()
    app.button[0].click().run()  # empty workspace, on the Data page
    csv = b"Customer ID,Sales owner\nA-1,Priya\nA-2,Tom\n"
    app.get("file_uploader")[0].set_value(("owners.csv", csv, "text/csv")).run()
    next(b for b in app.button if b.label.startswith("Import")).click().run()
    next(s for s in app.selectbox if s.label == "Becomes").set_value("region").run()
    next(b for b in app.button if b.label == "Map it").click().run()
    assert not app.exception
    con = workspace.connect(workspace_file())
    try:
        assert sorted(con.execute("SELECT customer_id, region FROM customers").fetchall()) == [
            ("A-1", "Priya"), ("A-2", "Tom")]
    finally:
        con.close()
    history = next(d.value for d in app.dataframe if "Layout" in d.value.columns)
    assert "Mapped later" in history["Layout"].tolist()
    trail = next(d.value for d in app.dataframe if "What" in d.value.columns)  # the audit trail
    assert list(trail["What"][:2]) == ["remap", "import"]


def test_a_workbook_opens_on_its_data_sheet_and_stays_there_when_mapping(app):
    """The Sheet choice shows the sheet read (the answers, not the summary before them), and the
    next rerun keeps it (the box used to fall back to the first sheet)."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Summary"
    book.active.append(["NPS report"])
    answers = book.create_sheet("Responses")
    answers.append(["Response ID", "How likely are you to recommend us?", "Why?"])
    for i in range(60):
        answers.append([f"R{i}", i % 11, f"Reason {i}: the exports are slow"])
    data = io.BytesIO()
    book.save(data)
    app.run()
    app.button[0].click().run()
    app.get("file_uploader")[0].set_value(("survey.xlsx", data.getvalue(), "application/octet-stream")).run()
    assert not app.exception
    assert next(s for s in app.selectbox if s.label == "Sheet").value == "Responses"
    next(s for s in app.selectbox if s.label == "This file holds").set_value("responses").run()
    assert next(s for s in app.selectbox if s.label == "Sheet").value == "Responses"
    assert next(s for s in app.selectbox if s.label == "This file holds").value == "responses"
