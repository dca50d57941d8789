"""What a district clerk checks on a claim form: true step dates, status on paper, no blanks, sums that add
up, co-brokers who can be paid, room for seals, words kept whole, one page for the signatures.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlmodel import select

from tests.workbench.claim_samples import long_claim, normal_claim
from tests.workbench.factories import ALL_REQUIRED, make_broker, make_chain
from workbench.claimdoc import build_claim_document
from workbench.errors import ValidationError
from workbench.models import MatchStageEvent
from workbench.pdf import ClaimFormTemplate, render_claim_pdf
from workbench.pdf.claim_form import register_fonts
from workbench.pdf.grid import Grid
from workbench.pdf.linebreak import NO_END, NO_START, atoms, balanced_lines, break_lines
from workbench.services import BROKERS, CLAIMS, CONTRACTS, ENTERPRISES, MATCHES, PAYMENTS, ShareInput
from workbench.services.claim_archive import claim_pdf_bytes, submit_with_archive
from workbench.store import Store


def pages_of(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def lines_of(pdf: bytes) -> list[str]:
    return [ln for p in PdfReader(io.BytesIO(pdf)).pages for ln in p.extract_text().splitlines()]


# -- 1. steps carry the day they happened, print in that order, contradictions are flagged ------------


def test_a_match_backdated_through_every_stage_prints_in_date_order(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s, contract=False)
        # Recorded today, after the fact, each with the day it happened.
        days = {"recommended": 10, "introduced": 11, "negotiating": 13, "intent": 16}
        for stage, day in days.items():
            MATCHES.move(s, chain.match.id, stage, occurred_on=date(2026, 3, day))
        history = MATCHES.history(s, chain.match.id)
        assert [e.occurred_on for e in history[1:]] == [date(2026, 3, d) for d in days.values()]
        assert all(e.at.date() >= date(2026, 11, 1) for e in history[1:])  # the log keeps when it was typed
        contract = CONTRACTS.create(
            s,
            {
                "match_id": chain.match.id,
                "title": "碳纤维复合材料成型技术转让",
                "contract_type": "transfer",
                "seller_institution_id": chain.institution.id,
                "seller_uscc": "91310110666007217T",
                "buyer_enterprise_id": chain.enterprise.id,
                "signed_on": "2026-03-20",
                "registration_no": "33021120260312",
                "registered_on": "2026-04-02",
                "total_fen": "200000",
                "tech_amount_fen": "123456.78",
            },
        )
        claim = CLAIMS.create_claim(s, contract.id, claimed_on=date(2026, 4, 10), attachments=ALL_REQUIRED)
        doc = build_claim_document(s, claim.id)
        assert CLAIMS.submission_problems(s, claim) == []
    steps = doc.project.involvement
    assert [s.on for s in steps] == sorted(s.on for s in steps if s.on)
    assert [s.step for s in steps][-6:] == [
        "推荐成果",
        "引荐对接",
        "组织洽谈",
        "达成意向",
        "签订合同",
        "认定登记",
    ]
    text = "".join(pages_of(render_claim_pdf(doc)))
    assert text.index("2026年3月16日达成意向") < text.index("2026年3月20日签订合同")


def test_a_step_date_in_the_future_or_before_the_previous_step_is_refused(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s, contract=False)
        MATCHES.move(s, chain.match.id, "recommended", occurred_on=date(2026, 3, 10))
        with pytest.raises(ValidationError, match="晚于今天"):
            MATCHES.move(s, chain.match.id, "introduced", occurred_on=date.today() + timedelta(days=2))
        with pytest.raises(ValidationError, match="早于上一环节"):
            MATCHES.move(s, chain.match.id, "introduced", occurred_on=date(2026, 3, 9))


def test_steps_dated_after_the_signing_are_flagged_before_submission(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        event = s.exec(
            select(MatchStageEvent).where(
                MatchStageEvent.match_id == chain.match.id, MatchStageEvent.to_stage == "intent"
            )
        ).one()
        event.occurred_on = date(2026, 3, 25)  # after the contract of 2026-03-20
        s.add(event)
        claim = CLAIMS.create_claim(s, chain.contract.id, attachments=ALL_REQUIRED)
        with pytest.raises(ValidationError) as caught:
            CLAIMS.submit(s, claim.id)
    [problem] = caught.value.issues
    assert (
        problem.field == "occurred_on" and "达成意向" in problem.message and "2026-03-25" in problem.message
    )


# -- 2. status on paper ---------------------------------------------------------------------------------


def test_status_watermark_and_footer_on_every_page(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        draft = claim_pdf_bytes(s, sample.claim_id)
    for page in pages_of(draft):
        assert "草稿—未提交" in page and "不能作为正式申请材料" in page and "状态：草稿" in page
    with store.session() as s:
        submit_with_archive(s, sample.claim_id)
    with store.session() as s:
        submitted = claim_pdf_bytes(s, sample.claim_id)
        CLAIMS.reject(s, sample.claim_id, reason="发票抬头有误")
    with store.session() as s:
        rejected = claim_pdf_bytes(s, sample.claim_id)
        CLAIMS.amend(s, sample.claim_id)
    assert all("状态：已提交" in p and "草稿" not in p for p in pages_of(submitted))
    assert all("已退回" in p and "原因：发票抬头有误" in p for p in pages_of(rejected))


def test_a_superseded_claim_prints_void_with_the_claim_that_replaced_it(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        submit_with_archive(s, sample.claim_id)
    with store.session() as s:
        revised = CLAIMS.amend(s, sample.claim_id)
        submit_with_archive(s, revised.id)
        old = claim_pdf_bytes(s, sample.claim_id)
    assert all("已作废" in p and f"已由{revised.claim_no}替代" in p for p in pages_of(old))


# -- 3. submission refuses, naming each blank ---------------------------------------------------------


def test_submission_names_every_missing_item(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s, seller_uscc=None)
        assert chain.contract is not None
        ENTERPRISES.update(s, chain.enterprise.id, {"uscc": None})
        CONTRACTS.update(s, chain.contract.id, {"buyer_uscc": None, "seller_uscc": None})
        partner = make_broker(
            s, name="李经纪", is_self=False, id_card=None, bank_name=None, account_number=None
        )
        claim = CLAIMS.create_claim(
            s,
            chain.contract.id,
            attachments=ALL_REQUIRED[:-1],
            shares=[ShareInput(chain.broker.id, Decimal(60)), ShareInput(partner.id, Decimal(40))],
        )
        BROKERS.update(s, chain.broker.id, {"bank_name": None})
        with pytest.raises(ValidationError) as caught:
            CLAIMS.submit(s, claim.id)
    messages = "\n".join(i.message for i in caught.value.issues)
    for expected in (
        "卖方统一社会信用代码",
        "买方统一社会信用代码",
        "经纪人档案缺少开户银行",
        "合作经纪人李经纪缺少身份证号",
        "合作经纪人李经纪缺少开户银行",
        "合作经纪人李经纪缺少银行账号",
        "缺少必备附件：需求/成果备案证明",
    ):
        assert expected in messages


# -- 4, 5. payments to the filing date with a total, co-brokers who can be paid -------------------------


def test_payments_after_the_filing_date_are_not_listed_and_the_total_is_the_cumulative_figure(
    store: Store,
) -> None:
    with store.session() as s:
        sample = normal_claim(s)  # filed 2026-04-10, one payment of 100,000 on 04-08
        for day, amount in (("2026-04-14", "30000"), ("2026-06-22", "40000")):
            PAYMENTS.create(s, {"contract_id": sample.contract_id, "paid_on": day, "amount_fen": amount})
        doc = build_claim_document(s, sample.claim_id)
    assert [p.paid_on for p in doc.amounts.payments] == [date(2026, 4, 8)]
    assert doc.amounts.received_to_date_fen == sum(p.amount_fen for p in doc.amounts.payments)
    text = "".join(pages_of(render_claim_pdf(doc)))
    assert "2026年4月14日" not in text and "2026年6月22日" not in text
    assert "合计100,000.00截至2026年4月8日累计到账" in text
    assert "本期" not in text  # no period: no empty 本期 column or figure


def test_each_co_broker_row_has_id_bank_account_share_and_a_signature_cell(store: Store) -> None:
    with store.session() as s:
        sample = long_claim(s)
        doc = build_claim_document(s, sample.claim_id)
    assert len(doc.shares) == 6
    assert all(x.id_number and x.bank_name and x.account_number for x in doc.shares)
    text = "".join(pages_of(render_claim_pdf(doc)))
    assert "本人签字" in text and text.count("11010519491231002X") >= 6
    assert f"合计100.00%{sum(x.amount_fen for x in doc.shares) / 100:,.2f}" in text
    assert "二、项目及合同情况（续）" in text or "三、合同金额及到账情况（续）" in text


# -- 6, 9. seals fit, the signatures stay together --------------------------------------------------------


def test_seal_boxes_are_at_least_45_mm_and_stay_with_the_declaration(store: Store) -> None:
    with store.session() as s:
        doc = build_claim_document(s, normal_claim(s).claim_id)
    template = ClaimFormTemplate(doc)
    template.header()  # the section counter, as in a render
    [kept] = template.declaration_section()
    grids = [g for g in kept._content if isinstance(g, Grid)]
    heights = [row.height for grid in grids for row in grid.rows if row.height is not None]
    assert len(heights) == 4 and min(heights) >= 45 * mm  # the applicant's and three authorities' boxes
    pages = pages_of(render_claim_pdf(doc))
    last = pages[-1]
    assert "七、申请人承诺" in last and "八、审核意见" in last and last.count("经办人：") == 3
    assert "受理编号" in pages[0]


# -- 8. Chinese line breaking -----------------------------------------------------------------------------


def _width(text: str) -> float:
    return float(stringWidth(text, register_fonts(), 9))


def test_words_numbers_with_units_and_brackets_are_never_cut() -> None:
    assert "技术经纪人" in atoms("镇海区技术经纪人协会意见")
    assert "财政局" in atoms("镇海区财政局意见")
    assert "（盖章）" in "".join(atoms("申请单位（盖章）及法定代表人签字")).split("及")[0]
    assert any("15,000.00 元" in a for a in atoms("应得 15,000.00 元，已申请 1,500.00 元"))
    for room in (40, 55, 70, 90):
        for text in ("镇海区技术经纪人协会意见", "镇海区财政局意见", "申请单位（盖章）及法定代表人签字"):
            lines = balanced_lines(text, room, _width)
            assert "".join(lines) == text
            for word in ("技术经纪人", "财政局", "（盖章）", "法定代表人"):
                if word in text and _width(word) <= room:
                    assert any(word in line for line in lines), (room, lines)


def test_kinsoku_no_line_starts_with_closing_or_ends_with_opening_punctuation() -> None:
    text = "按技术交易额（登记的技术交易额）计算，应得 15,000.00 元；“一次申请”的规定见《细则》第三条。" * 3
    for room in range(30, 200, 7):
        lines = break_lines(text, room, _width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(line[0] not in NO_START for line in lines[1:] if line), (room, lines)
        assert all(line[-1] not in NO_END for line in lines if line), (room, lines)
        assert not any(line.endswith("15,000.00") for line in lines)  # the number keeps its 元


def test_printed_labels_keep_their_words_whole(store: Store) -> None:
    with store.session() as s:
        doc = build_claim_document(s, normal_claim(s).claim_id)
    lines = lines_of(render_claim_pdf(doc))
    assert any("技术经纪人" in line for line in lines)
    assert any("财政局" in line for line in lines)
    assert not any(line.endswith(("技术经", "财")) for line in lines)


# -- 11. wording --------------------------------------------------------------------------------------------


def test_one_word_for_money_received_and_no_licence_ticked_for_an_individual(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        CLAIMS.update_draft(s, sample.claim_id, attachments=[*ALL_REQUIRED, "business_licence"])
        doc = build_claim_document(s, sample.claim_id)
    [licence] = [a for a in doc.attachments if a.code == "business_licence"]
    assert not licence.applies and not licence.attached and not licence.required
    text = "".join(pages_of(render_claim_pdf(doc)))
    assert "到款" not in text and "选备" not in text and "到账" in text
    assert "营业执照复印件（经纪组织）不适用" in text
