"""Visits: the facts a page of the visit list shows beside each record, and the detail pane."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from workbench.models import Broker, Contact, Need, Visit, VisitAttendee, VisitBroker
from workbench.queries.common import names_of
from workbench.services import VISITS


@dataclass(frozen=True)
class VisitListFacts:
    """Names and counts for one page of visits, keyed by visit id (enterprise names by enterprise id)."""

    enterprises: dict[str, str] = field(default_factory=dict)
    brokers: dict[str, str] = field(default_factory=dict)  # joined with "、", in name order
    attendees: dict[str, int] = field(default_factory=dict)
    needs: dict[str, int] = field(default_factory=dict)
    latest: dict[str, datetime] = field(default_factory=dict)  # enterprise id → its latest visit

    def is_overdue(self, visit: Any, *, today: date) -> bool:
        """A follow-up is overdue when its date has passed and the enterprise was not visited again since."""
        follow = visit.follow_up_on
        if follow is None or follow >= today:
            return False
        latest = self.latest.get(visit.enterprise_id)
        return latest is None or latest <= visit.started_at


def visit_list_facts(session: Session, rows: list[Any]) -> VisitListFacts:
    """One query per kind of fact for a page of visits, never one per row."""
    ids = [r.id for r in rows]
    enterprise_ids = {r.enterprise_id for r in rows}
    brokers: dict[str, list[str]] = {}
    for visit_id, name in session.exec(
        select(VisitBroker.visit_id, Broker.name)
        .join(Broker, col(Broker.id) == col(VisitBroker.broker_id))
        .where(col(VisitBroker.visit_id).in_(ids))
        .order_by(col(Broker.name))
    ).all():
        brokers.setdefault(visit_id, []).append(name)
    attendees = session.exec(
        select(VisitAttendee.visit_id, func.count())
        .where(col(VisitAttendee.visit_id).in_(ids))
        .group_by(col(VisitAttendee.visit_id))
    ).all()
    needs = session.exec(
        select(Need.visit_id, func.count())
        .where(col(Need.visit_id).in_(ids), col(Need.deleted_at).is_(None))
        .group_by(col(Need.visit_id))
    ).all()
    latest = session.exec(
        select(Visit.enterprise_id, func.max(Visit.started_at))
        .where(col(Visit.enterprise_id).in_(enterprise_ids), col(Visit.deleted_at).is_(None))
        .group_by(col(Visit.enterprise_id))
    ).all()
    return VisitListFacts(
        enterprises=names_of(session, "enterprise", enterprise_ids),
        brokers={k: "、".join(v) for k, v in brokers.items()},
        attendees={vid: int(n) for vid, n in attendees},
        needs={str(vid): int(n) for vid, n in needs},
        latest={eid: _moment(at) for eid, at in latest if at is not None},
    )


def _moment(value: datetime | str) -> datetime:
    # An aggregate over a datetime column may come back as SQLite's text form.
    return datetime.fromisoformat(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class PersonLine:
    """A contact as a one-line entry of a detail pane."""

    id: str
    name: str
    title: str
    phone: str  # mobile, else landline, else ""


@dataclass(frozen=True)
class NeedLine:
    id: str
    title: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class VisitDetail:
    id: str
    enterprise_id: str
    enterprise: str
    started_at: datetime
    place: str
    summary: str
    follow_up_on: date | None
    brokers: list[str]
    attendees: list[PersonLine]
    needs: list[NeedLine]


def person_line(contact: Contact) -> PersonLine:
    return PersonLine(contact.id, contact.name, contact.title, contact.mobile or contact.phone or "")


def need_line(need: Need) -> NeedLine:
    return NeedLine(need.id, need.title, need.status, need.created_at)


def visit_detail(session: Session, visit_id: str) -> VisitDetail:
    """The visit, its brokers, attendees and the needs found there; raises NotFound when it is gone."""
    visit = VISITS.get(session, visit_id)
    brokers = session.exec(
        select(Broker.name)
        .join(VisitBroker, col(VisitBroker.broker_id) == col(Broker.id))
        .where(VisitBroker.visit_id == visit.id)
        .order_by(col(Broker.name))
    ).all()
    contacts = session.exec(
        select(Contact)
        .join(VisitAttendee, col(VisitAttendee.contact_id) == col(Contact.id))
        .where(VisitAttendee.visit_id == visit.id)
        .order_by(col(Contact.name))
    ).all()
    needs = session.exec(
        select(Need)
        .where(Need.visit_id == visit.id, col(Need.deleted_at).is_(None))
        .order_by(col(Need.created_at))
    ).all()
    return VisitDetail(
        id=visit.id,
        enterprise_id=visit.enterprise_id,
        enterprise=names_of(session, "enterprise", [visit.enterprise_id]).get(visit.enterprise_id, ""),
        started_at=visit.started_at,
        place=visit.place,
        summary=visit.summary,
        follow_up_on=visit.follow_up_on,
        brokers=list(brokers),
        attendees=[person_line(c) for c in contacts],
        needs=[need_line(n) for n in needs],
    )
