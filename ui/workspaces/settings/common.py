"""What the settings pages share: the translate function, note and heading labels, their styles."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

translate = QCoreApplication.translate

OK_STYLE = "color: #188038;"
NOTE_STYLE = "color: #5f6368;"
LOCK_STYLE = "background: #fff8e1; border: 1px solid #f0c36d; border-radius: 4px; padding: 6px;"


def heading(text: str) -> QLabel:
    """A page's title."""
    label = QLabel(text)
    label.setStyleSheet("font-size: 12pt; font-weight: bold;")
    return label


def note(text: str = "") -> QLabel:
    """A grey explanation under a heading or beside a control."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label
