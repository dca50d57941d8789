"""Global search (Ctrl+K): one box over enterprises, contacts, needs, technologies and contracts.

Queries run on a pool thread behind a short debounce; a generation counter drops answers to questions
nobody asks any more, so typing never waits for the database. Results are grouped by kind; the text box
keeps the focus and the arrow keys move through the results (headers are skipped), Enter opens one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.context import AppContext, CancelToken
from workbench.queries.search import (
    FALLBACK_PER_KIND,
    RESULT_LIMIT,
    Hit,
    enterprise_of,
    fallback_search,
    search_records,
)

__all__ = [
    "FALLBACK_PER_KIND",
    "RESULT_LIMIT",
    "GlobalSearchDialog",
    "Hit",
    "SearchResultsModel",
    "fallback_search",
    "install_global_search",
    "navigate_to",
    "search_dialog_of",
    "search_records",
]

translate = QCoreApplication.translate
log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex

# The order groups are shown in: firms and people first, as brokers look them up most.
KINDS: tuple[str, ...] = ("enterprise", "contact", "need", "technology", "contract")
# Which workspace shows a kind (a contact is shown with its enterprise, a visit falls back to it).
WORKSPACE_OF: dict[str, str] = {
    "enterprise": "enterprises",
    "contact": "enterprises",
    "need": "needs",
    "technology": "technologies",
    "contract": "contracts",
    "visit": "visits",
}
_COLOURS = {
    "enterprise": "#1565c0",
    "contact": "#00838f",
    "need": "#ef6c00",
    "technology": "#2e7d32",
    "contract": "#6a1b9a",
}
DEBOUNCE_MS = 120


def kind_title(kind: str) -> str:
    titles = {
        "enterprise": translate("GlobalSearch", "企业"),
        "contact": translate("GlobalSearch", "联系人"),
        "need": translate("GlobalSearch", "技术需求"),
        "technology": translate("GlobalSearch", "技术成果"),
        "contract": translate("GlobalSearch", "合同"),
    }
    return titles.get(kind, kind)


def _kind_glyph(kind: str) -> str:
    glyphs = {
        "enterprise": translate("GlobalSearch", "企"),
        "contact": translate("GlobalSearch", "人"),
        "need": translate("GlobalSearch", "需"),
        "technology": translate("GlobalSearch", "果"),
        "contract": translate("GlobalSearch", "合"),
    }
    return glyphs.get(kind, "?")


_ICONS: dict[str, QIcon] = {}


def kind_icon(kind: str) -> QIcon:
    """A coloured tile with one character: drawn with the bundled font, so it needs no icon files."""
    if kind not in _ICONS:
        size = 20
        pixmap = QPixmap(size * 2, size * 2)  # drawn at 2× so it stays sharp on high-DPI screens
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(_COLOURS.get(kind, "#616161")))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(0, 0, size * 2, size * 2, 8, 8)
        font = QFont(QApplication.font())
        font.setPixelSize(26)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRect(0, 0, size * 2, size * 2), Qt.AlignmentFlag.AlignCenter, _kind_glyph(kind))
        painter.end()
        pixmap.setDevicePixelRatio(2.0)
        _ICONS[kind] = QIcon(pixmap)
    return _ICONS[kind]


# -- the results model ---------------------------------------------------------------------------------


class SearchResultsModel(QAbstractListModel):
    """Hits grouped by kind; each group starts with a header row that cannot be selected."""

    KindRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    DetailRole = Qt.ItemDataRole.UserRole + 3
    HeaderRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[bool, str, Hit | None, int]] = []  # (is header, kind, hit, group size)

    def set_hits(self, hits: list[Hit]) -> None:
        groups: dict[str, list[Hit]] = {}
        for hit in hits:
            groups.setdefault(hit.kind, []).append(hit)
        order = [k for k in KINDS if k in groups] + [k for k in groups if k not in KINDS]
        rows: list[tuple[bool, str, Hit | None, int]] = []
        for kind in order:
            rows.append((True, kind, None, len(groups[kind])))
            rows.extend((False, kind, hit, 0) for hit in groups[kind])
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def hit_count(self) -> int:
        return sum(1 for is_header, *_ in self._rows if not is_header)

    def hit(self, row: int) -> Hit | None:
        return self._rows[row][2] if 0 <= row < len(self._rows) else None

    def is_header(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        is_header, kind, hit, size = self._rows[index.row()]
        if is_header:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr("%1（%2）").replace("%1", kind_title(kind)).replace("%2", str(size))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont(QApplication.font())
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#5f6368")
            if role == self.KindRole:
                return kind
            if role == self.HeaderRole:
                return True
            return None
        assert hit is not None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{kind_title(kind)}：{hit.title}" + (f"\n{hit.detail}" if hit.detail else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(kind)
        if role == self.KindRole:
            return kind
        if role == self.IdRole:
            return hit.id
        if role == self.DetailRole:
            return hit.detail
        if role == self.HeaderRole:
            return False
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_header(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class _ResultDelegate(QStyledItemDelegate):
    """The title as usual, the identifying number in grey at the right end of the row."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        detail = index.data(SearchResultsModel.DetailRole)
        if not detail:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        reserved = opt.fontMetrics.horizontalAdvance(detail) + opt.decorationSize.width() + 40
        opt.text = opt.fontMetrics.elidedText(
            opt.text, Qt.TextElideMode.ElideRight, max(opt.rect.width() - reserved, 40)
        )
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.setPen(opt.palette.highlightedText().color() if selected else QColor("#80868b"))
        painter.drawText(
            opt.rect.adjusted(0, 0, -8, 0),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            detail,
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), 28))


# -- the dialog -------------------------------------------------------------------------------------------


class _Keys(QObject):
    """Arrow keys, page keys and Enter typed in the search box move through and open the results."""

    def __init__(self, dialog: GlobalSearchDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        moves = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: 8,
            Qt.Key.Key_PageUp: -8,
        }
        if key in moves:
            self.dialog.move_selection(moves[Qt.Key(key)])
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.dialog.open_current()
            return True
        return False


class GlobalSearchDialog(QDialog):
    """Type to search; arrows to move; Enter to open. Emits ``chosen(kind, id)`` and closes."""

    chosen = Signal(str, str)
    searched = Signal(str, int)  # the text the shown results answer, and how many hits

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("globalSearch")
        self.setWindowTitle(self.tr("全局搜索"))
        self._generation = 0
        self._answered = ""
        self.edit = QLineEdit()
        self.edit.setObjectName("searchText")
        self.edit.setPlaceholderText(
            self.tr("搜索企业、联系人、需求、成果、合同：名称、代码、专利号或拼音首字母")
        )
        self.edit.setClearButtonEnabled(True)
        font = QFont(self.edit.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.edit.setFont(font)
        self.edit.setMinimumHeight(36)
        self.model = SearchResultsModel(self)
        self.view = QListView()
        self.view.setObjectName("searchResults")
        self.view.setModel(self.model)
        self.view.setItemDelegate(_ResultDelegate(self.view))
        self.view.setIconSize(QSize(20, 20))
        self.view.setUniformItemSizes(True)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the box keeps the focus; arrows still work
        self.view.clicked.connect(lambda index: self._open_row(index.row()))
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setStyleSheet("color: #5f6368;")
        self.hint = QLabel(self.tr("↑↓ 选择　Enter 打开　Esc 关闭"))
        self.hint.setStyleSheet("color: #80868b;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        self._keys = _Keys(self)
        self.edit.installEventFilter(self._keys)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_query)
        self.edit.textChanged.connect(self._text_changed)
        self.resize(640, 460)
        self._show_status()

    # -- querying ---------------------------------------------------------------------------------------

    def _text_changed(self, _text: str) -> None:
        self._generation += 1  # answers to earlier text are now stale, even before the debounce fires
        self._debounce.start()

    def _run_query(self) -> None:
        text = self.edit.text().strip()
        generation = self._generation
        if not text:
            self._show_hits(generation, "", [])
            return
        self.status.setText(self.tr("正在搜索…"))

        def work(_progress: Callable[[int, int], None], _cancel: CancelToken) -> tuple[int, str, list[Hit]]:
            with self.ctx.store.session(write=False) as session:
                return generation, text, search_records(session, text)

        self.ctx.tasks.start(
            work,
            # The dialog may be gone when the answer arrives: then drop it.
            on_done=lambda result: self._show_hits(*result) if isValid(self) else None,
            on_error=lambda exc: self._failed(exc) if isValid(self) else None,
        )

    def _show_hits(self, generation: int, text: str, hits: list[Hit]) -> None:
        if generation != self._generation:
            return  # the user typed on meanwhile
        self._answered = text
        self.model.set_hits(hits)
        self._select_row(self._next_hit_row(-1, 1))
        self._show_status()
        self.searched.emit(text, len(hits))

    def _failed(self, exc: BaseException) -> None:
        log.error("global search failed: %s", exc)
        self.status.setText(self.tr("搜索失败，详情见日志。"))

    def _show_status(self) -> None:
        if not self._answered:
            self.status.setText(
                self.tr("输入名称、统一社会信用代码、专利号、合同登记号，或拼音首字母（如 nbcl）")
            )
        elif self.model.hit_count() == 0:
            self.status.setText(self.tr("没有找到“%1”").replace("%1", self._answered))
        else:
            self.status.setText(self.tr("找到 %n 条", "", self.model.hit_count()))

    # -- moving and choosing ----------------------------------------------------------------------------

    def _next_hit_row(self, row: int, step: int) -> int:
        """The row of the nearest hit from ``row`` in direction ``step`` (headers skipped); -1 if none."""
        n = self.model.rowCount()
        direction = 1 if step > 0 else -1
        target = max(-1, min(n, row + step))
        probe = target
        while 0 <= probe < n:
            if not self.model.is_header(probe):
                return probe
            probe += direction
        # Past the end: stay on the last hit in that direction.
        probe = target - direction
        while 0 <= probe < n:
            if not self.model.is_header(probe):
                return probe
            probe -= direction
        return -1

    def _select_row(self, row: int) -> None:
        if row < 0:
            self.view.clearSelection()
            self.view.setCurrentIndex(QModelIndex())
            return
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def current_hit(self) -> Hit | None:
        return self.model.hit(self.current_row())

    def move_selection(self, step: int) -> None:
        row = self._next_hit_row(self.current_row(), step)
        if row >= 0:
            self._select_row(row)

    def open_current(self) -> None:
        row = self.current_row()
        if row < 0:
            row = self._next_hit_row(-1, 1)
        self._open_row(row)

    def _open_row(self, row: int) -> None:
        hit = self.model.hit(row)
        if hit is None:
            return
        self.accept()
        self.chosen.emit(hit.kind, hit.id)

    def start(self) -> None:
        """Show (again) with the previous text selected, so typing replaces it."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()
        self.edit.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        super().keyPressEvent(event)


# -- navigation -------------------------------------------------------------------------------------------


def reveal(workspace: QWidget, ident: str) -> None:
    """Select ``ident`` in a workspace's list when it is there; otherwise open the record's form."""
    select_id = getattr(workspace, "select_id", None)
    open_record = getattr(workspace, "open_record", None)
    model = getattr(workspace, "model", None)
    row_of = getattr(model, "row_of", None)
    if not callable(row_of):
        if callable(select_id):
            select_id(ident)
        elif callable(open_record):
            open_record(ident)
        return

    def attempt() -> None:
        if row_of(ident) >= 0 and callable(select_id):
            select_id(ident)
        elif callable(open_record):
            open_record(ident)

    loaded = getattr(model, "loaded", None)
    if getattr(model, "total", 0) is None and loaded is not None:
        # The list is still fetching its first page: look once it has arrived.
        def once(_total: int) -> None:
            loaded.disconnect(once)
            attempt()

        loaded.connect(once)
        return
    attempt()


def _available(window: QWidget, key: str) -> bool:
    entries = getattr(window, "entries", None)
    if entries is None:
        return True
    return any(getattr(e, "key", None) == key for e in entries)


def navigate_to(window: QWidget, ctx: AppContext, kind: str, ident: str) -> QWidget | None:
    """Show the workspace of ``kind`` in the main window and select (or open) the record there."""
    show = getattr(window, "show_workspace", None)
    if not callable(show):
        return None
    key = WORKSPACE_OF.get(kind)
    target = ident
    if kind in {"contact", "visit"}:
        with ctx.store.session(write=False) as session:
            enterprise_id = enterprise_of(session, kind, ident)
        if kind == "contact" or not (key and _available(window, key)):
            key, target = "enterprises", enterprise_id or ""
    if not key or not target or not _available(window, key):
        return None
    workspace = show(key)
    if isinstance(workspace, QWidget):
        reveal(workspace, target)
        return workspace
    return None


class _Launcher(QObject):
    """Owns the one search dialog of a window and sends its choice to the window."""

    def __init__(self, window: QWidget, ctx: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.dialog: GlobalSearchDialog | None = None

    def open(self) -> GlobalSearchDialog:
        if self.dialog is None:
            self.dialog = GlobalSearchDialog(self.ctx, self.window)
            self.dialog.chosen.connect(lambda kind, ident: navigate_to(self.window, self.ctx, kind, ident))
        self.dialog.start()
        return self.dialog


def install_global_search(main_window: QWidget, ctx: AppContext) -> QAction:
    """Add the Ctrl+K action to ``main_window`` (once); a chosen result is shown in its workspace."""
    existing = main_window.findChild(QAction, "globalSearchAction")
    if existing is not None:
        return existing
    launcher = _Launcher(main_window, ctx)
    action = QAction(translate("GlobalSearch", "全局搜索…"), main_window)
    action.setObjectName("globalSearchAction")
    action.setShortcut(QKeySequence("Ctrl+K"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda _checked=False: launcher.open())
    action.setData(launcher)
    main_window.addAction(action)
    return action


def search_dialog_of(action: QAction) -> GlobalSearchDialog | None:
    """The dialog an installed action opened (None before the first use); for tests and the main window."""
    launcher = action.data()
    return launcher.dialog if isinstance(launcher, _Launcher) else None


def screenshot_dialog(ctx: AppContext, window: QWidget) -> GlobalSearchDialog:
    """The dialog with a query typed and its answer on the way (for ``python -m ui.screenshots``)."""
    dialog = GlobalSearchDialog(ctx, window)
    dialog.edit.setText(translate("GlobalSearch", "机器人"))
    dialog._debounce.stop()
    dialog._run_query()
    return dialog
