"""Rows that belong to a record and travel with it: a technology's patents, a visit's brokers and attendees,
a match's stage history, a claim's co-broker shares and status history.

They are not records of their own (no id, no change log of their own), so each collection is carried as one
synthetic field of its record (``_patents`` …): the services log a change of it like any field, a first sync
and a bulk import's creations (logged without content, "the record as it stands") upload it with the record,
and a pull replaces the rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, delete, select

from workbench.i18n import t
from workbench.models import (
    Broker,
    ChangeLog,
    ClaimShare,
    ClaimStatusEvent,
    Contact,
    MatchStageEvent,
    Record,
    TechPatent,
    VisitAttendee,
    VisitBroker,
    utcnow,
)


def _patents(session: Session, ident: str) -> list[list[str]]:
    rows = session.exec(select(TechPatent).where(TechPatent.technology_id == ident)).all()
    return sorted([r.number, r.patent_kind] for r in rows)


def _patents_of(session: Session, ids: Sequence[str]) -> dict[str, list[list[str]]]:
    """:func:`_patents` of many technologies, a query per 500 (sync reads a bulk import's creations)."""
    found: dict[str, list[list[str]]] = {ident: [] for ident in ids}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for tech, number, kind in session.exec(
            select(TechPatent.technology_id, TechPatent.number, TechPatent.patent_kind).where(
                col(TechPatent.technology_id).in_(part)
            )
        ):
            found[tech].append([number, kind])
    return {ident: sorted(rows) for ident, rows in found.items()}


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


HISTORIES = ("_stages", "_history")  # collections that only grow: the server merges them (s0002)


def _stamp(value: datetime) -> str:
    # One spelling on every machine, so the server's merge sees an entry it already holds as the same.
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.isoformat()


def _stages(session: Session, ident: str) -> list[list[Any]]:
    rows = session.exec(
        select(MatchStageEvent).where(MatchStageEvent.match_id == ident).order_by(col(MatchStageEvent.id))
    ).all()
    return [
        [
            r.from_stage,
            r.to_stage,
            _stamp(r.at),
            r.occurred_on.isoformat() if r.occurred_on else None,
            r.actor,
            r.note,
        ]
        for r in rows
    ]


def _set_stages(session: Session, ident: str, value: list[list[Any]]) -> None:
    # Replaced in the order the server holds them: the history is read back in id order.
    session.exec(delete(MatchStageEvent).where(col(MatchStageEvent.match_id) == ident))
    for frm, to, at, occurred_on, actor, note in value:
        session.add(
            MatchStageEvent(
                match_id=ident,
                from_stage=frm,
                to_stage=to,
                at=datetime.fromisoformat(at),
                occurred_on=date.fromisoformat(occurred_on) if occurred_on else None,
                actor=actor or "",
                note=note or "",
            )
        )
        session.flush()  # one at a time, so the ids keep the list's order


def _history(session: Session, ident: str) -> list[list[Any]]:
    rows = session.exec(
        select(ClaimStatusEvent).where(ClaimStatusEvent.claim_id == ident).order_by(col(ClaimStatusEvent.id))
    ).all()
    return [[r.from_status, r.to_status, _stamp(r.at), r.actor, r.reason] for r in rows]


def _set_history(session: Session, ident: str, value: list[list[Any]]) -> None:
    session.exec(delete(ClaimStatusEvent).where(col(ClaimStatusEvent.claim_id) == ident))
    for frm, to, at, actor, reason in value:
        session.add(
            ClaimStatusEvent(
                claim_id=ident,
                from_status=frm,
                to_status=to,
                at=datetime.fromisoformat(at),
                actor=actor or "",
                reason=reason or "",
            )
        )
        session.flush()


def status_event(frm: str | None, to: str, at: datetime, actor: str, reason: str = "") -> list[Any]:
    """One entry of a claim's ``_history`` as the server keeps it (the office's steps add these too)."""
    return [frm, to, _stamp(at), actor, reason]


Reader = Callable[[Session, str], Any]
Writer = Callable[[Session, str, Any], None]
COLLECTIONS: dict[str, dict[str, tuple[Reader, Writer]]] = {
    "technology": {"_patents": (_patents, _set_patents)},
    "visit": {"_brokers": (_brokers, _set_brokers), "_attendees": (_attendees, _set_attendees)},
    "match": {"_stages": (_stages, _set_stages)},
    "claim": {"_shares": (_shares, _set_shares), "_history": (_history, _set_history)},
}


def label(name: str) -> str:
    """A collection's name in the user's language (the conflicts list shows it as the field)."""
    labels = {
        "_patents": t("专利", "Patents"),
        "_brokers": t("参与经纪人", "Brokers"),
        "_attendees": t("参加人", "Attendees"),
        "_stages": t("阶段记录", "Stage history"),
        "_shares": t("分配比例", "Shares"),
        "_history": t("状态记录", "Status history"),
    }
    return labels.get(name, name)


def read_all(session: Session, kind: str, ident: str) -> dict[str, Any]:
    """Every collection of one record, as the server keeps them."""
    return {name: read(session, ident) for name, (read, _write) in COLLECTIONS.get(kind, {}).items()}


# Collections read for many records at once (a bulk import's creations), where one query per record
# would cost seconds; any other is read record by record.
_READ_MANY: dict[str, dict[str, Callable[[Session, Sequence[str]], dict[str, Any]]]] = {
    "technology": {"_patents": _patents_of},
}


def read_many(session: Session, kind: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """:func:`read_all` of many records of one kind: record id → collection name → value."""
    out: dict[str, dict[str, Any]] = {ident: {} for ident in ids}
    for name, (read, _write) in COLLECTIONS.get(kind, {}).items():
        many = _READ_MANY.get(kind, {}).get(name)
        values = many(session, ids) if many is not None else {ident: read(session, ident) for ident in ids}
        for ident in ids:
            out[ident][name] = values[ident]
    return out


def write(session: Session, kind: str, ident: str, name: str, value: Any) -> None:
    """Replace one collection of a record with what the server holds (a pull)."""
    found = COLLECTIONS.get(kind, {}).get(name)
    if found is not None and isinstance(value, list):
        found[1](session, ident, value)


def log_appended(session: Session, obj: Record, name: str) -> None:
    """Log a history collection after one entry was added to it (the newest entry is the last)."""
    session.flush()
    found = COLLECTIONS[obj.kind][name]
    new = found[0](session, obj.id)
    log_change(session, obj, name, new[:-1], new)


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
