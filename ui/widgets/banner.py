"""The error banner: why the last action was refused, in red, until the next success or “知道了”."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.forms import ERROR_STYLE


class ErrorBanner(QFrame):
    """A dismissable red box with selectable text; hidden until ``show_message``.

    Texts come translated by the caller, so they stay in the caller's translation context.
    """

    dismissed = Signal()

    def __init__(self, name: str, *, dismiss_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Box")
        self.setStyleSheet(
            f"#{name}Box {{ background: #ffebee; border: 1px solid #ef9a9a; border-radius: 4px; }}"
        )
        self.label = QLabel()
        self.label.setObjectName(f"{name}Banner")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #b71c1c;")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss = QPushButton(dismiss_text)
        self.dismiss.setObjectName("dismissBanner")
        self.dismiss.setFlat(True)
        self.dismiss.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.hide()
        self.dismissed.emit()


def error_label(name: str) -> QLabel:
    """A red, wrapping, selectable line that says what went wrong next to where it happened; hidden at first."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label
