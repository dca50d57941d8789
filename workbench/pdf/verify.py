"""Checking a claim form PDF on its own: the embedded data, the printed fingerprint and the QR code agree.

The form carries the claim data its fingerprint (数据指纹) is computed from as an attached file. Verifying
recomputes the fingerprint from that file and compares it with the fingerprint printed in the header and
in every page's footer, and with what the QR code on the first page says (read back from the rendered
page with zxing-cpp, so a form that prints a wrong or constant code is caught). The SHA-256 of the whole
PDF (文件校验码) is reported too, to compare with the one the app stored when the form was archived.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from workbench.claimdoc import parse_qr_payload
from workbench.errors import DocumentError
from workbench.i18n import t
from workbench.money import format_yuan
from workbench.pdf.status import ATTACHMENT_NAME

_HEADER_FINGERPRINT = re.compile(r"数据指纹（内嵌申请数据的SHA-256）：([0-9A-F]{64})")
_FOOTER_FINGERPRINT = re.compile(r"数据指纹：([0-9A-F]{16})(?![0-9A-F])")


@dataclass
class Verification:
    """What ``verify_claim_pdf`` found; ``ok`` when nothing disagrees."""

    claim_no: str = ""
    fingerprint: str = ""  # recomputed from the embedded data
    file_sha256: str = ""  # 文件校验码 of the PDF as given
    qr: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def decode_qr_codes(pdf: bytes, *, page: int = 0, dpi: int = 200) -> list[str]:
    """The text of every QR code on one page of ``pdf``, rendered at ``dpi`` (pdfium) and read by zxing."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[page].render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil()
    finally:
        document.close()
    return [
        r.text
        for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    ]


def _canonical_fingerprint(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def embedded_fingerprint(pdf: bytes) -> str:
    """The 数据指纹 recomputed from the claim data embedded in ``pdf`` ("" when it has none)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        attached = PdfReader(io.BytesIO(pdf)).attachments.get(ATTACHMENT_NAME, [])
        return _canonical_fingerprint(json.loads(attached[0])).upper() if attached else ""
    except (PdfReadError, ValueError, KeyError):
        return ""


def verify_claim_pdf(pdf: bytes) -> Verification:
    """Check one claim form; ``DocumentError`` when the file is no readable PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    result = Verification(file_sha256=hashlib.sha256(pdf).hexdigest())
    try:
        reader = PdfReader(io.BytesIO(pdf))
        texts = [re.sub(r"\s+", "", p.extract_text()) for p in reader.pages]
        attached = reader.attachments.get(ATTACHMENT_NAME, [])
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DocumentError(t("不是可读的 PDF 文件：{e}", "Not a readable PDF file: {e}", e=exc)) from exc
    if not attached:
        result.problems.append(
            t(
                "文件中没有内嵌的申请数据（{n}），无法核验",
                "The file holds no embedded claim data ({n}); it cannot be verified",
                n=ATTACHMENT_NAME,
            )
        )
        return result
    try:
        data = json.loads(attached[0])
    except ValueError:
        result.problems.append(t("内嵌的申请数据已损坏", "The embedded claim data is damaged"))
        return result
    result.claim_no = str(data.get("claim_no", ""))
    result.fingerprint = _canonical_fingerprint(data).upper()
    printed = _HEADER_FINGERPRINT.search(texts[0] if texts else "")
    if printed is None:
        result.problems.append(t("首页上找不到印刷的数据指纹", "No printed fingerprint on the first page"))
    elif printed.group(1) != result.fingerprint:
        result.problems.append(
            t(
                "印刷的数据指纹 {p} 与内嵌数据计算出的 {c} 不符",
                "The printed fingerprint {p} does not match {c} computed from the embedded data",
                p=printed.group(1),
                c=result.fingerprint,
            )
        )
    for number, text in enumerate(texts, start=1):
        footer = _FOOTER_FINGERPRINT.findall(text)
        if not footer or any(f != result.fingerprint[:16] for f in footer):
            result.problems.append(
                t(
                    "第 {n} 页页脚的数据指纹与内嵌数据不符",
                    "The fingerprint in page {n}'s footer does not match the embedded data",
                    n=number,
                )
            )
    _check_qr(pdf, data, result)
    return result


def _check_qr(pdf: bytes, data: dict[str, Any], result: Verification) -> None:
    codes = [parse_qr_payload(text) for text in decode_qr_codes(pdf)]
    codes = [c for c in codes if c]
    if not codes:
        result.problems.append(
            t("首页上读不出申请表的二维码", "No claim QR code can be read on the first page")
        )
        return
    result.qr = codes[0]
    expected = {
        "NO": str(data.get("claim_no", "")),
        "APPLICANT": str(data.get("applicant", {}).get("name", "")),
        "REG": str(data.get("project", {}).get("registration_no", "")),
        "AMOUNT": format_yuan(int(data.get("amount_fen", 0))),
        "DATE": str(data.get("claimed_on", "")),
        "SHA256": result.fingerprint,
    }
    for key, value in expected.items():
        if result.qr.get(key) != value:
            result.problems.append(
                t(
                    "二维码中的 {k} 为“{q}”，与内嵌数据的“{v}”不符",
                    "The QR code's {k} is “{q}”, not “{v}” as in the embedded data",
                    k=key,
                    q=result.qr.get(key, ""),
                    v=value,
                )
            )
