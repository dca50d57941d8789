"""The pipeline board: a column of cards per stage, fetched a page at a time, moved by dragging."""

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
from PySide6.QtGui import QBrush, QColor, QDrag, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext, CancelToken
from workbench.enums import MATCH_PIPELINE, MatchStage
from workbench.queries.pipeline import Card, is_stale, stage_cards

translate = QCoreApplication.translate

MIME_TYPE = "application/x-broker-workbench-match"
STAGES: tuple[MatchStage, ...] = (*MATCH_PIPELINE, MatchStage.DROPPED)
PAGE_SIZE = 40
CARD_ROLE = int(Qt.ItemDataRole.UserRole) + 1
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
        with self.ctx.store.session(write=False) as session:
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
        height = 2 * bold_metrics.height() + 4 * metrics.height() + 2 * self.PADDING + 5 * 2 + 8
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
        lines = [metrics.elidedText(card.enterprise, Qt.TextElideMode.ElideRight, width)]
        lines += two_lines(metrics, "⇄ " + card.technology, width)  # a technology's name is long too
        for text in lines:
            painter.drawText(
                QRect(inner.left(), y, width, metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
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
        stale = is_stale(card.stage, card.days)
        if stale:
            bold_days = QFont(option.font)
            bold_days.setBold(True)
            painter.setFont(bold_days)
        painter.setPen(QColor("#c62828") if stale else QColor("#90a4ae"))
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
        # Seven columns fit side by side from 1280 px; below that the board scrolls sideways.
        self.setMinimumWidth(150)
        self.view.setMinimumWidth(120)
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
