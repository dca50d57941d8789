"""Input as a user gives it: clicks and keys, ASCII typed as key events, Chinese as an input-method commit."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text``; runs of non-ASCII characters arrive as an input-method commit, as with pinyin."""
    target = widget.focusProxy() or widget
    target.setFocus()
    run = ""
    for ch in text:
        if ch.isascii():
            if run:
                _commit(target, run)
                run = ""
            qtbot.keyClicks(target, ch)
        else:
            run += ch
    if run:
        _commit(target, run)


def _commit(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def keep_out_of_prompts(dialog: QWidget) -> None:
    """Answer “discard” if the test leaves a form with unsaved input (a modal box would block teardown)."""
    from PySide6.QtWidgets import QMessageBox

    dialog.confirm_leave = lambda: QMessageBox.StandardButton.Discard  # type: ignore[attr-defined]


def click(widget: QWidget, pos: QPoint | None = None) -> None:
    """A left click, in the middle of the widget or at ``pos`` (QTest is typed; qtbot's wrapper is not)."""
    if pos is None:
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    else:
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def key(widget: QWidget, code: Qt.Key) -> None:
    QTest.keyClick(widget, code)
