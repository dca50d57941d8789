"""What a record puts into the search index: its word-segmented text row and its search-box row.

Kept apart from :mod:`workbench.search.index` (which needs SQLAlchemy and the models) so that a worker
process building index rows for a bulk import (:mod:`workbench.search.pool`) imports only this module and
the text functions: it starts in a fraction of the time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from workbench.search import text as tx

# A technology's index rows as built from its values: (title, keywords, body) for tech_fts and
# (name, numbers, initials, kind) for search_fts.
TextRow = tuple[str, str, str]
SearchRow = tuple[str, str, str, str]
# What a bulk writer knows of a new technology: title, keywords, abstract, technical field, filing
# number and the patent numbers (keywords and patents as lists).
TechInput = tuple[str, Sequence[str], str | None, str | None, str | None, Sequence[str]]


def json_list(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    try:
        loaded = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    return [str(v) for v in loaded] if isinstance(loaded, list) else [str(loaded)]


def _numbers(*values: str | None) -> str:
    return " ".join(n for n in (tx.compact_number(v) for v in values) if n)


@dataclass(frozen=True)
class Doc:
    """The index rows of one record: its text row (technologies and needs) and its search-box row."""

    text: TextRow | None
    search: SearchRow


def technology_rows(item: TechInput) -> tuple[TextRow, SearchRow]:
    """The two index rows of a technology."""
    title, keywords, abstract, technical_field, filing_no, patents = item
    numbers = " ".join([form for p in patents for form in tx.patent_forms(p)] + [_numbers(filing_no)])
    # The title is normalised once for its two forms (words and single characters).
    norm_title = tx.normalize(title[: tx.MAX_INPUT_CHARS] if title else title)
    return (
        (
            tx.index_normalized(norm_title),
            tx.index_list(keywords),
            tx.index_text(f"{abstract or ''} {technical_field or ''}"),
        ),
        # No pinyin initials for technologies: pypinyin costs ~170 µs a title, three minutes a
        # million; initials serve names people say aloud (enterprises, contacts).
        (tx.char_spaced_normalized(norm_title), numbers.strip(), "", "technology"),
    )


def technology_batch(items: Sequence[TechInput]) -> list[tuple[TextRow, SearchRow]]:
    """:func:`technology_rows` of many technologies (what a bulk writer's worker process runs)."""
    return [technology_rows(item) for item in items]


def build_doc(kind: str, row: Sequence[Any], patents: Sequence[str] = ()) -> Doc:
    """Index rows of one record; ``row`` holds the columns of ``_SOURCES[kind]`` in order (after id)."""
    if kind == "technology":
        title, keywords, abstract, technical_field, filing_no = row
        text, search = technology_rows(
            (title, json_list(keywords), abstract, technical_field, filing_no, patents)
        )
        return Doc(text, search)
    if kind == "need":
        title, keywords, problem, key_tech, goals, technical_field, filing_no = row
        body = " ".join(p for p in (problem, key_tech, goals, technical_field) if p)
        return Doc(
            (tx.index_text(title), tx.index_list(json_list(keywords)), tx.index_text(body)),
            (tx.char_spaced(title), _numbers(filing_no), "", kind),
        )
    if kind == "enterprise":
        name, uscc = row
        return Doc(None, (tx.char_spaced(name), _numbers(uscc), tx.initials(name), kind))
    if kind == "contact":
        name, mobile, phone, email, wechat = row
        names = " ".join(p for p in (name, email, wechat) if p)
        return Doc(None, (tx.char_spaced(names), _numbers(mobile, phone), tx.initials(name), kind))
    if kind == "contract":
        title, seller, buyer, reg_no, seller_uscc, buyer_uscc = row
        names = " ".join(p for p in (title, seller, buyer) if p)
        return Doc(None, (tx.char_spaced(names), _numbers(reg_no, seller_uscc, buyer_uscc), "", kind))
    raise ValueError(kind)
