"""Type-ahead choices for reference fields: (id, label) pairs found by name, pinyin initials or code."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from workbench.models import Broker, Contact, Enterprise, Institution, Need, Technology
from workbench.services import BROKERS, ENTERPRISES, INSTITUTIONS, NEEDS, TECHNOLOGIES

LIMIT = 20


def enterprises(session: Session, text: str) -> list[tuple[str, str]]:
    rows = ENTERPRISES.list(session, text=text, limit=LIMIT, with_total=False).rows
    return [(e.id, e.name) for e in rows]


def institutions(session: Session, text: str) -> list[tuple[str, str]]:
    rows = INSTITUTIONS.list(session, text=text, limit=LIMIT, with_total=False).rows
    return [(i.id, i.name) for i in rows]


def brokers(session: Session, text: str) -> list[tuple[str, str]]:
    rows = BROKERS.list(session, text=text, limit=LIMIT, with_total=False).rows
    return [(b.id, b.name) for b in rows]


def needs(session: Session, text: str) -> list[tuple[str, str]]:
    rows = NEEDS.list(session, text=text, limit=LIMIT, with_total=False).rows
    return [(n.id, n.title) for n in rows]


def technologies(session: Session, text: str) -> list[tuple[str, str]]:
    rows = TECHNOLOGIES.list(session, text=text, limit=LIMIT, with_total=False).rows
    return [(t.id, t.title) for t in rows]


def names(
    session: Session, model: type[Enterprise | Institution | Broker | Contact], ids: set[str]
) -> dict[str, str]:
    """Map of id to display name for a set of ids, in one query (used to show related records in lists)."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    rows: list[Any] = list(session.exec(select(model).where(col(model.id).in_(ids))).all())
    return {r.id: r.name for r in rows}


def titles(session: Session, model: type[Need | Technology], ids: set[str]) -> dict[str, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    rows: list[Any] = list(session.exec(select(model).where(col(model.id).in_(ids))).all())
    return {r.id: r.title for r in rows}
