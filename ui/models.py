"""Lazy, SQL-backed table models: the store sorts, filters and pages; the view fetches as it scrolls.

Queries run on a pool thread; a generation counter drops answers to questions nobody asks any more
(the user typed another letter meanwhile), so the UI never waits for the database. A newer question also
interrupts the SQL of older ones still running and makes those still queued return at once: on a
two-thread pool a stale count of 80,000 matches would otherwise hold the next letter's rows back.
The first page is small (enough to fill the window), so its rows come soonest; the count follows them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ui.context import AppContext
from ui.style import icon
from workbench.queries import Session
from workbench.queries.sync import received_among, received_text
from workbench.services.base import EntityService

Index = QModelIndex | QPersistentModelIndex
# What a list's ``related`` function found for one page (a frozen row dataclass from ``workbench.queries``).
Related = Any


@dataclass(frozen=True)
class Column:
    """One column: how to show a record, and the store column to sort by (None: not sortable)."""

    key: str
    title: str
    value: Callable[[Any, Related], Any]
    sort: str | None = None
    align_right: bool = False
    visible: bool = True
    width: int | None = None


@dataclass
class _Page:
    generation: int
    ids: list[str]
    cells: list[tuple[str, ...]]
    limit: int  # rows asked for: fewer means the list ends here
    received: set[str]  # rows someone else entered (the laptop syncs with a district server)


class _InFlight:
    """The database connections of a model's queries now running, by generation, to interrupt stale ones."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[int, list[Any]] = {}

    @contextmanager
    def track(self, generation: int, session: Session) -> Iterator[None]:
        raw = session.connection().connection.driver_connection
        with self._lock:
            self._running.setdefault(generation, []).append(raw)
        try:
            yield
        finally:
            # Under the lock: once untracked, an interrupt can no longer reach this connection, which goes
            # back to the pool and may serve somebody else's query next.
            with self._lock:
                conns = self._running.get(generation, [])
                conns.remove(raw)
                if not conns:
                    self._running.pop(generation, None)

    def interrupt_before(self, generation: int) -> None:
        with self._lock:
            for older, conns in self._running.items():
                if older < generation:
                    for raw in conns:
                        interrupt = getattr(raw, "interrupt", None)
                        if interrupt is not None:
                            interrupt()


# Rows in the first page after a (re)load: more than a tall window shows, so no scrolling is needed
# before the next page arrives, and few enough that a filter's index walk stops early.
FIRST_PAGE = 60


def cell_text(value: Any) -> str:
    """What a list shows for a column's value (an export of the list writes the same)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value)


class RecordTableModel(QAbstractTableModel):
    """Rows of one entity service, fetched a page at a time in the background."""

    rows_ready = Signal()  # the first page is shown (the count may still be on its way)
    loaded = Signal(int)  # total number of matching records, after each (re)load
    failed = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        service: EntityService[Any],
        columns: Sequence[Column],
        *,
        related: Callable[[Session, list[Any]], Related] | None = None,
        page_size: int = 200,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = service
        self.columns = list(columns)
        self.related = related
        self.page_size = page_size
        self._ids: list[str] = []
        self._cells: list[tuple[str, ...]] = []
        self._received: set[str] = set()
        self._received_icon: Any = None
        self._total: int | None = None
        self._generation = 0
        self._fetching = False
        self._exhausted = False
        self._in_flight = _InFlight()
        self._text = ""
        self._filters: dict[str, Any] = {}
        self._order: str | None = None
        self._descending: bool | None = None
        self._include_deleted = False

    # -- what to show ----------------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def set_filters(self, filters: Mapping[str, Any]) -> None:
        self._filters = dict(filters)
        self.refresh()

    def shown_query(self) -> dict[str, Any]:
        """The filter text, filters and order of what the list shows (for exporting it as shown)."""
        return {
            "text": self._text or None,
            "filters": dict(self._filters),
            "order_by": self._order,
            "descending": self._descending,
        }

    @property
    def total(self) -> int | None:
        return self._total

    def refresh(self) -> None:
        """Reload from the first page; earlier answers still in flight are interrupted or ignored."""
        self._generation += 1
        self._fetching = True
        self._total = None
        generation = self._generation
        self._in_flight.interrupt_before(generation)
        # Rows first, the count once they are shown: counting a million filtered rows can take longer
        # than the first page, and on a two-thread pool it would compete with the rows for a thread.
        self.ctx.tasks.start(
            lambda _p, _cancel: self._guarded(generation, lambda: self._query(generation, 0, first=True)),
            on_done=self._reset_with,
            on_error=self._on_error,
        )

    def _guarded(self, generation: int, work: Callable[[], Any]) -> Any:
        """Run ``work`` unless its question is stale; a stale one (even interrupted mid-query) returns None."""
        if generation != self._generation:
            return None
        try:
            return work()
        except Exception:
            if generation != self._generation:
                return None  # interrupted because the user asked something else: not a failure
            raise

    def _start_count(self, generation: int) -> None:
        self.ctx.tasks.start(
            lambda _p, _cancel: self._guarded(generation, lambda: (generation, self._count(generation))),
            on_done=self._counted,
            on_error=self._on_error,
        )

    def _count(self, generation: int) -> int:
        with self.ctx.store.session(write=False) as session, self._in_flight.track(generation, session):
            page = self.service.list(
                session,
                text=self._text,
                filters=self._filters,
                include_deleted=self._include_deleted,
                limit=0,  # no rows, only the total: each service counts the way its list filters
                with_total=True,
            )
            return page.total

    def _counted(self, answer: tuple[int, int] | None) -> None:
        if answer is None:
            return
        generation, total = answer
        if generation != self._generation:
            return
        self._total = total
        self.loaded.emit(total)

    def _query(self, generation: int, offset: int, *, first: bool = False, with_total: bool = False) -> _Page:
        limit = min(FIRST_PAGE, self.page_size) if first else self.page_size
        with self.ctx.store.session(write=False) as session, self._in_flight.track(generation, session):
            page = self.service.list(
                session,
                text=self._text,
                filters=self._filters,
                order_by=self._order,
                descending=self._descending,
                offset=offset,
                limit=limit,
                with_total=with_total,  # the model counts in its own task; tests ask for both at once
            )
            related = self.related(session, page.rows) if self.related and page.rows else {}
            cells = [tuple(cell_text(c.value(r, related)) for c in self.columns) for r in page.rows]
            ids = [r.id for r in page.rows]
            received = received_among(session, self.service.kind, ids)
        return _Page(generation, ids, cells, limit, received)

    def _reset_with(self, page: _Page | None) -> None:
        if page is None or page.generation != self._generation:
            return
        self._exhausted = len(page.ids) < page.limit
        self.beginResetModel()
        self._ids, self._cells, self._received = page.ids, page.cells, set(page.received)
        self._fetching = False
        self.endResetModel()
        self.rows_ready.emit()
        self._start_count(page.generation)

    def _append(self, page: _Page | None) -> None:
        if page is None or page.generation != self._generation:
            return
        self._fetching = False
        self._exhausted = len(page.ids) < page.limit
        if not page.ids:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(page.ids) - 1)
        self._ids.extend(page.ids)
        self._cells.extend(page.cells)
        self._received |= page.received
        self.endInsertRows()

    def _on_error(self, exc: BaseException) -> None:
        self._fetching = False
        self.failed.emit(exc)

    # -- Qt model interface ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._cells)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        received = self._ids[index.row()] in self._received
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._cells[index.row()][index.column()]
            return f"{text}\n{received_text(self.service.kind)}" if received else text
        if role == Qt.ItemDataRole.DecorationRole and received and index.column() == 0:
            # Someone else's record is told apart in the list itself, not only once it is opened.
            if self._received_icon is None:
                self._received_icon = icon("users", size=16)
            return self._received_icon
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self.columns[index.column()].align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._fetching or self._exhausted:
            return False
        if self._total is not None:
            return len(self._ids) < self._total
        # Before the count arrives: a full last page suggests there is more.
        return bool(self._ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, offset = self._generation, len(self._ids)
        self.ctx.tasks.start(
            lambda _p, _cancel: self._guarded(generation, lambda: self._query(generation, offset)),
            on_done=self._append,
            on_error=self._on_error,
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.columns)) or self.columns[column].sort is None:
            return
        self._order = self.columns[column].sort
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    # -- helpers for views -----------------------------------------------------------------------------

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def is_received(self, row: int) -> bool:
        """Whether the row is a record someone else entered (shown with a people icon)."""
        return 0 <= row < len(self._ids) and self._ids[row] in self._received

    def row_of(self, ident: str) -> int:
        try:
            return self._ids.index(ident)
        except ValueError:
            return -1

    def cell(self, row: int, key: str) -> str:
        col = next(i for i, c in enumerate(self.columns) if c.key == key)
        return self._cells[row][col]


class TitledTableModel(QAbstractTableModel):
    """A small read-only table with column titles (detail panes: payments, computation lines)."""

    titles: list[str]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.titles)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.titles)
        ):
            return self.titles[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
