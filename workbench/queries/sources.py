"""Type-ahead choices for reference fields: (id, label) pairs found by name, pinyin initials or code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from workbench.enums import MatchStage
from workbench.models import Contract, Enterprise, Match, Need, Technology, Visit
from workbench.queries.common import LIMIT, like_pattern
from workbench.services import BROKERS, ENTERPRISES, INSTITUTIONS, NEEDS, TECHNOLOGIES
from workbench.services.base import normalize_query

Choice = tuple[str, str]


def enterprises(session: Session, text: str) -> list[Choice]:
    rows = ENTERPRISES.list(session, text=text, limit=LIMIT, with_total=False).rows
    return [(e.id, e.name) for e in rows]


def institutions(session: Session, text: str) -> list[Choice]:
    rows = INSTITUTIONS.list(session, text=text, limit=LIMIT, with_total=False).rows
    return [(i.id, i.name) for i in rows]


def brokers(session: Session, text: str) -> list[Choice]:
    rows = BROKERS.list(session, text=text, limit=LIMIT, with_total=False).rows
    return [(b.id, b.name) for b in rows]


def needs(session: Session, text: str) -> list[Choice]:
    rows = NEEDS.list(session, text=text, limit=LIMIT, with_total=False).rows
    return [(n.id, n.title) for n in rows]


def technologies(session: Session, text: str) -> list[Choice]:
    rows = TECHNOLOGIES.list(session, text=text, limit=LIMIT, with_total=False).rows
    return [(t.id, t.title) for t in rows]


def visit_label(started_at: datetime, enterprise: str, place: str) -> str:
    """How a visit reads in a picker: local date and time, enterprise, place."""
    when = started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return "　".join(x for x in (when, enterprise, place) if x)


def visits(session: Session, text: str, *, enterprise_id: str | None = None) -> list[Choice]:
    """Visits newest first, of one enterprise when it is known, whose label contains ``text``."""
    stmt = (
        select(Visit.id, Visit.started_at, Visit.place, Enterprise.name)
        .join(Enterprise, col(Enterprise.id) == col(Visit.enterprise_id))
        .where(col(Visit.deleted_at).is_(None))
    )
    if enterprise_id:
        stmt = stmt.where(Visit.enterprise_id == enterprise_id)
    rows = session.exec(stmt.order_by(col(Visit.started_at).desc()).limit(200)).all()
    needle = text.strip()
    found = [(ident, visit_label(at, name, place)) for ident, at, place, name in rows]
    return [f for f in found if needle in f[1]][:LIMIT] if needle else found[:LIMIT]


def visit_choice_label(session: Session, visit_id: str | None) -> str:
    """The picker label of one visit ("" when it does not exist)."""
    if not visit_id:
        return ""
    row = session.exec(
        select(Visit.started_at, Visit.place, Enterprise.name)
        .join(Enterprise, col(Enterprise.id) == col(Visit.enterprise_id))
        .where(Visit.id == visit_id)
    ).first()
    return visit_label(row[0], row[2], row[1]) if row is not None else ""


def match_label(need_title: str, tech_title: str) -> str:
    return f"{need_title} ⇄ {tech_title}"


def matches(session: Session, text: str) -> list[Choice]:
    """Matches not dropped, found by need or technology title (the contract form's “from match” field)."""
    stmt = (
        select(Match.id, Need.title, Technology.title)
        .join(Need, col(Need.id) == col(Match.need_id))
        .join(Technology, col(Technology.id) == col(Match.technology_id))
        .where(col(Match.deleted_at).is_(None), Match.stage != MatchStage.DROPPED.value)
    )
    needle = normalize_query(text)
    if needle:
        pattern = like_pattern(needle)
        stmt = stmt.where(
            or_(
                col(Need.title).ilike(pattern, escape="\\"),
                col(Technology.title).ilike(pattern, escape="\\"),
            )
        )
    rows = session.exec(stmt.order_by(col(Match.updated_at).desc()).limit(LIMIT)).all()
    return [(ident, match_label(need, tech)) for ident, need, tech in rows]


def match_choice_label(session: Session, match_id: str | None) -> str:
    if not match_id:
        return ""
    row = session.exec(
        select(Need.title, Technology.title)
        .select_from(Match)
        .join(Need, col(Need.id) == col(Match.need_id))
        .join(Technology, col(Technology.id) == col(Match.technology_id))
        .where(Match.id == match_id)
    ).first()
    return match_label(row[0], row[1]) if row is not None else ""


def contracts(session: Session, text: str) -> list[Choice]:
    """Contracts by project name, registration number or party (the new-claim dialog's picker)."""
    stmt = select(Contract.id, Contract.title, Contract.registration_no).where(
        col(Contract.deleted_at).is_(None)
    )
    needle = normalize_query(text)
    if needle:
        pattern = like_pattern(needle)
        stmt = stmt.where(
            or_(
                col(Contract.title).ilike(pattern, escape="\\"),
                col(Contract.registration_no).ilike(pattern, escape="\\"),
                col(Contract.buyer_name).ilike(pattern, escape="\\"),
            )
        )
    rows = session.exec(stmt.order_by(col(Contract.updated_at).desc()).limit(LIMIT)).all()
    return [(ident, f"{title}（{reg}）" if reg else title) for ident, title, reg in rows]
