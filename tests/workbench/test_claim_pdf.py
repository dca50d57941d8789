"""The claim form PDF read back with pypdf: every value, page numbers, embedded fonts, archive, bad input."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlmodel import Session

from tests.workbench.claim_samples import LONG_ATTACHMENTS, Sample, long_claim, normal_claim
from workbench.claimdoc import ClaimDocument, build_claim_document
from workbench.cli import main
from workbench.errors import DocumentError, TransitionError, ValidationError
from workbench.pdf import ClaimFormTemplate, render_claim_pdf
from workbench.pdf.claim_form import cn_date, yuan
from workbench.services import BROKERS, CLAIMS, CONTRACTS
from workbench.services import policies as pol
from workbench.services.claim_archive import (
    claim_pdf_bytes,
    export_claim_pdfs,
    pdf_filename,
    submit_with_archive,
)
from workbench.services.policies import sync_default_policies
from workbench.store import Store


@dataclass
class Rendered:
    doc: ClaimDocument
    pdf: bytes
    reader: PdfReader
    pages: list[str]  # each page's text without any whitespace (wrapping may split a value anywhere)

    @property
    def text(self) -> str:
        return "".join(self.pages)


def _text(pdf: bytes) -> str:
    return "".join(squeeze(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _render(tmp: Path, maker: Callable[[Session], Sample]) -> Rendered:
    store = Store.open(tmp / "claims.db", key=bytes(32))
    with store.session() as s:
        sync_default_policies(s)
        sample = maker(s)
    with store.session() as s:
        doc = build_claim_document(s, sample.claim_id)
    store.close()
    pdf = render_claim_pdf(doc)
    reader = PdfReader(io.BytesIO(pdf))
    return Rendered(doc, pdf, reader, [squeeze(p.extract_text()) for p in reader.pages])


@pytest.fixture(scope="module")
def normal(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return _render(tmp_path_factory.mktemp("normal"), normal_claim)


@pytest.fixture(scope="module")
def long(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return _render(tmp_path_factory.mktemp("long"), long_claim)


def field_values(doc: ClaimDocument) -> Iterator[str]:
    """Every value the form must show, as the form prints it."""
    a, pr, am = doc.applicant, doc.project, doc.amounts
    yield from (
        doc.title,
        doc.jurisdiction_name,
        doc.claim_no,
        cn_date(doc.claimed_on),
        doc.fingerprint.upper(),
    )
    yield from (c.label for c in doc.applicant_types)
    yield from (a.name, a.id_number, a.certificate_no, a.level, a.agency, a.phone)
    yield from (a.bank_name, a.account_name, a.account_number)
    yield from (
        pr.name,
        pr.registration_no,
        pr.contract_type,
        cn_date(pr.signed_on),
        cn_date(pr.registered_on),
    )
    for party in (pr.seller, pr.buyer):
        yield from (party.name, party.uscc, party.locality)
    yield from pr.patent_numbers
    yield from (pr.need_title, pr.need_filing_no, pr.technology_title)
    for step in pr.involvement:
        yield from (cn_date(step.on), step.step, step.detail)
    yield from (yuan(am.contract_total_fen), yuan(am.tech_amount_fen), yuan(am.received_to_date_fen))
    yield from (yuan(am.claimed_before_fen), am.base_label)
    if am.received_in_period_fen is not None:
        yield yuan(am.received_in_period_fen)
    for p in am.payments:
        yield from (cn_date(p.paid_on), yuan(p.amount_fen), p.invoice_no, p.voucher_ref)
    for c in am.earlier_claims:
        yield from (c.claim_no, c.status, yuan(c.amount_fen))
    for line in doc.computation:
        yield line.label
        yield line.note
        if line.amount_fen is not None:
            yield yuan(line.amount_fen)
    for share in doc.shares:
        yield from (share.name, share.certificate_no, share.percent, yuan(share.amount_fen))
    yield from (doc.amount_figures, doc.amount_words, doc.declaration)
    for box in doc.signatures:
        yield from (box.title, box.seal_line)
    yield from (item.label for item in doc.attachments)


@pytest.mark.parametrize("case", ["normal", "long"])
def test_every_field_value_is_in_the_extracted_text(case: str, request: pytest.FixtureRequest) -> None:
    rendered: Rendered = request.getfixturevalue(case)
    missing = [v for v in field_values(rendered.doc) if v and squeeze(v) not in rendered.text]
    assert missing == []


def test_the_amount_in_capitals_and_the_claim_number_are_printed(normal: Rendered) -> None:
    assert "¥1,851.85" in normal.text and "人民币壹仟捌佰伍拾壹元捌角伍分" in normal.text
    assert all("ZHENHAI-2026-0001" in page for page in normal.pages)  # the footer names the claim
    assert "33021120260312" in normal.pages[0]


@pytest.mark.parametrize(("case", "pages"), [("normal", 3), ("long", 5)])
def test_page_x_of_y_on_every_page(case: str, pages: int, request: pytest.FixtureRequest) -> None:
    rendered: Rendered = request.getfixturevalue(case)
    assert len(rendered.reader.pages) == pages
    for number, text in enumerate(rendered.pages, start=1):
        assert f"第{number}页共{pages}页" in text


def test_the_long_claim_flows_over_pages_and_loses_nothing(long: Rendered) -> None:
    vouchers = [p.voucher_ref for p in long.doc.amounts.payments]
    assert len(vouchers) == 40 and all(v in long.text for v in vouchers)
    # Each voucher is printed once: a table split across pages repeats its header, never a row.
    assert [long.text.count(v) for v in vouchers] == [1] * 40
    assert squeeze(long.doc.project.name) in long.pages[0]
    assert all(squeeze(label) in long.text for _code, label in LONG_ATTACHMENTS)
    assert all(name in long.text for name in ("王经纪", "李经纪", "赵经纪", "钱经纪", "孙经纪", "周经纪"))
    # Ticks are the font's ✓ in drawn boxes: one for the applicant type, one per attached document.
    ticked = sum(a.attached for a in long.doc.attachments)
    assert long.text.count("✓") == ticked + 1 == 15


def test_a_declaration_longer_than_a_page_continues_overleaf(tmp_path: Path) -> None:
    """Policy wording is data a district may make as long as it likes; the form must still print."""
    declaration = "".join(
        f"第{n}条：申请人承诺所填报的内容真实、准确、完整，并承担相应法律责任。" for n in range(1, 121)
    )

    def claim_with_long_declaration(session: Session) -> Sample:
        form = pol.get_policy(session, "zhenhai").data["form"]
        pol.new_version(session, "zhenhai", {"form": {**form, "declaration": declaration}})
        return normal_claim(session)

    rendered = _render(tmp_path, claim_with_long_declaration)
    assert rendered.doc.declaration == declaration
    total = len(rendered.pages)
    assert total >= 4
    assert all(f"第{n}页共{total}页" in page for n, page in enumerate(rendered.pages, start=1))
    # Every word of it, in reading order, once the page footer and header and the repeated heading
    # between the two pieces are taken out.
    furniture = (
        r"申请编号：ZHENHAI-2026-0001|数据指纹：[0-9A-F]{16}|第\d+页共\d+页|七、申请人承诺(（续）)?"
        r"|草稿—未提交不能作为正式申请材料|状态：草稿—未提交，不能作为正式申请材料（\d+年\d+月\d+日）"
    )
    assert declaration in re.sub(furniture, "", rendered.text)
    assert sum("七、申请人承诺" in page for page in rendered.pages) == 2  # the heading goes with it


def test_a_long_patent_list_wraps_between_numbers_never_inside_one(normal: Rendered) -> None:
    numbers = tuple(f"ZL2018{n:06d}.X（发明）" for n in range(30))
    doc = dataclasses.replace(
        normal.doc, project=dataclasses.replace(normal.doc.project, patent_numbers=numbers)
    )
    lines = [
        line
        for page in PdfReader(io.BytesIO(render_claim_pdf(doc))).pages
        for line in page.extract_text().splitlines()
    ]
    assert all(any(number in line for line in lines) for number in numbers)  # each whole on one line
    assert sum(any(number in line for number in numbers) for line in lines) >= 4  # and the list did wrap


def test_a_part_larger_than_a_page_is_refused_in_words(normal: Rendered) -> None:
    class WithAnUnbreakableBlock(ClaimFormTemplate):
        # A district's layout with a block that cannot be cut, taller than the page.
        def header(self) -> list[Flowable]:
            return [*super().header(), Spacer(0, 400 * mm)]

    with pytest.raises(DocumentError) as caught:
        WithAnUnbreakableBlock(normal.doc).render()
    assert "ZHENHAI-2026-0001" in caught.value.message and "超过一整页" in caught.value.message


def _fonts(reader: PdfReader) -> list[Any]:
    resources: list[Any] = [page["/Resources"] for page in reader.pages]
    return [font.get_object() for res in resources for font in res["/Font"].values()]


@pytest.mark.parametrize("case", ["normal", "long"])
def test_only_the_embedded_cjk_subset_font_is_used(case: str, request: pytest.FixtureRequest) -> None:
    rendered: Rendered = request.getfixturevalue(case)
    fonts = _fonts(rendered.reader)
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/TrueType"
        assert re.fullmatch(r"/[A-Z]{6}\+WenQuanYiMicroHei", font["/BaseFont"])  # a subset
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
        assert "/ToUnicode" in font  # the text copies out as Chinese
    assert b"Helvetica" not in rendered.pdf


def test_the_same_document_gives_the_same_bytes(normal: Rendered) -> None:
    assert render_claim_pdf(normal.doc) == normal.pdf


# -- archive and refusals (through the real store) ---------------------------------------------------


def test_submitting_archives_the_exact_bytes_and_reopening_shows_them(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        draft = claim_pdf_bytes(s, sample.claim_id)
    with store.session() as s:
        claim = submit_with_archive(s, sample.claim_id)
        assert claim.status == "submitted"
    with store.session() as s:
        archived = CLAIMS.get(s, sample.claim_id)
        assert archived.pdf_bytes is not None
        assert archived.pdf_sha256 == hashlib.sha256(archived.pdf_bytes).hexdigest()
        archive = bytes(archived.pdf_bytes)
        assert claim_pdf_bytes(s, sample.claim_id) == archive
        # The draft carried the 草稿 watermark; the archived form says 已提交 instead.
        assert "草稿" in _text(draft) and "草稿" not in _text(archive) and "状态：已提交" in _text(archive)
        # Later edits to the broker's profile do not touch what was handed in.
        BROKERS.update(s, sample.broker_id, {"phone": "13805749999"})
    with store.session() as s:
        assert claim_pdf_bytes(s, sample.claim_id) == archive
        assert render_claim_pdf(build_claim_document(s, sample.claim_id)) != archive
        CLAIMS.approve(s, sample.claim_id)
        # Approved: the archive stamped with the new status on a copy; the stored bytes stay as they were.
        stamped = claim_pdf_bytes(s, sample.claim_id)
        # (the stamp covers the footer's 已提交, which stays in the file's text beneath it)
        assert "状态：已审核通过" in _text(stamped)
        assert bytes(CLAIMS.get(s, sample.claim_id).pdf_bytes or b"") == archive
    with pytest.raises(TransitionError), store.session() as s:
        CLAIMS.update_draft(s, sample.claim_id, attachments=[])


def test_a_submission_whose_form_cannot_be_built_is_undone(store: Store) -> None:
    # An organisation applicant passes the submission checks but the form needs the agency's code.
    with store.session() as s:
        sample = normal_claim(s)
        CLAIMS.update_draft(s, sample.claim_id, applicant_type="organisation")
    with store.session() as s:
        with pytest.raises(ValidationError) as exc:
            submit_with_archive(s, sample.claim_id)
        assert [i.field for i in exc.value.issues] == ["agency_uscc"]
        # The caller's session goes on, and the claim is still a draft without an archive.
        claim = CLAIMS.get(s, sample.claim_id)
        assert (claim.status, claim.pdf_bytes) == ("draft", None)
    with store.session() as s:
        assert [e.to_status for e in CLAIMS.history(s, sample.claim_id)] == ["draft"]


def test_missing_bank_account_or_registration_refuses_the_pdf(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        BROKERS.update(s, sample.broker_id, {"account_number": None})
    with pytest.raises(ValidationError) as exc, store.session() as s:
        claim_pdf_bytes(s, sample.claim_id)
    assert [(i.field, i.message) for i in exc.value.issues] == [("account_number", "经纪人档案缺少银行账号")]
    with store.session() as s:
        BROKERS.update(s, sample.broker_id, {"account_number": "6222 0000 1111 2222"})
        CONTRACTS.update(s, sample.contract_id, {"registration_no": None})
    with pytest.raises(ValidationError) as exc, store.session() as s:
        claim_pdf_bytes(s, sample.claim_id)
    assert [i.field for i in exc.value.issues] == ["registration_no"]


def test_batch_export_writes_one_file_per_claim_and_reports_the_rest(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        submit_with_archive(s, sample.claim_id)
        CLAIMS.reject(s, sample.claim_id, reason="补充材料")
        amended = CLAIMS.amend(s, sample.claim_id)
        BROKERS.update(s, sample.broker_id, {"bank_name": None})
        result = export_claim_pdfs(s, [sample.claim_id, amended.id], tmp_path / "out")
        archived = CLAIMS.get(s, sample.claim_id).pdf_bytes
    assert result.written == (tmp_path / "out" / "ZHENHAI-2026-0001.pdf",)
    # A rejected claim prints its archive stamped 已退回 with the reason; the archive is kept as it was.
    written = result.written[0].read_bytes()
    assert written != archived and "已退回" in _text(written) and "原因：补充材料" in _text(written)
    assert PdfReader(io.BytesIO(written)).pages[0].extract_text() != ""
    assert result.failed == (("ZHENHAI-2026-0001-R2", "经纪人档案缺少开户银行"),)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ZHENHAI-2026-0001.pdf"]
    assert pdf_filename("ZHENHAI/2026 0001") == "ZHENHAI_2026_0001.pdf"


def test_batch_export_names_the_drafts_to_complete_by_hand(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        BROKERS.update(s, sample.broker_id, {"name": "刘䶮"})
        draft = export_claim_pdfs(s, [sample.claim_id], tmp_path / "draft")
        BROKERS.update(s, sample.broker_id, {"name": "王经纪"})
        submit_with_archive(s, sample.claim_id)
        BROKERS.update(s, sample.broker_id, {"name": "刘䶮"})  # after submission: the archive says 王经纪
        archived = export_claim_pdfs(s, [sample.claim_id], tmp_path / "archived")
    assert [(n, "“刘䶮”中的“䶮”（U+4DAE）" in m) for n, m in draft.notices] == [(sample.claim_no, True)]
    # The archived form is printed as submitted; today's data say nothing about it.
    assert len(archived.written) == 1 and archived.notices == ()


def test_batch_export_reports_files_it_cannot_write_and_writes_the_rest(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        first = normal_claim(s)
        submit_with_archive(s, first.claim_id)
        CLAIMS.reject(s, first.claim_id, reason="补充材料")
        second = CLAIMS.amend(s, first.claim_id)
        out = tmp_path / "out"
        (out / pdf_filename(first.claim_no)).mkdir(parents=True)  # a folder where the file should go
        result = export_claim_pdfs(s, [first.claim_id, second.id], out)
        (tmp_path / "file.txt").write_text("not a folder")
        with pytest.raises(DocumentError) as caught:
            export_claim_pdfs(s, [first.claim_id], tmp_path / "file.txt" / "sub")
    assert result.written == (out / pdf_filename(second.claim_no),)
    assert [n for n, _why in result.failed] == [first.claim_no]
    assert "无法写入" in result.failed[0][1] and first.claim_no in result.failed[0][1]
    assert not list(out.glob("*.part"))  # nothing half-written left behind
    assert "无法创建文件夹" in caught.value.message


def test_batch_export_stops_when_told(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        seen: list[str] = []

        def stop_after_first(done: int, total: int, claim_no: str) -> bool:
            seen.append(f"{done}/{total} {claim_no}")
            return False

        result = export_claim_pdfs(s, [sample.claim_id, sample.claim_id], tmp_path, progress=stop_after_first)
    assert seen == ["1/2 ZHENHAI-2026-0001"] and result.cancelled and len(result.written) == 1


# -- the command line ---------------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _cli_db(tmp_path: Path, capsys: pytest.CaptureFixture[str], **broker: Any) -> tuple[str, Sample]:
    """A data file made by ``workbench init`` holding the normal claim (its broker profile edited)."""
    db = str(tmp_path / "cli.db")
    assert _cli(capsys, "--db", db, "init")[0] == 0
    store = Store.open(db)
    with store.session() as s:
        sample = normal_claim(s)
        if broker:
            BROKERS.update(s, sample.broker_id, broker)
    store.close()
    return db, sample


def test_cli_writes_one_claim_and_every_submitted_claim(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, sample = _cli_db(tmp_path, capsys)
    code, _out, err = _cli(
        capsys, "--db", db, "claim", "pdf", sample.claim_no, "-o", str(tmp_path / "one.pdf")
    )
    assert (code, err) == (0, "")
    assert len(PdfReader(tmp_path / "one.pdf").pages) == 3
    assert _cli(capsys, "--db", db, "claim", "pdf", sample.claim_no, "-o", str(tmp_path))[0] == 0
    assert (tmp_path / "ZHENHAI-2026-0001.pdf").read_bytes() == (tmp_path / "one.pdf").read_bytes()
    assert _cli(capsys, "--db", db, "claim", "submit", sample.claim_no)[0] == 0
    code, _out, err = _cli(
        capsys, "--db", db, "claim", "pdf", "--status", "submitted", "-o", str(tmp_path / "dir")
    )
    assert (code, err) == (0, "")
    written = tmp_path / "dir" / "ZHENHAI-2026-0001.pdf"
    store = Store.open(db)
    with store.session() as s:
        assert written.read_bytes() == CLAIMS.get(s, sample.claim_id).pdf_bytes
    store.close()


def test_cli_names_the_missing_fields_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, sample = _cli_db(tmp_path, capsys, account_number=None)
    target = tmp_path / "one.pdf"
    code, out, err = _cli(capsys, "--db", db, "claim", "pdf", sample.claim_no, "-o", str(target))
    assert code == 1 and out == "" and "account_number" in err and "银行账号" in err
    assert not target.exists()
    code, _out, err = _cli(
        capsys, "--db", db, "claim", "pdf", "--status", "draft", "-o", str(tmp_path / "dir")
    )
    assert code == 1 and "ZHENHAI-2026-0001" in err and "银行账号" in err
    assert list((tmp_path / "dir").iterdir()) == []


def test_cli_writes_the_form_and_says_which_characters_to_write_in_by_hand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, sample = _cli_db(tmp_path, capsys, name="刘䶮")  # 䶮 is not in the bundled font
    target = tmp_path / "one.pdf"
    code, out, err = _cli(capsys, "--db", db, "claim", "pdf", sample.claim_no, "-o", str(target))
    assert code == 0 and "“刘䶮”中的“䶮”（U+4DAE）" in err and "〓" in err
    assert "刘〓" in "".join(page.extract_text() for page in PdfReader(target).pages)
    code, out, _err = _cli(capsys, "--db", db, "--json", "claim", "pdf", sample.claim_no, "-o", str(target))
    assert code == 0 and "刘䶮" in json.loads(out)["print_notice"]


def test_cli_says_when_it_cannot_write_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, sample = _cli_db(tmp_path, capsys)
    (tmp_path / "file.txt").write_text("not a folder")
    code, out, err = _cli(
        capsys, "--db", db, "claim", "pdf", sample.claim_no, "-o", str(tmp_path / "file.txt" / "one.pdf")
    )
    assert code == 1 and out == "" and "无法创建文件夹" in err and "Traceback" not in err
    (tmp_path / "taken.pdf").mkdir()  # a folder: the CLI writes into it by claim number instead
    code, *_ = _cli(capsys, "--db", db, "claim", "pdf", sample.claim_no, "-o", str(tmp_path / "taken.pdf"))
    assert code == 0 and (tmp_path / "taken.pdf" / "ZHENHAI-2026-0001.pdf").exists()
