"""The preview's fast lane for the usual row of a big technology list: new, and every cell clean.

A district list of 100,000 technologies is almost all such rows. One takes this lane only when every cell
it holds was read and cleaned without a problem (its columns' answers say so), its required columns are
filled, and its natural key matches nothing — not in the store, not an earlier row of the file. Any other
row (an error, a warning, an update, a repeat, a record id) goes the general way
(``plan._plan_row``), whose result for a clean new row this lane's equals field for field
(``tests/workbench/test_io_bulk.py`` holds them together).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.io.outcome import RowPlan, RowStatus
from workbench.io.refs import Refs
from workbench.io.rowclean import Cell, RowCleaner

_EMPTY: tuple[Any, ...] = (None, "", [])


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
        self.patents_at = names.index("patents") if "patents" in names else None
        self.owners: dict[str, Any] = {}
        cleanable = set(cleaner.specs) - cleaner.blocked
        required = {k for k, _spec in cleaner.required}
        self.usable = (
            cleaner.kind == "technology"
            and all(n in cleanable or n == "institution_name" for n in names)
            and required <= set(names)
        )
        self.irregular: set[int] = set()
        if not self.usable:
            return
        for name, column in zip(names, columns, strict=True):
            need = name in required
            bad = {
                c
                for c in set(column)
                if (c is None and need)
                or (c is not None and (c.error is not None or c.issues or (need and c.value in _EMPTY)))
            }
            if bad:
                self.irregular.update(n for n, c in enumerate(column) if c in bad)

    def row(self, n: int, index: int, cells: tuple[Cell | None, ...]) -> RowPlan | None:
        """The plan of data row ``n`` (sheet row ``index``) if it is clean and new, else None."""
        if not self.usable or n in self.irregular:
            return None
        raw = {name: c.raw for name, c in zip(self.names, cells, strict=True) if c is not None}
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
        patents = cells[self.patents_at] if self.patents_at is not None else None
        if patents is not None and patents.kept and patents.value:
            number = patents.value[0][0]
            if number in self.refs.tech_by_patent:
                return None  # an update
            key = ("patent", number)
        elif title := raw.get("title"):
            key = ("title", str(title).strip(), ident or new_owner)
            if (key[1], key[2]) in self.refs.tech_by_title:
                return None
        if key is not None and key in self.seen:
            return None  # the same record as an earlier row
        cleaned = {
            name: (c.value.copy() if type(c.value) is list else c.value)  # rows never share a list
            for name, c in zip(self.names, cells, strict=True)
            if c is not None and name != "institution_name"
        }
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
