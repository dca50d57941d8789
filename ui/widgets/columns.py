"""Column widths of the lists: room for every heading, content-sized columns, fitted to the view's width.

A heading is never elided (each column is at least as wide as its heading with the sort arrow); the rest
of the width goes to content, and when the content would scroll sideways the widest text columns give up
width first (their cells elide and show the whole text as a tooltip), so the key columns stay in view.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
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
    # Room for the sort arrow only where clicking a heading sorts.
    arrow = (
        style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        if view.isSortingEnabled()
        else 0
    )
    return metrics.horizontalAdvance(text) + 2 * margin + arrow + 2 * margin + 14


def visible_columns(view: QTableView) -> list[int]:
    model = view.model()
    count = model.columnCount() if model is not None else 0
    return [c for c in range(count) if not view.isColumnHidden(c)]


def _shrink(
    wanted: dict[int, int], floors: dict[int, int], keep: frozenset[int], room: int
) -> dict[int, int]:
    """Take the width beyond ``room`` from the columns with most above their floor, in proportion."""
    excess = sum(wanted.values()) - room
    give = {c: 0 if c in keep else max(0, wanted[c] - floors[c]) for c in wanted}
    total_give = sum(give.values())
    if excess <= 0 or total_give <= 0:
        return wanted
    share = min(1.0, excess / total_give)
    return {c: wanted[c] - int(give[c] * share + 0.999) for c in wanted}


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
    if room > 0:
        # The first column names the record (title, name): it keeps a quarter of the width while the other
        # text columns can give, and shrinks to its heading only when they cannot.
        lead = {**floors, columns[0]: max(floors[columns[0]], min(wanted[columns[0]], room // 4))}
        wanted = _shrink(wanted, lead, keep, room)
        wanted = _shrink(wanted, floors, keep, room)
    header.setMinimumSectionSize(min(floors.values()))
    for c in columns:
        header.resizeSection(c, wanted[c])
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return wanted


class _Refit(QObject):
    """Refits a table's columns when its viewport changes width."""

    def __init__(self, view: QTableView, keep: frozenset[int]) -> None:
        super().__init__(view)
        self.view, self.keep = view, keep

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.refit()
        return False

    def refit(self, *_args: object) -> None:
        if self.view.viewport().width() > 0:
            fit_columns(self.view, available=self.view.viewport().width(), keep=self.keep)


def keep_fitted_to_width(view: QTableView, *, keep: frozenset[int] = frozenset()) -> None:
    """Fit a small table's columns to its width now and whenever its rows or its width change.

    For tables in detail panes, whose width is the pane's: headings stay whole, ``keep`` columns show their
    content whole, the other columns share what is left (their cells elide; tooltips show the rest).
    """
    model = view.model()
    refit = _Refit(view, keep)
    view.viewport().installEventFilter(refit)
    view.horizontalHeader().setStretchLastSection(True)
    if model is not None:
        model.modelReset.connect(refit.refit)
        model.rowsInserted.connect(refit.refit)
        model.rowsRemoved.connect(refit.refit)
    refit.refit()


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
