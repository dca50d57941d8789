"""Guards against a Qt binding that corrupts the interpreter (PySide6 6.12 on Python 3.11 frees None)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_qt_calls_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("技术经纪人")
    # A few references may come and go with the interpreter; a binding bug loses one per call.
    assert sys.getrefcount(None) - before > -100
