"""Builders of realistic records through the real services, for tests of every layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from workbench.models import (
    Broker,
    Contract,
    Enterprise,
    Institution,
    Match,
    MatchStageEvent,
    Need,
    Technology,
    Visit,
)
from workbench.services import (
    BROKERS,
    CONTACTS,
    CONTRACTS,
    ENTERPRISES,
    INSTITUTIONS,
    MATCHES,
    NEEDS,
    TECHNOLOGIES,
    VISITS,
)

# Real, valid test vectors from DOMAIN.md.
HUAWEI_USCC = "914403001922038216"
HUTOOL_USCC = "91310110666007217T"
PILOT_USCC = "91350211M00013FA1N"  # real early pilot code that fails the check character

# The attachments the shipped Zhenhai policy requires before a claim can be submitted.
ALL_REQUIRED = [
    "registration_proof",
    "contract",
    "invoice",
    "bank_receipt",
    "broker_certificate",
    "filing_proof",
]


def make_broker(session: Session, **over: Any) -> Broker:
    data = {
        "name": "王经纪",
        "is_self": True,
        "id_card": "11010519491231002X",
        "certificate_no": "ZHJJ-2024-017",
        "level": "intermediate",
        "agency": "镇海区技术经纪人协会",
        "phone": "13805740001",
        "email": "wang.jj@example.cn",
        "address": "宁波市镇海区骆驼街道民和路 589 号",
        "bank_name": "宁波银行镇海支行",
        "account_name": "王经纪",
        "account_number": "6222 0000 1111 2222",
    }
    data.update(over)
    return BROKERS.create(session, data)


def make_enterprise(session: Session, **over: Any) -> Enterprise:
    data = {
        "name": "宁波材料科技有限公司",
        "uscc": HUAWEI_USCC,
        "division_code": "330211",
        "industry_code": "C2929",
    }
    data.update(over)
    return ENTERPRISES.create(session, data)


@dataclass
class Chain:
    broker: Broker
    enterprise: Enterprise
    visit: Visit
    need: Need
    institution: Institution
    technology: Technology
    match: Match
    contract: Contract | None = None


def make_chain(
    session: Session,
    *,
    contract: bool = True,
    tech_amount: str = "123456.78",
    registered: bool = True,
    contract_type: str = "transfer",
    **contract_over: Any,
) -> Chain:
    """Broker, Zhenhai enterprise, visit, filed need, technology, match and (optionally) a contract."""
    broker = make_broker(session)
    ent = make_enterprise(session)
    contact = CONTACTS.create(session, {"enterprise_id": ent.id, "name": "李工", "mobile": "13957400002"})
    visit = VISITS.create(
        session,
        {
            "enterprise_id": ent.id,
            "started_at": "2026-03-05 09:30",
            "broker_ids": [broker.id],
            "contact_ids": [contact.id],
        },
    )
    need = NEEDS.create(
        session,
        {
            "enterprise_id": ent.id,
            "visit_id": visit.id,
            "title": "高性能碳纤维复合材料成型工艺",
            "problem": "现有复合材料件强度不足",
            "key_technology": "拉伸强度≥800MPa",
            "expected_goals": "良品率提升到95%",
            "keywords": ["碳纤维", "复合材料"],
            "filing_no": "ZHKJ-XQ-2026-0001",
        },
    )
    inst = INSTITUTIONS.create(
        session, {"name": "宁波大学", "institution_kind": "university", "region": "宁波"}
    )
    tech = TECHNOLOGIES.create(
        session,
        {
            "title": "碳纤维增强热塑性复合材料快速成型技术",
            "institution_id": inst.id,
            "patents": "ZL201811564288.X",
        },
    )
    match = MATCHES.create(session, {"need_id": need.id, "technology_id": tech.id})
    chain = Chain(broker, ent, visit, need, inst, tech, match)
    # The steps happened before the signing (2026-03-20), whenever they are entered.
    first = session.exec(select(MatchStageEvent).where(MatchStageEvent.match_id == match.id)).one()
    first.occurred_on = date(2026, 3, 7)
    session.add(first)
    if contract:
        for day, stage in enumerate(("recommended", "introduced", "negotiating", "intent"), start=8):
            MATCHES.move(session, match.id, stage, occurred_on=date(2026, 3, day))
        data: dict[str, Any] = {
            "match_id": match.id,
            "title": "碳纤维复合材料成型技术转让",
            "contract_type": contract_type,
            "seller_institution_id": inst.id,
            "seller_uscc": HUTOOL_USCC,
            "buyer_enterprise_id": ent.id,
            "signed_on": "2026-03-20",
            "total_fen": "200000.00",
            "tech_amount_fen": tech_amount,
        }
        if registered:
            data.update(registration_no="33021120260312", registered_on="2026-04-02")
        data.update(contract_over)
        chain.contract = CONTRACTS.create(session, data)
    return chain
