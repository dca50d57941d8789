"""The Conflicts workspace: edits the district server did not apply, field by field, for the broker to decide.

Each row shows the record, the field, the value both sides started from (原值), this laptop's value (我的) and
the server's (对方的) with who changed it and when. Keeping mine pushes it as a new change; keeping theirs
accepts what the laptop already shows. Same-credit-code enterprises created twice are merged either way.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from workbench.errors import WorkbenchError
from workbench.models import ENTITY_TABLES
from workbench.queries.sync import ConflictRow, conflict_rows
from workbench.services.base import Changes

Index = QModelIndex | QPersistentModelIndex


class ConflictModel(QAbstractTableModel):
    COLUMNS = ("record", "field_label", "reason_text", "base", "mine", "theirs", "theirs_by", "theirs_at")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ConflictRow] = []
        self.headers = [
            self.tr("记录"),
            self.tr("字段"),
            self.tr("原因"),
            self.tr("原值"),
            self.tr("我的"),
            self.tr("对方的"),
            self.tr("修改人"),
            self.tr("修改时间"),
        ]

    def set_rows(self, rows: list[ConflictRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = getattr(row, self.COLUMNS[index.column()])
            if index.column() == 0 and role == Qt.ItemDataRole.DisplayRole:
                return f"{row.kind_label}：{value}"
            return value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class ConflictsWorkspace(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("同步冲突"))
        title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        layout.addWidget(title)
        self.explain = QLabel(
            self.tr(
                "您离线时修改的字段，服务器上已被他人改成了别的值。服务器保留了对方的值，本机现在显示的也是对方的值。"
                "请逐条决定：保留我的（作为新的修改上传），或采用对方的。"
            )
        )
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        self.model = ConflictModel(self)
        self.table = QTableView()
        self.table.setObjectName("conflicts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("没有待处理的冲突。"))
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #666; font-size: 12pt; padding: 40px;")
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.keep_mine = QPushButton(self.tr("保留我的"))
        self.keep_mine.setObjectName("keepMine")
        self.keep_theirs = QPushButton(self.tr("采用对方的"))
        self.keep_theirs.setObjectName("keepTheirs")
        self.keep_mine.clicked.connect(lambda: self.resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self.resolve("theirs"))
        row.addStretch(1)
        row.addWidget(self.keep_theirs)
        row.addWidget(self.keep_mine)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        ctx.bus.changed.connect(lambda _c: self.reload())
        self.reload()

    def reload(self) -> None:
        with self.ctx.store.session(write=False) as session:
            rows = conflict_rows(session)
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if rows:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        chosen = self.current() is not None
        self.keep_mine.setEnabled(chosen)
        self.keep_theirs.setEnabled(chosen)

    def current(self) -> ConflictRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.rows[rows[0].row()] if rows else None

    def resolve(self, keep: str) -> None:
        from workbench.sync import engine, state

        row = self.current()
        if row is None:
            return
        try:
            current = engine.status(self.ctx.store)
            password = state.password_for(current)
        except WorkbenchError as exc:
            QMessageBox.warning(self, self.tr("无法处理冲突"), exc.message)
            return
        connect = state.connector(current, password)
        self.keep_mine.setEnabled(False)
        self.keep_theirs.setEnabled(False)
        self.ctx.tasks.start(
            lambda _p, _c: engine.resolve(self.ctx.store, connect, row.id, keep),
            on_done=lambda _r: self.ctx.bus.publish(Changes(frozenset(ENTITY_TABLES))),
            on_error=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, WorkbenchError) else str(exc)
        QMessageBox.warning(self, self.tr("无法处理冲突"), message)
        self._enable()
