"""Registers the bundled CJK font with Qt so Chinese renders on machines without CJK fonts."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from workbench.paths import resource_dir

log = logging.getLogger(__name__)

FONT_FILE = "wqy-microhei.ttf"


def register_bundled_font(app: QApplication) -> str | None:
    """Load the bundled font and make it the application's default; returns its family name."""
    path = resource_dir() / "fonts" / FONT_FILE
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.error("could not load the bundled font %s", path)
        return None
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    font = QFont(family)
    font.setPointSize(max(app.font().pointSize(), 10))
    app.setFont(font)
    return family
