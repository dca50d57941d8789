"""Claims: contract titles and broker names for the list, claim ids for the preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from workbench.models import Claim
from workbench.queries.common import names_of


@dataclass(frozen=True)
class ClaimListFacts:
    contracts: dict[str, str] = field(default_factory=dict)  # contract id → project title
    brokers: dict[str, str] = field(default_factory=dict)  # broker id → name


def claim_list_facts(session: Session, rows: list[Any]) -> ClaimListFacts:
    return ClaimListFacts(
        contracts=names_of(session, "contract", {r.contract_id for r in rows}),
        brokers=names_of(session, "broker", {r.broker_id for r in rows}),
    )


def claim_ids_by_number(session: Session) -> list[str]:
    """Ids of the live claims in claim-number order."""
    return list(
        session.exec(
            select(Claim.id).where(col(Claim.deleted_at).is_(None)).order_by(col(Claim.claim_no))
        ).all()
    )
