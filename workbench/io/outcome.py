"""What a dry run gives: each row's status, its problems, its values, and the plan of the whole file.

:mod:`workbench.io.plan` makes them; :mod:`workbench.io.apply`, the wizard and the CLI read them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from workbench.errors import Severity
from workbench.i18n import t
from workbench.io.mapping import Layout
from workbench.io.readers import SheetData

Progress = Callable[[str, int, int], None]
Cancel = Callable[[], bool]


class RowStatus(StrEnum):
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    INVALID = "invalid"

    @property
    def label(self) -> str:
        return {
            "new": t("新增", "new"),
            "update": t("更新", "update"),
            "unchanged": t("无变化", "unchanged"),
            "invalid": t("有错误", "invalid"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class Problem:
    row: int  # as the spreadsheet numbers it (1-based)
    column: str  # the file's heading, or the field's label when the file has no such column
    message: str
    severity: Severity = Severity.ERROR


@dataclass(slots=True)
class RowPlan:
    row: int
    index: int  # index into the sheet's rows
    status: RowStatus
    raw: dict[str, Any]  # cleaner inputs by field, references resolved
    cleaned: dict[str, Any]
    target_id: str | None = None  # the existing record an update writes to
    same_as_row: int | None = None  # an earlier row of the file this row updates
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    similar: tuple[str, str] | None = None  # (id, name) of an enterprise whose name is nearly the same
    new_owner: str | None = None  # a technology owner to create by this name


@dataclass
class Plan:
    kind: str
    source: str  # the file's name, recorded in the change log
    sheet: SheetData
    layout: Layout
    rows: list[RowPlan]
    notices: list[str] = field(default_factory=list)
    blank_rows: int = 0

    def count(self, status: RowStatus) -> int:
        return sum(1 for r in self.rows if r.status is status)

    @property
    def counts(self) -> dict[str, int]:
        return {s.value: self.count(s) for s in RowStatus}

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    @property
    def similar_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.similar is not None and r.status is RowStatus.NEW]
