"""Coloured status badges: a delegate that paints a status cell as a rounded, coloured label.

The list models hold display text (the label in the current language); the delegate maps it back to the
enum member to pick the colour, so the same status has the same colour in every list.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.style import badge_colours
from workbench.enums import LabelledEnum

Index = QModelIndex | QPersistentModelIndex


def status_value(enum: type[LabelledEnum], text: str) -> str | None:
    """The stored value of the member whose label (in either language) or value is ``text``."""
    for member in enum:
        if text == member.label or text in member.labels or text == member.value:
            return str(member.value)
    return None


class StatusBadgeDelegate(QStyledItemDelegate):
    """Paints the cell's text as a badge coloured by its status (``enum`` says which statuses exist)."""

    def __init__(self, enum: type[LabelledEnum], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enum = enum

    def colours_for(self, text: str) -> tuple[str, str]:
        value = status_value(self.enum, text)
        return badge_colours(value or "")

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        # Background and selection as usual, then the badge on top.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not text:
            return
        background, foreground = self.colours_for(text)
        metrics = QFontMetrics(option.font)
        rect: QRect = option.rect
        width = min(metrics.horizontalAdvance(text) + 16, rect.width() - 6)
        height = min(metrics.height() + 4, rect.height() - 4)
        badge = QRect(rect.left() + 4, rect.top() + (rect.height() - height) // 2, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(QColor(foreground))
        painter.drawText(
            badge,
            int(Qt.AlignmentFlag.AlignCenter),
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - 8),
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 20, hint.height())
