"""The claim form PDF: a reportlab template class that lays a ClaimDocument out as an A4 government form."""

from __future__ import annotations

import functools
import io
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LayoutError,
    PageTemplate,
    Spacer,
)

from workbench.claimdoc import ClaimDocument
from workbench.errors import DocumentError
from workbench.i18n import t
from workbench.pdf.fonts import FONT_FILE, FONT_NAME, register_fonts
from workbench.pdf.form_layout import FormLayout
from workbench.pdf.form_parts import (
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
    unprintable_values,
    yuan,
)
from workbench.pdf.grid import Cell, Grid, Row
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


class ClaimFormTemplate(FormLayout):
    """Renders one ClaimDocument; subclass and override a section method for another district's layout."""

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
