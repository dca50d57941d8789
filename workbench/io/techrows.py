"""The preview's fast lane for the usual row of a big technology list: new, and every cell clean.

A district list of 100,000 technologies is almost all such rows. One takes this lane only when every cell
it holds was read and cleaned without a problem (its columns' answers say so), its required columns are
filled, and its natural key matches nothing — not in the store, not an earlier row of the file. Any other
row (an error, a warning, an update, a repeat, a record id) goes the general way
(``plan._plan_row``), whose result for a clean new row this lane's equals field for field
(``tests/workbench/test_io_bulk.py`` holds them together).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

from workbench.io.outcome import RowPlan, RowStatus
from workbench.io.refs import Refs
from workbench.io.rowclean import Cell, RowCleaner

_EMPTY: tuple[Any, ...] = (None, "", [])
_GAP: Any = object()  # a blank cell in a row's tuple of values
_BLANK = Cell(_GAP, None, (), _GAP, True)  # stands for a blank cell while the tuples are built
_RAW = operator.attrgetter("raw")
_VALUE = operator.attrgetter("value")


class TechnologyLane:
    """Plans the clean new rows of a technology sheet; :meth:`row` returns None for any other row."""

    def __init__(
        self,
        cleaner: RowCleaner,
        refs: Refs,
        names: tuple[str, ...],
        columns: Sequence[Sequence[Cell | None]],
        seen: dict[tuple[Any, ...], RowPlan],
    ) -> None:
        self.cleaner, self.refs, self.names, self.seen = cleaner, refs, names, seen
        self.owners: dict[str, Any] = {}
        cleanable = set(cleaner.specs) - cleaner.blocked
        required = {k for k, _spec in cleaner.required}
        self.usable = (
            cleaner.kind == "technology"
            and all(n in cleanable or n == "institution_name" for n in names)
            and required <= set(names)
        )
        self.irregular: set[int] = set()
        self.gappy: set[int] = set()  # rows with a blank cell (assembled leaving it out)
        if not self.usable:
            return
        raws: list[list[Any]] = []
        values: list[list[Any]] = []
        for name, column in zip(names, columns, strict=True):
            need = name in required
            distinct = set(column)
            bad = {
                c
                for c in distinct
                if (c is None and need)
                or (c is not None and (c.error is not None or c.issues or (need and c.value in _EMPTY)))
            }
            if bad:
                self.irregular.update(n for n, c in enumerate(column) if c in bad)
            cells = column
            if None in distinct:
                self.gappy.update(n for n, c in enumerate(column) if c is None)
                cells = [_BLANK if c is None else c for c in column]
            raws.append(list(map(_RAW, cells)))
            if name == "institution_name":
                continue  # resolved per row
            if any(type(c.value) is list for c in distinct if c is not None):
                # A list value copied for each row: rows never share a list.
                values.append([v.copy() if type(v) is list else v for v in map(_VALUE, cells)])
            else:
                values.append(list(map(_VALUE, cells)))
        # Each row's raw and cleaned values as tuples (cleaned ones without the owner's name).
        self.cleaned_names = tuple(n for n in names if n != "institution_name")
        self.patents_at = self.cleaned_names.index("patents") if "patents" in names else None
        self.raws = list(zip(*raws, strict=True))
        self.values = list(zip(*values, strict=True))

    def row(self, n: int, index: int) -> RowPlan | None:
        """The plan of data row ``n`` (sheet row ``index``) if it is clean and new, else None."""
        if not self.usable or n in self.irregular:
            return None
        if n in self.gappy:
            raw = {k: v for k, v in zip(self.names, self.raws[n], strict=True) if v is not _GAP}
        else:
            raw = dict(zip(self.names, self.raws[n], strict=True))
        new_owner: str | None = None
        ident: str | None = None
        owner = raw.pop("institution_name", None)
        if owner:
            ident = self.refs.inst_by_name.get(owner.strip())
            if ident:
                raw["institution_id"] = ident
            else:
                new_owner = owner.strip()
        key: tuple[Any, ...] | None = None
        values = self.values[n]
        patents = values[self.patents_at] if self.patents_at is not None else None
        if patents is not _GAP and patents:  # cleaned: [(number, kind), …]
            number = patents[0][0]
            if number in self.refs.tech_by_patent:
                return None  # an update
            key = ("patent", number)
        elif title := raw.get("title"):
            key = ("title", str(title).strip(), ident or new_owner)
            if (key[1], key[2]) in self.refs.tech_by_title:
                return None
        if key is not None and key in self.seen:
            return None  # the same record as an earlier row
        if n in self.gappy:
            cleaned = {k: v for k, v in zip(self.cleaned_names, values, strict=True) if v is not _GAP}
        else:
            cleaned = dict(zip(self.cleaned_names, values, strict=True))
        if ident:
            checked = self.owners.get(ident)
            if checked is None:
                checked = self.owners[ident] = self.cleaner.field("institution_id", ident)
            if checked.issues:
                return None
            cleaned["institution_id"] = checked.value
        if self.cleaner.cross_check(cleaned):
            return None
        plan = RowPlan(index + 1, index, RowStatus.NEW, raw, cleaned, new_owner=new_owner)
        if key is not None:
            self.seen[key] = plan
        return plan
