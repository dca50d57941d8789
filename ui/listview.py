"""A list workspace: filter as you type, sortable columns, column chooser, counts, open, delete, undo,
import (for the kinds files can fill) and export of the list as shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.models import Column, RecordTableModel, Related, cell_text
from ui.style import icon
from ui.widgets.badges import StatusBadgeDelegate
from ui.widgets.columns import fit_columns
from ui.widgets.filterbar import FilterBar
from workbench.enums import LabelledEnum
from workbench.errors import WorkbenchError
from workbench.io.fieldmap import IMPORT_KINDS
from workbench.queries import Session
from workbench.services.base import Changes, EntityService

if TYPE_CHECKING:
    # The import wizard and the exports load on first use (tests/ui/test_startup.py).
    from ui.import_wizard.exports import ShownList


class _PluralTexts(QObject):
    """Plural messages of the list workspaces.

    They live in a class of their own because PySide's ``tr()`` called from a subclass instance does not
    find plural forms in the base class's context (seen with 6.11): a list of enterprises would say
    “共 30 条” in English.
    """

    def count(self, n: int) -> str:
        return self.tr("共 %n 条", "", n)

    def deleted(self, n: int) -> str:
        return self.tr("已删除 %n 条记录", "", n)


_TEXTS = _PluralTexts()
# The key of a list's remembered column layout; "header2" since columns are fitted to content, so widths
# remembered from before are not restored over the fitted ones.
HEADER_STATE = "header2"


def _shown_text(get: Callable[[Any, Related], Any]) -> Callable[[Any, Related], str]:
    """A column's getter giving the text the list shows, as the export writes it."""
    return lambda record, related: cell_text(get(record, related))


class UndoBar(QWidget):
    """“3 records deleted — Undo”, shown for a while after a delete."""

    undo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.button = QPushButton(self.tr("撤销"))
        self.button.setObjectName("undoButton")
        self.button.setIcon(icon("undo-2"))
        self.button.clicked.connect(self._undo)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.setStyleSheet("background: #fff8e1;")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, msecs: int = 15000) -> None:
        self.label.setText(text)
        self.show()
        self._timer.start(msecs)

    def _undo(self) -> None:
        self.hide()
        self.undo.emit()


class _EnterFilter(QObject):
    def __init__(self, on_enter: Callable[[], None]) -> None:
        super().__init__()
        self.on_enter = on_enter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_key = event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
        if is_key and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # type: ignore[attr-defined]
            self.on_enter()
            return True
        return False


class ListWorkspace(QWidget):
    """A list of one entity kind with its toolbar; subclasses supply columns, a form and a detail pane."""

    kind: str = ""
    # Keys of columns shown whole when the list is fitted to its width (codes, amounts, statuses).
    keep_whole: frozenset[str] = frozenset()
    opened = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        service: EntityService[Any],
        columns: Sequence[Column],
        *,
        title: str,
        related: Callable[[Session, list[Any]], Related] | None = None,
        detail: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = service
        self.kind = service.kind
        self.setObjectName(f"workspace_{self.kind}")
        self.model = RecordTableModel(
            ctx, service, columns, related=related, page_size=int(ctx.prefs.get("page_size")), parent=self
        )
        self._last_deleted: list[str] = []
        self.last_message = ""  # the last export's outcome, as the user was told it
        self._fitted = False  # columns sized to content once; afterwards the user's widths are kept

        self.bar = FilterBar(title, self.tr("筛选：名称、代码、拼音首字母…（Ctrl+F）"))
        self.title, self.filter, self.count = self.bar.title, self.bar.filter, self.bar.count
        self.new_button = self.bar.add_button(self.tr("新建"), "newButton")
        self.open_button = self.bar.add_button(self.tr("打开"))
        self.delete_button = self.bar.add_button(self.tr("删除"), "deleteButton")
        # Import where the core reads files of this kind; export from every list, as it is shown.
        self.import_button: QPushButton | None = None
        if self.kind in IMPORT_KINDS:
            self.import_button = self.bar.add_button(self.tr("导入…"), "importButton")
            self.import_button.setIcon(icon("file-up"))
            self.import_button.setToolTip(self.tr("从 Excel/WPS 表格或 CSV 文件导入"))
        self.export_button = self.bar.add_button(self.tr("导出…"), "exportButton")
        self.export_button.setIcon(icon("file-down"))
        self.export_button.setToolTip(self.tr("按当前的筛选、排序和显示的列导出为 .xlsx 或 .csv"))
        self.import_wizard: QWidget | None = None
        self.new_button.setIcon(icon("plus", "#ffffff"))
        self.open_button.setIcon(icon("folder-open"))
        self.delete_button.setIcon(icon("trash-2", "#b71c1c"))

        self.view = QTableView()
        self.view.setObjectName("table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        # Show the store's default order; set before sorting is enabled, which sorts at once by the indicator.
        order_key, order_desc = service.default_order
        default_col = next((i for i, c in enumerate(columns) if c.sort == order_key), -1)
        header.setSortIndicator(
            default_col, Qt.SortOrder.DescendingOrder if order_desc else Qt.SortOrder.AscendingOrder
        )
        self.view.setSortingEnabled(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        for i, column in enumerate(columns):
            if column.width:
                self.view.setColumnWidth(i, column.width)
            if not column.visible:
                self.view.setColumnHidden(i, True)
        self._enter = _EnterFilter(self.open_selected)
        self.view.installEventFilter(self._enter)
        self.view.doubleClicked.connect(lambda _i: self.open_selected())

        self.undo_bar = UndoBar()
        self.undo_bar.undo.connect(self.undo_delete)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.undo_bar)
        self.splitter = QSplitter()
        self.splitter.setObjectName(f"splitter_{self.kind}")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.detail = detail
        if detail is not None:
            self.splitter.addWidget(detail)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            self.splitter.setSizes([820, 440])
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.splitter, 1)

        self.bar.text_changed.connect(self.model.set_text)
        self.bar.focus_shortcut(self)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_selected)
        self.new_button.clicked.connect(self.create_record)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        if self.import_button is not None:
            self.import_button.clicked.connect(self.import_records)
        self.export_button.clicked.connect(lambda: self.export_records())  # noqa: PLW0108 - not clicked's bool as path
        self.model.loaded.connect(self._update_count)
        self.model.rows_ready.connect(self._rows_ready)
        self.model.failed.connect(self._failed)
        self.view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._current_changed(cur.row())
        )
        ctx.bus.changed.connect(self._on_changes)
        self._restore_layout()
        self.model.refresh()

    # -- layout memory ----------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        header = self.ctx.state.load_bytes(f"{self.kind}/{HEADER_STATE}")
        if header is not None and self.view.horizontalHeader().restoreState(header):
            self._fitted = True
        splitter = self.ctx.state.load_bytes(f"{self.kind}/splitter")
        self._split_restored = splitter is not None and self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        self.ctx.state.save(f"{self.kind}/{HEADER_STATE}", self.view.horizontalHeader().saveState())
        self.ctx.state.save(f"{self.kind}/splitter", self.splitter.saveState())

    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for i, column in enumerate(self.model.columns):
            action = QAction(column.title, menu)
            action.setCheckable(True)
            action.setChecked(not self.view.isColumnHidden(i))
            action.toggled.connect(lambda on, i=i: self.view.setColumnHidden(i, not on))
            menu.addAction(action)
        menu.exec(self.view.horizontalHeader().mapToGlobal(pos))

    # -- reactions --------------------------------------------------------------------------------------

    def _update_count(self, total: int) -> None:
        self.count.setText(_TEXTS.count(total))

    def show_badges(self, key: str, enum: type[LabelledEnum]) -> StatusBadgeDelegate:
        """Paint column ``key`` as coloured status badges of ``enum``."""
        column = next(i for i, c in enumerate(self.model.columns) if c.key == key)
        delegate = StatusBadgeDelegate(enum, self.view)
        self.view.setItemDelegateForColumn(column, delegate)
        return delegate

    def fit_columns(self) -> None:
        """Size the columns to their headings and content, fitted to the list's width."""
        keys = [c.key for c in self.model.columns]
        fit_columns(self.view, keep=frozenset(i for i, k in enumerate(keys) if k in self.keep_whole))
        self._fitted = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._split_restored and self.detail is not None and self.splitter.width() > 400:
            # First time shown: the list gets three fifths, whatever the detail pane would like.
            width = self.splitter.width()
            self.splitter.setSizes([width * 3 // 5, width - width * 3 // 5])
            self._split_restored = True
        if not self._fitted and self.model.rowCount():
            # Rows came in while hidden: fit once the view has its real width.
            QTimer.singleShot(0, self._fit_if_needed)

    def _fit_if_needed(self) -> None:
        if not self._fitted and self.view.isVisible() and self.view.viewport().width() > 200:
            self.fit_columns()

    def _rows_ready(self) -> None:
        if not self._fitted and self.view.isVisible() and self.view.viewport().width() > 200:
            self.fit_columns()
        # Open on the first record so the detail pane never greets the user empty.
        if (
            self.detail is not None
            and not self.view.selectionModel().hasSelection()
            and self.model.rowCount()
        ):
            self.view.selectRow(0)

    def _failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, WorkbenchError) else self.tr("读取列表失败，详情见日志。")
        self.count.setText(message)

    def _on_changes(self, changes: Changes) -> None:
        if self.kind in changes.kinds or changes.kinds & self.depends_on():
            self.model.refresh()

    def depends_on(self) -> set[str]:
        """Other kinds whose changes alter what this list shows (e.g. names of related records)."""
        return set()

    def _current_changed(self, row: int) -> None:
        ident = self.model.id_at(row)
        if ident is not None:
            self.show_detail(ident)

    def show_detail(self, ident: str) -> None:
        """Fill the detail pane for the current record; override per workspace."""

    # -- actions ----------------------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def create_record(self) -> None:
        """Open an empty form; override per workspace."""

    def open_record(self, ident: str) -> None:
        """Open the form of one record; override per workspace."""

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.open_record(ids[0])

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        try:
            self.ctx.write(lambda s: self.service.delete(s, ids), {self.kind})
        except WorkbenchError as exc:
            QMessageBox.warning(self, self.tr("不能删除"), exc.message)
            return
        self._last_deleted = ids
        self.undo_bar.show_message(_TEXTS.deleted(len(ids)))

    def undo_delete(self) -> None:
        ids, self._last_deleted = self._last_deleted, []
        if ids:
            self.ctx.write(lambda s: self.service.restore(s, ids), {self.kind})

    def select_id(self, ident: str) -> None:
        row = self.model.row_of(ident)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    # -- import and export ------------------------------------------------------------------------------

    def import_records(self) -> None:
        """Open the import wizard for this list's kind; the lists refresh through the change bus."""
        from ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, self, kind=self.kind)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_wizard = wizard
        wizard.open()

    def shown_list(self) -> ShownList:
        """What the list shows: visible columns in the order on screen, its filter text, filters and order."""
        from ui.import_wizard.exports import ShownList

        header = self.view.horizontalHeader()
        logical = [header.logicalIndex(v) for v in range(header.count())]
        columns = [self.model.columns[i] for i in logical if not header.isSectionHidden(i)]
        return ShownList(
            kind=self.kind,
            headings=[c.title for c in columns],
            cells=[_shown_text(c.value) for c in columns],
            numeric=[c.align_right for c in columns],
            related=self.model.related,
            query=self.model.shown_query(),
        )

    def export_records(self, path: str | None = None) -> None:
        """Export the list as shown to .xlsx or .csv (asks where unless ``path`` is given)."""
        from ui.import_wizard.exports import export_shown

        export_shown(
            self.ctx, self, self.shown_list(), path=path, on_done=self._say, on_error=self._export_failed
        )

    def _say(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 15000)
        else:
            self.count.setText(text)
        self.last_message = text

    def _export_failed(self, message: str) -> None:
        self.last_message = message
        QMessageBox.warning(self, self.tr("导出失败"), message)
