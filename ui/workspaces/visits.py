"""Visits: the list (overdue follow-ups marked), the quick-entry dialog, and a detail pane with the needs found."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.listview import ListWorkspace
from ui.models import Column, Related
from ui.visit_entry import VisitEntryDialog
from ui.widgets.lists import add_placeholder
from workbench.enums import NeedStatus
from workbench.errors import WorkbenchError
from workbench.i18n import join_list
from workbench.queries.visits import VisitListFacts, visit_detail, visit_list_facts
from workbench.services import VISITS

translate = QCoreApplication.translate


def overdue_mark() -> str:
    return translate("VisitsWorkspace", "（逾期）")


def _when(record: Any, _rel: Related) -> str:
    return str(record.started_at.astimezone().strftime("%Y-%m-%d %H:%M"))


def _follow_up(record: Any, rel: VisitListFacts, today: date) -> str:
    if record.follow_up_on is None:
        return ""
    text = str(record.follow_up_on.isoformat())
    return text + overdue_mark() if rel.is_overdue(record, today=today) else text


class OverdueDelegate(QStyledItemDelegate):
    """Paints an overdue follow-up date in bold red, so it stands out in a long list."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if str(index.data() or "").endswith(overdue_mark()):
            option.palette.setColor(option.palette.ColorRole.Text, QColor("#c62828"))
            option.palette.setColor(option.palette.ColorRole.HighlightedText, QColor("#ffebee"))
            font = QFont(option.font)
            font.setBold(True)
            option.font = font


class VisitDetail(QWidget):
    """The selected visit: who came, what was said, and the needs found there."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.visit_id: str | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("visitHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.facts = QLabel()
        self.facts.setObjectName("visitFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        self.summary.setObjectName("visitSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setStyleSheet("background: #fafafa; border: 1px solid #e0e0e0; padding: 6px;")
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(QLabel(self.tr("走访纪要")))
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("参加人")))
        self.attendees = QListWidget()
        self.attendees.setObjectName("visitAttendees")
        self.attendees.setMaximumHeight(110)
        layout.addWidget(self.attendees)
        layout.addWidget(QLabel(self.tr("发现的需求（双击打开）")))
        self.needs = QListWidget()
        self.needs.setObjectName("visitNeeds")
        self.needs.itemDoubleClicked.connect(self._open_need)
        layout.addWidget(self.needs, 1)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("编辑走访"))
        self.edit_button.setObjectName("editVisit")
        self.again_button = QPushButton(self.tr("再次走访该企业"))
        self.again_button.setObjectName("visitAgain")
        self.again_button.setToolTip(self.tr("为同一企业记录一次新的走访（回访）"))
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.again_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.enterprise_id: str | None = None
        self.setEnabled(False)
        ctx.bus.changed.connect(
            lambda ch: (
                self.load(self.visit_id)
                if self.visit_id and ch.kinds & {"visit", "need", "contact", "enterprise", "broker"}
                else None
            )
        )

    def load(self, visit_id: str | None) -> None:
        self.visit_id = visit_id
        self.attendees.clear()
        self.needs.clear()
        if visit_id is None:
            self.setEnabled(False)
            return
        with self.ctx.store.session(write=False) as s:
            try:
                visit = visit_detail(s, visit_id)
            except WorkbenchError:
                self.visit_id = None
                self.setEnabled(False)
                return
        brokers, contacts, needs = visit.brokers, visit.attendees, visit.needs
        self.setEnabled(True)
        self.enterprise_id = visit.enterprise_id
        self.heading.setText(
            self.tr("%1　%2")
            .replace("%1", visit.enterprise)
            .replace("%2", visit.started_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        )
        facts = []
        if visit.place:
            facts.append(self.tr("地点：%1").replace("%1", visit.place))
        if brokers:
            facts.append(self.tr("经纪人：%1").replace("%1", join_list(brokers)))
        if visit.follow_up_on:
            facts.append(self.tr("回访日期：%1").replace("%1", visit.follow_up_on.isoformat()))
        self.facts.setText("　".join(facts))
        self.summary.setText(visit.summary or self.tr("（没有纪要）"))
        for c in contacts:
            self.attendees.addItem("　".join(x for x in (c.name, c.title, c.phone) if x))
        if not contacts:
            add_placeholder(self.attendees, self.tr("（没有记录参加人）"))
        if not needs:
            add_placeholder(self.needs, self.tr("（这次走访没有记录需求）"))
        for n in needs:
            item = QListWidgetItem(
                self.tr("%1　[%2]").replace("%1", n.title).replace("%2", NeedStatus(n.status).label)
            )
            item.setData(Qt.ItemDataRole.UserRole, n.id)
            self.needs.addItem(item)

    def _open_need(self, item: QListWidgetItem) -> None:
        from ui.workspaces.needs import NeedForm

        ident = item.data(Qt.ItemDataRole.UserRole)
        if ident:
            NeedForm(self.ctx, record_id=ident, parent=self).open()


class VisitsWorkspace(ListWorkspace):
    keep_whole = frozenset({"started", "attendees"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns = [
            Column("started", translate("VisitsWorkspace", "日期时间"), _when, sort="started_at", width=130),
            Column(
                "enterprise",
                translate("VisitsWorkspace", "企业"),
                lambda r, rel: rel.enterprises.get(r.enterprise_id, ""),
                width=210,
            ),
            Column(
                "follow_up",
                translate("VisitsWorkspace", "回访日期"),
                lambda r, rel: _follow_up(r, rel, ctx.clock.today()),  # the app's one clock
                sort="follow_up_on",
                width=140,
            ),
            Column(
                "place",
                translate("VisitsWorkspace", "地点"),
                lambda r, _rel: r.place,
                sort="place",
                width=170,
            ),
            Column(
                "brokers",
                translate("VisitsWorkspace", "经纪人"),
                lambda r, rel: rel.brokers.get(r.id, ""),
                width=110,
            ),
            Column(
                "attendees",
                translate("VisitsWorkspace", "参加人数"),
                lambda r, rel: rel.attendees.get(r.id, 0),
                align_right=True,
                width=70,
            ),
            Column(
                "needs",
                translate("VisitsWorkspace", "需求数"),
                lambda r, rel: rel.needs.get(r.id, 0),
                align_right=True,
                width=60,
            ),
            Column(
                "summary",
                translate("VisitsWorkspace", "纪要"),
                lambda r, _rel: r.summary.replace("\n", " ")[:80],
                sort="summary",
                visible=False,
            ),
        ]
        self.detail_pane = VisitDetail(ctx)
        super().__init__(
            ctx,
            VISITS,
            columns,
            title=translate("VisitsWorkspace", "走访"),
            related=visit_list_facts,
            detail=self.detail_pane,
            parent=parent,
        )
        self.filter.setPlaceholderText(self.tr("筛选：企业名称、拼音首字母、地点、纪要…（Ctrl+F）"))
        self.new_button.setText(self.tr("记录走访"))
        self.new_button.setToolTip(self.tr("现场快速记录：企业、参加人、纪要和需求，自动保存草稿"))
        self.view.setItemDelegateForColumn(
            next(i for i, c in enumerate(columns) if c.key == "follow_up"), OverdueDelegate(self.view)
        )
        self.dialogs: list[VisitEntryDialog] = []
        if ctx.state.load_bytes(f"{self.kind}/splitter") is None:
            self.splitter.setSizes([640, 360])  # the list needs room for its columns; the user may drag
        self.detail_pane.edit_button.clicked.connect(
            lambda: self.open_record(self.detail_pane.visit_id) if self.detail_pane.visit_id else None
        )
        self.detail_pane.again_button.clicked.connect(self._visit_again)

    def depends_on(self) -> set[str]:
        return {"enterprise", "broker", "contact", "need"}

    def show_detail(self, ident: str) -> None:
        self.detail_pane.load(ident)

    def _open(self, dialog: VisitEntryDialog) -> VisitEntryDialog:
        """The quick entry is not modal: a broker may look something up while typing."""
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _r, d=dialog: self.dialogs.remove(d) if d in self.dialogs else None)
        dialog.saved.connect(self.select_when_loaded)
        dialog.show()
        return dialog

    def create_record(self) -> None:
        self._open(VisitEntryDialog(self.ctx, parent=self))

    def open_record(self, ident: str) -> None:
        for dialog in self.dialogs:
            if dialog.visit_id == ident:
                dialog.raise_()
                dialog.activateWindow()
                return
        self._open(VisitEntryDialog(self.ctx, ident, parent=self))

    def _visit_again(self) -> None:
        if self.detail_pane.enterprise_id:
            self._open(VisitEntryDialog(self.ctx, enterprise_id=self.detail_pane.enterprise_id, parent=self))

    def select_when_loaded(self, ident: str) -> None:
        """Select a just-saved visit once the list has reloaded."""

        def select(_total: int) -> None:
            self.model.loaded.disconnect(select)
            self.select_id(ident)

        self.model.loaded.connect(select)
