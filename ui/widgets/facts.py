"""The facts of a detail pane as a label/value grid, and keywords as chips.

A value is one unbroken token (“430 万元”, “NBKJ-XQ-2026-0038”, “C25B 9/00”): it never wraps inside, so
a narrow pane shows it whole on its own row instead of splitting it over two lines. Only long prose
values wrap, at spaces and between Chinese characters.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget

LONG_VALUE = 40  # characters; a longer value is prose and may wrap
CHIP_STYLE = "QLabel#chip { background: #e3f2fd; color: #0d47a1; border-radius: 9px; padding: 2px 9px; }"


class FlowLayout(QLayout):
    """Children left to right, wrapping to the next line as a whole (chips never split)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


def chips(words: Sequence[str], parent: QWidget | None = None) -> QWidget:
    """Keywords as rounded chips that wrap as whole words."""
    box = QWidget(parent)
    box.setObjectName("chips")
    box.setStyleSheet(CHIP_STYLE)
    flow = FlowLayout(box)
    for word in words:
        chip = QLabel(word)
        chip.setObjectName("chip")
        flow.addWidget(chip)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    return box


class FactGrid(QWidget):
    """Rows of “label  value”; labels grey and right-aligned, values selectable."""

    def __init__(self, name: str = "facts", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 2, 0, 2)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self._lines: list[str] = []

    def clear(self) -> None:
        self._lines = []
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def set_facts(self, rows: Sequence[tuple[str, str | Sequence[str]]]) -> None:
        """Each row is (label, text) or (label, [keywords]) for chips; empty values are left out."""
        self.clear()
        row = 0
        for label, value in rows:
            if not value:
                continue
            name = QLabel(label)
            name.setStyleSheet("color: #607d8b;")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(name, row, 0)
            if isinstance(value, str):
                shown = QLabel(value)
                shown.setWordWrap(len(value) > LONG_VALUE)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.grid.addWidget(shown, row, 1)
                self._lines.append(f"{label}：{value}" if label else value)
            else:
                self.grid.addWidget(chips(value), row, 1)
                self._lines.append(f"{label}：{'、'.join(value)}")
            row += 1

    def text(self) -> str:
        """The facts as lines “label：value”, as a screen reader or a test reads them."""
        return "\n".join(self._lines)
