"""The claim form PDF: a reportlab template class that lays a ClaimDocument out as an A4 government form."""

from __future__ import annotations

import functools
import io
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
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LayoutError,
    PageTemplate,
    Paragraph,
    Spacer,
)

from workbench.claimdoc import ClaimDocument
from workbench.errors import DocumentError
from workbench.i18n import t
from workbench.pdf.form_parts import (
    FONT_FILE,
    FONT_NAME,
    MISSING_GLYPH,
    TICK,
    CheckBox,
    Choices,
    OpinionBox,
    PageCountCanvas,
    SealLine,
    Text,
    TextLine,
    TitleBlock,
    cn_date,
    draw_box,
    font_coverage,
    printable,
    register_fonts,
    unprintable_values,
    yuan,
)
from workbench.pdf.grid import Cell, Grid, Row, VAlign
from workbench.pdf.linebreak import balanced_lines, break_lines, widest_atom
from workbench.pdf.qr import QrCode
from workbench.pdf.status import draw_status, metadata_of

__all__ = [  # the building blocks live in form_parts; importers of this module keep finding them here
    "FONT_FILE",
    "FONT_NAME",
    "MISSING_GLYPH",
    "TICK",
    "CheckBox",
    "Choices",
    "ClaimFormTemplate",
    "OpinionBox",
    "PageCountCanvas",
    "SealLine",
    "Text",
    "TextLine",
    "TitleBlock",
    "cn_date",
    "draw_box",
    "font_coverage",
    "printable",
    "register_fonts",
    "render_claim_pdf",
    "unprintable_values",
    "yuan",
]

SECTION_NUMBERS = "一二三四五六七八九十"
_LATIN_RUN = re.compile(r"[0-9A-Za-z]{2}")


class ClaimFormTemplate:
    """Renders one ClaimDocument; subclass and override a section method for another district's layout.

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

    # -- rendering ---------------------------------------------------------------------------------

    def render(self) -> bytes:
        buffer = io.BytesIO()
        template = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=self.left_margin,
            rightMargin=self.right_margin,
            topMargin=self.top_margin,
            bottomMargin=self.bottom_margin,
            **metadata_of(self.doc),
            creator="Broker Workbench",
            # A fixed document id, and the creation time is the claim's (set_creation_time): the same
            # document gives the same bytes.
            invariant=1,
            initialFontName=self.font,  # otherwise every PDF names an unembedded Helvetica
        )
        frame = Frame(
            self.left_margin,
            self.bottom_margin,
            self.content_width,
            self.pagesize[1] - self.top_margin - self.bottom_margin,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        template.addPageTemplates([PageTemplate(id="form", frames=[frame], onPage=self.on_page)])
        self._section = 0
        self._heading = ""
        try:
            template.build(
                self.story(),
                canvasmaker=functools.partial(
                    PageCountCanvas, footer_font=self.font, footer_y=self.footer_y, claim=self.doc
                ),
            )
        except LayoutError as exc:
            # Long text flows and a row taller than a page is cut; only an unbreakable part (a fixed
            # signature box, a single unwrappable line) larger than a page can end here.
            raise DocumentError(
                t(
                    "申请表 {n} 有一部分内容超过一整页，无法排版，请缩短过长的文字（如政策的声明或附件名称）",
                    "Part of claim form {n} is larger than a whole page and cannot be laid out; shorten the "
                    "longest text (such as the policy's declaration or attachment names)",
                    n=self.doc.claim_no,
                )
            ) from exc
        return buffer.getvalue()

    def on_page(self, canv: Canvas, _template: BaseDocTemplate) -> None:
        """Every page names its claim and fingerprint, so a loose page can be traced to its record."""
        canv.saveState()
        canv.setFont(self.font, 7.5)
        canv.drawString(self.left_margin, self.footer_y, f"申请编号：{self.doc.claim_no}")
        canv.drawRightString(
            self.pagesize[0] - self.right_margin,
            self.footer_y,
            f"数据指纹：{self.doc.fingerprint[:16].upper()}",
        )
        canv.setLineWidth(0.4)
        canv.line(
            self.left_margin,
            self.footer_y + 10,
            self.pagesize[0] - self.right_margin,
            self.footer_y + 10,
        )
        canv.restoreState()
        draw_status(canv, self.doc.status, font=self.font, page_size=self.pagesize, footer_y=self.footer_y)

    def story(self) -> list[Flowable]:
        """The form from top to bottom; each section is one overridable method."""
        return [
            *self.header(),
            *self.applicant_section(),
            *self.project_section(),
            *self.amounts_section(),
            *self.computation_section(),
            *self.shares_section(),
            *self.attachments_section(),
            *self.declaration_section(),
            *self.opinions_section(),
        ]

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

    # -- sections --------------------------------------------------------------------------------------

    def header(self) -> list[Flowable]:
        doc = self.doc
        subtitle = f"{doc.jurisdiction_name}　·　{doc.policy_name}"
        side = self.qr_size + 4 * mm
        middle = self.content_width - 2 * side
        title = TitleBlock(
            self.flow(doc.title, "title", middle),
            self.flow(subtitle, "subtitle", middle),
            self.qr_code(),
            caption=("扫码核对申请数据", self.styles["small_center"]),
            side=side,
        )
        revision = ""
        if doc.revision > 1:
            revision = f"第 {doc.revision} 版，替代 {doc.replaces_claim_no}"
        values = [
            Text(f"申请编号：{doc.claim_no}", "body"),
            Text(revision, "center"),
            Text(f"填报日期：{cn_date(doc.claimed_on)}", "right"),
        ]
        widths = self.widths((), 0.36, 0.30, 0.34)
        cells = [
            Cell(self.place(v, w, padding=0), self.styles[v.style])
            for v, w in zip(values, widths, strict=True)
        ]
        info = Grid([Row(cells, top_padding=0, bottom_padding=2)], widths, padding=0, ruled=False)
        # The bureau writes its own number on receipt; the box is left blank for it.
        accept = self.grid(
            [[self.cell("受理编号（受理单位填写）", "label"), "", self.cell("受理日期", "label"), ""]],
            self.widths((44 * mm,), 0.5, 0.18, 0.32),
            label_cells=[(0, 0), (2, 0)],
            row_heights=[9 * mm],
        )
        fingerprint = self.flow(
            f"数据指纹（内嵌申请数据的 SHA-256）：{doc.fingerprint.upper()}",
            "small",
            self.content_width,
        )
        return [title, Spacer(0, 2 * mm), info, fingerprint, Spacer(0, 1 * mm), accept, Spacer(0, 1.5 * mm)]

    def applicant_section(self) -> list[Flowable]:
        doc, a = self.doc, self.doc.applicant
        choices = Choices([(c.label, c.checked) for c in doc.applicant_types], font=self.font, font_size=9)
        rows: list[list[Any]] = [
            ["申请人类型", choices],
            ["申请人", a.name, a.id_label, a.id_number],
            ["证书/备案编号", a.certificate_no, "经纪人等级", a.level],
            ["所属机构", a.agency, "联系人", a.contact_person],
            ["联系电话", a.phone, "电子邮箱", a.email],
            ["通讯地址", a.address],
            ["开户银行", a.bank_name, "账户名称", a.account_name],
            ["银行账号", a.account_number],
        ]
        return [self.pairs(rows, heading="申请人情况")]

    def project_section(self) -> list[Flowable]:
        pr = self.doc.project
        valid = ""
        if pr.valid_from or pr.valid_to:
            valid = f"{cn_date(pr.valid_from)} 至 {cn_date(pr.valid_to)}"
        info = self.pairs(
            [
                ["项目名称", pr.name],
                ["合同登记编号", pr.registration_no, "合同类型", pr.contract_type],
                ["签订日期", cn_date(pr.signed_on), "登记日期", cn_date(pr.registered_on)],
                ["合同有效期", valid],
                ["技术需求", pr.need_title, "需求备案号", pr.need_filing_no],
                ["技术成果", pr.technology_title, "成果备案号", pr.technology_filing_no],
                ["专利（成果）号", "； ".join(pr.patent_numbers)],  # wraps between numbers
            ],
            heading="项目及合同情况",
        )
        parties = self.grid(
            [[self.cell(x.role, "label"), x.name, x.uscc, x.locality] for x in (pr.seller, pr.buyer)],
            self.widths((self.label_width,), 0.40, 0.27, 0.33),
            header=["合同当事方", "名称", "统一社会信用代码", "所在地区"],
            label_cells=[(0, 0), (0, 1)],
        )
        steps = self.grid(
            [
                [
                    self.cell(str(n), "center"),
                    self.cell(cn_date(s.on), "center"),
                    self.cell(s.step, "center"),
                    s.detail,
                ]
                for n, s in enumerate(pr.involvement, start=1)
            ]
            or [["", "", "", "（无记录）"]],
            self.widths((self.number_width, self.date_width, self.label_width), 1),
            header=["序号", "日期", "经纪服务环节", "说明"],
        )
        return [info, parties, steps]

    def amounts_section(self) -> list[Flowable]:
        am = self.doc.amounts
        has_period = am.received_in_period_fen is not None
        rows: list[list[Any]] = [
            ["合同成交额", "¥" + yuan(am.contract_total_fen), "技术交易额", "¥" + yuan(am.tech_amount_fen)],
        ]
        if has_period:
            period = f"{cn_date(am.period_start)} 至 {cn_date(am.period_end)}"
            rows += [
                [
                    "累计到账金额",
                    "¥" + yuan(am.received_to_date_fen),
                    "本期到账金额",
                    "¥" + yuan(am.received_in_period_fen),
                ],
                ["申报期间", period, "此前已申请", "¥" + yuan(am.claimed_before_fen)],
            ]
        else:  # no period: no 本期 figures at all, rather than empty ones
            rows.append(
                [
                    "累计到账金额",
                    "¥" + yuan(am.received_to_date_fen),
                    "此前已申请",
                    "¥" + yuan(am.claimed_before_fen),
                ]
            )
        rows.append(["计奖基数", f"{am.base_label} ¥{yuan(am.base_fen)}"])
        info = self.pairs(rows, heading="合同金额及到账情况")
        listed = [
            [
                self.cell(str(n), "center"),
                self.cell(cn_date(x.paid_on), "center"),
                self.cell(yuan(x.amount_fen), "right"),
                x.invoice_no,
                x.voucher_ref,
                *([self.cell("是" if x.in_period else "", "center")] if has_period else []),
            ]
            for n, x in enumerate(am.payments, start=1)
        ]
        columns = 6 if has_period else 5
        total = [
            self.cell("合计", "label"),
            "",
            self.cell(yuan(am.received_to_date_fen), "right"),
            self.cell(
                f"截至{cn_date(am.payments[-1].paid_on if am.payments else None) or '填报日期'}累计到账",
                "body",
            ),
            *([""] * (columns - 4)),
        ]
        payments = self.grid(
            [*listed, total] if listed else [["", "", "", "（无到账记录）", *([""] * (columns - 4))]],
            self.widths(
                (self.number_width, self.date_width, self.money_width),
                0.45,
                0.55,
                *((0.12,) if has_period else ()),
            ),
            header=[
                "序号",
                "到账日期",
                "到账金额（元）",
                "发票号码",
                "银行凭证号",
                *(["本期"] if has_period else []),
            ],
            spans=[(len(listed), 0, 1), (len(listed), 3, columns - 1)] if listed else [],
            label_cells=[(0, len(listed))] if listed else [],
            shaded_rows=[len(listed)] if listed else [],
        )
        flow: list[Flowable] = [info, payments]
        if am.earlier_claims:
            flow.append(
                self.grid(
                    [
                        [
                            self.cell(str(n), "center"),
                            c.claim_no,
                            self.cell(cn_date(c.claimed_on), "center"),
                            self.cell(c.status, "center"),
                            self.cell(yuan(c.amount_fen), "right"),
                        ]
                        for n, c in enumerate(am.earlier_claims, start=1)
                    ],
                    self.widths((self.number_width,), 0.40, 0.22, 0.14, 0.24),
                    header=["序号", "此前申请编号", "申请日期", "状态", "申请金额（元）"],
                )
            )
        return flow

    def computation_section(self) -> list[Flowable]:
        lines = self.doc.computation
        rows = [
            [
                self.cell(str(n), "center"),
                line.label,
                # The base line's label already states the base; repeating it would read as a second base.
                self.cell(yuan(line.base_fen) if line.kind != "base" else "", "right"),
                self.cell(line.rate, "center"),
                self.cell(yuan(line.amount_fen), "right"),
                line.note,
            ]
            for n, line in enumerate(lines, start=1)
        ]
        shaded = [r for r, line in enumerate(lines) if line.kind in ("gross", "result")]
        return [
            self.grid(
                rows,
                self.widths((self.number_width,), 0.40, 0.16, 0.08, 0.15, 0.21),
                heading="奖励计算",
                header=["序号", "计算项目", "计算基数（元）", "比例", "金额（元）", "备注"],
                shaded_rows=shaded,
            )
        ]

    def shares_section(self) -> list[Flowable]:
        """Each broker's share with what the district needs to pay them, and a cell to sign."""
        shares = self.doc.shares
        rows: list[list[Any]] = [
            [
                self.cell(str(n), "center"),
                f"{s.name}\n{s.certificate_no}" if s.certificate_no else s.name,
                s.id_number,
                f"{s.bank_name}\n{s.account_number}" if s.bank_name else s.account_number,
                self.cell(s.percent, "center"),
                self.cell(yuan(s.amount_fen), "right"),
                "",
            ]
            for n, s in enumerate(shares, start=1)
        ]
        total_percent = sum(float(s.percent.rstrip("%")) for s in shares)
        rows.append(
            [
                self.cell("合计", "label"),
                "",
                "",
                "",
                self.cell(f"{total_percent:.2f}%", "center"),
                self.cell(yuan(sum(s.amount_fen for s in shares)), "right"),
                "",
            ]
        )
        grid = self.grid(
            rows,
            self.widths((self.number_width,), 0.15, 0.24, 0.25, 0.09, 0.15, 0.12),
            heading="经纪人分配",
            header=[
                "序号",
                "经纪人及证书编号",
                "身份证号",
                "开户银行及账号",
                "比例",
                "金额（元）",
                "本人签字",
            ],
            row_heights=[12 * mm] * len(shares) + [None],
            spans=[(len(shares), 0, 3)],
            label_cells=[(0, len(shares))],
            shaded_rows=[len(shares)],
        )
        return [grid, *self.amount_claimed()]

    def amount_claimed(self) -> list[Flowable]:
        """The figure the district pays, in figures and in capitals, closing the money part of the form."""
        doc = self.doc
        small = 12 * mm
        return [
            self.grid(
                [
                    [
                        self.cell("申请奖励金额", "label"),
                        self.cell("小写", "label"),
                        self.cell(doc.amount_figures, "amount"),
                        self.cell("大写", "label"),
                        self.cell(doc.amount_words, "amount"),
                    ]
                ],
                self.widths((self.label_width, small, 32 * mm, small), 1),
                label_cells=[(0, 0), (1, 0), (3, 0)],
                padding=(6, 7),
            )
        ]

    def attachments_section(self) -> list[Flowable]:
        rows = [
            [
                self.cell(str(n), "center"),
                a.label,
                self.cell(("必备" if a.required else "可选") if a.applies else "不适用", "center"),
                CheckBox(a.attached, font=self.font) if a.applies else self.cell("", "center"),
            ]
            for n, a in enumerate(self.doc.attachments, start=1)
        ]
        return [
            self.grid(
                rows or [["", "（本政策未列附件）", "", ""]],
                self.widths((self.number_width,), 0.70, 0.15, 0.15),
                heading="附件清单",
                header=["序号", "附件名称", "类别", "已附"],
            )
        ]

    def declaration_section(self) -> list[Flowable]:
        """The pledge, the applicant's signature and the authorities' opinion boxes, on one page: a page
        holding only opinion boxes could be swapped for another claim's.
        """
        doc = self.doc
        applicant, boxes = doc.signatures[0], doc.signatures[1:]
        label = self.label_column([s.title for s in doc.signatures])
        widths = self.widths((label,), 1)
        pledge = self.grid(
            [
                [self.cell(doc.declaration, "declaration"), ""],
                [self.cell(applicant.title, "label"), SealLine(applicant.seal_line, font=self.font)],
            ],
            widths,
            heading="申请人承诺",
            label_cells=[(0, 1)],
            spans=[(0, 0, 1)],
            row_heights=[None, self.seal_height],
            bottom_cells=[(1, 1)],
            padding=(5, self.padding + 0.8),
        )
        if not boxes:
            return [KeepTogether([pledge])]
        opinions = self.grid(
            [[self.cell(b.title, "label"), OpinionBox(b.seal_line, font=self.font)] for b in boxes],
            widths,
            heading="审核意见",
            label_cells=[(0, r) for r in range(len(boxes))],
            row_heights=[self.seal_height] * len(boxes),
            bottom_cells=[(1, r) for r in range(len(boxes))],
            padding=(self.padding, 4),
        )
        return [KeepTogether([pledge, opinions])]

    def opinions_section(self) -> list[Flowable]:
        """Kept with the declaration (``declaration_section``); a subclass may set them apart."""
        return []


def render_claim_pdf(doc: ClaimDocument) -> bytes:
    """The claim form as PDF bytes, rendered in memory; the same document always gives the same bytes."""
    return ClaimFormTemplate(doc).render()
