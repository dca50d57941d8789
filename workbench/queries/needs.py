"""Needs: the list's enterprise names and match counts, and the matches a need's detail pane lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from workbench.models import Institution, Match, Technology
from workbench.queries.common import names_of


@dataclass(frozen=True)
class NeedListFacts:
    enterprises: dict[str, str] = field(default_factory=dict)  # enterprise id → name
    matches: dict[str, int] = field(default_factory=dict)  # need id → live matches


def need_list_facts(session: Session, rows: list[Any]) -> NeedListFacts:
    ids = [r.id for r in rows]
    counts = session.exec(
        select(Match.need_id, func.count())
        .where(col(Match.need_id).in_(ids), col(Match.deleted_at).is_(None))
        .group_by(col(Match.need_id))
    ).all()
    return NeedListFacts(
        enterprises=names_of(session, "enterprise", {r.enterprise_id for r in rows}),
        matches={nid: int(n) for nid, n in counts},
    )


@dataclass(frozen=True)
class NeedMatchLine:
    """A match as the need's detail pane lists it: stage, technology and its owner."""

    id: str
    stage: str
    technology: str
    institution: str


def need_matches(session: Session, need_id: str) -> list[NeedMatchLine]:
    """The live matches of a need, latest activity first."""
    rows = session.exec(
        select(Match.id, Match.stage, Technology.title, Institution.name)
        .join(Technology, col(Technology.id) == col(Match.technology_id))
        .join(Institution, col(Institution.id) == col(Technology.institution_id), isouter=True)
        .where(Match.need_id == need_id, col(Match.deleted_at).is_(None))
        .order_by(col(Match.updated_at).desc())
    ).all()
    return [NeedMatchLine(i, stage, title, inst or "") for i, stage, title, inst in rows]
