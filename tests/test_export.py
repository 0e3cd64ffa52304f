"""Exports: the board decks (.pptx) and HTML briefs say exactly what the metrics say, quote only
the figure's own population (masked), escape every customer text and uploaded value, and the
spreadsheet exports never carry a live formula. Decks are read back with python-pptx; nothing
here needs LibreOffice."""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from analytics import board, impact, ingest, metrics, voices, workspace
from analytics.board import _brief as brief
from analytics.board import _content as deck
from analytics.metrics import REGISTRY, Slice, default_slice, formatting

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "export"
BILLING = impact.Problem("theme", "billing-invoices", label="Billing & invoices")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
OPEN, CLOSE = "\u201c", "\u201d"


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def demo(demo_module_copy):
    """The demo workspace (this module saves a case in it), and its path."""
    board.warm_up()  # Chromium starts while the rest of the set-up runs
    con = workspace.connect(demo_module_copy)
    yield con, demo_module_copy
    con.close()


@pytest.fixture(scope="module")
def slice_(demo):
    return default_slice(demo[0])


@pytest.fixture(scope="module")
def billing_case(demo, slice_):
    con, _ = demo
    built = impact.build_case(con, "Billing fix", BILLING, slice_, impact.Investment(cost=150000, effect=0.3))
    impact.save_case(con, built)
    return built


@pytest.fixture(scope="module")
def overview_pptx(demo, slice_, tmp_path_factory):
    path = tmp_path_factory.mktemp("decks") / "overview.pptx"
    assert board.overview_deck(demo[0], slice_, path) == path
    return path


@pytest.fixture(scope="module")
def case_pptx(demo, billing_case, tmp_path_factory):
    path = tmp_path_factory.mktemp("decks") / "case.pptx"
    board.case_deck(demo[0], billing_case, path)
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A tiny workspace whose comments and segment values are HTML, a formula and an e-mail."""
    con = workspace.connect(tmp_path_factory.mktemp("hostile") / "ws.duckdb")
    ingest.import_file(con, FIXTURES / "customers.csv", kind="customers")
    ingest.import_file(con, FIXTURES / "responses.csv", kind="responses")
    yield con
    con.close()


# ---------------------------------------------------------------- reading decks back

def slide_texts(path) -> list[str]:
    """All text of each slide (text boxes and table cells), line breaks as \\n."""
    out = []
    for slide in Presentation(str(path)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        out.append("\n".join(parts).replace("\v", "\n"))
    return out


def slide_quotes(slide) -> list[str]:
    """The verbatims on a slide: text boxes whose first paragraph opens with a quotation mark."""
    quotes = []
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text.startswith(OPEN):
            first = shape.text_frame.paragraphs[0].text.replace("\v", "\n")
            quotes.append(first.removeprefix(OPEN).removesuffix(CLOSE))
    return quotes


def pictures(slide) -> list:
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def squash(text: str) -> str:
    return " ".join(text.split())


def masked(con, quote: metrics.Quote) -> str:
    """The quote as the exports must show it: without an export's lead ("Per Dana:"), PII masked,
    the speaker's own name included."""
    row = con.execute("SELECT name FROM customers WHERE customer_id = ?", [quote.customer_id]).fetchone()
    return squash(voices.mask(voices.without_lead(quote.text), (row[0],) if row and row[0] else ()))


def is_shown_form(shown: str, full: str) -> bool:
    """The slide shows `full` without an export's lead ("Customer said:"), or sentences of it in
    their order with '…' where text was left out (voices.excerpt)."""
    shown, full = squash(shown), squash(voices.without_lead(full))
    if "\u2026" not in shown:
        return shown == full
    pieces = [p.strip() for p in shown.split("\u2026") if p.strip()]
    at = 0
    for piece in pieces:
        at = full.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return sum(map(len, pieces)) > 40


def figure_text(key: str, value) -> str:
    """formatting.value, money through the exports' formatter (see test_money_reads_thousands)."""
    return formatting.money(value) if REGISTRY[key].unit == "currency" else formatting.value(key, value)


def available(con) -> list[str]:
    return [m.key for m in metrics.METRICS if metrics.available(con, m.key)]


def demo_contacts(con) -> set[str]:
    emails = {row[0] for row in con.execute("SELECT email FROM customers WHERE email IS NOT NULL").fetchall()}
    return emails | {"555-0142"}


# ---------------------------------------------------------------- overview deck

def test_overview_deck_has_a_slide_per_metric_and_an_appendix(demo, overview_pptx):
    keys = available(demo[0])
    prs = Presentation(str(overview_pptx))
    appendix = math.ceil(len(REGISTRY) / 8) + 2  # the methods, then six notes four to a slide
    assert len(prs.slides) == 2 + len(keys) + appendix  # title, at a glance, metrics, appendix
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    texts = slide_texts(overview_pptx)
    assert "Heartbeat" in texts[0] and "At a glance" in texts[1]


def test_every_metric_slide_shows_the_metric_figure_n_interval_and_change(demo, slice_, overview_pptx):
    con, _ = demo
    keys = available(con)
    texts = slide_texts(overview_pptx)
    slides = list(Presentation(str(overview_pptx)).slides)
    for index, key in enumerate(keys, start=2):
        result = metrics.compute(con, key, slice_)
        assert result.enough, key
        text = texts[index]
        assert REGISTRY[key].label in text
        assert figure_text(key, result.value) in text, key
        assert formatting.sample(result) in text, key
        if result.ci_low is not None:
            assert formatting.interval(result) in text, key
        if key != "revenue_at_risk":
            before, change = metrics.change(con, key, result)
            verdict = ("Better" if change.significant else "Not tested" if change.p_value is None
                       else "No clear change")
            assert verdict in text or "Worse" in text, key
            assert formatting.points(key, change.difference) in text, key
        # the trend chart: a native chart whose embedded data are the monthly figures and their
        # intervals, computed here independently (months with too few answers are gaps)
        charts = [shape.chart for shape in slides[index].shapes if shape.has_chart]
        assert len(charts) == 1 and not pictures(slides[index]), key
        monthly = metrics.series(con, key, slice_)
        plotted = {s.name: list(s.values) for s in charts[0].plots[0].series}
        assert list(charts[0].plots[0].categories) == [r.slice.start.strftime("%b %Y") for r in monthly]
        assert plotted[REGISTRY[key].label] == pytest.approx(
            [r.value if r.n >= REGISTRY[key].min_n else None for r in monthly], rel=1e-12, abs=1e-12), key
        if any(r.ci_low is not None for r in monthly):
            assert plotted["95% interval, low"] == pytest.approx(
                [r.ci_low if r.n >= REGISTRY[key].min_n else None for r in monthly], rel=1e-12, abs=1e-12), key
            assert plotted["95% interval, high"] == pytest.approx(
                [r.ci_high if r.n >= REGISTRY[key].min_n else None for r in monthly], rel=1e-12, abs=1e-12), key
    glance = texts[1]
    for key in keys:
        assert figure_text(key, metrics.compute(con, key, slice_).value) in glance


def test_metric_slide_quotes_come_from_that_metrics_population_masked(demo, slice_, overview_pptx):
    con, _ = demo
    slides = list(Presentation(str(overview_pptx)).slides)
    texts = slide_texts(overview_pptx)
    contacts = demo_contacts(con)
    for index, key in enumerate(available(con), start=2):
        found = metrics.evidence_for(con, key, slice_, order=REGISTRY[key].quote_order, limit=20)
        allowed = [(masked(con, quote), found.label(position)) for position, quote in enumerate(found.quotes)]
        shown = slide_quotes(slides[index])
        assert 1 <= len(shown) <= 2, key
        for quote in shown:
            labels = [label for full, label in allowed if is_shown_form(quote, full)]
            assert labels, (key, quote)
            assert any(label in texts[index] for label in labels)  # "3 of 165 …, picked as most typical"
        assert "picked as" in texts[index]
        assert not any(contact in texts[index] for contact in contacts), key


def test_appendix_carries_every_registry_description_and_the_method(demo, slice_, overview_pptx):
    texts = slide_texts(overview_pptx)
    appendix = "\n".join(texts[2 + len(available(demo[0])):])
    for metric in metrics.METRICS:
        assert metric.description in squash(appendix) or metric.description in appendix, metric.key
    assert "most typical" in appendix and "TF-IDF" in appendix
    assert slice_.describe() in appendix and "p < 0.05" in appendix


# ---------------------------------------------------------------- case deck

def test_case_deck_reads_back_the_case(demo, billing_case, case_pptx):
    con, _ = demo
    prs = Presentation(str(case_pptx))
    texts = slide_texts(case_pptx)
    assert len(prs.slides) == 6  # title, problem, stories, investment, ask, methodology
    side = billing_case.rational
    assert formatting.money(side.revenue_at_risk_year) in texts[1]
    assert f"{side.affected:,}" in texts[1] and f"{side.relative_risk:.2f}×" in texts[1]
    # churn a year, affected vs the rest: a native bar chart of the case's own figures, its 95%
    # intervals as error bars in the chart's XML (plus and minus per bar)
    chart = next(shape.chart for shape in prs.slides[1].shapes if shape.has_chart)
    series = chart.plots[0].series[0]
    rows = [billing_case.rational.rest_annual, billing_case.rational.affected_annual]  # bottom to top
    assert list(series.values) == pytest.approx(rows, rel=1e-12)
    # the deck opens on the problem with one voice: the case's first story, shown on that slide
    first = billing_case.quotes[0]
    assert squash(voices.excerpt(masked(con, first), 100)[0]).strip("\u2026 ")[:40] in squash(texts[1])
    bars = series._element.xpath("./c:errBars/c:plus//c:v")
    assert len(bars) == 2 and all(float(v.text) >= 0 for v in bars)
    for outcome in billing_case.outcomes:
        roi = f"{outcome.roi * 100:+.0f}%".replace("-", "\u2212")
        assert roi in texts[3], outcome.scenario
        assert formatting.money(outcome.retained_per_year) in texts[3]
        assert outcome.scenario.capitalize() in texts[3]
    assert formatting.money(150000) in texts[3] and "$150k" in texts[4]


def test_case_stories_are_the_cases_quotes_masked(demo, billing_case, case_pptx):
    con, _ = demo
    slide = list(Presentation(str(case_pptx)).slides)[2]
    shown = slide_quotes(slide)
    assert 2 <= len(shown) <= 3 and len(shown) == len(billing_case.quotes)
    for quote, original in zip(shown, billing_case.quotes):
        assert is_shown_form(quote, masked(con, original))
    everything = "\n".join(slide_texts(case_pptx))
    assert not EMAIL.search(everything)
    assert not any(contact in everything for contact in demo_contacts(con))
    assert billing_case.quote_label.split(",")[0] in everything  # "1 of 236 comments about …"


def test_money_reads_thousands():
    assert formatting.money(150000) == "$150k"
    assert formatting.money(12_345) == "$12.3k"
    assert formatting.money(9_999) == "$9,999"
    assert formatting.money(1_234_567) == "$1.2M"
    assert formatting.money(-40_000) == "\u2212$40.0k"


# ---------------------------------------------------------------- HTML

class Document(HTMLParser):
    """Tags, attributes and text of an HTML document, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    @property
    def words(self) -> str:
        return squash(" ".join(self.text))


def test_overview_brief_has_the_figures_charts_and_quotes(demo, slice_):
    con, _ = demo
    page = board.overview_html(con, slice_)
    doc = Document(page)
    keys = available(con)
    for key in keys:
        result = metrics.compute(con, key, slice_)
        for expected in (figure_text(key, result.value), formatting.sample(result), formatting.interval(result)):
            assert squash(expected) in doc.words, (key, expected)
    images = [attrs for tag, attrs in doc.tags if tag == "img"]
    assert len(images) == len(keys)
    assert all(attrs["src"].startswith("data:image/png;base64,") for attrs in images)
    assert not [tag for tag, _ in doc.tags if tag in ("script", "link", "iframe")]
    assert "detractor comments, picked as most typical" in doc.words
    for metric in metrics.METRICS:
        assert squash(metric.description) in doc.words


def test_case_brief_has_the_case(demo, billing_case):
    con, _ = demo
    doc = Document(board.case_html(con, billing_case))
    assert "Billing fix" in doc.words
    assert formatting.money(billing_case.rational.revenue_at_risk_year) in doc.words
    for outcome in billing_case.outcomes:
        assert f"{outcome.roi * 100:+.0f}%".replace("-", "\u2212") in doc.words
    for quote in billing_case.quotes:
        assert masked(con, quote)[:60] in doc.words
    assert not [tag for tag, _ in doc.tags if tag == "script"]


def test_brief_escapes_customer_text_and_uploaded_values(hostile):
    segment = "<i onmouseover=alert(3)>SMB</i>"
    filtered = Slice().where("segment", segment)
    for page in (board.overview_html(hostile, Slice()),
                 brief.render_overview(deck.overview_content(hostile, filtered, chart_size=None))):
        doc = Document(page)
        assert not [tag for tag, _ in doc.tags if tag == "script"]
        assert not [tag for tag, _ in doc.tags if tag == "i"]
        assert not any(name.startswith("on") for _, attrs in doc.tags for name in attrs)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert(1)</script> the export broke again" in doc.words  # shown as text
        assert segment in doc.words  # in the quote's "who", and in the title when filtered
        assert "[email]" in doc.words and "omar.h@example.com" not in page
    unmasked = Document(brief.render_overview(deck.overview_content(hostile, Slice(), mask=False,
                                                                   chart_size=None)))
    assert "omar.h@example.com" in unmasked.words


def test_deck_places_customer_text_as_plain_text(hostile, tmp_path):
    path = board.overview_deck(hostile, Slice(), tmp_path / "hostile.pptx")
    everything = "\n".join(slide_texts(path))
    assert "<script>alert(1)</script> the export broke again" in everything
    assert '=HYPERLINK("http://evil.example","click") mail me at [email]' in everything
    assert "omar.h@example.com" not in everything


@pytest.mark.skipif(brief.chromium_path() is None or shutil.which("pdftotext") is None,
                    reason="no Chromium to print with or no pdftotext to read it back (.ci/run installs both)")
def test_the_printed_brief_has_every_figure_on_page_one_and_the_method_on_page_two(demo, slice_, tmp_path):
    con, _ = demo
    path = board.to_pdf(board.overview_html(con, slice_), tmp_path / "brief.pdf")

    def page(number: int) -> str:
        return subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(path), "-"],
                              capture_output=True, text=True, check=True).stdout

    pages = len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))
    assert pages <= 2, pages
    first = " ".join(page(1).split())
    for key in available(con):
        result = metrics.compute(con, key, slice_)
        assert REGISTRY[key].label in first and figure_text(key, result.value) in first, key
    assert "How these figures are made" in " ".join(page(2).split())


@pytest.mark.skipif(brief.chromium_path() is None, reason="no Chromium to print with")
def test_brief_prints_to_pdf(tmp_path):
    path = board.to_pdf("<!doctype html><p>Heartbeat &amp; PDF</p>", tmp_path / "brief.pdf")
    assert path.read_bytes().startswith(b"%PDF")


# ---------------------------------------------------------------- spreadsheets

HOSTILE_FRAME = pd.DataFrame({
    "comment": ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "plain"],
    "=header": ["a", "b", "c", "d", "e"],
    "score": [1, 2, 3, 4, 5],
})


def test_csv_neutralises_formulas():
    frame = pd.read_csv(io.BytesIO(board.safe_csv(HOSTILE_FRAME)), encoding="utf-8-sig")
    assert frame["comment"].tolist()[:4] == ["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+1+1",
                                             "'-2+3", "'@SUM(A1)"]
    assert list(frame.columns) == ["comment", "'=header", "score"]


def test_xlsx_has_no_formula_cells():
    book = openpyxl.load_workbook(io.BytesIO(board.safe_xlsx(HOSTILE_FRAME)))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert cells and not [cell for cell in cells if cell.data_type == "f"]
    values = [cell.value for cell in cells]
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in values and "'=header" in values
    assert [c.value for c in book.active["C"]][1:] == [1, 2, 3, 4, 5]  # numbers stay numbers


# ---------------------------------------------------------------- command line

@pytest.fixture(scope="module", autouse=True)
def cli_runs(demo, billing_case, tmp_path_factory):
    """`python -m analytics export` runs on copies of the demo workspace (with the saved case),
    started as soon as the workspace exists so they run beside the other tests:
    name -> (process, output path). Each run has its own copy: one process per DuckDB file."""
    con, path = demo
    con.execute("CHECKPOINT")
    folder = tmp_path_factory.mktemp("cli")
    runs = {
        "pptx": (["--case", "Billing fix", "--format", "pptx"], {}),
        "html": (["--case", "Billing fix", "--format", "html"], {}),
        "no chromium": (["--overview", "--format", "html"], {"BROWSER_PATH": str(folder / "no-chromium")}),
    }
    started = {}
    for number, (name, (args, env)) in enumerate(runs.items()):
        own = folder / f"ws{number}.duckdb"
        shutil.copy(path, own)
        out = folder / f"out{number}.{args[-1]}"
        if name == "no chromium":
            out.write_text("last month's brief")  # a scheduled run that fails must leave it as it was
        process = subprocess.Popen(
            [sys.executable, "-m", "analytics", "export", "--workspace", str(own), *args, "--out", str(out)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **env})
        started[name] = (process, out)
    shutil.copy(path, folder / "in-process.duckdb")
    yield started
    for process, _ in started.values():
        if process.poll() is None:
            process.kill()
            process.wait()


def finished(run, timeout: float = 900) -> tuple[int, str, str]:  # a hang guard, not a speed check
    process, _ = run
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, stdout, stderr


def test_cli_exports_a_saved_case_as_a_deck(cli_runs):
    code, stdout, stderr = finished(cli_runs["pptx"])
    out = cli_runs["pptx"][1]
    assert code == 0, stderr
    assert stdout.strip() == str(out.resolve())
    assert "Billing fix" in slide_texts(out)[0]
    log = stderr.strip().splitlines()[-1]  # one line for a cron log
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d heartbeat export: wrote " + re.escape(str(out.resolve()))
                        + r" \(case 'Billing fix', .+, pptx, \d+\.\d MB\) in \d+\.\d s", log), log
    assert not list(out.parent.glob(".*.part*"))


def test_cli_exports_a_saved_case_as_html(cli_runs):
    code, stdout, stderr = finished(cli_runs["html"])
    out = cli_runs["html"][1]
    assert code == 0, stderr
    assert stdout.strip() == str(out.resolve())
    assert "Billing fix" in Document(out.read_text(encoding="utf-8")).words


def test_cli_fails_in_one_line_when_charts_cannot_be_drawn(cli_runs):
    code, _, stderr = finished(cli_runs["no chromium"])
    assert code == 1
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Chromium" in lines[0], stderr
    assert cli_runs["no chromium"][1].read_text() == "last month's brief"  # nothing half-written replaced it
    assert not list(cli_runs["no chromium"][1].parent.glob(".*.part*"))


def test_cli_overview_follows_period_and_filters(cli_runs, capsys):
    from analytics import cli

    folder = cli_runs["pptx"][1].parent
    out = folder / "enterprise.pptx"
    code = cli.main(["export", "--workspace", str(folder / "in-process.duckdb"), "--overview",
                     "--format", "pptx", "--from", "2026-07-01", "--to", "2026-10-01",
                     "--filter", "segment=Enterprise", "--out", str(out)])
    assert code == 0 and capsys.readouterr().out.strip() == str(out.resolve())
    texts = slide_texts(out)
    assert "Q3 2026" in texts[0] and "Segment: Enterprise" in texts[0]

    code = cli.main(["export", "--workspace", str(folder / "in-process.duckdb"), "--case", "Nope",
                     "--format", "pptx", "--out", str(folder / "nope.pptx")])
    assert code == 1 and not (folder / "nope.pptx").exists()
    assert capsys.readouterr().err.strip() == "error: no saved case named 'Nope'; saved cases: 'Billing fix'"


TRICK_SEGMENT = "Enterprise\u202e tneilc\u200b"  # an override that flips what follows, a zero-width space
TRICK_TEXT = " refund\u202efdp.exe\u2066 done\u2069"


def test_reordering_and_invisible_characters_show_as_their_codes_in_exports(tmp_path):
    con = workspace.connect(tmp_path / "ws.duckdb")
    try:
        ingest.import_file(con, FIXTURES / "customers.csv", kind="customers")
        ingest.import_file(con, FIXTURES / "responses.csv", kind="responses")
        with workspace.transaction(con):
            con.execute("UPDATE customers SET segment = ? WHERE segment = 'Enterprise'", [TRICK_SEGMENT])
            con.execute("UPDATE responses SET comment = comment || ? WHERE comment IS NOT NULL", [TRICK_TEXT])
        filtered = Slice().where("segment", TRICK_SEGMENT)
        page = brief.render_overview(deck.overview_content(con, filtered, chart_size=None))
        slides = "\n".join(slide_texts(board.overview_deck(con, Slice(), tmp_path / "trick.pptx")))
    finally:
        con.close()
    for shown in (page, slides):
        assert not any(c in shown for c in "\u202e\u200b\u2066\u2069")
        assert "refund[U+202E]fdp.exe[U+2066] done[U+2069]" in shown  # the quote, every character visible
    assert "Enterprise[U+202E] tneilc[U+200B]" in page  # the filtered segment in the title


def _notes(path) -> list[str]:
    return [slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
            for slide in Presentation(str(path)).slides]


def test_every_slide_has_speaker_notes_with_the_full_quotes(demo, slice_, overview_pptx, case_pptx):
    con, _ = demo
    for path in (overview_pptx, case_pptx):
        assert all(note.strip() for note in _notes(path)), path
    notes, slides = _notes(overview_pptx), list(Presentation(str(overview_pptx)).slides)
    for index, key in enumerate(available(con), start=2):
        label = REGISTRY[key].label
        assert notes[index].startswith(label) or "Too few" in notes[index] or "No " in notes[index], notes[index][:80]
        for quote in slide_quotes(slides[index]):  # what the slide shows is part of the whole quote in the notes
            first_piece = squash(quote).strip("\u2026 ").split(" \u2026")[0][:60]
            assert first_piece in squash(notes[index]), (key, first_piece)


def test_every_slide_cites_its_source_and_freshness(demo, slice_, overview_pptx, case_pptx):
    con, _ = demo
    for path in (overview_pptx, case_pptx):
        texts = slide_texts(path)
        for text in texts:  # title, content and appendix slides alike, each once
            sources = [line for line in text.split("\n") if line.startswith("Source: Heartbeat")]
            assert len(sources) == 1 and "demo data, built" in sources[0] and sources[0].endswith("."), text[:80]
    metric_texts = slide_texts(overview_pptx)[2:2 + len(available(con))]
    for key, text in zip(available(con), metric_texts):
        source = next(line for line in text.split("\n") if line.startswith("Source: Heartbeat"))
        n = metrics.compute(con, key, slice_).n
        assert f"n = {n:,} {REGISTRY[key].counts}" in source, (key, source)


@pytest.fixture(scope="module")
def company_template(tmp_path_factory) -> Path:
    """A 16:9 company template: its own named blank layout, a sample slide Heartbeat must drop."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = 12192000, 6858000
    for layout in prs.slide_layouts:
        layout.name = f"ACME {layout.name}"
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "Template sample slide"
    path = tmp_path_factory.mktemp("template") / "acme.pptx"
    prs.save(str(path))
    return path


def test_a_company_template_gives_the_deck_its_master_fonts_and_colours(demo, slice_, company_template, tmp_path):
    from pptx.enum.dml import MSO_THEME_COLOR

    con, _ = demo
    path = board.overview_deck(con, slice_, tmp_path / "acme.pptx", template=company_template)
    prs = Presentation(str(path))
    assert {slide.slide_layout.name for slide in prs.slides} == {"ACME Blank"}  # the template's master
    texts = slide_texts(path)
    assert "Template sample slide" not in "\n".join(texts) and "At a glance" in texts[1]
    assert len(prs.slides) == len(Presentation(str(board.overview_deck(con, slice_, tmp_path / "own.pptx"))).slides)
    runs = [run for slide in prs.slides for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    assert runs and all(run.font.name is None for run in runs)  # the theme's font, not Arial
    bar = prs.slides[1].shapes[0]  # the brand rule on a content slide
    assert bar.fill.fore_color.theme_color == MSO_THEME_COLOR.ACCENT_1


def test_a_template_that_is_not_widescreen_or_not_a_deck_is_refused_plainly(demo, slice_, tmp_path):
    con, _ = demo
    narrow = tmp_path / "narrow.pptx"
    Presentation().save(str(narrow))  # python-pptx's default: 4:3
    with pytest.raises(board.TemplateError, match="not 16:9"):
        board.overview_deck(con, slice_, tmp_path / "x.pptx", template=narrow)
    junk = tmp_path / "junk.pptx"
    junk.write_text("not a presentation")
    with pytest.raises(board.TemplateError, match="could not be read as a PowerPoint"):
        board.overview_deck(con, slice_, tmp_path / "y.pptx", template=junk)
