"""The claim form as data: every section by exact value, the fingerprint, and what refuses generation."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from tests.workbench.claim_samples import LONG_TITLE, long_claim, normal_claim
from tests.workbench.factories import ALL_REQUIRED, HUAWEI_USCC, HUTOOL_USCC
from workbench import i18n
from workbench.claimdoc import (
    SEAL_LINE,
    SIGN_LINE,
    Applicant,
    CalcLine,
    Choice,
    EarlierClaim,
    Party,
    PaymentLine,
    Share,
    Step,
    build_claim_document,
    fingerprint_of,
    missing_fields,
    parse_qr_payload,
)
from workbench.errors import ValidationError
from workbench.services import BROKERS, CLAIMS, CONTRACTS
from workbench.store import Store


def test_every_section_of_a_normal_claim(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        doc = build_claim_document(s, sample.claim_id)
    assert doc.title == "2026年度镇海区技术经纪人奖励申请表"
    assert doc.jurisdiction_name == "宁波市镇海区"
    assert doc.policy_name == "镇海区技术经纪人奖励（镇政办发〔2021〕50号）"
    assert (doc.claim_no, doc.claimed_on, doc.revision, doc.replaces_claim_no) == (
        "ZHENHAI-2026-0001",
        date(2026, 4, 10),
        1,
        "",
    )
    assert doc.applicant_types == (Choice("个体经纪人", True), Choice("经纪组织", False))
    assert doc.applicant == Applicant(
        name="王经纪",
        id_label="身份证号",
        id_number="11010519491231002X",
        certificate_no="ZHJJ-2024-017",
        level="中级",
        agency="镇海区技术经纪人协会",
        contact_person="王经纪",
        phone="13805740001",
        email="wang.jj@example.cn",
        address="宁波市镇海区骆驼街道民和路 589 号",
        bank_name="宁波银行镇海支行",
        account_name="王经纪",
        account_number="6222 0000 1111 2222",
    )
    pr = doc.project
    assert (pr.name, pr.registration_no, pr.contract_type) == (
        "碳纤维复合材料成型技术转让",
        "33021120260312",
        "技术转让",
    )
    assert (pr.signed_on, pr.registered_on, pr.valid_from, pr.valid_to) == (
        date(2026, 3, 20),
        date(2026, 4, 2),
        None,
        None,
    )
    assert pr.seller == Party("卖方（供方）", "宁波大学", HUTOOL_USCC, "宁波（330203）")
    assert pr.buyer == Party("买方（需方）", "宁波材料科技有限公司", HUAWEI_USCC, "宁波市镇海区（330211）")
    assert pr.patent_numbers == ("201811564288.X（发明）",)
    assert (pr.need_title, pr.need_filing_no) == ("高性能碳纤维复合材料成型工艺", "ZHKJ-XQ-2026-0001")
    assert (pr.technology_title, pr.technology_filing_no) == ("碳纤维增强热塑性复合材料快速成型技术", "")
    assert pr.involvement == (
        Step(date(2026, 3, 5), "走访企业", "走访宁波材料科技有限公司"),
        Step(date(2026, 3, 6), "挖掘需求", "梳理技术需求“高性能碳纤维复合材料成型工艺”"),
        Step(date(2026, 3, 8), "匹配成果", "匹配技术成果“碳纤维增强热塑性复合材料快速成型技术”"),
        Step(date(2026, 3, 9), "推荐成果", "向企业推荐该成果"),
        Step(date(2026, 3, 10), "引荐对接", "引荐供需双方对接"),
        Step(date(2026, 3, 11), "组织洽谈", "组织双方洽谈"),
        Step(date(2026, 3, 12), "达成意向", "双方达成合作意向"),
        Step(date(2026, 3, 20), "签订合同", "促成双方签订《碳纤维复合材料成型技术转让》"),
        Step(date(2026, 4, 2), "认定登记", "合同登记编号 33021120260312"),
    )
    am = doc.amounts
    assert (am.contract_total_fen, am.tech_amount_fen, am.received_to_date_fen) == (
        20_000_000,
        12_345_678,
        10_000_000,
    )
    assert (am.received_in_period_fen, am.period_start, am.period_end, am.claimed_before_fen) == (
        None,
        None,
        None,
        0,
    )
    assert (am.base_label, am.base_fen, am.earlier_claims) == ("技术交易额", 12_345_678, ())
    assert am.payments == (
        PaymentLine(date(2026, 4, 8), 10_000_000, "33022600001234", "NBCB-20260408-001", False),
    )
    assert doc.computation == (
        CalcLine("base", "技术交易额 123,456.78 元", 12_345_678, "", None, ""),
        CalcLine("rate", "技术交易额 123,456.78 元 × 1.5%", 12_345_678, "1.5%", 185_185, ""),
        CalcLine("rounding", "四舍五入到分（精确值 1,851.8517 元）", None, "", 185_185, ""),
        CalcLine("gross", "按政策计算的奖励", None, "", 185_185, ""),
        CalcLine("result", "本次申请奖励", None, "", 185_185, ""),
    )
    assert doc.shares == (
        Share(
            "王经纪",
            "ZHJJ-2024-017",
            "11010519491231002X",
            "宁波银行镇海支行",
            "6222 0000 1111 2222",
            "100.00%",
            185_185,
        ),
    )
    assert (doc.amount_fen, doc.amount_figures, doc.amount_words) == (
        185_185,
        "¥1,851.85",
        "人民币壹仟捌佰伍拾壹元捌角伍分",
    )
    assert doc.declaration.startswith("本人（单位）承诺：所填写的申请表内容")
    assert [(b.title, b.seal_line) for b in doc.signatures] == [
        ("申请人签字", SIGN_LINE),
        ("镇海区技术经纪人协会意见", SEAL_LINE),
        ("镇海区科学技术局意见", SEAL_LINE),
        ("镇海区财政局意见", SEAL_LINE),
    ]
    assert SEAL_LINE == "（盖章）\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    assert [(a.code, a.required, a.attached) for a in doc.attachments] == [
        *((code, True, True) for code in ALL_REQUIRED),
        ("business_licence", False, False),
        ("other_evidence", False, False),
    ]


def test_fingerprint_is_the_sha256_of_the_canonical_data_and_follows_the_data(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        doc = build_claim_document(s, sample.claim_id)
        again = build_claim_document(s, sample.claim_id)
    canonical = json.dumps(doc.data(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert doc.fingerprint == hashlib.sha256(canonical.encode()).hexdigest() == fingerprint_of(doc)
    assert "fingerprint" not in doc.data() and doc.data()["claimed_on"] == "2026-04-10"
    assert parse_qr_payload(doc.qr_payload) == {
        "NO": "ZHENHAI-2026-0001",
        "APPLICANT": "王经纪",
        "REG": "33021120260312",
        "AMOUNT": "1851.85",
        "DATE": "2026-04-10",
        "SHA256": doc.fingerprint.upper(),
    }
    assert again == doc
    with store.session() as s:
        BROKERS.update(s, sample.broker_id, {"account_number": "6222 0000 1111 3333"})
        changed = build_claim_document(s, sample.claim_id)
    assert changed.fingerprint != doc.fingerprint


def test_the_form_stays_chinese_when_the_app_speaks_english(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        chinese = build_claim_document(s, sample.claim_id)
        i18n.set_language("en")
        english_ui = build_claim_document(s, sample.claim_id)
    assert english_ui == chinese  # labels of stored codes come out in Chinese, so the data are the same


def test_a_long_claim_keeps_everything(store: Store) -> None:
    with store.session() as s:
        sample = long_claim(s)
        doc = build_claim_document(s, sample.claim_id)
    assert doc.claim_no == "ZHENHAI-2026-0002" and doc.project.name == LONG_TITLE
    am = doc.amounts
    assert len(am.payments) == 40 and sum(p.in_period for p in am.payments) == 30
    assert (am.received_to_date_fen, am.received_in_period_fen, am.claimed_before_fen) == (
        478_000_000,
        373_500_000,
        1_567_500,
    )
    assert (am.period_start, am.period_end) == (date(2026, 5, 1), date(2026, 8, 31))
    assert am.earlier_claims == (EarlierClaim("ZHENHAI-2026-0001", date(2026, 4, 30), "已提交", 1_567_500),)
    assert [c.kind for c in doc.computation] == ["base", "rate", "gross", "earlier_claims", "result"]
    assert doc.amount_fen == 5_602_500 and doc.amount_words == "人民币伍万陆仟零贰拾伍元整"
    assert [(s.name, s.percent, s.amount_fen) for s in doc.shares] == [
        ("王经纪", "25.00%", 1_400_625),
        *((name, "15.00%", 840_375) for name in ("李经纪", "赵经纪", "钱经纪", "孙经纪", "周经纪")),
    ]
    assert sum(s.amount_fen for s in doc.shares) == doc.amount_fen
    assert len(doc.attachments) == 16
    assert [a.code for a in doc.attachments if not a.attached] == ["business_licence", "no_related_party"]


def test_an_amendment_names_the_claim_it_replaces(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        CLAIMS.submit(s, sample.claim_id)
        CLAIMS.reject(s, sample.claim_id, reason="发票抬头有误")
        amended = CLAIMS.amend(s, sample.claim_id)
        doc = build_claim_document(s, amended.id)
    assert (doc.claim_no, doc.revision, doc.replaces_claim_no) == (
        "ZHENHAI-2026-0001-R2",
        2,
        "ZHENHAI-2026-0001",
    )


def test_missing_bank_details_refuse_the_form_naming_each_field(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        BROKERS.update(s, sample.broker_id, {"account_number": None, "bank_name": None})
        assert {i.field for i in missing_fields(s, sample.claim_id)} == {"account_number", "bank_name"}
    with pytest.raises(ValidationError) as exc, store.session() as s:
        build_claim_document(s, sample.claim_id)
    assert "银行账号" in exc.value.message and "开户银行" in exc.value.message


def test_a_contract_without_registration_is_refused_when_the_policy_requires_it(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        CONTRACTS.update(s, sample.contract_id, {"registration_no": None, "registered_on": None})
    with pytest.raises(ValidationError) as exc, store.session() as s:
        build_claim_document(s, sample.claim_id)
    assert {i.field for i in exc.value.issues} == {"registration_no", "registered_on"}
    assert "合同登记编号" in exc.value.message
    i18n.set_language("en")
    with store.session() as s:
        messages = [i.message for i in missing_fields(s, sample.claim_id)]
    assert "The contract lacks its registration number (the policy requires registration)" in messages


def test_an_organisation_applicant_needs_the_agency_and_its_code(store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        CLAIMS.update_draft(s, sample.claim_id, applicant_type="organisation")
        assert [i.field for i in missing_fields(s, sample.claim_id)] == ["agency_uscc"]
        BROKERS.update(s, sample.broker_id, {"agency_uscc": HUTOOL_USCC})
        doc = build_claim_document(s, sample.claim_id)
    assert doc.applicant_types == (Choice("个体经纪人", False), Choice("经纪组织", True))
    assert (doc.applicant.name, doc.applicant.id_label, doc.applicant.id_number) == (
        "镇海区技术经纪人协会",
        "统一社会信用代码",
        HUTOOL_USCC,
    )
    assert doc.signatures[0].title == "申请单位（盖章）及法定代表人签字"
