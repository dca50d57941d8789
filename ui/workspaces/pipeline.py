"""The match pipeline: one column of cards per stage, moved by dragging; history, notes and contract entry."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QDrag, QFont, QFontMetrics, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui import sources
from ui.context import AppContext, CancelToken
from ui.forms import ERROR_STYLE, EntityFormDialog, FieldDef
from ui.listview import UndoBar
from ui.widgets.banner import ErrorBanner
from ui.widgets.filterbar import FilterBar
from workbench.enums import MATCH_PIPELINE, MatchStage
from workbench.errors import ValidationError, WorkbenchError
from workbench.queries.common import as_local
from workbench.queries.pipeline import Card, match_parties, stage_cards
from workbench.services import MATCHES
from workbench.services.base import Changes

translate = QCoreApplication.translate

MIME_TYPE = "application/x-broker-workbench-match"
STAGES: tuple[MatchStage, ...] = (*MATCH_PIPELINE, MatchStage.DROPPED)
PAGE_SIZE = 40
CARD_ROLE = int(Qt.ItemDataRole.UserRole) + 1
# Changes to these kinds alter what a card shows (titles, names) or where it sits (a contract moves it).
WATCHED = frozenset({"match", "need", "technology", "enterprise", "institution", "contract"})

Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Page:
    generation: int
    cards: list[Card]
    total: int | None


def encode_ids(ids: list[str], stage: str) -> bytes:
    return json.dumps({"ids": ids, "from": stage}).encode()


def decode_ids(data: QMimeData) -> tuple[list[str], str]:
    """The match ids and source stage a drag carries; empty when the data is not ours."""
    if not data.hasFormat(MIME_TYPE):
        return [], ""
    try:
        payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
        return [str(i) for i in payload["ids"]], str(payload["from"])
    except (ValueError, KeyError, TypeError):
        return [], ""


class StageModel(QAbstractListModel):
    """The cards of one stage, a page at a time from a pool thread; a drop here asks to move a match."""

    loaded = Signal(int)
    failed = Signal(object)
    move_requested = Signal(str, str)  # match id, target stage

    def __init__(
        self, ctx: AppContext, stage: str, *, page_size: int | None = None, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stage = stage
        self.page_size = page_size or PAGE_SIZE
        self._cards: list[Card] = []
        self._total: int | None = None
        self._generation = 0
        self._fetching = False
        self._text = ""

    # -- loading ------------------------------------------------------------------------------------------

    @property
    def total(self) -> int | None:
        return self._total

    @property
    def busy(self) -> bool:
        return self._fetching

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def refresh(self) -> None:
        """Reload the first pages (as many as were shown, so a refresh does not shrink the column)."""
        self._generation += 1
        self._fetching = True
        generation = self._generation
        limit = max(self.page_size, len(self._cards))
        self.ctx.tasks.start(
            lambda _p, cancel: self._query(generation, 0, limit, with_total=True, cancel=cancel),
            on_done=self._reset_with,
            on_error=self._on_error,
        )

    def _query(
        self, generation: int, offset: int, limit: int, *, with_total: bool, cancel: CancelToken
    ) -> _Page:
        with self.ctx.store.session() as session:
            page = stage_cards(
                session, self.stage, text=self._text, offset=offset, limit=limit, with_total=with_total
            )
        return _Page(generation, page.cards, page.total)

    def _reset_with(self, page: _Page) -> None:
        if page.generation != self._generation:
            return
        self.beginResetModel()
        self._cards, self._total = page.cards, page.total
        self._fetching = False
        self.endResetModel()
        self.loaded.emit(self._total or 0)

    def _append(self, page: _Page) -> None:
        if page.generation != self._generation:
            return
        self._fetching = False
        if not page.cards:
            self._total = len(self._cards)
            self.loaded.emit(self._total)
            return
        first = len(self._cards)
        self.beginInsertRows(QModelIndex(), first, first + len(page.cards) - 1)
        self._cards.extend(page.cards)
        self.endInsertRows()
        self.loaded.emit(self._total or 0)

    def _on_error(self, exc: BaseException) -> None:
        self._fetching = False
        self.failed.emit(exc)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._fetching:
            return False
        return self._total is not None and len(self._cards) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, offset = self._generation, len(self._cards)
        self.ctx.tasks.start(
            lambda _p, cancel: self._query(
                generation, offset, self.page_size, with_total=False, cancel=cancel
            ),
            on_done=self._append,
            on_error=self._on_error,
        )

    # -- Qt model interface -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._cards)):
            return None
        card = self._cards[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            lines = [card.need_title, card.enterprise, card.technology, card.owner]
            if card.dropped_reason:
                lines.append(card.dropped_reason)
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.UserRole:
            return card.id
        if role == CARD_ROLE:
            return card
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        # The column itself (the invalid root) accepts drops; so does each card, meaning "this column".
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Any) -> QMimeData:
        ids = []
        for index in indexes:
            ident = self.data(index, Qt.ItemDataRole.UserRole)
            if ident and ident not in ids:
                ids.append(ident)
        mime = QMimeData()
        mime.setData(MIME_TYPE, encode_ids(ids, self.stage))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        ids, source = decode_ids(data)
        return bool(ids) and source != self.stage and action == Qt.DropAction.MoveAction

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Ask for the move; the card itself stays where it is until the store says it moved."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        ids, _source = decode_ids(data)
        for ident in ids:
            self.move_requested.emit(ident, self.stage)
        return True

    # -- helpers ------------------------------------------------------------------------------------------

    def card_at(self, row: int) -> Card | None:
        return self._cards[row] if 0 <= row < len(self._cards) else None

    def row_of(self, ident: str) -> int:
        return next((i for i, c in enumerate(self._cards) if c.id == ident), -1)


def two_lines(metrics: QFontMetrics, text: str, width: int) -> tuple[str, str]:
    """Split text into the part that fits one line and the rest, elided (no word boundaries in Chinese)."""
    if metrics.horizontalAdvance(text) <= width:
        return text, ""
    cut = len(text)
    while cut > 1 and metrics.horizontalAdvance(text[:cut]) > width:
        cut -= 1
    return text[:cut], metrics.elidedText(text[cut:], Qt.TextElideMode.ElideRight, width)


class CardDelegate(QStyledItemDelegate):
    """Paints a match as a card: need, enterprise, technology, owner and days in the stage."""

    PADDING = 8

    def _lines(self, option: QStyleOptionViewItem) -> tuple[QFont, QFontMetrics, QFontMetrics]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, QFontMetrics(bold), QFontMetrics(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        _bold, bold_metrics, metrics = self._lines(option)
        height = 2 * bold_metrics.height() + 3 * metrics.height() + 2 * self.PADDING + 4 * 2 + 8
        card = index.data(CARD_ROLE)
        if isinstance(card, Card) and card.dropped_reason:
            height += metrics.height() + 2
        # A narrow hint: a list view stretches items to its width, so cards never need a scroll bar.
        return QSize(100, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            return
        bold, bold_metrics, metrics = self._lines(option)
        rect: QRect = option.rect.adjusted(4, 4, -4, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#1e88e5") if selected else QColor("#cfd8dc"), 2 if selected else 1))
        painter.setBrush(QBrush(QColor("#e3f2fd") if selected else QColor("#ffffff")))
        painter.drawRoundedRect(rect, 6, 6)
        inner = rect.adjusted(self.PADDING, self.PADDING - 2, -self.PADDING, -self.PADDING)
        width = inner.width()
        y = inner.top()
        painter.setFont(bold)
        painter.setPen(QColor("#212121"))
        # Chinese titles are long and columns narrow: the need's title gets two lines before eliding.
        for line in two_lines(bold_metrics, card.need_title, width):
            painter.drawText(
                QRect(inner.left(), y, width, bold_metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                line,
            )
            y += bold_metrics.height() + 2
        painter.setFont(option.font)
        painter.setPen(QColor("#546e7a"))
        for text in (card.enterprise, "⇄ " + card.technology):
            painter.drawText(
                QRect(inner.left(), y, width, metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, width),
            )
            y += metrics.height() + 2
        days = self.tr("%n 天", "", card.days)
        days_width = metrics.horizontalAdvance(days) + 6
        painter.setPen(QColor("#78909c"))
        painter.drawText(
            QRect(inner.left(), y, width - days_width, metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(card.owner, Qt.TextElideMode.ElideRight, width - days_width),
        )
        painter.setPen(QColor("#c62828") if card.days > 30 else QColor("#546e7a"))
        painter.drawText(
            QRect(inner.left(), y, width, metrics.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            days,
        )
        if card.dropped_reason:
            y += metrics.height() + 2
            painter.setPen(QColor("#8d6e63"))
            painter.drawText(
                QRect(inner.left(), y, width, metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(card.dropped_reason, Qt.TextElideMode.ElideRight, width),
            )
        painter.restore()


class CardListView(QListView):
    """A column's list of cards; dragging a card carries the match id in our own MIME type."""

    drag_started = Signal(object)  # the QMimeData handed to the drag

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        # Where in the column a card lands means nothing: the column is the target.
        self.setDropIndicatorShown(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setUniformItemSizes(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(CardDelegate(self))
        self.setStyleSheet("QListView { background: #f5f7f8; border: none; }")

    def startDrag(self, actions: Qt.DropAction) -> None:
        indexes = [i for i in self.selectedIndexes() if i.flags() & Qt.ItemFlag.ItemIsDragEnabled]
        model = self.model()
        if not indexes or model is None:
            return
        mime = model.mimeData(indexes)
        drag = QDrag(self)
        drag.setMimeData(mime)
        rect = self.visualRect(indexes[0])
        drag.setPixmap(self.viewport().grab(rect))
        drag.setHotSpot(QPoint(rect.width() // 2, 12))
        self.drag_started.emit(mime)
        drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)


class StageColumn(QWidget):
    """The header (stage and count), the cards, and a “more” button while the column has more."""

    def __init__(self, ctx: AppContext, stage: MatchStage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName(f"column_{stage.value}")
        self.model = StageModel(ctx, stage.value, parent=self)
        self.header = QLabel()
        self.header.setObjectName("columnHeader")
        self.header.setStyleSheet(
            "font-weight: bold; padding: 6px; background: %s; border-radius: 4px;"
            % ("#eceff1" if stage is MatchStage.DROPPED else "#e8f0fe")
        )
        self.view = CardListView()
        self.view.setObjectName(f"cards_{stage.value}")
        self.view.setModel(self.model)
        self.more = QPushButton()
        self.more.setObjectName("moreButton")
        self.more.setFlat(True)
        self.more.clicked.connect(lambda _c=False: self.model.fetchMore())
        self.more.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.more)
        self.setMinimumWidth(128)
        self.model.loaded.connect(lambda _n: self._update_header())
        self.model.rowsInserted.connect(lambda *_a: self._update_header())
        self._update_header()

    def _update_header(self) -> None:
        total = self.model.total
        label = self.stage.label
        self.header.setText(label if total is None else f"{label}　{total}")
        shown = self.model.rowCount()
        more = total is not None and shown < total
        self.more.setVisible(more)
        if more:
            self.more.setText(
                self.tr("已显示 %1 / %2，更多…").replace("%1", str(shown)).replace("%2", str(total))
            )


def match_fields() -> list[FieldDef]:
    return [
        FieldDef(
            "need_id", translate("Fields", "技术需求"), kind="reference", required=True, source=sources.needs
        ),
        FieldDef(
            "technology_id",
            translate("Fields", "技术成果"),
            kind="reference",
            required=True,
            source=sources.technologies,
        ),
        FieldDef("notes", translate("Fields", "备注"), kind="multiline"),
    ]


class MatchDetail(QWidget):
    """The selected match: its parties, the stage history (when, who, note) and editable notes."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.match_id: str | None = None
        self.stage: str = ""
        self.heading = QLabel()
        self.heading.setObjectName("matchHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history = QListWidget()
        self.history.setObjectName("stageHistory")
        self.history.setWordWrap(True)
        self.history.setResizeMode(QListView.ResizeMode.Adjust)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("matchNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(self.tr("洽谈要点、下一步、联系人……"))
        self.notes_error = QLabel()
        self.notes_error.setObjectName("notesError")
        self.notes_error.setStyleSheet(ERROR_STYLE)
        self.notes_error.setWordWrap(True)
        self.notes_error.hide()
        self.save_notes = QPushButton(self.tr("保存备注"))
        self.save_notes.setObjectName("saveNotes")
        self.save_notes.setEnabled(False)
        self.register_contract = QPushButton(self.tr("登记合同…"))
        self.register_contract.setObjectName("registerContract")
        self.register_contract.setToolTip(self.tr("达成意向后登记技术合同；登记后对接自动进入“已签约”"))
        self.move_button = QPushButton(self.tr("移至阶段"))
        self.move_button.setObjectName("moveButton")
        self.move_menu = QMenu(self.move_button)
        self.move_button.setMenu(self.move_menu)
        self.delete_button = QPushButton(self.tr("删除对接"))
        self.delete_button.setObjectName("deleteMatch")

        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.facts)
        actions = QHBoxLayout()
        actions.addWidget(self.register_contract)
        actions.addWidget(self.move_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        left.addLayout(actions)
        left.addWidget(QLabel(self.tr("阶段记录")))
        left.addWidget(self.history, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("备注")))
        right.addWidget(self.notes, 1)
        right.addWidget(self.notes_error)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_notes)
        right.addLayout(save_row)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.notes.textChanged.connect(lambda: self.save_notes.setEnabled(self.match_id is not None))
        self.save_notes.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+S"), self.notes, self.save)
        self.clear()

    def clear(self) -> None:
        self.match_id = None
        self.stage = ""
        self.heading.setText(self.tr("选择一张卡片查看对接详情"))
        self.facts.clear()
        self.history.clear()
        self.notes.blockSignals(True)
        self.notes.clear()
        self.notes.blockSignals(False)
        self.notes_error.hide()
        for widget in (
            self.notes,
            self.save_notes,
            self.register_contract,
            self.move_button,
            self.delete_button,
        ):
            widget.setEnabled(False)

    def load(self, match_id: str | None) -> None:
        if match_id is None:
            self.clear()
            return
        with self.ctx.store.session() as s:
            try:
                match = MATCHES.get(s, match_id)
            except WorkbenchError:
                self.clear()
                return
            parties = match_parties(s, match_id)
            events = MATCHES.history(s, match_id)
        same = match_id == self.match_id
        self.match_id = match_id
        self.stage = match.stage
        stage = MatchStage(match.stage)
        self.heading.setText(parties.need_title)
        facts = [
            self.tr("企业：%1").replace("%1", parties.enterprise or "—"),
            self.tr("技术成果：%1").replace("%1", parties.technology or "—"),
            self.tr("持有单位：%1").replace("%1", parties.owner or "—"),
            self.tr("当前阶段：%1").replace("%1", stage.label),
        ]
        if match.dropped_reason:
            facts.append(self.tr("放弃原因：%1").replace("%1", match.dropped_reason))
        self.facts.setText("\n".join(facts))
        self.history.clear()
        for event in events:
            arrow = (
                f"{MatchStage(event.from_stage).label} → {MatchStage(event.to_stage).label}"
                if event.from_stage
                else self.tr("新建（%1）").replace("%1", MatchStage(event.to_stage).label)
            )
            parts = [as_local(event.at).strftime("%Y-%m-%d %H:%M"), arrow, event.actor or "—"]
            if event.note:
                parts.append(event.note)
            self.history.addItem("　".join(parts))
        if not same or not self.save_notes.isEnabled():
            # Do not overwrite notes the user is typing when the same match is reloaded after a change.
            self.notes.blockSignals(True)
            self.notes.setPlainText(match.notes)
            self.notes.blockSignals(False)
            self.save_notes.setEnabled(False)
        self.notes_error.hide()
        self.notes.setEnabled(True)
        self.move_button.setEnabled(True)
        self.delete_button.setEnabled(True)
        self.register_contract.setEnabled(stage is MatchStage.INTENT)
        self.move_menu.clear()
        for target in STAGES:
            if target is stage or target is MatchStage.CONTRACTED:
                continue
            action = self.move_menu.addAction(target.label)
            action.setData(target.value)

    def save(self) -> None:
        if self.match_id is None:
            return
        ident, text = self.match_id, self.notes.toPlainText()
        self.notes_error.hide()
        try:
            self.ctx.write(lambda s: MATCHES.update(s, ident, {"notes": text}), {"match"})
        except ValidationError as exc:
            self.notes_error.setText("\n".join(i.message for i in exc.issues))
            self.notes_error.show()
            return
        except WorkbenchError as exc:
            self.notes_error.setText(exc.message)
            self.notes_error.show()
            return
        self.save_notes.setEnabled(False)


class PipelineWorkspace(QWidget):
    """Matches by stage as columns of cards; drag a card to another column to move the match."""

    kind = "match"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("workspace_pipeline")
        self._pending_select: str | None = None
        self._last_deleted: list[str] = []

        self.bar = FilterBar(
            self.tr("对接"), self.tr("筛选：需求、技术成果、企业名称或拼音首字母…（Ctrl+F）")
        )
        self.title, self.filter, self.count = self.bar.title, self.bar.filter, self.bar.count
        self.new_button = self.bar.add_button(self.tr("新建对接"), "newButton")

        # Why the last move was refused; stays until the next successful move or the user dismisses it.
        self.banner_box = ErrorBanner("refusal", dismiss_text=self.tr("知道了"))
        self.banner, self.dismiss = self.banner_box.label, self.banner_box.dismiss

        self.columns: dict[str, StageColumn] = {}
        board = QWidget()
        board_layout = QHBoxLayout(board)
        board_layout.setContentsMargins(0, 0, 0, 0)
        board_layout.setSpacing(6)
        for stage in STAGES:
            column = StageColumn(ctx, stage)
            self.columns[stage.value] = column
            board_layout.addWidget(column, 1)
            column.model.move_requested.connect(self._on_move_requested, Qt.ConnectionType.QueuedConnection)
            column.model.loaded.connect(lambda _n, c=column: self._column_loaded(c))
            column.model.failed.connect(self._failed)
            column.view.selectionModel().currentChanged.connect(
                lambda cur, _prev, c=column: self._card_selected(c, cur)
            )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(board)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        self.detail = MatchDetail(ctx)
        self.detail.register_contract.clicked.connect(self.register_contract)
        self.detail.move_menu.triggered.connect(
            lambda action: self.detail.match_id and self.request_move(self.detail.match_id, action.data())
        )
        self.detail.delete_button.clicked.connect(self.delete_selected)
        self.undo_bar = UndoBar()
        self.undo_bar.undo.connect(self.undo_delete)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("splitter_pipeline")
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.banner_box)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.undo_bar)

        self.bar.text_changed.connect(self._apply_filter)
        self.bar.focus_shortcut(self)
        self.new_button.clicked.connect(self.new_match)
        ctx.bus.changed.connect(self._on_changes)
        self._restore_layout()
        for column in self.columns.values():
            column.model.refresh()

    # -- layout memory ------------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        state = self.ctx.state.load_bytes("pipeline/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([560, 220])

    def save_layout(self) -> None:
        self.ctx.state.save("pipeline/splitter", self.splitter.saveState())

    # -- loading ------------------------------------------------------------------------------------------

    def _apply_filter(self, text: str) -> None:
        for column in self.columns.values():
            column.model.set_text(text)

    def refresh(self) -> None:
        for column in self.columns.values():
            column.model.refresh()

    @property
    def loaded(self) -> bool:
        """True once every column has its first answer (tests and screenshots wait for it)."""
        return all(c.model.total is not None and not c.model.busy for c in self.columns.values())

    def _column_loaded(self, column: StageColumn) -> None:
        totals = [c.model.total for c in self.columns.values()]
        if all(t is not None for t in totals):
            self.count.setText(self.tr("共 %n 项对接", "", sum(t or 0 for t in totals)))
        if self._pending_select is not None:
            row = column.model.row_of(self._pending_select)
            if row >= 0:
                self._pending_select = None
                self.select_match(column, row)
        if self.detail.match_id is not None:
            current = self.detail.match_id
            # Keep the selection highlighted in whichever column now holds the match.
            row = column.model.row_of(current)
            if row >= 0 and not column.view.selectionModel().isSelected(column.model.index(row, 0)):
                self.select_match(column, row)

    def _failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, WorkbenchError) else self.tr("读取对接失败，详情见日志。")
        self.show_refusal(message)

    def _on_changes(self, changes: Changes) -> None:
        if changes.kinds & WATCHED:
            self.refresh()
            if self.detail.match_id is not None:
                self.detail.load(self.detail.match_id)

    # -- selection ----------------------------------------------------------------------------------------

    def _card_selected(self, column: StageColumn, current: QModelIndex) -> None:
        card = column.model.card_at(current.row()) if current.isValid() else None
        if card is None:
            return
        for other in self.columns.values():
            if other is not column:
                other.view.selectionModel().clear()
        if card.id != self.detail.match_id:
            self.detail.load(card.id)

    def select_match(self, column: StageColumn, row: int) -> None:
        index = column.model.index(row, 0)
        column.view.selectionModel().setCurrentIndex(
            index, column.view.selectionModel().SelectionFlag.ClearAndSelect
        )
        column.view.scrollTo(index)

    def card(self, match_id: str) -> Card | None:
        for column in self.columns.values():
            row = column.model.row_of(match_id)
            if row >= 0:
                return column.model.card_at(row)
        return None

    def stage_of(self, match_id: str) -> str | None:
        card = self.card(match_id)
        return card.stage if card else None

    # -- moving -------------------------------------------------------------------------------------------

    def _on_move_requested(self, match_id: str, stage: str) -> None:
        self.request_move(match_id, stage)

    def request_move(self, match_id: str, stage: str) -> bool:
        """Move a match as the user asked; the core refuses impossible moves and the banner says why."""
        reason = ""
        if stage == MatchStage.DROPPED:
            card = self.card(match_id)
            answer = self.ask_drop_reason(card.need_title if card else "")
            if answer is None:
                return False  # the user changed their mind: the card stays where it was
            reason = answer
        try:
            self.ctx.write(lambda s: MATCHES.move(s, match_id, stage, reason=reason), {"match"})
        except WorkbenchError as exc:
            self.show_refusal(exc.message)
            return False
        self.hide_refusal()
        self._pending_select = match_id
        return True

    def ask_drop_reason(self, need_title: str) -> str | None:
        """Ask why the match is dropped; None when the user cancels. Tests replace this prompt."""
        text, ok = QInputDialog.getText(
            self,
            self.tr("放弃对接"),
            self.tr("为什么放弃“%1”的这项对接？").replace("%1", need_title),
        )
        return text if ok else None

    def show_refusal(self, message: str) -> None:
        """Say why a move (or another action) was refused, in a banner above the board."""
        self.banner_box.show_message(message)

    def hide_refusal(self) -> None:
        self.banner_box.hide()

    # -- create, contract, delete -------------------------------------------------------------------------

    def run_dialog(self, dialog: QDialog) -> int:
        """Run a form modally; tests replace this to fill the form as a user would."""
        return int(dialog.exec())

    def match_form(self) -> EntityFormDialog:
        return EntityFormDialog(self.ctx, MATCHES, match_fields(), title=self.tr("新建对接"), parent=self)

    def new_match(self) -> None:
        form = self.match_form()
        if self.run_dialog(form) == QDialog.DialogCode.Accepted and form.result_record is not None:
            self._pending_select = form.result_record.id

    def contract_form(self, match_id: str) -> QDialog:
        from ui.workspaces.contracts import ContractForm

        form: QDialog = ContractForm.from_match(self.ctx, match_id, parent=self)
        return form

    def register_contract(self) -> None:
        """Open the contract form pre-filled from the selected match (intent stage)."""
        if self.detail.match_id is None:
            return
        match_id = self.detail.match_id
        self.run_dialog(self.contract_form(match_id))
        self._pending_select = match_id

    def delete_selected(self) -> None:
        ident = self.detail.match_id
        if ident is None:
            return
        try:
            self.ctx.write(lambda s: MATCHES.delete(s, [ident]), {"match"})
        except WorkbenchError as exc:
            self.show_refusal(exc.message)
            return
        self._last_deleted = [ident]
        self.detail.clear()
        self.undo_bar.show_message(self.tr("已删除 %n 项对接", "", 1))

    def undo_delete(self) -> None:
        ids, self._last_deleted = self._last_deleted, []
        if ids:
            self.ctx.write(lambda s: MATCHES.restore(s, ids), {"match"})
            self._pending_select = ids[0]
