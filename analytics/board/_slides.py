"""Drawing on a 16:9 slide with one look: white slides, a brand rule, Arial, large type. Text is
always written as plain runs (never markup); line feeds become line breaks.
"""

from __future__ import annotations

import math
from io import BytesIO
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Emu, Inches, Pt

from analytics.board._palette import BAD, BRAND, DECK_FONT, INK, MUTED, NEUTRAL, PANEL, RULE
from analytics.board._views import MetricView, QuoteView, clean
from analytics.metrics import REGISTRY

WIDE, TALL = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: 16:9
MARGIN = Inches(0.6)


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


class TemplateError(ValueError):
    """A company template Heartbeat cannot lay its slides on."""


class Deck:
    """A 16:9 presentation with one look: white slides, a brand rule, Arial, large type. With a
    company `template` (.pptx path or file object) its masters, theme fonts and theme colours are
    used instead: runs carry no font name, and Heartbeat's brand colour becomes the theme's first
    accent; the template's own slides are dropped."""

    def __init__(self, footer: str, template=None) -> None:
        self.themed = template is not None
        try:
            self.prs = Presentation(template) if self.themed else Presentation()
        except Exception as err:  # not a zip, not a presentation, a .potx or .ppt, unreadable
            raise TemplateError("The template could not be read as a PowerPoint presentation (.pptx): "
                                f"{err}") from err
        if not self.themed:
            self.prs.slide_width, self.prs.slide_height = WIDE, TALL
        elif abs(self.prs.slide_width * 9 - self.prs.slide_height * 16) > self.prs.slide_height // 50:
            raise TemplateError("The template's slides are not 16:9 (widescreen); Heartbeat's slides are. "
                                "Save the template as widescreen 16:9 and try again.")
        else:
            for slide_id in list(self.prs.slides._sldIdLst):  # the template's sample slides
                self.prs.part.drop_rel(slide_id.rId)
                self.prs.slides._sldIdLst.remove(slide_id)
        layouts = list(self.prs.slide_layouts)
        self._layout = next((layout for layout in layouts if layout.name.strip().lower() == "blank"),
                            min(layouts, key=lambda layout: len(layout.placeholders)))
        self.footer = footer
        self.count = 0
        self.default_source = ""  # set by the writer: the deck's slice and freshness
        self._sources: dict[int, object] = {}

    def colour(self, target, colour: str) -> None:
        """Set a font or fill colour: the theme's first accent for the brand colour in a template."""
        if self.themed and colour == BRAND:
            target.theme_color = MSO_THEME_COLOR.ACCENT_1
        else:
            target.rgb = rgb(colour)

    def fill(self, shape, colour: str) -> None:
        """`fill`, with the brand colour taken from a template's theme."""
        fill(shape, colour)
        self.colour(shape.fill.fore_color, colour)

    def slide(self, title: str | None = None, kicker: str | None = None):
        slide = self.prs.slides.add_slide(self._layout)
        for placeholder in list(slide.placeholders):  # a layout's empty title or body boxes
            placeholder._element.getparent().remove(placeholder._element)
        self.count += 1
        if self.default_source:
            self.source(slide, self.default_source)
        if title is not None:
            bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.18), TALL)
            self.fill(bar, BRAND)
            if kicker:
                self.text(slide, MARGIN, Inches(0.32), WIDE - 2 * MARGIN, Inches(0.4),
                          [[(kicker.upper(), 14, True, BRAND, False)]])
            self.text(slide, MARGIN, Inches(0.62), WIDE - 2 * MARGIN, Inches(0.9),
                      [[(title, 30 if len(title) <= 52 else 26, True, INK, False)]])
            self._footer(slide)
        return slide

    def _footer(self, slide) -> None:
        self.text(slide, MARGIN, Inches(7.0), Inches(10), Inches(0.35),
                  [[(self.footer, 11, False, MUTED, False)]])
        self.text(slide, WIDE - MARGIN - Inches(1), Inches(7.0), Inches(1), Inches(0.35),
                  [[(str(self.count), 11, False, MUTED, False)]], align=PP_ALIGN.RIGHT)

    @staticmethod
    def notes(slide, text: str) -> None:
        """The slide's speaker notes (plain text; line feeds become paragraphs)."""
        slide.notes_slide.notes_text_frame.text = clean(text)

    def source(self, slide, text: str, left=MARGIN) -> None:
        """The slide's source footnote, above the footer: period, filters, n, definition, freshness.
        Every slide gets the deck's `default_source` when made; this replaces it with its own."""
        box = self._sources.get(slide.slide_id)
        if box is not None:
            box._element.getparent().remove(box._element)
        self._sources[slide.slide_id] = self.text(slide, left, Inches(6.68), WIDE - left - MARGIN, Inches(0.32),
                                                  [[(text, 10, False, MUTED, True)]])

    def text(self, slide, left, top, width, height, paragraphs, align=PP_ALIGN.LEFT,
             anchor=MSO_ANCHOR.TOP, space_after: int = 0):
        """A text box of paragraphs; each paragraph a list of runs (text, size, bold, colour,
        italic). Text is written as plain runs; line feeds become line breaks."""
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = Inches(0.04)
        frame.margin_top = frame.margin_bottom = Inches(0.02)
        for index, runs in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.alignment = align
            if space_after:
                paragraph.space_after = Pt(space_after)
            for text, size, bold, colour, italic in runs:
                lines = clean(text).split("\n")
                for number, line in enumerate(lines):
                    if number:
                        paragraph.add_line_break()
                    run = paragraph.add_run()
                    run.text = line
                    font = run.font
                    font.size, font.bold, font.italic = Pt(size), bold, italic
                    if not self.themed:  # a template's theme font applies otherwise
                        font.name = DECK_FONT
                    self.colour(font.color, colour)
        return box

    def picture(self, slide, data: bytes, left, top, width=None, height=None):
        return slide.shapes.add_picture(BytesIO(data), left, top, width, height)

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.prs.save(str(target))
        return target


def fill(shape, colour: str, line: str | None = None) -> None:
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(colour)
    if line is None:
        shape.line.fill.background()
    else:
        shape.line.color.rgb = rgb(line)
    shape.shadow.inherit = False


def title_slide(deck: Deck, kicker: str, title: str, subtitle: str, lines: list[str]) -> None:
    slide = deck.slide()
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(4.3), TALL)
    deck.fill(band, BRAND)
    deck.text(slide, Inches(0.6), Inches(0.6), Inches(3.4), Inches(1.2),
              [[("Heartbeat", 34, True, "#ffffff", False)]])
    deck.text(slide, Inches(0.6), Inches(1.35), Inches(3.4), Inches(1.5),
              [[("Customer experience, with the customers behind every figure", 16, False,
                 "#ffffff", False)]])
    deck.text(slide, Inches(4.9), Inches(1.9), Inches(7.9), Inches(0.5),
              [[(kicker.upper(), 16, True, BRAND, False)]])
    deck.text(slide, Inches(4.9), Inches(2.4), Inches(7.9), Inches(2.2),
              [[(title, 40, True, INK, False)]], anchor=MSO_ANCHOR.TOP)
    deck.text(slide, Inches(4.9), Inches(4.5), Inches(7.9), Inches(1.0),
              [[(subtitle, 20, False, MUTED, False)]])
    deck.text(slide, Inches(4.9), Inches(5.7), Inches(7.9), Inches(1.2),
              [[(line, 14, False, MUTED, False)] for line in lines], space_after=4)
    deck.notes(slide, f"{title.replace(chr(10), ' ')}: {subtitle}.\n\n" + "\n".join(lines))
    if deck.default_source:  # beside the band, not over it
        deck.source(slide, deck.default_source, left=Inches(4.9))


def quote_block(deck: Deck, slide, quote: QuoteView, left, top, width, height, size: int = 17) -> None:
    mark = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, Inches(0.07), height)
    fill(mark, RULE)
    deck.text(slide, left + Inches(0.2), top, width - Inches(0.2), height, [
        [(f"\u201c{quote.text}\u201d", size, False, INK, True)],
        [(quote.why, 12, False, MUTED, False)],
        [(quote.picked, 12, False, MUTED, False)],
    ], space_after=4)


NOTES_PER_SLIDE = 4


def appendix_slides(deck: Deck, footer_title: str, entries: list[tuple[str, str]],
                     notes: list[tuple[str, str]]) -> None:
    """Methodology: label + text pairs in two columns, as many slides as needed."""
    per_slide = 4
    pages = [entries[i:i + per_slide * 2] for i in range(0, len(entries), per_slide * 2)] or [[]]
    for number, page in enumerate(pages, 1):
        suffix = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
        slide = deck.slide(f"How each figure is computed{suffix}", f"Appendix · {footer_title}")
        column_width = (WIDE - 2 * MARGIN - Inches(0.5)) / 2
        for column in range(2):
            chunk = page[column * per_slide:(column + 1) * per_slide]
            if not chunk:
                continue
            paragraphs = []
            for label, text in chunk:
                paragraphs.append([(label, 16, True, INK, False)])
                paragraphs.append([(text, 13, False, INK, False)])
            deck.text(slide, MARGIN + column * (column_width + Inches(0.5)), Inches(1.55),
                      column_width, Inches(5.3), paragraphs, space_after=5)
        deck.notes(slide, "\n\n".join(f"{label}: {text}" for label, text in page) or "For questions on method.")
    for start in range(0, len(notes), NOTES_PER_SLIDE):
        slide = deck.slide("How the tests and quotes work" if start else "Quotes, significance and this slice",
                           f"Appendix · {footer_title}")
        paragraphs = []
        for label, text in notes[start:start + NOTES_PER_SLIDE]:
            paragraphs.append([(label, 16, True, INK, False)])
            paragraphs.append([(text, 14, False, INK, False)])
        deck.text(slide, MARGIN, Inches(1.55), WIDE - 2 * MARGIN, Inches(5.3), paragraphs,
                  space_after=6)
        deck.notes(slide, "\n\n".join(f"{label}: {text}" for label, text in notes[start:start + NOTES_PER_SLIDE]))


def table(deck: Deck, slide, rows: list[list[tuple[str, str]]], left, top, width, widths,
           row_height=Inches(0.5), size: int = 16):
    """A plain table: the first row is the header; each cell is (text, colour)."""
    shape = slide.shapes.add_table(len(rows), len(rows[0]), left, top, width,
                                   row_height * len(rows))
    table = shape.table
    table.first_row = True
    total = sum(widths)
    for index, share in enumerate(widths):
        table.columns[index].width = Emu(int(width * share / total))
    for r, row in enumerate(rows):
        table.rows[r].height = row_height
        for c, (text, colour) in enumerate(row):
            cell = table.cell(r, c)
            cell.fill.solid()
            deck.colour(cell.fill.fore_color, BRAND if r == 0 else ("#ffffff" if r % 2 else PANEL))
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_left = cell.margin_right = Inches(0.1)
            frame = cell.text_frame
            frame.word_wrap = True
            paragraph = frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT if c == 0 else PP_ALIGN.RIGHT
            run = paragraph.add_run()
            run.text = clean(text)
            run.font.size = Pt(size)
            if not deck.themed:
                run.font.name = DECK_FONT
            run.font.bold = r == 0 or c == 0
            run.font.color.rgb = rgb("#ffffff" if r == 0 else colour)
    return shape


def kpi(deck: Deck, slide, left, top, width, figure: str, label: str, note: str = "",
         colour: str = INK) -> None:
    panel = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, Inches(1.6))
    fill(panel, PANEL)
    paragraphs = [[(figure, 34, True, colour, False)], [(label, 15, False, INK, False)]]
    if note:
        paragraphs.append([(note, 12, False, MUTED, False)])
    deck.text(slide, left + Inches(0.15), top + Inches(0.1), width - Inches(0.3), Inches(1.45),
              paragraphs, space_after=2)


_NUMBER_FORMATS = {"percent": '0%', "currency": '"$"#,##0', "nps": '+0;-0;0', "score": '0.0'}


def trend_chart(deck: Deck, slide, view: MetricView, left, top, width, height) -> None:
    """A native, editable line chart of the metric's last 12 months (its data embedded): the
    figure, and its 95% interval as two dotted lines; months with too few answers are gaps."""
    months = [r.slice.start.strftime("%b %Y") for r in view.trend]
    data = CategoryChartData(number_format=_NUMBER_FORMATS.get(REGISTRY[view.key].unit, "General"))
    data.categories = months
    data.add_series(view.label, [r.value if r.enough else None for r in view.trend])
    banded = any(r.ci_low is not None for r in view.trend)
    if banded:
        data.add_series("95% interval, low", [r.ci_low if r.enough else None for r in view.trend])
        data.add_series("95% interval, high", [r.ci_high if r.enough else None for r in view.trend])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, left, top, width, height, data).chart
    chart.has_legend = chart.has_title = False
    chart.font.size = Pt(11)
    if not deck.themed:
        chart.font.name = DECK_FONT
    chart.font.color.rgb = rgb(MUTED)
    axis = chart.value_axis
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(RULE)
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = data.number_format, False
    axis.format.line.fill.background()
    drawn = [v for r in view.trend if r.enough for v in (r.value, r.ci_low, r.ci_high) if v is not None]
    if REGISTRY[view.key].unit == "percent" and drawn and max(drawn) > 0.5:  # retention near 100%: zoom in
        axis.minimum_scale = max(0.0, math.floor(min(drawn) * 20) / 20 - 0.05)
    chart.category_axis.format.line.color.rgb = rgb(RULE)
    for index, series in enumerate(chart.plots[0].series):
        line = series.format.line
        deck.colour(line.color, BRAND)
        series.smooth = False
        if index == 0:
            line.width = Pt(2.5)
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 7
            series.marker.format.fill.solid()
            deck.colour(series.marker.format.fill.fore_color, BRAND)
            deck.colour(series.marker.format.line.color, BRAND)
        else:
            line.width = Pt(1)
            line.dash_style = MSO_LINE_DASH_STYLE.ROUND_DOT
            series.marker.style = XL_MARKER_STYLE.NONE


def comparison_chart(deck: Deck, slide, rows, left, top, width, height) -> None:
    """A native bar chart of each group's churn a year (affected first, in the bad colour) with its
    95% interval as error bars, the figures as data labels; data embedded, editable."""
    rows = list(reversed(rows))  # a bar chart draws its first category at the bottom: affected on top
    data = CategoryChartData(number_format="0%")
    data.categories = [f"{row.label} (n = {row.n:,})" for row in rows]
    data.add_series("Churn a year", [row.annual for row in rows])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height, data).chart
    chart.has_legend = chart.has_title = False
    chart.font.size = Pt(12)
    if not deck.themed:
        chart.font.name = DECK_FONT
    axis = chart.value_axis
    axis.minimum_scale = 0
    reach = max([r.annual_high or r.annual or 0 for r in rows] + [0.01])
    axis.maximum_scale = math.ceil(reach * 20) / 20  # whiskers inside the plot, in 5% steps
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "0%", False
    axis.major_gridlines.format.line.color.rgb = rgb(RULE)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = "0.0%", False
    labels.position = XL_LABEL_POSITION.INSIDE_BASE  # clear of the whiskers at the bars' ends
    labels.font.color.rgb, labels.font.bold = rgb("#ffffff"), True
    series = plot.series[0]
    for index, point in enumerate(series.points):
        point.format.fill.solid()
        deck.colour(point.format.fill.fore_color, BAD if index == len(rows) - 1 else NEUTRAL)
    _error_bars(series, [max((r.annual_high or 0) - (r.annual or 0), 0) for r in rows],
                [max((r.annual or 0) - (r.annual_low or 0), 0) for r in rows])


def _error_bars(series, plus: list[float], minus: list[float]) -> None:
    """Custom error bars on a bar series (python-pptx has no API for them): c:errBars before c:cat."""
    def values(tag: str, numbers: list[float]) -> str:
        points = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in enumerate(numbers))
        return (f'<c:{tag}><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="{len(numbers)}"/>'
                f'{points}</c:numLit></c:{tag}>')
    bars = parse_xml(f'<c:errBars {nsdecls("c")}><c:errBarType val="both"/><c:errValType val="cust"/>'
                     f'<c:noEndCap val="0"/>{values("plus", plus)}{values("minus", minus)}</c:errBars>')
    series._element.find(qn("c:cat")).addprevious(bars)
