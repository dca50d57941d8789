"""The match pipeline board: one page of cards per stage, newest activity first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from workbench.models import Enterprise, Institution, Match, MatchStageEvent, Need, Technology
from workbench.queries.common import as_local, like_pattern
from workbench.services.base import normalize_query


@dataclass(frozen=True)
class Card:
    """What one card shows; read on a pool thread, so plain values only."""

    id: str
    stage: str
    need_title: str
    enterprise: str
    technology: str
    owner: str
    days: int  # whole days since the match entered its stage
    notes: str = ""
    dropped_reason: str = ""


# Days a match may sit in a stage before it needs a nudge; a signed or dropped match is never stale.
STALE_AFTER_DAYS: dict[str, int] = {
    "candidate": 14,
    "recommended": 14,
    "introduced": 21,
    "negotiating": 45,
    "intent": 30,
}


def is_stale(stage: str, days: int) -> bool:
    """Whether a match has waited in ``stage`` longer than that stage allows (never for 已签约/已放弃)."""
    limit = STALE_AFTER_DAYS.get(stage)
    return limit is not None and days > limit


@dataclass(frozen=True)
class CardPage:
    cards: list[Card]
    total: int | None  # None when the caller did not ask for a count


def _clauses(stage: str, text: str) -> list[Any]:
    clauses: list[Any] = [Match.stage == stage, col(Match.deleted_at).is_(None)]
    needle = normalize_query(text)
    if needle:
        pattern = like_pattern(needle)
        clauses.append(
            or_(
                col(Need.title).ilike(pattern, escape="\\"),
                col(Technology.title).ilike(pattern, escape="\\"),
                col(Enterprise.name).ilike(pattern, escape="\\"),
                col(Enterprise.name_initials).ilike(pattern, escape="\\"),
            )
        )
    return clauses


def stage_cards(
    session: Session,
    stage: str,
    *,
    text: str = "",
    offset: int = 0,
    limit: int = 40,
    with_total: bool = False,
    today: date | None = None,
) -> CardPage:
    """One page of the cards of a stage, newest activity first, and (optionally) how many there are.

    ``text`` filters by need, technology or enterprise name (pinyin initials too); ``today`` is the date
    the days-in-stage count against (the local date by default).
    """
    clauses = _clauses(stage, text)
    rows = session.exec(
        select(Match, Need.title, Enterprise.name, Technology.title)
        .join(Need, col(Need.id) == col(Match.need_id))
        .join(Enterprise, col(Enterprise.id) == col(Need.enterprise_id))
        .join(Technology, col(Technology.id) == col(Match.technology_id))
        .where(*clauses)
        .order_by(col(Match.updated_at).desc(), col(Match.id))
        .offset(offset)
        .limit(limit)
    ).all()
    total: int | None = None
    if with_total:
        total = int(
            session.exec(
                select(func.count())
                .select_from(Match)
                .join(Need, col(Need.id) == col(Match.need_id))
                .join(Enterprise, col(Enterprise.id) == col(Need.enterprise_id))
                .join(Technology, col(Technology.id) == col(Match.technology_id))
                .where(*clauses)
            ).one()
        )
    if not rows:
        return CardPage([], total)
    tech_ids = {m.technology_id for m, *_ in rows}
    owners = dict(
        session.exec(
            select(Technology.id, Institution.name)
            .join(Institution, col(Institution.id) == col(Technology.institution_id))
            .where(col(Technology.id).in_(tech_ids))
        ).all()
    )
    match_ids = [m.id for m, *_ in rows]
    entered = dict(
        session.exec(
            select(MatchStageEvent.match_id, func.max(MatchStageEvent.at))
            .where(col(MatchStageEvent.match_id).in_(match_ids))
            .group_by(col(MatchStageEvent.match_id))
        ).all()
    )
    today = today or date.today()
    cards = []
    for match, need_title, enterprise, tech_title in rows:
        since = entered.get(match.id)
        days = (today - as_local(since).date()).days if since is not None else 0
        cards.append(
            Card(
                id=match.id,
                stage=match.stage,
                need_title=need_title,
                enterprise=enterprise,
                technology=tech_title,
                owner=owners.get(match.technology_id, ""),
                days=max(days, 0),
                notes=match.notes,
                dropped_reason=match.dropped_reason or "",
            )
        )
    return CardPage(cards, total)


@dataclass(frozen=True)
class MatchParties:
    """Who a match brings together, by name ("" where a record is missing)."""

    need_title: str
    enterprise: str
    technology: str
    owner: str


def match_parties(session: Session, match_id: str) -> MatchParties:
    """The need, its enterprise, the technology and its owner of one match, in one query."""
    row = session.exec(
        select(Need.title, Enterprise.name, Technology.title, Institution.name)
        .select_from(Match)
        .join(Need, col(Need.id) == col(Match.need_id), isouter=True)
        .join(Enterprise, col(Enterprise.id) == col(Need.enterprise_id), isouter=True)
        .join(Technology, col(Technology.id) == col(Match.technology_id), isouter=True)
        .join(Institution, col(Institution.id) == col(Technology.institution_id), isouter=True)
        .where(Match.id == match_id)
    ).first()
    if row is None:
        return MatchParties("", "", "", "")
    return MatchParties(*(value or "" for value in row))
