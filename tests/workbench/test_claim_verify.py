"""Claim forms checked on their own: embedded data, printed fingerprint, QR code read back, PDF metadata."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from tests.workbench.claim_samples import normal_claim
from workbench.claimdoc import build_claim_document, parse_qr_payload
from workbench.cli import main
from workbench.pdf import render_claim_pdf
from workbench.pdf.status import ATTACHMENT_NAME
from workbench.pdf.verify import decode_qr_codes, verify_claim_pdf
from workbench.services import CLAIMS
from workbench.services.claim_archive import claim_pdf_bytes, form_hashes, submit_with_archive
from workbench.store import Store


@pytest.fixture
def archived(store: Store) -> tuple[str, bytes]:
    with store.session() as s:
        sample = normal_claim(s)
    with store.session() as s:
        submit_with_archive(s, sample.claim_id)
    with store.session() as s:
        return sample.claim_id, claim_pdf_bytes(s, sample.claim_id)


def _with_attachment(pdf: bytes, data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    del writer.root_object[NameObject("/Names")]
    writer.add_attachment(ATTACHMENT_NAME, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_qr_code_read_off_the_page_carries_the_claim(store: Store) -> None:
    with store.session() as s:
        doc = build_claim_document(s, normal_claim(s).claim_id)
    codes = decode_qr_codes(render_claim_pdf(doc))
    assert codes == [doc.qr_payload]
    assert parse_qr_payload(codes[0]) == {
        "NO": doc.claim_no,
        "APPLICANT": "王经纪",
        "REG": "33021120260312",
        "AMOUNT": "1851.85",
        "DATE": "2026-04-10",
        "SHA256": doc.fingerprint.upper(),
    }


def test_an_archived_form_verifies_and_its_embedded_data_is_the_fingerprinted_data(
    store: Store, archived: tuple[str, bytes]
) -> None:
    claim_id, pdf = archived
    reader = PdfReader(io.BytesIO(pdf))
    assert list(reader.attachments) == [ATTACHMENT_NAME]
    with store.session() as s:
        doc = build_claim_document(s, claim_id)
    assert json.loads(reader.attachments[ATTACHMENT_NAME][0]) == doc.data()
    result = verify_claim_pdf(pdf)
    assert result.ok, result.problems
    assert result.fingerprint == doc.fingerprint.upper() and result.claim_no == doc.claim_no


def test_a_paid_claims_stamped_form_still_verifies(store: Store, archived: tuple[str, bytes]) -> None:
    claim_id, _pdf = archived
    with store.session() as s:
        CLAIMS.approve(s, claim_id)
        CLAIMS.mark_paid(s, claim_id)
    with store.session() as s:
        paid = claim_pdf_bytes(s, claim_id)
    assert "状态：已拨付" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(paid)).pages)
    assert verify_claim_pdf(paid).ok


def test_an_altered_attachment_is_refused(archived: tuple[str, bytes]) -> None:
    _claim_id, pdf = archived
    data = json.loads(PdfReader(io.BytesIO(pdf)).attachments[ATTACHMENT_NAME][0])
    data["amount_fen"] += 100_000
    result = verify_claim_pdf(_with_attachment(pdf, json.dumps(data, ensure_ascii=False).encode()))
    assert not result.ok
    joined = "\n".join(result.problems)
    assert "印刷的数据指纹" in joined and "AMOUNT" in joined


def test_an_altered_printed_fingerprint_or_a_constant_qr_is_refused(store: Store) -> None:
    with store.session() as s:
        doc = build_claim_document(s, normal_claim(s).claim_id)
    forged = render_claim_pdf(dataclasses.replace(doc, fingerprint="0" * 64))
    problems = "\n".join(verify_claim_pdf(forged).problems)
    assert "印刷的数据指纹" in problems and "第 1 页页脚" in problems
    constant = render_claim_pdf(dataclasses.replace(doc, qr_payload="BWCLAIM/1\nNO:X"))
    assert "二维码" in "\n".join(verify_claim_pdf(constant).problems)


def test_claim_verify_command_accepts_the_archive_and_refuses_a_forgery(
    archived: tuple[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _claim_id, pdf = archived
    good = tmp_path / "good.pdf"
    good.write_bytes(pdf)
    assert main(["claim", "verify", str(good)]) == 0
    assert "核验通过" in capsys.readouterr().out
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(_with_attachment(pdf, b'{"claim_no": "ZHENHAI-2026-0001"}'))
    assert main(["claim", "verify", str(bad)]) == 1
    assert "不符" in capsys.readouterr().err
    assert main(["claim", "verify", str(tmp_path / "missing.pdf")]) == 1


def test_the_archived_pdf_has_a_real_creation_time_title_and_author(
    store: Store, archived: tuple[str, bytes]
) -> None:
    claim_id, pdf = archived
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None
    with store.session() as s:
        submitted = CLAIMS.history(s, claim_id)[-1].at
    created = info.creation_date
    moment = submitted if submitted.tzinfo else submitted.replace(tzinfo=UTC)  # the store keeps UTC
    assert created is not None and created.tzinfo is not None
    assert abs(created.timestamp() - moment.timestamp()) < 1  # not reportlab's fixed 2000-01-01
    assert created.utcoffset() == timedelta(hours=8)  # China time, as the form's dates
    assert info.title == "2026年度镇海区技术经纪人奖励申请表" and info.author == "王经纪"


def test_the_two_checksums_are_named_and_follow_the_archive(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        draft = form_hashes(s, sample.claim_id)
        doc = build_claim_document(s, sample.claim_id)
    assert draft.data_fingerprint == doc.fingerprint.upper() and draft.file_checksum == ""
    assert draft.lines() == [f"数据指纹：{doc.fingerprint.upper()}"]
    with store.session() as s:
        claim = submit_with_archive(s, sample.claim_id)
        archived = form_hashes(s, sample.claim_id)
    assert archived.file_checksum == claim.pdf_sha256
    assert archived.lines()[1] == f"文件校验码：{claim.pdf_sha256}"
    with store.session() as s:
        CLAIMS.approve(s, sample.claim_id)  # a later status does not change what was archived
        assert form_hashes(s, sample.claim_id) == archived
