"""Column widths of the lists: room for every heading, content-sized columns, fitted to the view's width.

A heading is never elided (each column is at least as wide as its heading with the sort arrow); the rest
of the width goes to content, and when the content would scroll sideways the widest text columns give up
width first (their cells elide and show the whole text as a tooltip), so the key columns stay in view.
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

MAX_CONTENT = 320  # px: a column wider than this is a paragraph; its tooltip shows the rest
SLACK = 10  # px a content-sized column gets beyond its widest cell


def heading_width(view: QTableView, column: int) -> int:
    """The width that shows ``column``'s heading whole, sort indicator and padding included."""
    header = view.horizontalHeader()
    model = view.model()
    text = str(model.headerData(column, header.orientation()) or "") if model is not None else ""
    bold = header.font()
    bold.setBold(True)  # the stylesheet makes headings bold; measure as they will be drawn
    metrics = QFontMetrics(bold)
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
    return metrics.horizontalAdvance(text) + 2 * margin + arrow + 2 * margin + 14


def visible_columns(view: QTableView) -> list[int]:
    model = view.model()
    count = model.columnCount() if model is not None else 0
    return [c for c in range(count) if not view.isColumnHidden(c)]


def fit_columns(
    view: QTableView, *, available: int | None = None, keep: frozenset[int] = frozenset()
) -> dict[int, int]:
    """Size the visible columns to heading and content, then shrink text columns to fit ``available``.

    Columns in ``keep`` (codes, amounts, statuses) are never shrunk below their content. Returns the
    widths set. The last visible column still stretches over any space left.
    """
    header = view.horizontalHeader()
    columns = visible_columns(view)
    if not columns:
        return {}
    floors = {c: heading_width(view, c) for c in columns}
    wanted = {c: max(floors[c], min(view.sizeHintForColumn(c) + SLACK, MAX_CONTENT)) for c in columns}
    room = available if available is not None else view.viewport().width()
    if available is None and not view.verticalScrollBar().isVisible():
        # The first page may not have brought its scroll bar yet; leave room for it.
        room -= view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
    excess = sum(wanted.values()) - room
    if excess > 0 and room > 0:
        # Take width from the columns with most above their floor, in proportion to what they can give.
        give = {c: 0 if c in keep else wanted[c] - floors[c] for c in columns}
        total_give = sum(give.values())
        if total_give > 0:
            share = min(1.0, excess / total_give)
            wanted = {c: wanted[c] - int(give[c] * share + 0.999) for c in columns}
    header.setMinimumSectionSize(min(floors.values()))
    for c in columns:
        header.resizeSection(c, wanted[c])
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return wanted


def elided_headings(view: QTableView) -> list[str]:
    """Headings of visible columns whose section is narrower than the heading needs (for tests and checks)."""
    header = view.horizontalHeader()
    model = view.model()
    if model is None:
        return []
    return [
        str(model.headerData(c, header.orientation()))
        for c in visible_columns(view)
        if header.sectionSize(c) < heading_width(view, c)
    ]


def fit_height_to_rows(view: QTableView, *, min_rows: int = 3, max_rows: int = 14) -> None:
    """Make a short table as tall as its rows (a 4-line computation needs no half-screen pane)."""
    model = view.model()
    rows = model.rowCount() if model is not None else 0
    view.resizeRowsToContents()
    shown = range(min(max(rows, 0), max_rows))
    height = sum(view.rowHeight(r) for r in shown)
    default = view.verticalHeader().defaultSectionSize()
    height += max(0, min_rows - len(shown)) * default
    if view.horizontalScrollBar().isVisible():
        height += view.horizontalScrollBar().height()
    height += view.horizontalHeader().height() + 2 * view.frameWidth() + 2
    view.setFixedHeight(height)


def keep_fitted_to_rows(view: QTableView, **limits: int) -> None:
    """Refit the table's height whenever its model is reset or gains or loses rows."""
    model = view.model()
    if model is None:
        return

    def refit(*_args: object) -> None:
        fit_height_to_rows(view, **limits)

    model.modelReset.connect(refit)
    model.rowsInserted.connect(refit)
    model.rowsRemoved.connect(refit)
    refit()
