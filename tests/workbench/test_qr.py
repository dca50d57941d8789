"""The claim form's QR encoder gives exactly reportlab's own code, only faster."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics.barcode import qrencoder

from workbench.pdf.qr import qr_modules


def reportlab_modules(payload: str) -> list[list[bool]]:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    modules: list[list[bool]] = code.modules
    return modules


def chosen_mask(payload: str) -> int:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    return int(code.getBestMaskPattern())


CLAIM_PAYLOADS = [
    f"CLAIM:ZHENHAI-2026-{n:04d}/SHA256:{hashlib.sha256(bytes([n])).hexdigest().upper()}" for n in range(16)
]


def test_claim_payloads_give_reportlabs_matrix_whatever_mask_wins() -> None:
    for payload in CLAIM_PAYLOADS:
        assert qr_modules(payload) == reportlab_modules(payload)
    # The sample is only telling if the search had to pick different masks.
    assert len({chosen_mask(p) for p in CLAIM_PAYLOADS}) >= 4


@settings(max_examples=80, deadline=None)
@given(
    st.one_of(
        st.text(min_size=1, max_size=260),  # bytes mode; 260 characters reach the version information
        st.from_regex(r"[0-9]{1,400}", fullmatch=True),  # numeric mode
        st.from_regex(r"[0-9A-Z $%*+./:-]{1,300}", fullmatch=True),  # alphanumeric mode
    )
)
def test_any_text_gives_reportlabs_matrix(payload: str) -> None:
    assert qr_modules(payload) == reportlab_modules(payload)


def test_byte_mode_and_large_versions() -> None:
    for payload in ("claim:zhenhai-2026-0001;sha256:abc", "申请编号 ZHENHAI-2026-0001", "镇海" * 90):
        ours = qr_modules(payload)
        assert ours == reportlab_modules(payload)
    assert len(qr_modules("镇海" * 90)) >= 45  # version 7 or more
