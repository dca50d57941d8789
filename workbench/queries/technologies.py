"""Technologies: owners and patents for the list, and the needs a technology is matched to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from workbench.models import Enterprise, Match, Need, TechPatent
from workbench.queries.common import names_of


@dataclass(frozen=True)
class PatentSummary:
    first: str  # the number registered first, as stored
    count: int


@dataclass(frozen=True)
class TechnologyListFacts:
    institutions: dict[str, str] = field(default_factory=dict)  # institution id → name
    patents: dict[str, PatentSummary] = field(default_factory=dict)  # technology id → its patents


def technology_list_facts(session: Session, rows: list[Any]) -> TechnologyListFacts:
    """Owner names and patents of one page: two queries per page, whatever the size of the table."""
    ids = [r.id for r in rows]
    first: dict[str, str] = {}
    count: dict[str, int] = {}
    for tech_id, number in session.exec(
        select(TechPatent.technology_id, TechPatent.number)
        .where(col(TechPatent.technology_id).in_(ids))
        .order_by(col(TechPatent.id))
    ).all():
        first.setdefault(tech_id, number)
        count[tech_id] = count.get(tech_id, 0) + 1
    return TechnologyListFacts(
        institutions=names_of(session, "institution", {r.institution_id for r in rows}),
        patents={tid: PatentSummary(number, count[tid]) for tid, number in first.items()},
    )


@dataclass(frozen=True)
class TechnologyMatchLine:
    """A match as the technology's detail pane lists it: stage, need and the enterprise with it."""

    id: str
    stage: str
    need: str
    enterprise: str


def technology_matches(session: Session, technology_id: str) -> list[TechnologyMatchLine]:
    """The live matches of a technology, latest activity first."""
    rows = session.exec(
        select(Match.id, Match.stage, Need.title, Enterprise.name)
        .join(Need, col(Need.id) == col(Match.need_id))
        .join(Enterprise, col(Enterprise.id) == col(Need.enterprise_id))
        .where(Match.technology_id == technology_id, col(Match.deleted_at).is_(None))
        .order_by(col(Match.updated_at).desc())
    ).all()
    return [TechnologyMatchLine(*row) for row in rows]
