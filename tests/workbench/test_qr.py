"""The claim form's QR encoder gives exactly reportlab's own code for the same segments, only faster;
mixed text is split into byte and alphanumeric segments when that gives a smaller code.
"""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics.barcode import qrencoder

from workbench.pdf.qr import qr_modules, qr_segments


def _reportlab_code(payload: str) -> qrencoder.QRCode:
    """reportlab's code for the text; split as the form's encoder split it, each segment in its mode."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    segments = qr_segments(payload)
    if len(segments) == 1:
        code.addData(payload)  # reportlab's own choice of mode (numeric, alphanumeric, kanji or bytes)
    else:
        for segment in segments:
            assert isinstance(segment, qrencoder.QR8bitByte | qrencoder.QRAlphaNum)
            code.addData(type(segment)(segment.data))
    return code


def reportlab_modules(payload: str) -> list[list[bool]]:
    """reportlab's own matrix for the segments the form's encoder chose, each added with its mode."""
    code = _reportlab_code(payload)
    code.make()
    modules: list[list[bool]] = code.modules
    return modules


def chosen_mask(payload: str) -> int:
    code = _reportlab_code(payload)
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


def _text(segments: list[qrencoder.QR]) -> str:
    return "".join(s.data if isinstance(s.data, str) else s.data.decode("utf-8") for s in segments)


FINGERPRINT = hashlib.sha256(b"claim").hexdigest().upper()
CLAIM_QR = (
    "BWCLAIM/1\nNO:ZHENHAI-2026-0001\nAPPLICANT:王经纪\nREG:33021120260312\nAMOUNT:1851.85\n"
    f"DATE:2026-04-10\nSHA256:{FINGERPRINT}"
)


def test_the_claim_qr_puts_its_fingerprint_in_alphanumeric_mode_and_shrinks() -> None:
    segments = qr_segments(CLAIM_QR)
    assert _text(segments) == CLAIM_QR  # nothing lost or reordered
    assert isinstance(segments[-1], qrencoder.QRAlphaNum) and segments[-1].data == f"SHA256:{FINGERPRINT}"
    # The name stays in bytes (UTF-8), as before.
    assert any(isinstance(s, qrencoder.QR8bitByte) and "王经纪".encode() in s.data for s in segments)
    single = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    single.addData(CLAIM_QR)
    assert single.calculate_version() == 9
    assert len(qr_modules(CLAIM_QR)) == 8 * 4 + 17  # version 8
    assert qr_modules(CLAIM_QR) == reportlab_modules(CLAIM_QR)


def test_splitting_is_only_used_when_it_gives_a_smaller_code() -> None:
    # Text reportlab puts in one numeric or alphanumeric segment stays so.
    for payload in ("0123456789", "ZHENHAI-2026-0001", FINGERPRINT):
        (segment,) = qr_segments(payload)
        assert not isinstance(segment, qrencoder.QR8bitByte)
    # A short mixed text gains nothing from a second segment header: one byte segment, as reportlab's.
    (segment,) = qr_segments("王经纪 ABC")
    assert isinstance(segment, qrencoder.QR8bitByte)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(st.from_regex(r"[0-9A-Z:/.-]{8,70}", fullmatch=True), st.text(min_size=1, max_size=12)),
        min_size=2,
        max_size=8,
    ).map("\n".join)
)
def test_mixed_text_keeps_every_character_and_reportlabs_matrix(payload: str) -> None:
    segments = qr_segments(payload)
    assert _text(segments) == payload
    assert qr_modules(payload) == reportlab_modules(payload)
    single = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    single.addData(payload)
    assert len(qr_modules(payload)) <= 4 * single.calculate_version() + 17  # never a larger code
