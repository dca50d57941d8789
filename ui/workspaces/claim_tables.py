"""The claim detail's tables: the computation lines as the core wrote them, and the co-broker shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ui.models import TitledTableModel
from ui.widgets.money import yuan
from workbench.errors import ValidationError
from workbench.rules import decimal_text, split_shares
from workbench.services.claims import parse_percent

translate = QCoreApplication.translate

Index = QModelIndex | QPersistentModelIndex


def cap_label(code: str) -> str:
    return {
        "per_bracket": translate("ClaimsWorkspace", "本档奖励上限"),
        "per_project": translate("ClaimsWorkspace", "单个项目奖励上限"),
        "per_broker_year": translate("ClaimsWorkspace", "经纪人年度奖励上限"),
    }.get(code, code)


percent_text = decimal_text  # percent points as typed: 50 → "50", 33.30 → "33.3"


class ComputationModel(TitledTableModel):
    """The lines of a claim's computation as the core wrote them: label, base, rate, amount, note."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[dict[str, Any]] = []
        self.titles = [
            self.tr("计算步骤"),
            self.tr("基数（元）"),
            self.tr("比例"),
            self.tr("金额（元）"),
            self.tr("说明"),
        ]

    def set_lines(self, lines: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._lines = [dict(line) for line in lines]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._lines)

    def cell(self, row: int, column: int) -> str:
        line = self._lines[row]
        if column == 0:
            return str(line.get("label", ""))
        if column == 1:
            return yuan(line.get("base_fen"))
        if column == 2:
            rate = line.get("rate")
            return f"{percent_text(Decimal(rate) * 100)}%" if rate is not None else ""
        if column == 3:
            return yuan(line.get("amount_fen"))
        return str(line.get("note", ""))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._lines)):
            return None
        kind = self._lines[index.row()].get("kind", "")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.column() in (1, 2, 3):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and kind in {"result", "gross"}:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if kind.startswith("cap"):
                return QBrush(QColor("#fff3e0"))  # a cap applied: the reason the amount is lower
            if kind == "result":
                return QBrush(QColor("#e8f5e9"))
        if role == Qt.ItemDataRole.UserRole:
            return kind
        return None


@dataclass
class ShareRow:
    broker_id: str
    name: str
    percent: Decimal
    amount_fen: int | None = None


class SharesModel(TitledTableModel):
    """Co-broker shares being edited: percentages typed in place, amounts recomputed as they change."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ShareRow] = []
        self.amount_fen = 0
        self.editable = False
        self.error = ""
        self.titles = [self.tr("经纪人"), self.tr("比例（%）"), self.tr("金额（元）")]

    # -- content --------------------------------------------------------------------------------------------

    def set_shares(self, rows: Sequence[ShareRow], amount_fen: int, *, editable: bool) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.amount_fen = amount_fen
        self.editable = editable
        self.endResetModel()
        self.recompute()

    def rows(self) -> list[ShareRow]:
        return list(self._rows)

    def total_percent(self) -> Decimal:
        return sum((r.percent for r in self._rows), Decimal(0))

    def add(self, broker_id: str, name: str, percent: Decimal) -> bool:
        if any(r.broker_id == broker_id for r in self._rows):
            return False
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(ShareRow(broker_id, name, percent))
        self.endInsertRows()
        self.recompute()
        return True

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.recompute()

    def recompute(self) -> None:
        """Amounts per broker as the core would split them; none while the shares do not add up."""
        try:
            split = dict(split_shares(self.amount_fen, [(r.broker_id, r.percent) for r in self._rows]))
        except ValidationError as exc:
            self.error = "；".join(i.message for i in exc.issues)
            split = {}
        else:
            self.error = ""
        for r in self._rows:
            r.amount_fen = split.get(r.broker_id)
        if self._rows:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._rows) - 1, 2))

    # -- Qt model interface ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return row.name
            if index.column() == 1:
                return percent_text(row.percent)
            return "—" if row.amount_fen is None else yuan(row.amount_fen)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.broker_id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (
            self.editable and index.isValid() and index.column() == 1 and role == Qt.ItemDataRole.EditRole
        ):
            return False
        try:
            percent = parse_percent(value)
        except ValidationError as exc:
            self.error = "；".join(i.message for i in exc.issues)
            return False
        self._rows[index.row()].percent = percent
        self.dataChanged.emit(index, index)
        self.recompute()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.editable and index.column() == 1:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags
