"""The search box: names, numbers and pinyin initials of the five kinds a broker looks up.

Names are indexed with a space around every CJK character, so any one- or two-character word is a phrase
query with full substring recall (FTS5's trigram tokenizer cannot match those). Numbers (USCC, patent,
registration, filing and phone numbers) match from their start, with or without ZL/CN, dots and spaces;
pinyin initials match from their start (``nbcl`` → 宁波材料…). See :func:`workbench.search.text.search_query`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from workbench.search import text as tx
from workbench.search.index import KINDS, Db, has_index, placeholders

# bm25 column weights of search_fts (name, numbers, initials, kind): a name hit outranks an initials hit.
COLUMN_WEIGHTS = "10.0, 8.0, 4.0, 0.0"
# Up to this many matches of one kind are all ranked by bm25; beyond, the newest are taken (see _search_kind).
RANK_ALL_BELOW = 5000
# Kinds in the order ties are shown (the people and firms a broker looks up most come first).
KIND_ORDER = {kind: i for i, kind in enumerate(("enterprise", "contact", "need", "contract", "technology"))}

# Per kind: the title and an identifying number of the records found ({ids} is the id placeholder list).
_TITLES: dict[str, str] = {
    "enterprise": "SELECT id, name, coalesce(uscc, '') FROM enterprise WHERE id IN ({ids})",
    "contact": "SELECT id, name, coalesce(mobile, phone, '') FROM contact WHERE id IN ({ids})",
    "need": "SELECT id, title, coalesce(filing_no, '') FROM need WHERE id IN ({ids})",
    "technology": (
        "SELECT t.id, t.title, coalesce((SELECT min(p.number) FROM tech_patent p "
        "WHERE p.technology_id = t.id), t.filing_no, '') FROM technology t WHERE t.id IN ({ids})"
    ),
    "contract": "SELECT id, title, coalesce(registration_no, '') FROM contract WHERE id IN ({ids})",
}


@dataclass(frozen=True)
class SearchHit:
    """One record found by the search box."""

    kind: str
    id: str
    title: str
    detail: str  # a number that identifies it (USCC, mobile, patent, registration or filing number)
    score: float

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "detail": self.detail,
            "score": self.score,
        }


def global_search(
    session: Session, text: str | None, limit: int = 20, *, kinds: Iterable[str] | None = None
) -> list[SearchHit]:
    """Records whose name contains ``text``, or whose number or pinyin initials start with it; best first.

    Never raises on odd input: empty text, punctuation or FTS syntax give an empty list or plain matches.
    Each kind is searched on its own (the kind token makes that an index intersection), so a common
    character among a million technology titles cannot slow down finding an enterprise.
    """
    query = tx.search_query(text)
    conn = session.connection()
    if not query or limit <= 0 or not has_index(conn):
        return []
    db = Db(conn)
    rows: list[tuple[str, str, float]] = []
    for kind in KINDS:
        if kinds is not None and kind not in set(kinds):
            continue
        rows += _search_kind(db, kind, f"({query.expression}) AND kind : {tx.quote(kind)}", limit)
    rows.sort(key=lambda r: (-r[2], KIND_ORDER.get(r[0], 99)))
    rows = rows[:limit]
    by_kind: dict[str, list[str]] = {}
    for kind, ident, _ in rows:
        by_kind.setdefault(kind, []).append(ident)
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    for kind, ids in by_kind.items():
        for ident, title, detail in db.rows(_TITLES[kind].format(ids=placeholders(len(ids))), ids):
            labels[(kind, ident)] = (title, detail)
    hits = [
        SearchHit(kind, ident, *labels[(kind, ident)], score=round(score, 4))
        for kind, ident, score in rows
        if (kind, ident) in labels
    ]
    hits.sort(key=lambda h: (-h.score, KIND_ORDER.get(h.kind, 99), h.title))
    return hits


def _search_kind(db: Db, kind: str, expression: str, limit: int) -> list[tuple[str, str, float]]:
    """(kind, id, relevance) of one kind's best matches.

    Ranking needs bm25 of every match, which for one character among a million titles costs a third of a
    second. So matches are counted first, cheaply and only up to :data:`RANK_ALL_BELOW`: below it all are
    ranked; above it the newest matches are taken in index order (FTS5 stops after ``limit`` rows)
    and ranked among themselves: such a short query is a first keystroke, and the next narrows it.
    """
    many = db.one(
        "SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?)",
        [expression, RANK_ALL_BELOW],
    )
    if not many:
        return []
    order = "s" if many < RANK_ALL_BELOW else "search_fts.rowid DESC"
    rows = db.rows(
        f"SELECT search_fts.rowid, bm25(search_fts, {COLUMN_WEIGHTS}) AS s FROM search_fts "
        f"WHERE search_fts MATCH ? ORDER BY {order} LIMIT ?",
        [expression, limit],
    )
    if not rows:
        return []
    keys = dict(
        db.rows(
            f"SELECT id, entity_id FROM search_key WHERE id IN ({placeholders(len(rows))})",
            [r[0] for r in rows],
        )
    )
    return [(kind, keys[rowid], -score) for rowid, score in rows if rowid in keys]
