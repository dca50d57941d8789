"""A normal and a long claim built through the real services, for the claim document, PDF and UI tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlmodel import Session, select

from tests.workbench.factories import ALL_REQUIRED, HUTOOL_USCC, make_broker, make_chain
from workbench.models import Claim, MatchStageEvent, Need
from workbench.services import CLAIMS, INSTITUTIONS, PAYMENTS, ShareInput
from workbench.services import policies as pol

LONG_TITLE = (
    "面向新能源汽车轻量化车身的高性能碳纤维增强热塑性复合材料快速模压成型工艺、在线质量检测系统"
    "及其配套专用模具与自动化生产线的联合开发、技术转让与产业化应用示范项目（第一期：工艺验证与中试线建设）"
)
CO_BROKERS = ["李经纪", "赵经纪", "钱经纪", "孙经纪", "周经纪"]
LONG_ATTACHMENTS = [
    ("registration_proof", "技术合同认定登记证明（加盖技术合同认定登记专用章的登记信息表）"),
    ("contract", "盖章版技术合同全文（含全部附件、补充协议及变更协议）"),
    ("invoice", "发票（名称栏或备注栏注明合同名称或合同登记编号）"),
    ("bank_receipt", "银行到账凭证（每笔到账一份，按日期排序）"),
    ("broker_certificate", "技术经纪人培训证书/备案证明"),
    ("filing_proof", "需求/成果备案证明"),
    ("business_licence", "营业执照复印件（经纪组织）"),
    ("entrustment", "居间服务委托协议或三方协议（写明服务内容和佣金）"),
    ("service_fee_invoice", "居间服务费发票及付款凭证"),
    ("visit_records", "走访企业记录及照片"),
    ("need_form", "企业技术需求征集表"),
    ("match_records", "对接洽谈会议纪要"),
    ("work_summary", "技术经纪工作总结（不超过2000字）"),
    ("no_duplicate", "未重复申报承诺书"),
    ("no_related_party", "无关联交易声明"),
    ("other_evidence", "其他居间服务证明材料"),
]


@dataclass
class Sample:
    claim_id: str
    claim_no: str
    contract_id: str
    broker_id: str


def _date_the_chain(session: Session, need_id: str, match_id: str) -> None:
    """Give the need and each match stage the dates a real broker's record would have (spring 2026)."""
    need = session.get(Need, need_id)
    assert need is not None
    need.created_at = datetime(2026, 3, 6, 2, 0, tzinfo=UTC)
    session.add(need)
    events = session.exec(
        select(MatchStageEvent).where(MatchStageEvent.match_id == match_id).order_by(MatchStageEvent.id)  # type: ignore[arg-type]
    ).all()
    for day, event in enumerate(events, start=8):
        event.at = datetime(2026, 3, min(day, 19), 1, 0, tzinfo=UTC)
        event.occurred_on = event.at.date()
        session.add(event)
    session.flush()


def normal_claim(session: Session) -> Sample:
    """Zhenhai policy, one registered transfer contract of 123,456.78 yuan tech amount: ¥1,851.85."""
    chain = make_chain(session, seller_uscc=HUTOOL_USCC)
    assert chain.contract is not None
    INSTITUTIONS.update(session, chain.institution.id, {"division_code": "330203"})
    _date_the_chain(session, chain.need.id, chain.match.id)
    PAYMENTS.create(
        session,
        {
            "contract_id": chain.contract.id,
            "paid_on": "2026-04-08",
            "amount_fen": "100000",
            "invoice_no": "33022600001234",
            "voucher_ref": "NBCB-20260408-001",
        },
    )
    claim = CLAIMS.create_claim(
        session, chain.contract.id, claimed_on=date(2026, 4, 10), attachments=ALL_REQUIRED
    )
    return Sample(claim.id, claim.claim_no, chain.contract.id, chain.broker.id)


def long_claim(session: Session, *, payments: int = 40) -> Sample:
    """Everything long at once: project name, 40 payments, six brokers, 16 attachments, an earlier claim."""
    pol.new_version(
        session,
        "zhenhai",
        {
            "base_kind": "received_in_period",
            "attachments": [
                {"code": code, "label": label, "required": n < 6}
                for n, (code, label) in enumerate(LONG_ATTACHMENTS)
            ],
        },
    )
    chain = make_chain(
        session,
        title=LONG_TITLE,
        seller_uscc=HUTOOL_USCC,
        tech_amount="9000000",
        total_fen="12000000",
        valid_from="2026-03-20",
        valid_to="2029-03-19",
    )
    assert chain.contract is not None
    contract_id = chain.contract.id
    _date_the_chain(session, chain.need.id, chain.match.id)
    for n in range(payments):
        month, day = 4 + n // 10, 1 + (n % 10) * 2
        PAYMENTS.create(
            session,
            {
                "contract_id": contract_id,
                "paid_on": f"2026-{month:02d}-{day:02d}",
                "amount_fen": str(100_000 + n * 1_000),
                "invoice_no": f"3302260{n:07d}",
                "voucher_ref": f"NBCB-2026{month:02d}{day:02d}-{n:03d}",
            },
        )
    first = CLAIMS.create_claim(
        session,
        contract_id,
        claimed_on=date(2026, 4, 30),
        period_end=date(2026, 4, 30),
        attachments=ALL_REQUIRED,
    )
    CLAIMS.submit(session, first.id)
    others = [
        make_broker(session, name=name, is_self=False, certificate_no=f"ZHJJ-2025-{n:03d}")
        for n, name in enumerate(CO_BROKERS, start=1)
    ]
    shares = [ShareInput(chain.broker.id, Decimal(25))] + [ShareInput(b.id, Decimal(15)) for b in others]
    claim = CLAIMS.create_claim(
        session,
        contract_id,
        claimed_on=date(2026, 8, 31),
        period_start=date(2026, 5, 1),
        period_end=date(2026, 8, 31),
        attachments=[
            code for code, _label in LONG_ATTACHMENTS if code not in {"business_licence", "no_related_party"}
        ],
        shares=shares,
    )
    assert session.get(Claim, first.id) is not None
    return Sample(claim.id, claim.claim_no, contract_id, chain.broker.id)
