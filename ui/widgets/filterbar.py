"""The bar above every list and board: its title, filter-as-you-type box, count, and action buttons."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget


class FilterBar(QWidget):
    """Title, filter box (debounced, Ctrl+F focuses it), count and buttons; texts come translated.

    ``text_changed`` fires once the user has paused typing, so a list reloads once per word, not per key.
    """

    text_changed = Signal(str)

    def __init__(
        self, title: str, placeholder: str, *, debounce_ms: int = 150, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("count")
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addSpacing(12)
        layout.addWidget(self.filter, 1)
        layout.addWidget(self.count)
        layout.addLayout(self.buttons)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(lambda: self.text_changed.emit(self.filter.text()))
        self.filter.textChanged.connect(lambda _t: self._debounce.start())

    def add_button(self, text: str, name: str = "") -> QPushButton:
        button = QPushButton(text)
        if name:
            button.setObjectName(name)
        self.buttons.addWidget(button)
        return button

    def focus_shortcut(self, owner: QWidget) -> QShortcut:
        """Ctrl+F anywhere in ``owner`` puts the cursor in the filter box."""
        return QShortcut(QKeySequence("Ctrl+F"), owner, lambda: self.filter.setFocus())  # noqa: PLW0108 - setFocus is overloaded
