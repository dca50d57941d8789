"""The application's look in one place: the stylesheet, the palette of status colours, and the icons.

Icons come from a small subset of Lucide (ISC licence, ``resources/icons/lucide/LICENSE``); they are drawn
with ``currentColor`` strokes, so :func:`icon` recolours the SVG text before Qt renders it.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QFont, QFontDatabase, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from workbench.paths import resource_dir

ACCENT = "#1565c0"
ICON_COLOUR = "#455a64"
LUCIDE_VERSION = "1.87.0"

# Status value → (background, text) of its badge. Values are shared across enums where the meaning is
# the same (contracted is green wherever it appears); an unknown value gets the neutral grey.
BADGE_COLOURS: dict[str, tuple[str, str]] = {
    # neutral / early
    "new": ("#eceff1", "#37474f"),
    "draft": ("#eceff1", "#37474f"),
    "candidate": ("#eceff1", "#37474f"),
    # in progress
    "filed": ("#e3f2fd", "#0d47a1"),
    "published": ("#e3f2fd", "#0d47a1"),
    "submitted": ("#e3f2fd", "#0d47a1"),
    "recommended": ("#e3f2fd", "#0d47a1"),
    "introduced": ("#e8eaf6", "#283593"),
    "negotiating": ("#fff8e1", "#8d6e00"),
    "intent": ("#fff3e0", "#e65100"),
    "matched": ("#fff3e0", "#e65100"),
    "approved": ("#e0f2f1", "#00695c"),
    # done
    "contracted": ("#e8f5e9", "#1b5e20"),
    "paid": ("#e8f5e9", "#1b5e20"),
    "complete": ("#e8f5e9", "#1b5e20"),
    # stopped
    "closed": ("#f5f5f5", "#616161"),
    "dropped": ("#f5f5f5", "#616161"),
    "rejected": ("#ffebee", "#b71c1c"),
    "overdue": ("#ffebee", "#b71c1c"),
    # contracts, from signing to a paid reward
    "unsigned": ("#eceff1", "#37474f"),
    "signed": ("#e3f2fd", "#0d47a1"),
    "registered": ("#e8eaf6", "#283593"),
    "part_paid": ("#fff8e1", "#8d6e00"),
    "paid_in_full": ("#e8f5e9", "#1b5e20"),
    "claimed": ("#e0f2f1", "#00695c"),
    "rewarded": ("#c8e6c9", "#1b5e20"),
}
NEUTRAL_BADGE = ("#eceff1", "#37474f")

STYLESHEET = f"""
QMainWindow, QDialog {{ background: #ffffff; }}
QPushButton {{
    padding: 5px 14px; border: 1px solid #b0bec5; border-radius: 4px; background: #fafbfc;
    min-height: 20px;
}}
QPushButton:hover {{ background: #eef3f8; border-color: #90a4ae; }}
QPushButton:pressed {{ background: #dde7f1; }}
QPushButton:default, QPushButton#newButton, QPushButton#primary {{
    background: {ACCENT}; color: white; border-color: #0d47a1;
}}
QPushButton:default:hover, QPushButton#newButton:hover, QPushButton#primary:hover {{ background: #1976d2; }}
QPushButton:disabled {{ color: #9e9e9e; background: #f5f5f5; border-color: #e0e0e0; }}
QPushButton#deleteButton {{ color: #b71c1c; }}
QPushButton#deleteButton:disabled {{ color: #9e9e9e; }}
QLineEdit, QComboBox, QPlainTextEdit, QTextEdit, QSpinBox, QDateEdit {{
    padding: 3px 6px; border: 1px solid #c5ced6; border-radius: 4px; background: white;
}}
QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border-color: {ACCENT}; }}
QTableView {{
    gridline-color: #eceff1; selection-background-color: #d6e4f5; selection-color: #0d1b2a;
    alternate-background-color: #f8fafc; border: 1px solid #dfe3e8;
}}
QHeaderView::section {{
    background: #f3f5f8; padding: 4px 6px; border: none; border-right: 1px solid #e0e4e8;
    border-bottom: 1px solid #d0d5db; font-weight: bold;
}}
QGroupBox {{ border: 1px solid #dfe3e8; border-radius: 6px; margin-top: 14px; padding: 10px 8px 8px 8px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #37474f; font-weight: bold; }}
QTabWidget::pane {{ border: 1px solid #dfe3e8; border-radius: 4px; top: -1px; }}
QTabBar::tab {{ padding: 6px 14px; border: 1px solid transparent; }}
QTabBar::tab:selected {{ border-bottom: 2px solid {ACCENT}; color: #0d47a1; }}
QListWidget#navigation {{ background: #f3f5f8; font-size: 12pt; padding-top: 8px; outline: none; border: none; }}
QListWidget#navigation::item {{ padding: 9px 14px; border-left: 3px solid transparent; }}
QListWidget#navigation::item:selected {{
    background: #e1eaf7; color: #0d47a1; border-left: 3px solid {ACCENT};
}}
QListWidget#navigation::item:hover:!selected {{ background: #e9eef4; }}
QStatusBar {{ background: #f3f5f8; color: #455a64; }}
QMenuBar {{ background: #ffffff; border-bottom: 1px solid #e0e4e8; }}
QMenuBar::item {{ padding: 4px 10px; }}
QMenuBar::item:selected {{ background: #e1eaf7; }}
QToolTip {{ background: #263238; color: white; border: none; padding: 4px; }}
"""


def apply_style(app: QApplication) -> None:
    """Set the application-wide stylesheet (once; widgets may still add local touches)."""
    if app.property("workbenchStyled"):
        return
    app.setStyleSheet(STYLESHEET)
    app.setProperty("workbenchStyled", True)


def icon_path(name: str) -> str:
    return str(resource_dir() / "icons" / "lucide" / f"{name}.svg")


@cache
def _svg(name: str, colour: str) -> bytes:
    with open(icon_path(name), encoding="utf-8") as fh:
        return fh.read().replace("currentColor", colour).encode()


def icon(name: str, colour: str = ICON_COLOUR, size: int = 20) -> QIcon:
    """A bundled Lucide icon in ``colour``; an empty icon (and no crash) if the file is missing."""
    try:
        data = _svg(name, colour)
    except OSError:
        return QIcon()
    renderer = QSvgRenderer(QByteArray(data))
    result = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(QSize(size * scale, size * scale))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        result.addPixmap(pixmap)
    return result


def badge_colours(value: str) -> tuple[str, str]:
    return BADGE_COLOURS.get(value, NEUTRAL_BADGE)


def monospace_font(point_size: float | None = None) -> QFont:
    """The system's fixed-pitch font (recovery keys, codes): every character the same width, 0 and O apart."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    if point_size is not None:
        font.setPointSizeF(point_size)
    return font
