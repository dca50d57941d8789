"""Contracts: received money and claims for the list, the values a match implies, party details."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from workbench.enums import ContractType
from workbench.models import Claim, Enterprise, Institution, Match, Need, Payment, Setting, Technology
from workbench.queries.sources import match_label
from workbench.services.policies import DEFAULT_POLICY_SETTING, list_policies


@dataclass(frozen=True)
class ContractListFacts:
    received_fen: dict[str, int] = field(default_factory=dict)  # contract id → payments received
    claims: dict[str, int] = field(default_factory=dict)  # contract id → live claims


def contract_list_facts(session: Session, rows: list[Any]) -> ContractListFacts:
    ids = [r.id for r in rows]
    received = session.exec(
        select(Payment.contract_id, func.sum(Payment.amount_fen))
        .where(col(Payment.contract_id).in_(ids), col(Payment.deleted_at).is_(None))
        .group_by(col(Payment.contract_id))
    ).all()
    claims = session.exec(
        select(Claim.contract_id, func.count())
        .where(col(Claim.contract_id).in_(ids), col(Claim.deleted_at).is_(None))
        .group_by(col(Claim.contract_id))
    ).all()
    return ContractListFacts(
        received_fen={cid: int(total or 0) for cid, total in received},
        claims={cid: int(n) for cid, n in claims},
    )


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
