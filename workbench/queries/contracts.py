"""Contracts: where each one stands (signed, registered, paid, claimed), what the list needs, party details.

Also the values a match implies for a new contract and the policies a claim can use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from workbench.enums import ContractType, LabelledEnum, labelled
from workbench.models import (
    Claim,
    Contract,
    Enterprise,
    Institution,
    Match,
    Need,
    Payment,
    Setting,
    Technology,
)
from workbench.queries.sources import match_label
from workbench.services.policies import DEFAULT_POLICY_SETTING, list_policies


@labelled(
    {
        "unsigned": ("未签订", "Not signed"),
        "signed": ("已签订", "Signed"),
        "registered": ("已登记", "Registered"),
        "part_paid": ("部分到账", "Partly paid"),
        "paid_in_full": ("全部到账", "Paid in full"),
        "claimed": ("已申请奖励", "Reward claimed"),
        "rewarded": ("奖励已发放", "Reward paid"),
    }
)
class ContractStatus(LabelledEnum):
    """How far a contract has got, from what is recorded about it; each step implies the ones before."""

    UNSIGNED = "unsigned"
    SIGNED = "signed"
    REGISTERED = "registered"
    PART_PAID = "part_paid"
    PAID_IN_FULL = "paid_in_full"
    CLAIMED = "claimed"
    REWARDED = "rewarded"


# Claim statuses under which the contract's reward counts as claimed. A returned (rejected) claim does not:
# it counts for nothing until the broker amends it, which makes a new draft.
_CLAIMED = frozenset({"draft", "submitted", "approved"})


def contract_status(
    *,
    signed: bool,
    registered: bool,
    total_fen: int,
    received_fen: int,
    claim_statuses: frozenset[str] = frozenset(),
) -> ContractStatus:
    """The furthest step a contract has reached: a paid reward, a claim, its money, registration, signing."""
    if "paid" in claim_statuses:
        return ContractStatus.REWARDED
    if claim_statuses & _CLAIMED:
        return ContractStatus.CLAIMED
    if received_fen > 0 and total_fen > 0 and received_fen >= total_fen:
        return ContractStatus.PAID_IN_FULL
    if received_fen > 0:
        return ContractStatus.PART_PAID
    if registered:
        return ContractStatus.REGISTERED
    return ContractStatus.SIGNED if signed else ContractStatus.UNSIGNED


@dataclass(frozen=True)
class ContractListFacts:
    received_fen: dict[str, int] = field(default_factory=dict)  # contract id → payments received
    claims: dict[str, int] = field(default_factory=dict)  # contract id → live claims
    claim_statuses: dict[str, frozenset[str]] = field(default_factory=dict)  # contract id → their statuses

    def status(self, contract: Any) -> ContractStatus:
        """Where ``contract`` (a row of the list) stands, from its fields, payments and claims."""
        return contract_status(
            signed=contract.signed_on is not None,
            registered=bool((contract.registration_no or "").strip()),
            total_fen=int(contract.total_fen or 0),
            received_fen=self.received_fen.get(contract.id, 0),
            claim_statuses=self.claim_statuses.get(contract.id, frozenset()),
        )


def contract_list_facts(session: Session, rows: list[Any]) -> ContractListFacts:
    ids = [r.id for r in rows]
    received = session.exec(
        select(Payment.contract_id, func.sum(Payment.amount_fen))
        .where(col(Payment.contract_id).in_(ids), col(Payment.deleted_at).is_(None))
        .group_by(col(Payment.contract_id))
    ).all()
    claims = session.exec(
        select(Claim.contract_id, Claim.status, func.count())
        .where(col(Claim.contract_id).in_(ids), col(Claim.deleted_at).is_(None))
        .group_by(col(Claim.contract_id), col(Claim.status))
    ).all()
    counts: dict[str, int] = {}
    statuses: dict[str, set[str]] = {}
    for cid, status, n in claims:
        counts[cid] = counts.get(cid, 0) + int(n)
        statuses.setdefault(cid, set()).add(status)
    return ContractListFacts(
        received_fen={cid: int(total or 0) for cid, total in received},
        claims=counts,
        claim_statuses={cid: frozenset(found) for cid, found in statuses.items()},
    )


def status_of_contract(session: Session, contract_id: str) -> ContractStatus | None:
    """Where one contract stands (the detail pane's status), None when there is no such live contract."""
    contract = session.get(Contract, contract_id)
    if contract is None or contract.deleted_at is not None:
        return None
    return contract_list_facts(session, [contract]).status(contract)


@dataclass(frozen=True)
class Party:
    """An institution or enterprise as a contract party: the values its form fields take."""

    id: str
    name: str
    uscc: str | None
    division_code: str | None = None


def institution_party(session: Session, ident: str | None) -> Party | None:
    inst = session.get(Institution, ident) if ident else None
    return Party(inst.id, inst.name, inst.uscc, inst.division_code) if inst is not None else None


def enterprise_party(session: Session, ident: str | None) -> Party | None:
    ent = session.get(Enterprise, ident) if ident else None
    return Party(ent.id, ent.name, ent.uscc, ent.division_code) if ent is not None else None


def _contract_type_for(modes: Sequence[str]) -> str:
    """A likely contract type from what the technology's owner offers (the user can change it)."""
    for mode, kind in (
        ("transfer", ContractType.TRANSFER),
        ("licence", ContractType.LICENCE),
        ("joint_development", ContractType.DEVELOPMENT),
        ("service", ContractType.SERVICE),
    ):
        if mode in modes:
            return kind.value
    return ContractType.TRANSFER.value


@dataclass(frozen=True)
class MatchPrefill:
    """Contract form values a match implies, and the labels of the references among them."""

    values: dict[str, Any]
    labels: dict[str, str]


def prefill_from_match(session: Session, match_id: str) -> MatchPrefill:
    """Seller = the technology's owner, buyer = the need's enterprise, title and type from the technology."""
    match = session.get(Match, match_id)
    if match is None:
        return MatchPrefill({}, {})
    need = session.get(Need, match.need_id)
    tech = session.get(Technology, match.technology_id)
    values: dict[str, Any] = {"match_id": match.id}
    labels = {"match_id": match_label(need.title if need else "", tech.title if tech else "")}
    if tech is not None:
        values["title"] = tech.title
        values["contract_type"] = _contract_type_for(tech.transfer_modes)
        owner = institution_party(session, tech.institution_id)
        if owner is not None:
            values.update(seller_institution_id=owner.id, seller_name=owner.name, seller_uscc=owner.uscc)
            labels["seller_institution_id"] = owner.name
    enterprise = enterprise_party(session, need.enterprise_id if need else None)
    if enterprise is not None:
        values.update(
            buyer_enterprise_id=enterprise.id,
            buyer_name=enterprise.name,
            buyer_uscc=enterprise.uscc,
            buyer_division_code=enterprise.division_code,
        )
        labels["buyer_enterprise_id"] = enterprise.name
    return MatchPrefill(values, labels)


@dataclass(frozen=True)
class PolicyChoice:
    key: str
    name: str
    version: int


@dataclass(frozen=True)
class PolicyChoices:
    """The policies a claim can use (latest active version of each) and the one set as default."""

    policies: list[PolicyChoice]
    default_key: str | None


def policy_choices(session: Session) -> PolicyChoices:
    rows = list_policies(session)
    setting = session.get(Setting, DEFAULT_POLICY_SETTING)
    return PolicyChoices(
        [PolicyChoice(r.policy_key, r.name, r.version) for r in rows], setting.value if setting else None
    )
