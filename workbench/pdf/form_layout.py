"""The claim form's page geometry, paragraph styles and building blocks: ruled grids, cells whose text is
broken by Chinese line-breaking rules, label columns sized to keep words whole, continued headings.

``ClaimFormTemplate`` (``workbench.pdf.claim_form``) adds the form's sections and renders it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any, ClassVar
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    Flowable,
    Paragraph,
)

from workbench.claimdoc import ClaimDocument
from workbench.pdf.fonts import register_fonts
from workbench.pdf.form_parts import Text, TextLine, printable
from workbench.pdf.grid import Cell, Grid, Row, VAlign
from workbench.pdf.linebreak import balanced_lines, break_lines, widest_atom
from workbench.pdf.qr import QrCode

SECTION_NUMBERS = "一二三四五六七八九十"
_LATIN_RUN = re.compile(r"[0-9A-Za-z]{2}")


class FormLayout:
    """Geometry, styles and building blocks of a form laid out on a grid; one instance per render.

    Page geometry and colours are class attributes; the stylesheet is built once per class and shared by
    every render (building styles and registering the font are the parts worth not repeating).
    """

    pagesize: ClassVar[tuple[float, float]] = A4
    left_margin: ClassVar[float] = 18 * mm
    right_margin: ClassVar[float] = 18 * mm
    top_margin: ClassVar[float] = 14 * mm
    bottom_margin: ClassVar[float] = 18 * mm
    footer_y: ClassVar[float] = 9 * mm
    label_width: ClassVar[float] = 27 * mm
    number_width: ClassVar[float] = 11 * mm
    date_width: ClassVar[float] = 27 * mm
    money_width: ClassVar[float] = 30 * mm
    seal_height: ClassVar[float] = 46 * mm  # an official seal is 40–42 mm across
    qr_size: ClassVar[float] = 24 * mm
    line_width: ClassVar[float] = 0.6
    outer_line_width: ClassVar[float] = 1.2
    heading_fill: ClassVar[colors.Color] = colors.Color(0.86, 0.86, 0.86)
    label_fill: ClassVar[colors.Color] = colors.Color(0.95, 0.95, 0.95)
    padding: ClassVar[float] = 3.2

    _styles: ClassVar[dict[str, ParagraphStyle] | None] = None

    def __init__(self, doc: ClaimDocument) -> None:
        self.font = register_fonts()
        self.doc = printable(doc)  # a character the font lacks shows as 〓, never as a silent blank
        self.styles = type(self).stylesheet()
        self._section = 0
        self._heading = ""  # the current section's numbered heading

    # -- geometry and styles ---------------------------------------------------------------------------

    @property
    def content_width(self) -> float:
        return float(self.pagesize[0] - self.left_margin - self.right_margin)

    @classmethod
    def stylesheet(cls) -> dict[str, ParagraphStyle]:
        """All paragraph styles of the form, in the CJK font (no Helvetica anywhere), built once."""
        if cls.__dict__.get("_styles") is None:
            font = register_fonts()
            body = ParagraphStyle(
                "body", fontName=font, bulletFontName=font, fontSize=9, leading=12.5, wordWrap="CJK"
            )
            cls._styles = {
                "body": body,
                "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
                "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
                "label": ParagraphStyle("label", parent=body, alignment=TA_CENTER),
                "head": ParagraphStyle("head", parent=body, alignment=TA_CENTER, fontSize=8.5, leading=11),
                "section": ParagraphStyle("section", parent=body, fontSize=10.5, leading=14),
                "title": ParagraphStyle("title", parent=body, fontSize=17, leading=23, alignment=TA_CENTER),
                "subtitle": ParagraphStyle(
                    "subtitle", parent=body, fontSize=9, leading=12, alignment=TA_CENTER
                ),
                "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=10),
                "small_center": ParagraphStyle(
                    "small_center", parent=body, fontSize=7, leading=9, alignment=TA_CENTER
                ),
                "amount": ParagraphStyle("amount", parent=body, fontSize=12, leading=16),
                "declaration": ParagraphStyle(
                    "declaration", parent=body, fontSize=9.5, leading=15, firstLineIndent=19
                ),
            }
            words = {
                f"{name}:words": ParagraphStyle(f"{name}:words", parent=style, wordWrap=None)
                for name, style in cls._styles.items()
            }
            cls._styles.update(words)
        assert cls._styles is not None
        return cls._styles

    def cell(self, text: str, style: str = "body") -> Text:
        """Grid cell text in a named style; ``place`` decides whether it needs a Paragraph."""
        return Text(text, style)

    def p(self, text: str, style: str = "body") -> Paragraph:
        """A wrapping paragraph; text holding numbers or codes wraps at spaces so they stay whole.

        reportlab's CJK wrapping breaks anywhere, amounts included ("71,700." | "00 元"); its word
        wrapping keeps "71,700.00" whole and still splits a long run of Chinese characters. Pure Chinese
        prose keeps the CJK mode for its line-start punctuation rules.
        """
        if _LATIN_RUN.search(text):
            style += ":words"
        # User text may hold <, > or &, which Paragraph would read as markup.
        return Paragraph(escape(text), self.styles[style])

    def flow(self, text: str, style: str, width: float) -> Flowable:
        """Text for ``width`` points outside a grid: placed as in a cell, a plain string as a TextLine."""
        content = self.place(Text(text, style), width, padding=0)
        if isinstance(content, str) and "\n" not in content:
            return TextLine(content, self.styles[style])
        return content if isinstance(content, Flowable) else self.p(text, style)

    def label_column(self, labels: Sequence[str], style: str = "label") -> float:
        """A label column wide enough that none of ``labels`` has a word cut, at least ``label_width``."""
        width = self.measure(self.styles[style].fontSize)
        widest = max((widest_atom(label, width) for label in labels), default=0.0)
        return max(self.label_width, widest + 2 * self.padding + 1)

    # -- building blocks -------------------------------------------------------------------------------

    def next_heading(self, title: str) -> str:
        number = SECTION_NUMBERS[self._section] if self._section < len(SECTION_NUMBERS) else ""
        self._section += 1
        return f"{number}、{title}" if number else title

    def grid(
        self,
        rows: list[list[Any]],
        widths: Sequence[float],
        *,
        heading: str | None = None,
        header: Sequence[str] | None = None,
        label_cells: Sequence[tuple[int, int]] = (),
        spans: Sequence[tuple[int, int, int]] = (),
        row_heights: Sequence[float | None] | None = None,
        shaded_rows: Sequence[int] = (),
        bottom_cells: Sequence[tuple[int, int]] = (),
        padding: tuple[float, float] | None = None,
    ) -> Grid:
        """A ruled grid of the form's width: label cells and ``shaded_rows`` filled, text placed by ``place``.

        ``rows`` hold one value per column; ``spans`` are (row, first column, last column) and the cells a
        span covers are left out. ``bottom_cells`` (column, row) sit on the cell's bottom padding instead of
        the middle; ``padding`` replaces the (top, bottom) padding of the body rows. The section heading and
        the column header rows are repeated when the grid goes on to a new page.
        """
        top: list[Row] = []
        continued: list[Row] = []
        columns = len(widths)
        style = self.styles["section"]
        if heading is not None:
            self._heading = self.next_heading(heading)
            content = self.place(self.cell(self._heading, "section"), sum(widths))
            top.append(self.row([Cell(content, style, span=columns, fill=self.heading_fill)]))
        if self._heading:  # a section broken across pages says so on the next page
            content = self.place(self.cell(self._heading + "（续）", "section"), sum(widths))
            continued.append(self.row([Cell(content, style, span=columns, fill=self.heading_fill)]))
        if header is not None:
            header_row = self.row(
                [
                    Cell(self.place(self.cell(h, "head"), w), self.styles["head"], fill=self.label_fill)
                    for h, w in zip(header, widths, strict=True)
                ]
            )
            top.append(header_row)
            continued.append(header_row)
        spanned = {r: (c0, c1) for r, c0, c1 in spans}
        labels, bottoms, shaded = set(label_cells), set(bottom_cells), set(shaded_rows)
        body: list[Row] = []
        for r, values in enumerate(rows):
            cells: list[Cell] = []
            c = 0
            while c < columns:
                span = spanned.get(r)
                first, last = (c, span[1]) if span is not None and span[0] == c else (c, c)
                value = values[c]
                if isinstance(value, Flowable):
                    content, style = value, self.styles["body"]
                else:
                    text = value if isinstance(value, Text) else Text(value, "body")
                    content, style = self.place(text, sum(widths[first : last + 1])), self.styles[text.style]
                fill = self.label_fill if (c, r) in labels or r in shaded else None
                valign: VAlign = "BOTTOM" if (c, r) in bottoms else "MIDDLE"
                cells.append(Cell(content, style, span=last - first + 1, fill=fill, valign=valign))
                c = last + 1
            height = row_heights[r] if row_heights is not None else None
            body.append(self.row(cells, height=height, padding=padding))
        return Grid(
            top + body,
            widths,
            repeat=len(top),
            continued=continued,
            padding=self.padding,
            line_width=self.line_width,
            box_width=self.outer_line_width,
        )

    def row(
        self, cells: list[Cell], *, height: float | None = None, padding: tuple[float, float] | None = None
    ) -> Row:
        top, bottom = padding if padding is not None else (self.padding, self.padding + 0.8)
        return Row(cells, height=height, top_padding=top, bottom_padding=bottom)

    def place(self, text: Text, width: float, *, padding: float | None = None) -> str | Flowable:
        """Text that fits its cell on one line is drawn as it is; a longer label is cut into lines of equal
        length; other long text becomes a wrapping Paragraph.

        Most cells of the form are short (labels, dates, amounts, codes). A Paragraph parses markup and
        wraps word by word; a plain string is one text operator. Only cells that need wrapping pay for it.
        """
        para = self.styles[text.style]
        room = width - 2 * (self.padding if padding is None else padding)
        # An indented style (the declaration) is prose: a Paragraph even when short, so it is set alike.
        measure = self.measure(para.fontSize)
        if not para.firstLineIndent and measure(text.text) <= room:
            return text.text
        if text.style == "label":
            return "\n".join(balanced_lines(text.text, room, measure))
        if para.firstLineIndent:
            return self.p(text.text, text.style)
        lines = break_lines(text.text, room, measure)
        if len(lines) * para.leading > self.pagesize[1] / 2:
            return self.p(text.text, text.style)  # a Paragraph can be split across pages
        return "\n".join(lines)

    @functools.cache  # noqa: B019 - one template per render; the measure is per font size
    def measure(self, size: float) -> Callable[[str], float]:
        """The width of a string in the form's font at ``size`` points."""
        font = self.font

        def width(text: str) -> float:
            return float(pdfmetrics.stringWidth(text, font, size))

        return width

    def pairs(self, rows: Sequence[Sequence[Any]], *, heading: str | None = None) -> Grid:
        """Label/value rows on the form's 4-column grid; a row of two cells spans the value across."""
        value_width = (self.content_width - 2 * self.label_width) / 2
        widths = [self.label_width, value_width, self.label_width, value_width]
        cells: list[list[Any]] = []
        labels: list[tuple[int, int]] = []
        spans: list[tuple[int, int, int]] = []
        for r, row in enumerate(rows):
            if len(row) == 2:
                cells.append([self.cell(row[0], "label"), row[1], "", ""])
                labels.append((0, r))
                spans.append((r, 1, 3))
            else:
                cells.append([self.cell(row[0], "label"), row[1], self.cell(row[2], "label"), row[3]])
                labels += [(0, r), (2, r)]
        return self.grid(cells, widths, heading=heading, label_cells=labels, spans=spans)

    def widths(self, fixed: Sequence[float], *fractions: float) -> list[float]:
        """Fixed column widths first, then the rest of the form's width shared by ``fractions``.

        The last column takes what rounding left, so every grid ends exactly at the right margin and
        the rules of stacked grids line up.
        """
        rest = self.content_width - sum(fixed)
        total = sum(fractions)
        shared = [rest * f / total for f in fractions[:-1]]
        return [*fixed, *shared, rest - sum(shared)]

    def qr_code(self) -> QrCode:
        return QrCode(self.doc.qr_payload, size=self.qr_size)
