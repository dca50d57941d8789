"""Pieces every query module shares: the session type, LIKE patterns, local time, name look-ups."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from workbench.models import ENTITY_TABLES

__all__ = ["LIMIT", "Session", "as_local", "like_pattern", "names_of"]

LIMIT = 20  # rows a type-ahead offers at most
ESCAPE = "\\"  # the escape character of like_pattern


def like_pattern(needle: str) -> str:
    """``%needle%`` with the LIKE wildcards escaped, for ``ilike(pattern, escape=ESCAPE)``."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def as_local(moment: datetime) -> datetime:
    """Stored timestamps come back without an offset but are UTC; give them in local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def names_of(session: Session, kind: str, ids: Iterable[str | None]) -> dict[str, str]:
    """Id → display name (``name`` or ``title``) for a set of ids of one kind, in one query."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    model: Any = ENTITY_TABLES[kind]
    label = model.name if hasattr(model, "name") else model.title
    rows = session.exec(select(model.id, label).where(col(model.id).in_(wanted))).all()
    return {ident: text for ident, text in rows}


def name_of(session: Session, kind: str, ident: str | None) -> str:
    """The display name of one record, "" when there is none (deleted records keep their name)."""
    return names_of(session, kind, [ident]).get(ident or "", "")
