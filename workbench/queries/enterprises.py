"""Enterprises: contact counts for the list, and the detail pane's contacts and history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from workbench.models import Contact, Need, Visit
from workbench.queries.visits import NeedLine, PersonLine, need_line, person_line
from workbench.services import ENTERPRISES


@dataclass(frozen=True)
class EnterpriseListFacts:
    contacts: dict[str, int] = field(default_factory=dict)  # enterprise id → live contacts


def enterprise_list_facts(session: Session, rows: list[Any]) -> EnterpriseListFacts:
    ids = [r.id for r in rows]
    counts = session.exec(
        select(Contact.enterprise_id, func.count())
        .where(col(Contact.enterprise_id).in_(ids), col(Contact.deleted_at).is_(None))
        .group_by(col(Contact.enterprise_id))
    ).all()
    return EnterpriseListFacts({eid: int(n) for eid, n in counts})


@dataclass(frozen=True)
class VisitLine:
    id: str
    started_at: datetime
    place: str


@dataclass(frozen=True)
class EnterpriseDetail:
    id: str
    name: str
    uscc: str
    address: str
    high_tech: bool
    contacts: list[PersonLine]
    visits: list[VisitLine]  # newest first
    needs: list[NeedLine]  # newest first
    division_code: str = ""
    industry_code: str = ""
    cluster_code: str = ""


def enterprise_detail(session: Session, enterprise_id: str, *, history: int = 20) -> EnterpriseDetail:
    """The enterprise, its contacts, and its latest ``history`` visits and needs; NotFound when gone."""
    ent = ENTERPRISES.get(session, enterprise_id)
    contacts = session.exec(
        select(Contact)
        .where(Contact.enterprise_id == ent.id, col(Contact.deleted_at).is_(None))
        .order_by(col(Contact.name))
    ).all()
    visits = session.exec(
        select(Visit.id, Visit.started_at, Visit.place)
        .where(Visit.enterprise_id == ent.id, col(Visit.deleted_at).is_(None))
        .order_by(col(Visit.started_at).desc())
        .limit(history)
    ).all()
    needs = session.exec(
        select(Need)
        .where(Need.enterprise_id == ent.id, col(Need.deleted_at).is_(None))
        .order_by(col(Need.created_at).desc())
        .limit(history)
    ).all()
    return EnterpriseDetail(
        id=ent.id,
        name=ent.name,
        uscc=ent.uscc or "",
        address=ent.address or "",
        high_tech=bool(ent.high_tech),
        contacts=[person_line(c) for c in contacts],
        visits=[VisitLine(i, at, place) for i, at, place in visits],
        needs=[need_line(n) for n in needs],
        division_code=ent.division_code or "",
        industry_code=ent.industry_code or "",
        cluster_code=ent.cluster_code or "",
    )
