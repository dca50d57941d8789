"""Technologies: the filtered list at a million rows, owners and patents for it, and the needs matched to one.

The search box filters through the full-text index (``search_fts``, see :mod:`workbench.search.index`).
Where the time goes at a million technologies, measured (2 cores, loaded): the MATCH itself takes 1–17 ms,
but each hit then costs a ``search_key`` look-up and a technology look-up by its UUID (20–40 µs), so
sorting the 80,000 hits of a one-character filter took 2 s. Two plans, chosen by the number of hits:

* few hits: look each one up and sort them (``1,716`` hits: 7–70 ms);
* many hits: walk the list order's index (migration 0003) and keep the records whose index key is
  among the hits; a page of 200 needs about ``200 × total / hits`` steps (碳, 36,738 hits: 65 ms).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import text as sql_text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from workbench.models import Enterprise, Match, Need, Technology, TechPatent
from workbench.queries.common import names_of

T = TypeVar("T")

# From this many hits on, walking the order's index beats looking every hit up and sorting: with a look-
# up costing ~30 µs per hit and a walking step ~12 µs, the two meet near sqrt(80 × total) hits (≈ 9,000
# at a million); below 20,000 technologies the whole list is small enough that either is fast.
WALK_FROM_HITS = 6000
# The indexes of migration 0003: live technologies in the list's sortable orders.
ORDER_INDEXES = {"updated_at": "ix_technology_live_updated", "title": "ix_technology_live_title"}

_HITS = "SELECT count(*) FROM search_fts WHERE search_fts MATCH :expression"
# The FTS rowid is the search_key id; the unary plus keeps SQLite from driving the join by the hit list
# (it would probe every hit for every record: 12 s), so the hits become one in-memory set instead.
_WALK = (
    "SELECT t.id FROM technology AS t INDEXED BY {index} "
    "JOIN search_key AS k ON k.kind = 'technology' AND k.entity_id = t.id "
    "WHERE t.deleted_at IS NULL "
    "AND +k.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :expression) "
    "ORDER BY t.{order} {direction}, t.id {direction} LIMIT :limit OFFSET :offset"
)
_LOOK_UP = (
    "SELECT t.id FROM search_fts AS f "
    "JOIN search_key AS k ON k.id = f.rowid "
    "JOIN technology AS t ON t.id = k.entity_id "
    "WHERE search_fts MATCH :expression AND k.kind = 'technology' AND t.deleted_at IS NULL "
    "ORDER BY t.{order} {direction}, t.id {direction} LIMIT :limit OFFSET :offset"
)
_COUNT = "SELECT count(*) FROM search_fts WHERE search_fts MATCH :expression"


def search_expression(text: str) -> str:
    """The MATCH expression of the list's search box (names as substrings, numbers by prefix); "" for none."""
    from workbench.search.text import search_query

    return search_query(text).expression


def matching_ids(
    session: Session,
    expression: str,
    *,
    order_by: str,
    descending: bool,
    offset: int,
    limit: int,
) -> list[str]:
    """Ids of one page of live technologies matching ``expression``, in the list's order (then by id).

    ``order_by`` must be a column of :class:`Technology` (the service checks it before calling).
    """
    if order_by not in Technology.model_fields:
        raise ValueError(order_by)
    params = {"expression": expression, "limit": limit, "offset": offset}
    direction = "DESC" if descending else "ASC"
    index = ORDER_INDEXES.get(order_by)
    if index is not None:
        hits = int(session.exec(sql_text(_HITS).bindparams(expression=expression)).one()[0])  # type: ignore[call-overload]
        if hits >= WALK_FROM_HITS:
            walk = sql_text(_WALK.format(index=index, order=order_by, direction=direction))
            found = _within(session, WALK_BUDGET_S, lambda: session.exec(walk.bindparams(**params)).all())  # type: ignore[call-overload]
            if found is not None:
                return [row[0] for row in found]
    sql = sql_text(_LOOK_UP.format(order=order_by, direction=direction))
    return [row[0] for row in session.exec(sql.bindparams(**params)).all()]  # type: ignore[call-overload]


# The walk assumes hits spread over the order; when they all sit at its far end (a filter matching only
# old records) it would read the whole index, seconds at a million. It gets this long, then the look-up
# plan (bounded by the number of hits) answers instead.
WALK_BUDGET_S = 0.3
# SQLite virtual-machine steps between two looks at the clock.
_STEPS = 20_000


def _within(session: Session, seconds: float, run: Callable[[], T]) -> T | None:
    """``run()``, or None when it took longer than ``seconds`` (it is stopped then)."""
    raw = session.connection().connection.driver_connection
    deadline = time.monotonic() + seconds
    expired = False

    def check() -> int:
        nonlocal expired
        expired = time.monotonic() > deadline
        return 1 if expired else 0  # non-zero stops the statement

    raw.set_progress_handler(check, _STEPS)  # type: ignore[union-attr]
    try:
        return run()
    except OperationalError:
        if expired:
            return None
        raise
    finally:
        raw.set_progress_handler(None, 0)  # type: ignore[union-attr]


def matching_count(session: Session, expression: str) -> int:
    """How many live technologies match: the index holds live records only, so the count is the index's."""
    from workbench.search.text import quote

    kind = f"({expression}) AND kind : {quote('technology')}"
    return int(session.exec(sql_text(_COUNT).bindparams(expression=kind)).one()[0])  # type: ignore[call-overload]


def technologies_by_id(session: Session, ids: list[str]) -> list[Technology]:
    """The records of ``ids``, in that order."""
    if not ids:
        return []
    found = {t.id: t for t in session.exec(select(Technology).where(col(Technology.id).in_(ids))).all()}
    return [found[i] for i in ids if i in found]


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
