"""A ruled grid flowable for paper forms: rows of cells drawn straight onto the canvas.

platypus's ``Table`` can style any cell range, span rows and columns and nest tables, and pays for that
generality on every cell of every render (style commands are expanded per cell, each cell is drawn with its
own font and colour switches, each rule is its own line). A form needs much less: rows of cells that may
span columns, shaded label cells, one rule weight inside and a heavier box around. ``Grid`` draws exactly
that: every fill of one colour as one path, the text in as few text objects as reading order allows, all
inner rules as one path and the box as one rectangle. It flows like a table: it splits between rows and
repeats its heading rows on the next page; only a row taller than a whole page is cut inside, its wrapped
text continuing overleaf.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

VAlign = Literal["MIDDLE", "BOTTOM"]


@dataclass(slots=True)
class Cell:
    """One cell: text (one or more lines, never wrapped) or a flowable, in a paragraph style.

    The style gives the text's font, size, leading and alignment; a flowable is placed by the alignment.
    """

    content: str | Flowable
    style: ParagraphStyle
    span: int = 1
    fill: Color | None = None
    valign: VAlign = "MIDDLE"


@dataclass(slots=True)
class Row:
    """A row of cells, as tall as its tallest cell and the paddings, and at least ``height``."""

    cells: list[Cell]
    height: float | None = None
    top_padding: float = 3.2
    bottom_padding: float = 4.0
    # Rows are shared by the pieces of a split grid and a Paragraph's wrap is the one expensive step,
    # so each row is measured once.
    _measured: _Measure | None = field(default=None, repr=False)


@dataclass(slots=True)
class _Measure:
    """A row laid out on a grid of ``total`` width: its height, each cell's (x, width) and content size."""

    total: float
    height: float
    cells: list[tuple[float, float]]
    sizes: list[tuple[float, float]]  # (width, height) of each cell's content; text is measured by lines
    edges: frozenset[int]  # the column boundaries with a rule in this row (none inside a span)


class Grid(Flowable):
    """Rows on fixed column widths, ruled or not; splits between rows and repeats the first ``repeat``."""

    def __init__(
        self,
        rows: Sequence[Row],
        widths: Sequence[float],
        *,
        repeat: int = 0,
        padding: float = 3.2,
        line_width: float = 0.6,
        box_width: float = 1.2,
        ruled: bool = True,
        continued: Sequence[Row] | None = None,
    ) -> None:
        """``continued``: the rows that head the grid's part on a later page instead of the ``repeat``
        first rows (a heading marked （续））.
        """
        super().__init__()
        for number, row in enumerate(rows):
            covered = sum(c.span for c in row.cells)
            if covered != len(widths):
                raise ValueError(f"row {number} spans {covered} of {len(widths)} columns")
        self.rows = list(rows)
        self.widths = list(widths)
        self.repeat = repeat
        self.padding = padding
        self.line_width = line_width
        self.box_width = box_width
        self.ruled = ruled
        self.continued = list(continued) if continued is not None else None

    # -- measuring -------------------------------------------------------------------------------------

    def _measure(self, row: Row) -> _Measure:
        total = sum(self.widths)
        if row._measured is not None and row._measured.total == total:
            return row._measured
        cells: list[tuple[float, float]] = []
        col, x = 0, 0.0
        for cell in row.cells:
            width = sum(self.widths[col : col + cell.span])
            cells.append((x, width))
            col, x = col + cell.span, x + width
        tallest = 0.0
        sizes: list[tuple[float, float]] = []
        for cell, (_x, width) in zip(row.cells, cells, strict=True):
            content = cell.content
            if isinstance(content, str):
                size = (0.0, (content.count("\n") + 1) * cell.style.leading)
            else:
                size = content.wrap(width - 2 * self.padding, 1e6)
            sizes.append(size)
            tallest = max(tallest, size[1])
        height = tallest + row.top_padding + row.bottom_padding
        if row.height is not None:  # room to sign or stamp: at least that tall, taller if the text needs it
            height = max(height, row.height)
        edges = frozenset(itertools.accumulate(cell.span for cell in row.cells))
        row._measured = _Measure(total, height, cells, sizes, edges)
        return row._measured

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = sum(self._measure(row).height for row in self.rows)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Two grids, cut between rows; the second starts with the repeated rows. [] when nothing fits.

        A row is kept whole (a payment, a signature box) unless it is taller than a whole page: then its
        long text is cut at the page's end and continues in the same row overleaf, where platypus would
        otherwise give up on the document.
        """
        heights = [self._measure(row).height for row in self.rows]
        used, fits = 0.0, 0
        for height in heights:
            if used + height > avail_height:
                break
            used += height
            fits += 1
        if fits == len(self.rows) or fits < self.repeat:
            return []
        head = self.rows[: self.repeat]
        later = self.continued if self.continued is not None else head
        if fits > self.repeat:
            return [self._like(self.rows[:fits]), self._like(later + self.rows[fits:], len(later))]
        frame = getattr(self, "_frame", None)  # set by the frame while it asks for a split
        if frame is None or not getattr(frame, "_atTop", False):
            return []  # a fresh page may hold the row whole
        pieces = self._split_row(self.rows[fits], avail_height - used)
        if pieces is None:
            return []
        return [
            self._like([*head, pieces[0]]),
            self._like([*later, pieces[1], *self.rows[fits + 1 :]], len(later)),
        ]

    def _split_row(self, row: Row, room: float) -> tuple[Row, Row] | None:
        """``row`` as two rows, the first at most ``room`` tall: text that wraps (a Paragraph) is split,
        other cells stay in the first part and are left empty in the second. None when it cannot be cut.
        """
        inner = room - row.top_padding - row.bottom_padding
        if row.height is not None or inner <= 0:
            return None
        first: list[Cell] = []
        rest: list[Cell] = []
        cut = False
        m = self._measure(row)
        for cell, (_x, width), (_w, height) in zip(row.cells, m.cells, m.sizes, strict=True):
            content = cell.content
            if height <= inner:
                first.append(cell)
                rest.append(dataclasses.replace(cell, content=""))
                continue
            parts = [] if isinstance(content, str) else content.split(width - 2 * self.padding, inner)
            if len(parts) != 2:
                return None
            first.append(dataclasses.replace(cell, content=parts[0]))
            rest.append(dataclasses.replace(cell, content=parts[1]))
            cut = True
        if not cut:
            return None
        return (
            Row(first, top_padding=row.top_padding, bottom_padding=row.bottom_padding),
            Row(rest, top_padding=row.top_padding, bottom_padding=row.bottom_padding),
        )

    def _like(self, rows: list[Row], repeat: int | None = None) -> Grid:
        return Grid(
            rows,
            self.widths,
            repeat=self.repeat if repeat is None else repeat,
            padding=self.padding,
            line_width=self.line_width,
            box_width=self.box_width,
            ruled=self.ruled,
            continued=self.continued,
        )

    # -- drawing ---------------------------------------------------------------------------------------

    def draw(self) -> None:
        canv = self.canv
        laid = [self._measure(row) for row in self.rows]
        tops: list[float] = []
        y = sum(m.height for m in laid)
        for m in laid:
            tops.append(y)
            y -= m.height

        fills: dict[Color, list[tuple[float, float, float, float]]] = {}
        for row, m, top in zip(self.rows, laid, tops, strict=True):
            for cell, (x, width) in zip(row.cells, m.cells, strict=True):
                if cell.fill is not None:
                    fills.setdefault(cell.fill, []).append((x, top - m.height, width, m.height))
        for colour, rects in fills.items():
            path = canv.beginPath()
            for rect in rects:
                path.rect(*rect)
            canv.setFillColor(colour)
            canv.drawPath(path, stroke=0, fill=1)
        canv.setFillColor(black)

        # Text goes into as few text objects as possible, but a row holding flowables (wrapped text, boxes)
        # ends the current one first, so the file's text runs in reading order, row by row.
        text = canv.beginText()
        font: tuple[str, float, float] | None = None
        written = False
        pad = self.padding
        for row, m, top in zip(self.rows, laid, tops, strict=True):
            bottom = top - m.height
            flowables: list[tuple[Flowable, float, float]] = []
            for cell, (x, width), (w, h) in zip(row.cells, m.cells, m.sizes, strict=True):
                style, content = cell.style, cell.content
                if not isinstance(content, str):
                    if cell.valign == "BOTTOM":
                        cy = bottom + row.bottom_padding
                    else:
                        cy = top - (m.height + row.top_padding - row.bottom_padding + h) / 2
                    cx = x + pad
                    if style.alignment == TA_RIGHT:
                        cx = x + width - pad - w
                    elif style.alignment == TA_CENTER:
                        cx = x + (width - w) / 2
                    flowables.append((content, cx, cy))
                    continue
                if not content:
                    continue
                lines = content.split("\n")
                if cell.valign == "BOTTOM":
                    base = bottom + row.bottom_padding + h
                else:
                    base = top - (m.height + row.top_padding - row.bottom_padding - h) / 2
                base -= style.fontSize  # from the top of the text to the first baseline
                wanted = (style.fontName, style.fontSize, style.leading)
                if wanted != font:
                    text.setFont(*wanted)
                    font = wanted
                for line in lines:
                    line_x = x + pad
                    if style.alignment in (TA_CENTER, TA_RIGHT):
                        room = width - 2 * pad - stringWidth(line, style.fontName, style.fontSize)
                        line_x += room if style.alignment == TA_RIGHT else room / 2
                    text.setTextOrigin(line_x, base)
                    text.textOut(line)  # not textLine: a row of cells extracts as one line of text
                    base -= style.leading
                written = True
            if flowables:
                if written:
                    canv.drawText(text)
                    text, font, written = canv.beginText(), None, False
                for content, cx, cy in flowables:
                    content.drawOn(canv, cx, cy)
        if written:
            canv.drawText(text)

        if self.ruled:
            self._draw_rules(laid, tops)

    def _draw_rules(self, laid: list[_Measure], tops: list[float]) -> None:
        """Inner rules as one path (no vertical rule inside a spanned cell), then the heavier box."""
        canv = self.canv
        width, height = sum(self.widths), tops[0]
        path = canv.beginPath()
        for top in tops[1:]:
            path.moveTo(0, top)
            path.lineTo(width, top)
        for column, bx in enumerate(itertools.accumulate(self.widths[:-1]), start=1):
            run: tuple[float, float] | None = None  # (top, bottom) of the rule being extended down
            for m, top in zip(laid, tops, strict=True):
                if column in m.edges:
                    run = (run[0] if run else top, top - m.height)
                elif run is not None:
                    path.moveTo(bx, run[0])
                    path.lineTo(bx, run[1])
                    run = None
            if run is not None:
                path.moveTo(bx, run[0])
                path.lineTo(bx, run[1])
        canv.setStrokeColor(black)
        canv.setLineWidth(self.line_width)
        canv.drawPath(path, stroke=1, fill=0)
        canv.setLineWidth(self.box_width)
        canv.rect(0, 0, width, height, stroke=1, fill=0)
