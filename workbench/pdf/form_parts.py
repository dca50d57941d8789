"""The claim form's building blocks: the bundled font, characters it lacks, small drawn flowables.

Split from ``workbench.pdf.claim_form`` (which re-exports these names) so the template stays readable:
the font and 〓 for missing characters, date and amount formatting, the page-count canvas, check boxes,
the title block with its QR code, single lines, seal lines and the authorities' opinion box foot.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple, TypeVar, cast

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from workbench.claimdoc import ClaimDocument
from workbench.money import yuan_cell
from workbench.pdf.fonts import register_fonts
from workbench.pdf.qr import QrCode
from workbench.pdf.status import embed_claim_data, set_creation_time

TICK = "✓"  # U+2713 is in the bundled font; ☑ (U+2611) is not, so boxes are drawn and the tick is text

V = TypeVar("V")


MISSING_GLYPH = "〓"  # the geta mark: Chinese typesetting's sign for a character the type case lacks


@functools.cache
def font_coverage() -> frozenset[int]:
    """The code points the bundled font has a glyph for."""
    font = pdfmetrics.getFont(register_fonts())
    return frozenset(font.face.charToGlyph)


def _unprintable(text: str, coverage: frozenset[int]) -> str:
    return "".join(dict.fromkeys(c for c in text if ord(c) not in coverage and c.isprintable()))


def unprintable_values(doc: ClaimDocument) -> list[tuple[str, str]]:
    """(value, its characters the font cannot print) for each text of the form with such characters.

    The font covers GB2312, Big5 and the basic CJK block, but not every rare character of a person's or
    company's name (䶮, 𠮷) nor emoji; those would print as blanks. The form prints them as 〓 so the
    gap shows, and the app tells the broker which to write in by hand.
    """
    coverage = font_coverage()
    found: dict[str, str] = {}
    for value in _texts(doc):
        missing = _unprintable(value, coverage)
        if missing:
            found[value] = missing
    return list(found.items())


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item)


def printable(value: V) -> V:
    """``value`` (a document, or any of its parts) with each character the font lacks replaced by 〓."""
    coverage = font_coverage()
    # Line breaks (the QR payload's) are not printed characters.
    if all(coverage.issuperset(map(ord, text.replace("\n", ""))) for text in _texts(value)):
        return value  # the usual case, checked in a fraction of a millisecond
    return cast(V, _printable(value, coverage))


def _printable(value: object, coverage: frozenset[int]) -> object:
    if isinstance(value, str):
        missing = _unprintable(value, coverage)
        return "".join(MISSING_GLYPH if c in missing else c for c in value) if missing else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _printable(getattr(value, f.name), coverage) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_printable(item, coverage) for item in value)
    return value


def cn_date(day: date | None) -> str:
    """2026-03-20 → "2026年3月20日"; no date → an empty cell to fill in by hand."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


yuan = yuan_cell  # amounts in tables headed （元）


class Text(NamedTuple):
    """A grid cell's text and the name of its paragraph style (``ClaimFormTemplate.place`` lays it out)."""

    text: str
    style: str


class PageCountCanvas(Canvas):
    """Holds every page back until the end so each can say "第 x 页 共 y 页"."""

    def __init__(
        self,
        *args: Any,
        footer_font: str,
        footer_y: float,
        claim: ClaimDocument | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if claim is not None:
            embed_claim_data(self, claim)
            set_creation_time(self, claim.issued_at)
        self._footer_font = footer_font
        self._footer_y = footer_y
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - overrides reportlab's method of that name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self.setFont(self._footer_font, 8)
            self.drawCentredString(self._pagesize[0] / 2, self._footer_y, f"第 {number} 页 共 {total} 页")
            super().showPage()
        super().save()


def draw_box(canv: Canvas, x: float, size: float, checked: bool, font: str) -> None:
    """A square with its lower left corner at (x, 0), ticked when ``checked``."""
    canv.setLineWidth(0.7)
    canv.rect(x, 0, size, size)
    if checked:
        canv.setFont(font, size * 0.9)
        canv.drawCentredString(x + size / 2, size * 0.2, TICK)


class CheckBox(Flowable):
    """A drawn square, ticked with the font's ✓ so the tick is also in the extracted text."""

    def __init__(self, checked: bool, *, font: str, size: float = 3.6 * mm) -> None:
        super().__init__()
        self.checked = checked
        self.font = font
        self.size = size
        self._avail = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.size

    def draw(self) -> None:
        draw_box(self.canv, (self._avail - self.size) / 2, self.size, self.checked, self.font)  # centred


class Choices(Flowable):
    """A row of labelled checkboxes (□个体经纪人　□经纪组织) on one line."""

    def __init__(self, options: Sequence[tuple[str, bool]], *, font: str, font_size: float) -> None:
        super().__init__()
        self.options = list(options)
        self.font = font
        self.font_size = font_size
        self.box = font_size * 1.05

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, self.font_size * 1.3

    def draw(self) -> None:
        canv = self.canv
        x = 0.0
        gap = self.font_size * 0.4
        for label, checked in self.options:
            draw_box(canv, x, self.box, checked, self.font)
            x += self.box + gap
            canv.setFont(self.font, self.font_size)
            canv.drawString(x, self.box * 0.15, label)
            x += pdfmetrics.stringWidth(label, self.font, self.font_size) + 4 * gap


class TitleBlock(Flowable):
    """The form's top: title and subtitle centred between equal margins, the QR code and its caption at
    the right, the text block centred against the code.
    """

    def __init__(
        self,
        title: Flowable,
        subtitle: Flowable,
        qr: QrCode,
        *,
        caption: tuple[str, ParagraphStyle],
        side: float,
        padding: float = 1.0,
    ) -> None:
        super().__init__()
        self.title, self.subtitle, self.qr = title, subtitle, qr
        self.caption, self.caption_style = caption
        self.side = side
        self.padding = padding
        self._heights = (0.0, 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        middle = avail_width - 2 * self.side
        self._heights = (
            self.title.wrap(middle, avail_height)[1],
            self.subtitle.wrap(middle, avail_height)[1],
        )
        self.width = avail_width
        block = max(sum(self._heights) + 4 * self.padding, self.qr.size + 2 * self.padding)
        self.height = block + self.caption_style.leading + 2 * self.padding
        return self.width, self.height

    def draw(self) -> None:
        canv, pad = self.canv, self.padding
        title_h, subtitle_h = self._heights
        block = max(title_h + subtitle_h + 4 * pad, self.qr.size + 2 * pad)
        y = self.height - (block - title_h - subtitle_h - 4 * pad) / 2 - pad - title_h
        self.title.drawOn(canv, self.side, y)
        self.subtitle.drawOn(canv, self.side, y - 2 * pad - subtitle_h)
        qr_x = self.width - self.side + (self.side - self.qr.size) / 2
        self.qr.drawOn(canv, qr_x, self.height - pad - (block - 2 * pad + self.qr.size) / 2)
        style = self.caption_style
        canv.setFont(style.fontName, style.fontSize)
        canv.drawCentredString(self.width - self.side / 2, pad + style.leading - style.fontSize, self.caption)


class TextLine(Flowable):
    """One line of text in a paragraph style, aligned in the width it is given: no markup, no wrapping.

    For text known to fit (``ClaimFormTemplate.flow`` checks); a Paragraph would parse and wrap it.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._avail = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.style.leading

    def draw(self) -> None:
        style = self.style
        self.canv.setFont(style.fontName, style.fontSize)
        baseline = style.leading - style.fontSize  # where a one-line Paragraph in this style sets it
        if style.alignment == TA_CENTER:
            self.canv.drawCentredString(self._avail / 2, baseline, self.text)
        elif style.alignment == TA_RIGHT:
            self.canv.drawRightString(self._avail, baseline, self.text)
        else:
            self.canv.drawString(0, baseline, self.text)


class SealLine(Flowable):
    """A seal line (（盖章）　　　　年　　月　　日) set flush right with its full-width spaces kept.

    A Paragraph would collapse the spaces that leave room to write the date by hand.
    """

    def __init__(self, text: str, *, font: str, font_size: float = 9) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.font_size = font_size
        self._avail = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.font_size * 1.4

    def draw(self) -> None:
        self.canv.setFont(self.font, self.font_size)
        self.canv.drawRightString(self._avail - self.font_size, self.font_size * 0.3, self.text)


class OpinionBox(Flowable):
    """The foot of an authority's opinion box: 经办人 and 负责人 lines, then the seal and date line."""

    def __init__(self, seal_line: str, *, font: str, font_size: float = 9) -> None:
        super().__init__()
        self.seal_line = seal_line
        self.font = font
        self.font_size = font_size
        self._avail = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.font_size * 3.2

    def draw(self) -> None:
        canv, size = self.canv, self.font_size
        canv.setFont(self.font, size)
        line_y = size * 1.9
        canv.drawString(size, line_y, "经办人：")
        canv.drawString(self._avail * 0.42, line_y, "负责人：")
        canv.setLineWidth(0.4)
        start = size + pdfmetrics.stringWidth("经办人：", self.font, size)
        canv.line(start, line_y - 2, self._avail * 0.42 - size, line_y - 2)
        start = self._avail * 0.42 + pdfmetrics.stringWidth("负责人：", self.font, size)
        canv.line(start, line_y - 2, self._avail * 0.70, line_y - 2)
        canv.drawRightString(self._avail - size, size * 0.3, self.seal_line)
