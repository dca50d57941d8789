"""Global search (Ctrl+K) answers: full-text when the store has its index, else a substring search."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from workbench.models import ENTITY_TABLES, Technology, TechPatent
from workbench.search import global_search as full_text
from workbench.search.index import has_index
from workbench.services import CONTACTS, CONTRACTS, ENTERPRISES, NEEDS, TECHNOLOGIES

log = logging.getLogger(__name__)

RESULT_LIMIT = 60
FALLBACK_PER_KIND = 8


@dataclass(frozen=True)
class Hit:
    kind: str
    id: str
    title: str
    detail: str = ""  # the number that identifies it: USCC, mobile, patent, registration or filing number


def search_records(session: Session, text: str, limit: int = RESULT_LIMIT) -> list[Hit]:
    """Records matching ``text``: the core's full-text search when the store has its index, else LIKE."""
    if not text.strip():
        return []
    try:
        if has_index(session.connection()):
            found = full_text.global_search(session, text, limit)
            return [Hit(h.kind, h.id, h.title, h.detail) for h in found]
    except Exception:
        # A failing index must not leave the broker without search: log it and use the slow path.
        log.exception("full-text search failed for %r; using the simple search", text)
        session.rollback()
    return fallback_search(session, text)


def _patent_prefix(text: str) -> str | None:
    """The canonical start of a patent number typed in any common form (ZL2018 1156 4288.X …)."""
    compact = re.sub(r"[\s]", "", text).upper()
    compact = re.sub(r"^(ZL|CN)(?=\d)", "", compact)
    if not re.fullmatch(r"\d{6,12}(\.?[\dX])?", compact):
        return None
    if len(compact) == 13 and "." not in compact:
        compact = compact[:12] + "." + compact[12]
    return compact


def fallback_search(session: Session, text: str, per_kind: int = FALLBACK_PER_KIND) -> list[Hit]:
    """Substring search through each service's ``list(text=…)``; patent numbers through their index."""
    hits: list[Hit] = []
    for e in ENTERPRISES.list(session, text=text, limit=per_kind, with_total=False).rows:
        hits.append(Hit("enterprise", e.id, e.name, e.uscc or ""))
    for c in CONTACTS.list(session, text=text, limit=per_kind, with_total=False).rows:
        hits.append(Hit("contact", c.id, c.name, c.mobile or c.phone or c.email or ""))
    for n in NEEDS.list(session, text=text, limit=per_kind, with_total=False).rows:
        hits.append(Hit("need", n.id, n.title, n.filing_no or ""))
    seen: set[str] = set()
    prefix = _patent_prefix(text)
    if prefix:
        # A range over the indexed number column: fast on millions of patents, unlike LIKE.
        rows = session.exec(
            select(TechPatent.technology_id, TechPatent.number)
            .where(col(TechPatent.number) >= prefix, col(TechPatent.number) < prefix + "\uffff")
            .limit(per_kind)
        ).all()
        for tech_id, number in rows:
            tech = session.get(Technology, tech_id)
            if tech is not None and tech.deleted_at is None and tech.id not in seen:
                seen.add(tech.id)
                hits.append(Hit("technology", tech.id, tech.title, number))
    for t in TECHNOLOGIES.list(session, text=text, limit=per_kind, with_total=False).rows:
        if t.id not in seen:
            hits.append(Hit("technology", t.id, t.title, ""))
    for k in CONTRACTS.list(session, text=text, limit=per_kind, with_total=False).rows:
        hits.append(Hit("contract", k.id, k.title, k.registration_no or ""))
    return hits


def enterprise_of(session: Session, kind: str, ident: str) -> str | None:
    """The enterprise a contact or visit belongs to (None when the record does not exist)."""
    row = session.get(ENTITY_TABLES[kind], ident)
    enterprise_id = getattr(row, "enterprise_id", None)
    return str(enterprise_id) if enterprise_id else None
