"""The provenance chain visit → need → match → contract → claim, queried from either end."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from sqlmodel import Session, col, select

from workbench.errors import NotFoundError
from workbench.models import Claim, Contract, Enterprise, Match, Need, Technology, Visit
from workbench.services.labels import kind_label


@dataclass
class Chain:
    """One path through the chain; links that do not exist (yet) are None."""

    enterprise: Enterprise | None = None
    visit: Visit | None = None
    need: Need | None = None
    match: Match | None = None
    technology: Technology | None = None
    contract: Contract | None = None
    claims: list[Claim] = field(default_factory=list)


M = TypeVar("M", Visit, Need, Match, Contract, Claim, Technology, Enterprise)


def _live(obj: M | None) -> M | None:
    return obj if obj is not None and obj.deleted_at is None else None


def _upstream(session: Session, contract: Contract | None, match: Match | None) -> Chain:
    chain = Chain(contract=contract)
    if contract is not None and match is None and contract.match_id:
        match = session.get(Match, contract.match_id)
    chain.match = _live(match)
    if chain.match is not None:
        chain.need = _live(session.get(Need, chain.match.need_id))
        chain.technology = _live(session.get(Technology, chain.match.technology_id))
    if chain.need is not None:
        chain.enterprise = _live(session.get(Enterprise, chain.need.enterprise_id))
        if chain.need.visit_id:
            chain.visit = _live(session.get(Visit, chain.need.visit_id))
    if chain.enterprise is None and contract is not None and contract.buyer_enterprise_id:
        chain.enterprise = _live(session.get(Enterprise, contract.buyer_enterprise_id))
    if contract is not None:
        chain.claims = _claims(session, contract.id)
    return chain


def _claims(session: Session, contract_id: str) -> list[Claim]:
    return list(
        session.exec(
            select(Claim)
            .where(Claim.contract_id == contract_id, col(Claim.deleted_at).is_(None))
            .order_by(col(Claim.created_at))
        ).all()
    )


def _contracts(session: Session, match_id: str) -> list[Contract]:
    return list(
        session.exec(
            select(Contract).where(Contract.match_id == match_id, col(Contract.deleted_at).is_(None))
        ).all()
    )


def _downstream_of_match(session: Session, match: Match) -> list[Chain]:
    contracts = _contracts(session, match.id)
    if not contracts:
        return [_upstream(session, None, match)]
    return [_upstream(session, c, match) for c in contracts]


def _downstream_of_need(session: Session, need: Need) -> list[Chain]:
    matches = session.exec(
        select(Match).where(Match.need_id == need.id, col(Match.deleted_at).is_(None))
    ).all()
    chains = [c for m in matches for c in _downstream_of_match(session, m)]
    if not chains:
        chain = Chain(need=need, enterprise=_live(session.get(Enterprise, need.enterprise_id)))
        if need.visit_id:
            chain.visit = _live(session.get(Visit, need.visit_id))
        chains = [chain]
    return chains


def chains(session: Session, kind: str, ident: str) -> list[Chain]:
    """Every chain passing through the record: upstream for a claim or contract, downstream for a visit."""
    if kind == "claim":
        claim = session.get(Claim, ident)
        if claim is None:
            raise NotFoundError(kind_label(kind), ident)
        chain = _upstream(session, session.get(Contract, claim.contract_id), None)
        return [chain]
    if kind == "contract":
        contract = session.get(Contract, ident)
        if contract is None:
            raise NotFoundError(kind_label(kind), ident)
        return [_upstream(session, contract, None)]
    if kind == "match":
        match = session.get(Match, ident)
        if match is None:
            raise NotFoundError(kind_label(kind), ident)
        return _downstream_of_match(session, match)
    if kind == "need":
        need = session.get(Need, ident)
        if need is None:
            raise NotFoundError(kind_label(kind), ident)
        return _downstream_of_need(session, need)
    if kind == "visit":
        visit = session.get(Visit, ident)
        if visit is None:
            raise NotFoundError(kind_label(kind), ident)
        needs = session.exec(
            select(Need).where(Need.visit_id == visit.id, col(Need.deleted_at).is_(None))
        ).all()
        found = [c for n in needs for c in _downstream_of_need(session, n)]
        return found or [Chain(visit=visit, enterprise=_live(session.get(Enterprise, visit.enterprise_id)))]
    raise NotFoundError(kind_label(kind), ident)
