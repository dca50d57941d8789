"""Rows that belong to a record and travel with it: a technology's patents, a visit's brokers and attendees,
a claim's co-broker shares.

They are not records of their own (no id, no change log of their own), so each collection is carried as one
synthetic field of its record (``_patents`` …): the services log a change of it like any field, a first sync
uploads it with the record, and a pull replaces the rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, delete, select

from workbench.models import (
    Broker,
    ChangeLog,
    ClaimShare,
    Contact,
    Record,
    TechPatent,
    VisitAttendee,
    VisitBroker,
    utcnow,
)


def _patents(session: Session, ident: str) -> list[list[str]]:
    rows = session.exec(select(TechPatent).where(TechPatent.technology_id == ident)).all()
    return sorted([r.number, r.patent_kind] for r in rows)


def _set_patents(session: Session, ident: str, value: list[list[str]]) -> None:
    session.exec(delete(TechPatent).where(col(TechPatent.technology_id) == ident))
    session.add_all(TechPatent(technology_id=ident, number=n, patent_kind=k) for n, k in value)


def _brokers(session: Session, ident: str) -> list[str]:
    return sorted(session.exec(select(VisitBroker.broker_id).where(VisitBroker.visit_id == ident)).all())


def _set_brokers(session: Session, ident: str, value: list[str]) -> None:
    session.exec(delete(VisitBroker).where(col(VisitBroker.visit_id) == ident))
    known = [b for b in value if session.get(Broker, b) is not None]  # another's co-broker may not be here
    session.add_all(VisitBroker(visit_id=ident, broker_id=b) for b in known)


def _attendees(session: Session, ident: str) -> list[str]:
    return sorted(session.exec(select(VisitAttendee.contact_id).where(VisitAttendee.visit_id == ident)).all())


def _set_attendees(session: Session, ident: str, value: list[str]) -> None:
    session.exec(delete(VisitAttendee).where(col(VisitAttendee.visit_id) == ident))
    known = [c for c in value if session.get(Contact, c) is not None]
    session.add_all(VisitAttendee(visit_id=ident, contact_id=c) for c in known)


def _shares(session: Session, ident: str) -> list[list[Any]]:
    rows = session.exec(
        select(ClaimShare).where(ClaimShare.claim_id == ident).order_by(col(ClaimShare.position))
    ).all()
    return [[r.broker_id, r.percent_bp, r.amount_fen, r.position] for r in rows]


def _set_shares(session: Session, ident: str, value: list[list[Any]]) -> None:
    session.exec(delete(ClaimShare).where(col(ClaimShare.claim_id) == ident))
    for broker_id, percent_bp, amount_fen, position in value:
        if session.get(Broker, broker_id) is not None:
            session.add(
                ClaimShare(
                    claim_id=ident,
                    broker_id=broker_id,
                    percent_bp=int(percent_bp),
                    amount_fen=int(amount_fen),
                    position=int(position),
                )
            )


Reader = Callable[[Session, str], Any]
Writer = Callable[[Session, str, Any], None]
COLLECTIONS: dict[str, dict[str, tuple[Reader, Writer]]] = {
    "technology": {"_patents": (_patents, _set_patents)},
    "visit": {"_brokers": (_brokers, _set_brokers), "_attendees": (_attendees, _set_attendees)},
    "claim": {"_shares": (_shares, _set_shares)},
}


def read_all(session: Session, kind: str, ident: str) -> dict[str, Any]:
    """Every collection of one record, as the server keeps them."""
    return {name: read(session, ident) for name, (read, _write) in COLLECTIONS.get(kind, {}).items()}


def write(session: Session, kind: str, ident: str, name: str, value: Any) -> None:
    """Replace one collection of a record with what the server holds (a pull)."""
    found = COLLECTIONS.get(kind, {}).get(name)
    if found is not None and isinstance(value, list):
        found[1](session, ident, value)


def log_change(session: Session, obj: Record, name: str, old: Any, new: Any) -> None:
    """A changed collection as one field of its record in the change log, so sync sends it."""
    if old == new:
        return
    session.add(
        ChangeLog(
            at=utcnow(),
            actor=str(session.info.get("actor", "")),
            op="update",
            entity=obj.kind,
            entity_id=obj.id,
            field=name,
            old=json.dumps(old, ensure_ascii=False),
            new=json.dumps(new, ensure_ascii=False),
        )
    )
