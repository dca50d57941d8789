"""What a printed claim form says about its status, and the claim data embedded in the PDF.

A draft carries a diagonal 草稿 watermark (not valid for submission); a rejected or superseded claim
已退回 / 已作废 with the reason; every page's footer names the status and its date. The form archived on
submission says 已提交; when the claim later moves on (approved, paid, rejected, superseded), the archive
is stamped with the new status on a copy (``stamp_status``) and the archived bytes stay as they were.

The claim data the fingerprint is computed from travel inside the PDF as an attached file
(``claim-data.json``), so ``workbench claim verify`` can recompute the fingerprint from the file alone.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from workbench.claimdoc import ClaimDocument
from workbench.services.claim_status import Status

ATTACHMENT_NAME = "claim-data.json"
# Statuses whose form must not be taken for a valid application, with the watermark's main words.
WATERMARKS = {"draft": "草稿 — 未提交", "rejected": "已退回", "superseded": "已作废"}
STATUS_BAND = 4.2 * mm  # the footer line below the page numbers that holds the status


def status_line(status: Status) -> str:
    """The footer's status text: 状态：已退回（2026年3月20日）：原因…"""
    on = f"{status.on.year}年{status.on.month}月{status.on.day}日"
    text = f"状态：{status.label}（{on}）"
    return f"{text}　原因：{status.reason}" if status.reason else text


def draw_status(
    canv: Canvas,
    status: Status,
    *,
    font: str,
    page_size: tuple[float, float],
    footer_y: float,
    cover: bool = False,
) -> None:
    """The watermark (draft, rejected, superseded) and the footer status line of one page.

    ``cover``: paint the footer's status band white first (stamping an archived form whose footer says
    已提交), so the old status does not show through the new one.
    """
    width, height = page_size
    canv.saveState()
    mark = WATERMARKS.get(status.code)
    if mark is not None:
        canv.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
        canv.translate(width / 2, height / 2)
        canv.rotate(40)
        canv.setFont(font, 64)
        canv.drawCentredString(0, 10, mark)
        canv.setFont(font, 20)
        below = "不能作为正式申请材料" if status.code == "draft" else (status.reason or status.label)[:30]
        canv.drawCentredString(0, -30, below)
        canv.rotate(-40)
        canv.translate(-width / 2, -height / 2)
    y = footer_y - STATUS_BAND
    if cover:
        canv.setFillColor(colors.white)
        canv.rect(0, y - 3, width, STATUS_BAND, stroke=0, fill=1)
    canv.setFillColor(colors.black)
    canv.setFont(font, 7.5)
    canv.drawCentredString(width / 2, y, status_line(status)[:90])
    canv.restoreState()


def embed_claim_data(canv: Canvas, doc: ClaimDocument) -> None:
    """Attach ``doc.data()`` (the fingerprinted data) to the PDF being written on ``canv``.

    reportlab has no public API for attached files, so the EmbeddedFiles name tree is put into the
    catalog with its own PDF objects (about 0.2 ms per form).
    """
    payload = json.dumps(doc.data(), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    document = canv._doc
    stream = pdfdoc.PDFStream(
        pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("EmbeddedFile"),
                "Subtype": pdfdoc.PDFName("application#2Fjson"),
                "Params": pdfdoc.PDFDictionary({"Size": len(payload)}),
            }
        ),
        content=payload,
    )
    spec = pdfdoc.PDFDictionary(
        {
            "Type": pdfdoc.PDFName("Filespec"),
            "F": pdfdoc.PDFString(ATTACHMENT_NAME),
            "UF": pdfdoc.PDFString(ATTACHMENT_NAME),
            "Desc": pdfdoc.PDFString("Claim data (SHA-256 fingerprint printed on the form)"),
            "AFRelationship": pdfdoc.PDFName("Source"),
            "EF": pdfdoc.PDFDictionary({"F": document.Reference(stream)}),
        }
    )
    spec_ref = document.Reference(spec)
    names = pdfdoc.PDFDictionary(
        {
            "EmbeddedFiles": pdfdoc.PDFDictionary(
                {"Names": pdfdoc.PDFArray([pdfdoc.PDFString(ATTACHMENT_NAME), spec_ref])}
            )
        }
    )
    document.Catalog.Names = names
    document.Catalog.AF = pdfdoc.PDFArray([spec_ref])


class FixedTime:
    """A reportlab timestamp for a given moment: the PDF's creation date is when the form was issued."""

    def __init__(self, moment: datetime) -> None:
        offset = moment.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
        self.t = moment.timestamp()
        self.YMDhms = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
        self.dhh, self.dmm = divmod(minutes, 60)
        self.tzname = "CST" if minutes == 480 else "UTC"


def set_creation_time(canv: Canvas, issued_at: str) -> None:
    """The PDF's CreationDate and ModDate: the time the claim reached its status (not 2000-01-01)."""
    if issued_at:
        canv._doc._timeStamp = FixedTime(datetime.fromisoformat(issued_at))


def stamp_status(pdf: bytes, status: Status, *, font: str, footer_y: float) -> bytes:
    """A copy of an archived form with ``status`` over every page (watermark and footer line)."""
    from pypdf import PdfReader, PdfWriter  # only stamping and verifying read PDFs

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    # One overlay document with a page per page: its font subset is stored once, not once per page.
    overlay = io.BytesIO()
    canv = Canvas(overlay, invariant=1, initialFontName=font)
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in writer.pages]
    for size in sizes:
        canv.setPageSize(size)
        draw_status(canv, status, font=font, page_size=size, footer_y=footer_y, cover=True)
        canv.showPage()
    canv.save()
    stamps = PdfReader(io.BytesIO(overlay.getvalue())).pages
    for page, stamp in zip(writer.pages, stamps, strict=True):
        page.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def metadata_of(doc: ClaimDocument) -> dict[str, Any]:
    """The PDF's document information: title, author (the applicant), subject (claim number)."""
    return {"title": doc.title, "author": doc.applicant.name, "subject": f"{doc.claim_no} {doc.status.label}"}
