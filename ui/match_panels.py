"""Match panels: candidate technologies on the need view, and "who might want this" on the technology view.

Ranking runs on a thread pool, so the UI never waits for it; each result carries the request number and
a stale one (the broker changed a filter meanwhile) is dropped. A panel in a hidden tab ranks only when
it is shown, so moving through a list does not queue a ranking per record. Every candidate shows its score, the
reasons that make it up, and the need's words highlighted in its title and abstract. Accepting creates
a match through the core; dismissing hides a candidate for this need, and can be undone.
"""

from __future__ import annotations

import html
import logging
import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.tasks import TaskRunner
from ui.widgets.columns import keep_fitted_to_width
from ui.widgets.facts import FlowLayout
from workbench import enums
from workbench.errors import WorkbenchError
from workbench.i18n import join_list
from workbench.queries.matching import need_descriptions, technology_abstracts
from workbench.search.matcher import (
    Candidate,
    MatchFilters,
    accept,
    dismiss,
    rank_needs,
    rank_technologies,
    undismiss,
)
from workbench.services.base import Changes
from workbench.store import Store

log = logging.getLogger(__name__)

# Kinds whose changes can alter a ranking (texts, owners, who is matched or dismissed already).
RANKING_READS = frozenset({"need", "technology", "institution", "enterprise", "match", "match_dismissal"})
# Candidates shown per need: enough to browse, few enough to read every reason.
TOP = 50
# Stores whose index was checked in this process (a repair after a crash runs once, on the pool).
_checked: weakref.WeakSet[Store] = weakref.WeakSet()
_HIGHLIGHT = '<span style="background-color:#ffe58a;">{}</span>'


def _error_text(exc: BaseException) -> str:
    # The panel must say something, never hang on "正在匹配…"; the runner has logged the unexpected.
    return exc.message if isinstance(exc, WorkbenchError) else str(exc)


def _store_and_bus(context: Any) -> tuple[Store, Any]:
    """A Store, or an application context (then changes are published on its bus)."""
    store = getattr(context, "store", context)
    return store, getattr(context, "bus", None)


def highlight(text: str, terms: Sequence[str]) -> str:
    """HTML of ``text`` with every occurrence of ``terms`` marked (longest first, case-insensitive)."""
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words or not text:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[last : m.start()]))
        out.append(_HIGHLIGHT.format(html.escape(m.group())))
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


# -- ranking off the UI thread ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    """What a ranking run hands back to the UI thread."""

    serial: int
    candidates: list[Candidate] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # id → abstract or need description
    error: str = ""


def _rank(store: Store, serial: int, work: Callable[[Any], tuple[list[Candidate], dict[str, str]]]) -> Ranked:
    """One ranking on a pool thread; the index is checked first, once per store and process."""
    if store not in _checked:
        from workbench.search.index import verify_and_repair

        verify_and_repair(store)
        _checked.add(store)
    with store.session(write=False) as session:
        found, texts = work(session)
    return Ranked(serial, found, texts)


# -- the table -----------------------------------------------------------------------------------------------


class CandidateModel(QAbstractTableModel):
    """Ranked candidates: score, title, owner, the main reasons."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[Candidate] = []

    def set_rows(self, rows: list[Candidate]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        c = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{c.score:.1f}"
            if col == 1:
                return c.title
            if col == 2:
                return c.owner
            if col == 3:
                return "；".join(r.label for r in sorted(c.reasons, key=lambda r: -abs(r.contribution))[:3])
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            return "\n".join(f"{r.contribution:+.1f}  {r.label}" for r in c.reasons)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and (c.dismissed or c.match_stage):
            from PySide6.QtGui import QColor

            return QColor("#888888")
        if role == Qt.ItemDataRole.UserRole:
            return c.id
        return None


# -- the panels ------------------------------------------------------------------------------------------------


class _RankingPanel(QWidget):
    """What both panels share: a table of candidates, a detail pane with reasons, work on the pool."""

    resultsReady = Signal()  # the table shows a finished ranking (tests and screenshots wait on it)
    changed = Signal(object)  # Changes after accept, dismiss or undo

    def __init__(
        self, context: Any, parent: QWidget | None = None, *, pool: QThreadPool | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.bus = _store_and_bus(context)
        self._publishing = False
        if self.bus is not None:
            self.bus.changed.connect(self._on_changes)
        # A given pool wins (tests hold it); else the context's runner, else the process-wide pool.
        given = getattr(context, "tasks", None)
        self.tasks: TaskRunner = (
            TaskRunner(pool=pool)
            if pool is not None
            else given
            if isinstance(given, TaskRunner)
            else TaskRunner(pool=QThreadPool.globalInstance())
        )
        self.serial = 0
        self.busy = False
        self.texts: dict[str, str] = {}
        self._pending: Callable[[Any], tuple[list[Candidate], dict[str, str]]] | None = None
        self.status = QLabel()
        self.status.setObjectName("matchStatus")
        self.model = CandidateModel(self.headers(), self)
        self.view = QTableView()
        self.view.setObjectName("candidateTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        # Headings whole and the score whole; name, holder and reasons share the rest (tooltips show all).
        keep_fitted_to_width(self.view, keep=frozenset({0}))
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.detail = QTextBrowser()
        self.detail.setObjectName("candidateDetail")
        self.detail.setOpenLinks(False)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.view)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)

    def headers(self) -> list[str]:
        return [self.tr("匹配分"), self.tr("名称"), self.tr("单位"), self.tr("主要理由")]

    # -- running --------------------------------------------------------------------------------------------

    def _run(self, work: Callable[[Any], tuple[list[Candidate], dict[str, str]]]) -> None:
        """Rank now if the panel is on screen, else when it is shown (a hidden tab costs nothing)."""
        self._pending = work
        if self.isVisible():
            self._start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending is not None:
            self._start()

    def _start(self) -> None:
        work, self._pending = self._pending, None
        if work is None:
            return
        self.serial += 1
        self.busy = True
        self.status.setText(self.tr("正在匹配…"))
        store, serial = self.store, self.serial
        self.tasks.start(
            lambda _progress, _cancel: _rank(store, serial, work),
            on_done=self._finished,
            on_error=lambda exc: self._finished(Ranked(serial, error=_error_text(exc))),
        )

    def _finished(self, result: Ranked) -> None:
        if result.serial != self.serial:
            return  # a newer request is on its way
        self.busy = False
        if result.error:
            self.status.setText(self.tr("匹配失败：%1").replace("%1", result.error))
            self.model.set_rows([])
        else:
            self.texts = result.texts
            self.model.set_rows(result.candidates)
            self.status.setText(self.summary(len(result.candidates)))
            if result.candidates:
                self.view.selectRow(0)
        self._show_detail()
        self._update_buttons()
        self.resultsReady.emit()

    def summary(self, n: int) -> str:
        return self.tr("共 %1 项").replace("%1", str(n))

    # -- detail -----------------------------------------------------------------------------------------------

    def current(self) -> Candidate | None:
        row = self.view.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _show_detail(self) -> None:
        c = self.current()
        self._update_buttons()
        if c is None:
            self.detail.setHtml("")
            return
        parts = [f"<h3>{highlight(c.title, c.matched_terms)}</h3>"]
        if c.owner:
            parts.append(f"<p>{html.escape(c.owner)}</p>")
        flags = []
        if c.match_stage:
            flags.append(self.tr("已对接：%1").replace("%1", _stage_label(c.match_stage)))
        if c.dismissed:
            flags.append(self.tr("已忽略"))
        if flags:
            parts.append(f"<p><i>{html.escape('；'.join(flags))}</i></p>")
        rows = "".join(
            f"<tr><td align='right'>{r.contribution:+.1f}</td><td>{html.escape(r.label)}</td></tr>"
            for r in c.reasons
        )
        score_text = self.tr("匹配分 %1").replace("%1", f"{c.score:.1f}")
        terms_label = self.tr("匹配词：")
        parts.append(f"<p><b>{html.escape(score_text)}</b></p><table cellspacing='4'>{rows}</table>")
        if c.matched_terms:
            parts.append(
                f"<p>{html.escape(terms_label)}"
                + join_list(_HIGHLIGHT.format(html.escape(t)) for t in c.matched_terms)
                + "</p>"
            )
        text = self.texts.get(c.id, "")
        if text:
            parts.append(f"<p>{highlight(text, c.matched_terms)}</p>")
        self.detail.setHtml("".join(parts))

    def _update_buttons(self) -> None:
        """Enable the actions that apply to the current candidate; panels override."""

    def _publish(self, kinds: set[str], ids: Sequence[str]) -> None:
        changes = Changes(frozenset(kinds), tuple(ids))
        self.changed.emit(changes)
        if self.bus is not None:
            self._publishing = True  # our own write: the caller refreshes once, not twice
            try:
                self.bus.publish(changes)
            finally:
                self._publishing = False

    def _on_changes(self, changes: Changes) -> None:
        """Another view changed what a ranking reads (a need edited, a match made): rank again."""
        if not self._publishing and changes.kinds & RANKING_READS:
            self.refresh()

    def refresh(self) -> None:
        """Rank again for the current record; panels override."""

    def _write(self, fn: Callable[[Any], Any]) -> bool:
        """A short write on the UI thread (one match or one dismissal); errors are shown, not raised."""
        try:
            with self.store.session(actor=getattr(self, "actor", "")) as session:
                fn(session)
        except WorkbenchError as exc:
            self.status.setText(exc.message)
            return False
        return True


def _stage_label(stage: str) -> str:
    try:
        return enums.MatchStage(stage).label
    except ValueError:
        return stage


class CandidatesPanel(_RankingPanel):
    """Technologies that might answer a need: filters, reasons, accept (candidate/recommended), dismiss, undo.

    ``context`` is the Store, or the app context (then each change is also published on its bus).
    """

    def __init__(
        self,
        context: Any,
        need_id: str,
        parent: QWidget | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(context, parent, pool=pool)
        self.setObjectName("candidatesPanel")
        self.need_id = need_id
        self.last_dismissed: str | None = None
        self.actor = getattr(context, "actor", "")

        self.maturity = QComboBox()
        self.maturity.setObjectName("filterMaturity")
        self.maturity.addItem(self.tr("成熟度不限"), "")
        for m in enums.Maturity:
            self.maturity.addItem(m.label, m.value)
        self.mode = QComboBox()
        self.mode.setObjectName("filterMode")
        self.mode.addItem(self.tr("转化方式不限"), "")
        for mode in enums.TransferMode:
            self.mode.addItem(mode.label, mode.value)
        self.region = QComboBox()
        self.region.setObjectName("filterRegion")
        self.region.addItem(self.tr("地区不限"), "")
        self.region.addItem(self.tr("宁波"), "ningbo")
        self.region.addItem(self.tr("浙江"), "zhejiang")
        self.max_price = QDoubleSpinBox()
        self.max_price.setObjectName("filterMaxPrice")
        self.max_price.setRange(0, 1_000_000)
        self.max_price.setDecimals(0)
        self.max_price.setSuffix(self.tr(" 万元"))
        self.max_price.setSpecialValueText(self.tr("价格不限"))
        self.show_dismissed = QCheckBox(self.tr("显示已忽略"))
        self.show_dismissed.setObjectName("filterShowDismissed")
        for combo in (self.maturity, self.mode, self.region):
            combo.currentIndexChanged.connect(lambda *_: self.refresh())
        self.max_price.editingFinished.connect(self.refresh)
        self.show_dismissed.toggled.connect(lambda *_: self.refresh())

        self.accept_button = QPushButton(self.tr("接受为候选"))
        self.accept_button.setObjectName("acceptCandidate")
        self.accept_button.clicked.connect(lambda: self.accept_current(enums.MatchStage.CANDIDATE.value))
        self.recommend_button = QPushButton(self.tr("接受并推荐"))
        self.recommend_button.setObjectName("recommendCandidate")
        self.recommend_button.clicked.connect(lambda: self.accept_current(enums.MatchStage.RECOMMENDED.value))
        self.dismiss_button = QPushButton(self.tr("忽略"))
        self.dismiss_button.setObjectName("dismissCandidate")
        self.dismiss_button.setToolTip(self.tr("不再为这个需求显示此成果（可撤销）"))
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.undo_button = QPushButton(self.tr("撤销忽略"))
        self.undo_button.setObjectName("undoDismiss")
        self.undo_button.clicked.connect(self.undo_dismiss)

        # Filters and buttons wrap to a second line in a narrow pane rather than widen it: in English
        # they would need 650 px in one row and squeeze the needs list beside the pane.
        filters = FlowLayout()
        for w in (self.maturity, self.mode, self.region, self.max_price, self.show_dismissed):
            filters.addWidget(w)
        actions = FlowLayout()
        for b in (self.accept_button, self.recommend_button, self.dismiss_button, self.undo_button):
            actions.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        self.refresh()

    def headers(self) -> list[str]:
        return [self.tr("匹配分"), self.tr("成果名称"), self.tr("持有单位"), self.tr("主要理由")]

    def summary(self, n: int) -> str:
        return self.tr("共 %1 项候选成果").replace("%1", str(n))

    def filters(self) -> MatchFilters:
        price = self.max_price.value()
        return MatchFilters(
            maturities=frozenset({self.maturity.currentData()} - {""}),
            transfer_modes=frozenset({self.mode.currentData()} - {""}),
            region=self.region.currentData() or None,
            max_price_fen=round(price * 1_000_000) if price > 0 else None,  # 万元 → fen
            include_dismissed=self.show_dismissed.isChecked(),
        )

    def set_need(self, need_id: str) -> None:
        """Show the candidates of another need (the need view calls this when the selection moves)."""
        self.need_id = need_id
        self.last_dismissed = None
        self.refresh()

    def refresh(self) -> None:
        need_id, filters = self.need_id, self.filters()

        def work(session: Any) -> tuple[list[Candidate], dict[str, str]]:
            found = rank_technologies(session, need_id, top=TOP, filters=filters)
            return found, technology_abstracts(session, [c.id for c in found])

        self._run(work)

    def _update_buttons(self) -> None:
        c = self.current()
        open_candidate = c is not None and not c.match_stage
        self.accept_button.setEnabled(open_candidate and not self.busy)
        self.recommend_button.setEnabled(open_candidate and not self.busy)
        self.dismiss_button.setEnabled(open_candidate and not (c.dismissed if c else True) and not self.busy)
        self.undo_button.setEnabled(
            bool(self.last_dismissed or (c is not None and c.dismissed)) and not self.busy
        )

    def accept_current(self, stage: str) -> None:
        c = self.current()
        if c is None:
            return
        need_id = self.need_id
        if self._write(lambda s: accept(s, need_id, c.id, stage=stage, score=c.score)):
            self._publish({"match", "need"}, [c.id])
            self.refresh()

    def dismiss_current(self) -> None:
        c = self.current()
        if c is None or c.dismissed:
            return
        need_id = self.need_id
        if self._write(lambda s: dismiss(s, need_id, c.id)):
            self.last_dismissed = c.id
            self._publish({"match_dismissal"}, [c.id])
            self.refresh()

    def undo_dismiss(self) -> None:
        c = self.current()
        target = c.id if c is not None and c.dismissed else self.last_dismissed
        if target is None:
            return
        need_id = self.need_id
        if self._write(lambda s: undismiss(s, need_id, target)):
            if target == self.last_dismissed:
                self.last_dismissed = None
            self._publish({"match_dismissal"}, [target])
            self.refresh()


class WhoMightWantPanel(_RankingPanel):
    """Open needs (and so enterprises) that this technology might answer, with the reasons; accept or dismiss."""

    def __init__(
        self,
        context: Any,
        technology_id: str,
        parent: QWidget | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(context, parent, pool=pool)
        self.setObjectName("whoMightWantPanel")
        self.technology_id = technology_id
        self.actor = getattr(context, "actor", "")
        self.accept_button = QPushButton(self.tr("为该需求接受此成果"))
        self.accept_button.setObjectName("acceptForNeed")
        self.accept_button.clicked.connect(self.accept_current)
        self.dismiss_button = QPushButton(self.tr("忽略"))
        self.dismiss_button.setObjectName("dismissNeed")
        self.dismiss_button.clicked.connect(self.dismiss_current)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.accept_button)
        actions.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.split, 1)
        layout.addLayout(actions)
        self.refresh()

    def headers(self) -> list[str]:
        return [self.tr("匹配分"), self.tr("技术需求"), self.tr("企业"), self.tr("主要理由")]

    def summary(self, n: int) -> str:
        return self.tr("共 %1 项可能需要的需求").replace("%1", str(n))

    def set_technology(self, technology_id: str) -> None:
        self.technology_id = technology_id
        self.refresh()

    def refresh(self) -> None:
        technology_id = self.technology_id

        def work(session: Any) -> tuple[list[Candidate], dict[str, str]]:
            found = rank_needs(session, technology_id, TOP)
            return found, need_descriptions(session, [c.id for c in found])

        self._run(work)

    def _update_buttons(self) -> None:
        ok = self.current() is not None and not self.busy
        self.accept_button.setEnabled(ok)
        self.dismiss_button.setEnabled(ok)

    def accept_current(self) -> None:
        c = self.current()
        if c is None:
            return
        tech = self.technology_id
        if self._write(lambda s: accept(s, c.id, tech, score=c.score)):
            self._publish({"match", "need"}, [c.id])
            self.refresh()

    def dismiss_current(self) -> None:
        c = self.current()
        if c is None:
            return
        tech = self.technology_id
        if self._write(lambda s: dismiss(s, c.id, tech)):
            self._publish({"match_dismissal"}, [c.id])
            self.refresh()
