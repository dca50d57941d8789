"""The bundled CJK TrueType font, registered with reportlab once per process for every PDF we write."""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from workbench.paths import resource_dir

FONT_NAME = "WQYMicroHei"
FONT_FILE = "wqy-microhei.ttf"

_font_lock = threading.Lock()


def register_fonts() -> str:
    """Register the bundled CJK TrueType font with reportlab once per process; returns its name.

    Parsing the 4.6 MB font is the slowest step of a first render, so it is never repeated; the lock
    keeps a batch worker thread and the UI thread from registering it twice.
    """
    with _font_lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(resource_dir() / "fonts" / FONT_FILE)))
    return FONT_NAME
