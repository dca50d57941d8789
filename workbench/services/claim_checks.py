"""What stops a claim from being handed in besides eligibility: blanks a district clerk needs on the form
(parties' names and codes, registration, co-brokers' ID and bank account) and broker steps whose dates
contradict the contract's. Each problem names its field, for the submission's refusal.
"""

from __future__ import annotations

from sqlmodel import Session, select

from workbench import enums
from workbench.errors import Issue
from workbench.i18n import t
from workbench.models import Claim, ClaimShare, Contract, Institution, MatchStageEvent
from workbench.services.base import issue
from workbench.services.claim_steps import step_day
from workbench.services.entities import BROKERS


def contract_blanks(session: Session, contract: Contract) -> list[Issue]:
    """The contract data a district clerk needs on the form, each missing one named."""
    seller_uscc = contract.seller_uscc
    if not seller_uscc and contract.seller_institution_id:
        institution = session.get(Institution, contract.seller_institution_id)
        seller_uscc = institution.uscc if institution else None
    needed = {
        "seller_name": (contract.seller_name, ("卖方名称", "the seller's name")),
        "seller_uscc": (seller_uscc, ("卖方统一社会信用代码", "the seller's USCC")),
        "buyer_name": (contract.buyer_name, ("买方名称", "the buyer's name")),
        "buyer_uscc": (contract.buyer_uscc, ("买方统一社会信用代码", "the buyer's USCC")),
        "registration_no": (contract.registration_no, ("合同登记编号", "the registration number")),
        "signed_on": (contract.signed_on, ("签订日期", "the signing date")),
        "registered_on": (contract.registered_on, ("登记日期", "the registration date")),
    }
    return [
        issue(key, "claim.blank", t("技术合同缺少{f}", "The contract lacks {f}", f=t(*label)))
        for key, (value, label) in needed.items()
        if not (value.strip() if isinstance(value, str) else value)
    ]


def co_broker_blanks(session: Session, claim: Claim) -> list[Issue]:
    """Each co-broker is paid from the form: their ID number, bank and account must be on it."""
    problems: list[Issue] = []
    needed = {
        "id_card": ("身份证号", "ID-card number"),
        "bank_name": ("开户银行", "bank"),
        "account_number": ("银行账号", "account number"),
    }
    for share in session.exec(select(ClaimShare).where(ClaimShare.claim_id == claim.id)).all():
        if share.broker_id == claim.broker_id:
            continue
        other = BROKERS.get(session, share.broker_id, include_deleted=True)
        problems += [
            issue(
                f"shares.{key}",
                "claim.blank",
                t(
                    "合作经纪人{n}缺少{f}",
                    "Co-broker {n} lacks the {f}",
                    n=other.name,
                    f=t(*label),
                ),
            )
            for key, label in needed.items()
            if not getattr(other, key)
        ]
    return problems


def step_contradictions(session: Session, contract: Contract) -> list[Issue]:
    """Broker steps dated after the contract was signed, or a registration before the signing, would
    make the form look made up; they are named so the dates can be corrected first.
    """
    problems: list[Issue] = []
    signed = contract.signed_on
    if signed and contract.registered_on and contract.registered_on < signed:
        problems.append(
            issue(
                "registered_on",
                "claim.dates",
                t(
                    "合同登记日期 {r} 早于签订日期 {s}",
                    "The contract was registered ({r}) before it was signed ({s})",
                    r=contract.registered_on.isoformat(),
                    s=signed.isoformat(),
                ),
            )
        )
    if not (signed and contract.match_id):
        return problems
    events = session.exec(select(MatchStageEvent).where(MatchStageEvent.match_id == contract.match_id)).all()
    for event in events:
        if event.to_stage in ("contracted", "dropped"):
            continue
        day = step_day(event)
        if day > signed:
            problems.append(
                issue(
                    "occurred_on",
                    "claim.dates",
                    t(
                        "对接环节“{s}”的日期 {d} 晚于合同签订日期 {c}，请更正该环节的发生日期",
                        "The match step “{s}” is dated {d}, after the contract was signed on {c}; "
                        "correct the step's date",
                        s=enums.MatchStage(event.to_stage).label,
                        d=day.isoformat(),
                        c=signed.isoformat(),
                    ),
                )
            )
    return problems
