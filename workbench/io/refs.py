"""The store's records a sheet may point at, loaded once per preview in a few queries, not one per row.

Enterprises and institutions (to resolve names and USCCs), and for technologies the existing records the
file's patent numbers and titles match, with their patents (a re-imported list of 100,000 technologies
otherwise spends minutes in single-row SELECTs). Patent numbers and ids are looked up
:data:`CHUNK` at a time with plain driver SQL: building SQLAlchemy's expanding IN clause cost more than
the lookups themselves in a 100,000-row preview.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from workbench.io.cells import blank
from workbench.io.mapping import Layout
from workbench.io.readers import SheetData
from workbench.io.rowclean import Cell
from workbench.models import Enterprise, Institution, Technology
from workbench.textnorm import fold_width

CHUNK = 5000  # keys per query (SQLite allows 32,766 parameters)

_COMPANY_NOISE = re.compile(r"股份有限公司|有限责任公司|有限公司|股份公司|集团|股份|公司|[()（）\s·]")


def firm_key(name: str) -> str:
    """An enterprise name with the legal-form words and bracket widths that vary between lists removed."""
    return _COMPANY_NOISE.sub("", fold_width(name))


class Refs:
    """The store's records a sheet may point at, loaded once per preview."""

    def __init__(self, session: Session, kind: str) -> None:
        self.session = session
        self.kind = kind
        self.firm_by_uscc: dict[str, str] = {}
        self.firm_by_name: dict[str, list[str]] = {}
        self.firm_by_key: dict[str, list[tuple[str, str]]] = {}
        if kind in ("enterprise", "contact", "need", "visit"):
            for ident, name, uscc in session.exec(
                select(Enterprise.id, Enterprise.name, Enterprise.uscc).where(
                    col(Enterprise.deleted_at).is_(None)
                )
            ).all():
                if uscc:
                    self.firm_by_uscc[uscc] = ident
                self.firm_by_name.setdefault(fold_width(name).strip(), []).append(ident)
                self.firm_by_key.setdefault(firm_key(name), []).append((ident, name))
        self.inst_by_name: dict[str, str] = {}
        self.inst_by_uscc: dict[str, str] = {}
        if kind in ("technology", "institution"):
            for ident, name, uscc in session.exec(
                select(Institution.id, Institution.name, Institution.uscc).where(
                    col(Institution.deleted_at).is_(None)
                )
            ).all():
                self.inst_by_name.setdefault(fold_width(name).strip(), ident)
                if uscc:
                    self.inst_by_uscc[uscc] = ident
        self.tech_by_patent: dict[str, list[tuple[str, str]]] = {}
        self.tech_by_title: dict[tuple[str, str | None], str] = {}
        self.patents_of: dict[str, list[tuple[str, str]]] = {}
        self.loaded: list[Any] = []  # records loaded in bulk; held so the identity map keeps them


def load_technology_keys(
    session: Session,
    refs: Refs,
    sheet: SheetData,
    layout: Layout,
    *,
    positions: list[int],
    patents: list[Cell | None] | None,
) -> None:
    """Existing technologies the file can match: by patent number, and by title for rows without one.

    ``patents`` is the patents column as read and cleaned (None when the file has no such column).
    """
    tcol = layout.column_of("title")
    numbers: set[str] = set()
    titles: set[str] = set()
    distinct = set(patents) if patents is not None else {None}
    # Rows with the same cell share its Cell; a cell refused (read or cleaned) has no numbers: the row's own
    # check reports it.
    numbers.update(n for c in distinct if c is not None and c.kept and c.value for n, _kind in c.value)
    if None in distinct and tcol is not None:  # rows without a patent number are matched by title
        for n, i in enumerate(positions):
            if patents is None or patents[n] is None:
                row = sheet.rows[i]
                if tcol < len(row) and not blank(row[tcol]):
                    titles.add(str(row[tcol]).strip())
    conn = session.connection()
    for part in chunks(list(numbers)):  # each number in one query: its holders come in id order
        for number, tech_id, title in conn.exec_driver_sql(
            "SELECT p.number, p.technology_id, t.title FROM tech_patent AS p"
            " JOIN technology AS t ON t.id = p.technology_id"
            f" WHERE p.number IN ({','.join('?' * len(part))}) AND t.deleted_at IS NULL ORDER BY p.id",
            tuple(part),
        ):
            refs.tech_by_patent.setdefault(number, []).append((tech_id, title))
    for part in chunks(sorted(titles)):
        for ident, title, owner in session.exec(
            select(Technology.id, Technology.title, Technology.institution_id).where(
                col(Technology.title).in_(part), col(Technology.deleted_at).is_(None)
            )
        ).all():
            refs.tech_by_title.setdefault((title, owner), ident)


def chunks(items: list[str], size: int = CHUNK) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def preload(
    session: Session, service: Any, kind: str, refs: Refs, *, sheet: SheetData, layout: Layout
) -> None:
    """Load the records the file will update in a few queries, not one per row (a re-imported list of
    100,000 technologies otherwise spends minutes in single-row SELECTs).
    """
    wanted: set[str] = set()
    id_col = layout.column_of("id")
    if id_col is not None:
        wanted.update(
            str(r[id_col]).strip()
            for r in sheet.rows[layout.header_row + 1 :]
            if id_col < len(r) and not blank(r[id_col])
        )
    if kind == "technology":
        wanted.update(i for holders in refs.tech_by_patent.values() for i, _t in holders)
        wanted.update(refs.tech_by_title.values())
    model = service.model
    for part in chunks(sorted(wanted)):
        refs.loaded.extend(session.exec(select(model).where(col(model.id).in_(part))).all())
    if kind == "technology":
        refs.patents_of = {i: [] for i in wanted}
        conn = session.connection()
        for part in chunks(sorted(wanted)):
            for tech_id, number, patent_kind in conn.exec_driver_sql(
                "SELECT technology_id, number, patent_kind FROM tech_patent"
                f" WHERE technology_id IN ({','.join('?' * len(part))}) ORDER BY id",
                tuple(part),
            ):
                refs.patents_of[tech_id].append((number, patent_kind))


def cell_numbers(cell: Cell) -> list[str]:
    """The canonical numbers of a patents cell cleaned by its column (none if the cleaner refused it)."""
    return [n for n, _kind in cell.value] if cell.kept and cell.value else []
